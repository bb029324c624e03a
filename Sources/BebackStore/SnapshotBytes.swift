import Foundation

/// Appends a snapshot's binary fields: little-endian integers, varints, and strings by index into a
/// string table (a desk repeats the same reps, purposes and time zones a million times; each is
/// decoded once on open).
struct SnapshotByteWriter {
    private(set) var bytes: [UInt8] = []
    private(set) var strings: [String] = []
    /// The strings of `strings` whose canonical form (NFC) is ASCII, by a hash of those bytes (open
    /// addressing: each slot holds an index into `strings` plus one, 0 when empty), with each
    /// string's hash (0 for the others). Two such strings are equal exactly when their canonical
    /// forms' bytes are, which is what Swift's equality compares.
    private var asciiSlots: [Int32] = []
    private var hashes: [UInt64] = []
    private var asciiCount = 0
    /// The other strings (their canonical form is not ASCII: no ASCII string equals them), by Swift's equality.
    private var otherIndex: [String: Int] = [:]

    /// `capacity`: the bytes to make room for at once (a lead's record is about a kilobyte).
    init(capacity: Int = 1 << 16) { bytes.reserveCapacity(capacity) }

    /// Empties the writer for another record, keeping its storage (a compaction writes a record
    /// per lead, a hundred thousand of them: new tables for each were a good part of the time).
    mutating func reset() {
        bytes.removeAll(keepingCapacity: true)
        strings.removeAll(keepingCapacity: true)
        hashes.removeAll(keepingCapacity: true)
        if asciiCount > 0 { asciiSlots.withUnsafeMutableBufferPointer { $0.update(repeating: 0) } }
        asciiCount = 0
        if !otherIndex.isEmpty { otherIndex.removeAll(keepingCapacity: true) }
    }

    mutating func u8(_ value: UInt8) { bytes.append(value) }

