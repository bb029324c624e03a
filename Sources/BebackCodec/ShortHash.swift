import BebackDomain
/// A fast hash of a short run of bytes (an entry id, a lead id), eight bytes at a time: what the
/// indexed open computes for every entry. Only ever kept in memory, so it may change between builds.
public enum ShortHash {
    @inlinable
    public static func of(_ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var hash: UInt64 = 0x9E37_79B9_7F4A_7C15 ^ UInt64(bytes.count)
        var position = 0
        if let base = bytes.baseAddress {
            while position + 8 <= bytes.count {
                hash = (hash ^ base.loadUnaligned(fromByteOffset: position, as: UInt64.self)) &* 0xBF58_476D_1CE4_E5B9
                hash ^= hash >> 31
                position += 8
            }
            var tail: UInt64 = 0, shift: UInt64 = 0
            while position < bytes.count {
                tail |= UInt64(base.load(fromByteOffset: position, as: UInt8.self)) << shift
                shift += 8
                position += 1
            }
            hash = (hash ^ tail) &* 0x94D0_49BB_1331_11EB
        }
        hash ^= hash >> 29
        return UInt32(truncatingIfNeeded: hash ^ hash >> 32)
    }
}
