#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import BebackCodec
import BebackDomain

/// A table from short byte strings to numbers, for the indexed open: an entry's lead and names are
/// found by their bytes in the journal, so no string is made for an entry whose lead the journal
/// has already shown. Keys are copied into the table's own storage; open addressing, linear probing.
struct ByteKeyTable {
    /// One slot: the value plus one (0: empty), the key's hash, and where its bytes are in `keyBytes`.
    private struct Slot {
        var stored: UInt32 = 0
        var hash: UInt32 = 0
        var keyStart: UInt32 = 0
        var keyLength: UInt32 = 0
    }

    private var slots: [Slot]
    private var keyBytes: [UInt8] = []
    private var mask: Int
    /// How many keys are stored (several keys may hold the same value).
    private(set) var count = 0

    init(capacity: Int = 1024) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = [Slot](repeating: Slot(), count: size)
        mask = size - 1
    }

    /// The key's hash (`ShortHash`).
    @inline(__always)
    static func hash(_ key: UnsafeRawBufferPointer) -> UInt32 { ShortHash.of(key) }

    /// The value stored for `key` (whose hash is `hash`), or nil.
    @inline(__always)
    func value(for key: UnsafeRawBufferPointer, hash: UInt32) -> UInt32? {
        slots.withUnsafeBufferPointer { slots in
            var index = Int(hash) & mask
            while true {
                let slot = slots[index]
                if slot.stored == 0 { return nil }
                if slot.hash == hash, matches(slot, key) { return slot.stored - 1 }
                index = (index + 1) & mask
            }
        }
    }

    @inline(__always)
    private func matches(_ slot: Slot, _ key: UnsafeRawBufferPointer) -> Bool {
        let length = Int(slot.keyLength)
        guard length == key.count else { return false }
        guard length > 0, let keyBase = key.baseAddress else { return true }
        return keyBytes.withUnsafeBufferPointer { stored in
            memcmp(stored.baseAddress! + Int(slot.keyStart), keyBase, length) == 0
        }
    }

    /// Stores `value` for `key`, which is not in the table yet.
    mutating func insert(_ key: UnsafeRawBufferPointer, hash: UInt32, value: UInt32) {
        if (count + 1) * 2 > slots.count { grow() }
        let slot = Slot(stored: value + 1, hash: hash, keyStart: UInt32(keyBytes.count), keyLength: UInt32(key.count))
        keyBytes.append(contentsOf: key)
        place(slot)
        count += 1
    }

    private mutating func place(_ slot: Slot) {
        var index = Int(slot.hash) & mask
        while slots[index].stored != 0 { index = (index + 1) & mask }
        slots[index] = slot
    }

    private mutating func grow() {
        let old = slots.filter { $0.stored != 0 }
        slots = [Slot](repeating: Slot(), count: slots.count * 2)
        mask = slots.count - 1
        for slot in old { place(slot) }
    }
}