    mutating func u64(_ value: UInt64) {
        withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func varint(_ value: UInt64) {
        var rest = value
        while rest >= 0x80 {
            bytes.append(UInt8(rest & 0x7F) | 0x80)
            rest >>= 7
        }
        bytes.append(UInt8(rest))
    }

    mutating func int(_ value: Int) {
        // Zig-zag, so small negative numbers stay short.
        varint(UInt64(bitPattern: Int64((value << 1) ^ (value >> 63))))
    }

    /// A count of items that follow (read back with `SnapshotByteReader.count()`).
    mutating func count(_ value: Int) { varint(UInt64(value)) }

    mutating func bool(_ value: Bool) { bytes.append(value ? 1 : 0) }

    /// Bytes as they are (their count written before them by the caller).
    mutating func raw(_ value: [UInt8]) { bytes.append(contentsOf: value) }

    mutating func date(_ value: Date) { u64(value.timeIntervalSince1970.bitPattern) }

    mutating func string(_ value: String) {
        let index = lookUp(value)
        varint(UInt64(index))
    }

    /// The index of `value` in the string table, added when new. The table numbers strings in the
    /// order they first appear, each found as Swift's equality finds it.
    private mutating func lookUp(_ value: String) -> Int {
        var hash = Self.asciiHash(value)
        if hash == nil {
            // Not ASCII: equal to an ASCII string only when its canonical form is that string,
            // which needs every scalar to be ASCII or one of the three that stand for an ASCII one
            // (Foundation's normalizing, slow, is asked only then).
            if Self.mayStandForASCII(value) { hash = Self.asciiHash(value.precomposedStringWithCanonicalMapping) }
            guard hash != nil else {
                if let index = otherIndex[value] { return index }
                let index = strings.count
                otherIndex[value] = index
                strings.append(value)
                hashes.append(0)
                return index
            }
        }
        guard let hash else { preconditionFailure("a hash was found above") }
        let mask = asciiSlots.count - 1
        if mask > 0 {
            var slot = Int(truncatingIfNeeded: hash) & mask
            while asciiSlots[slot] != 0 {
                let index = Int(asciiSlots[slot]) - 1
                if hashes[index] == hash, strings[index] == value { return index }
                slot = (slot + 1) & mask
            }
        }
        let index = strings.count
        strings.append(value)
        hashes.append(hash)
        asciiCount += 1
        if asciiCount * 2 > asciiSlots.count {
            // Grown to keep the table at most half full: every string in it placed again.
            asciiSlots = [Int32](repeating: 0, count: max(64, asciiSlots.count * 2))
            for (position, known) in hashes.enumerated() where known != 0 { place(known, at: position) }
        } else {
            place(hash, at: index)
        }
        return index
    }

    /// Whether the canonical form (NFC) of `value` may be ASCII: only when each of its scalars is
    /// ASCII or one of the three whose canonical form is an ASCII character (the Greek question
    /// mark, U+037E, is ";"; the Greek varia, U+1FEF, is "`"; the Kelvin sign, U+212A, is "K"; no
    /// other, in any Unicode version: canonical forms are stable). Any other scalar stays, or
    /// becomes or joins a precomposed character, and none of those is ASCII.
    static func mayStandForASCII(_ value: String) -> Bool {
        value.unicodeScalars.allSatisfy { $0.isASCII || $0.value == 0x037E || $0.value == 0x1FEF || $0.value == 0x212A }
    }

    private mutating func place(_ hash: UInt64, at index: Int) {
        let mask = asciiSlots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while asciiSlots[slot] != 0 { slot = (slot + 1) & mask }
        asciiSlots[slot] = Int32(index + 1)
    }

    /// A hash of the string's bytes, eight at a time, when every byte is ASCII (never 0); nil otherwise.
    static func asciiHash(_ value: String) -> UInt64? {
        let result: UInt64?? = value.utf8.withContiguousStorageIfAvailable { bytes in
            let raw = UnsafeRawBufferPointer(bytes)
            var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(raw.count)
            var high: UInt64 = 0
            var offset = 0
            while offset + 8 <= raw.count {
                let word = raw.loadUnaligned(fromByteOffset: offset, as: UInt64.self)
                high |= word
                hash = (hash ^ word) &* 0xFF51_AFD7_ED55_8CCD
                hash ^= hash >> 32
                offset += 8
            }
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while offset < raw.count {
                tail |= UInt64(raw[offset]) << shift
                shift += 8
                offset += 1
            }
            high |= tail
            guard high & 0x8080_8080_8080_8080 == 0 else { return nil }
            hash = (hash ^ tail) &* 0xC4CE_B9FE_1A85_EC53
            hash ^= hash >> 29
            return hash == 0 ? 1 : hash
        }
        return result ?? nil
    }

    mutating func optionalString(_ value: String?) {
        bool(value != nil)
        if let value { string(value) }
    }

    /// An enum as its position among all cases (the schema fingerprint changes when the cases do).
    mutating func enumCase<T: CaseIterable & Equatable>(_ value: T) {
        let all = T.allCases
        bytes.append(UInt8(all.distance(from: all.startIndex, to: all.firstIndex(of: value)!)))
    }

    /// The string table followed by the fields: the table's count, then count + 1 offsets (4 bytes
    /// each, little-endian) into the UTF-8 of every string laid end to end, then that UTF-8, then
    /// the body. A reader finds any string from the offsets without walking the table.
    func finished() throws -> [UInt8] {
        let text = strings.reduce(0) { $0 + $1.utf8.count }
        guard text <= Int(UInt32.max) else { throw SnapshotReadError(offset: 0, reason: "over 4 GiB of text for one snapshot") }
        // Made in one piece of the size it ends up (a compaction finishes a record per lead).
        var out = SnapshotByteWriter(capacity: 10 + 4 * (strings.count + 1) + text + bytes.count)
        out.varint(UInt64(strings.count))
        var end: UInt32 = 0
        withUnsafeBytes(of: end.littleEndian) { out.bytes.append(contentsOf: $0) }
        for string in strings {
            end += UInt32(string.utf8.count)
            withUnsafeBytes(of: end.littleEndian) { out.bytes.append(contentsOf: $0) }
        }
        for string in strings { out.bytes.append(contentsOf: string.utf8) }
        out.bytes.append(contentsOf: bytes)
        return out.bytes
    }
}

/// Why a snapshot's bytes could not be read (the snapshot is then ignored and rebuilt).
struct SnapshotReadError: Error, CustomStringConvertible {
    var offset: Int
    var reason: String
    var description: String { "\(reason) at byte \(offset)" }
}

/// Reads what `SnapshotByteWriter` wrote; every read is bounds-checked and throws instead of trapping.
struct SnapshotByteReader {
    let bytes: UnsafeRawBufferPointer
    private(set) var position: Int
    /// The string table: how many strings, where their offsets and their UTF-8 start. Strings are
    /// made when read, so opening a snapshot neither makes nor touches the strings its leads hold.
    private var stringCount = 0
    private var stringOffsets = 0
    private var stringBytes = 0

    init(_ bytes: UnsafeRawBufferPointer, at position: Int = 0) {
        self.bytes = bytes
        self.position = position
    }

    var isAtEnd: Bool { position == bytes.count }

    /// Moves to `position` (a lead's summary in the directory).
    mutating func seek(to position: Int) { self.position = position }

    /// Reads the string table's place at the start of the body (none of its strings).
    mutating func readStringTable() throws {
        let count = try varint()
        guard count < UInt64(bytes.count / 4) else { throw SnapshotReadError(offset: position, reason: "string table too large") }
        stringCount = Int(count)
        stringOffsets = position
        stringBytes = position + 4 * (stringCount + 1)
        guard stringBytes <= bytes.count else { throw SnapshotReadError(offset: position, reason: "string table runs past the end") }
        let length = Int(offset(stringCount))
        guard length <= bytes.count - stringBytes else { throw SnapshotReadError(offset: position, reason: "string table runs past the end") }
        position = stringBytes + length
    }

    private func offset(_ index: Int) -> UInt32 {
        UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: stringOffsets + 4 * index, as: UInt32.self))
    }

    mutating func u8() throws -> UInt8 {
        guard position < bytes.count else { throw SnapshotReadError(offset: position, reason: "unexpected end") }
        defer { position += 1 }
        return bytes[position]
    }

    mutating func u64() throws -> UInt64 {
        guard bytes.count - position >= 8 else { throw SnapshotReadError(offset: position, reason: "unexpected end") }
        defer { position += 8 }
        return UInt64(littleEndian: bytes.loadUnaligned(fromByteOffset: position, as: UInt64.self))
    }

    mutating func varint() throws -> UInt64 {
        var value: UInt64 = 0
        var shift: UInt64 = 0
        while true {
            guard position < bytes.count else { throw SnapshotReadError(offset: position, reason: "unexpected end") }
            let byte = bytes[position]
            position += 1
            guard shift < 64 else { throw SnapshotReadError(offset: position, reason: "number too long") }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
        }
    }

    mutating func int() throws -> Int {
        let raw = try varint()
        return Int(Int64(bitPattern: (raw >> 1) ^ (0 &- (raw & 1))))
    }

    /// A byte offset, a length or a number of items kept elsewhere (not bounded by these bytes).
    mutating func size() throws -> Int { Int(clamping: try varint()) }

    mutating func count() throws -> Int {
        let value = try varint()
        guard value <= UInt64(bytes.count) else { throw SnapshotReadError(offset: position, reason: "count \(value) is impossible") }
        return Int(value)
    }

    mutating func bool() throws -> Bool {
        switch try u8() {
        case 0: return false
        case 1: return true
        default: throw SnapshotReadError(offset: position - 1, reason: "bad flag")
        }
    }

    mutating func date() throws -> Date { Date(timeIntervalSince1970: Double(bitPattern: try u64())) }

    mutating func string() throws -> String {
        let index = try varint()
        guard index < UInt64(stringCount) else { throw SnapshotReadError(offset: position, reason: "string \(index) is not in the table") }
        let start = Int(offset(Int(index))), end = Int(offset(Int(index) + 1))
        guard start <= end, end <= Int(offset(stringCount)) else { throw SnapshotReadError(offset: position, reason: "string \(index) has a bad offset") }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[(stringBytes + start)..<(stringBytes + end)]), as: UTF8.self)
    }

    /// Reads past a string reference without making the string.
    mutating func skipString() throws -> String {
        let index = try varint()
        guard index < UInt64(stringCount) else { throw SnapshotReadError(offset: position, reason: "string \(index) is not in the table") }
        return ""
    }

    mutating func optionalString() throws -> String? { try bool() ? try string() : nil }

    /// `count` bytes as they are, as a string (a locator's lead id).
    mutating func rawString(_ count: Int) throws -> String {
        guard bytes.count - position >= count else { throw SnapshotReadError(offset: position, reason: "unexpected end") }
        defer { position += count }
        return String(decoding: UnsafeRawBufferPointer(rebasing: bytes[position..<(position + count)]), as: UTF8.self)
    }

    mutating func enumCase<T: CaseIterable>(_ type: T.Type) throws -> T where T.AllCases == [T] {
        let index = Int(try u8())
        let all = T.allCases
        guard index < all.count else { throw SnapshotReadError(offset: position - 1, reason: "unknown \(T.self) \(index)") }
        return all[index]
    }
}

/// A fast 64-bit checksum of a snapshot's bytes (four independent lanes, eight bytes a step): it
/// catches a damaged or truncated snapshot at memory speed. The journal's own records use CRC-32C.
/// Fed in pieces (a file read a window at a time) it gives the same sum as over one buffer.
struct SnapshotChecksum {
    private static let prime1: UInt64 = 0x9E37_79B1_85EB_CA87, prime2: UInt64 = 0xC2B2_AE3D_27D4_EB4F
    private var lanes: (UInt64, UInt64, UInt64, UInt64) = (prime1, prime2, 0x1656_67B1_9E37_79F9, 0x27D4_EB2F_1656_67C5)
    private var count = 0
    /// Bytes after the last whole 32-byte block.
    private var tail: [UInt8] = []

    static func of(_ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var sum = SnapshotChecksum()
        sum.update(bytes)
        return sum.finish()
    }

    private static func mix(_ lane: UInt64, _ word: UInt64) -> UInt64 {
        let value = lane &+ word &* prime2
        return ((value << 31) | (value >> 33)) &* prime1
    }

    private mutating func block(_ bytes: UnsafeRawBufferPointer, at index: Int) {
        lanes.0 = Self.mix(lanes.0, bytes.loadUnaligned(fromByteOffset: index, as: UInt64.self))
        lanes.1 = Self.mix(lanes.1, bytes.loadUnaligned(fromByteOffset: index + 8, as: UInt64.self))
        lanes.2 = Self.mix(lanes.2, bytes.loadUnaligned(fromByteOffset: index + 16, as: UInt64.self))
        lanes.3 = Self.mix(lanes.3, bytes.loadUnaligned(fromByteOffset: index + 24, as: UInt64.self))
    }

    mutating func update(_ bytes: UnsafeRawBufferPointer) {
        count += bytes.count
        var index = 0
        if !tail.isEmpty {
            let take = min(32 - tail.count, bytes.count)
            tail.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[0..<take]))
            index = take
            guard tail.count == 32 else { return }
            tail.withUnsafeBytes { block($0, at: 0) }
            tail.removeAll(keepingCapacity: true)
        }
        while bytes.count - index >= 32 {
            block(bytes, at: index)
            index += 32
        }
        tail.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[index...]))
    }

    func finish() -> UInt64 {
        var hash =
            UInt64(count) &+ ((lanes.0 << 1) | (lanes.0 >> 63)) &+ ((lanes.1 << 7) | (lanes.1 >> 57))
            &+ ((lanes.2 << 12) | (lanes.2 >> 52)) &+ ((lanes.3 << 18) | (lanes.3 >> 46))
        for byte in tail {
            hash = (hash ^ UInt64(byte)) &* Self.prime1
            hash = (hash << 23) | (hash >> 41)
        }
        hash ^= hash >> 33
        hash = hash &* Self.prime2
        hash ^= hash >> 29
        return hash
    }
}
