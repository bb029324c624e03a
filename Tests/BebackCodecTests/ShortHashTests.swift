import BebackCodec
import Testing

@Suite("Short hash: the indexed open's hash of ids and leads")
struct ShortHashTests {
    @Test("equal bytes hash equal wherever they lie; every length up to 24 and each byte changed hashes apart")
    func spreadsAndAgrees() {
        let text = Array("ju3ev5-11ffxkpvz-0123456789abcdef".utf8)
        var seen: [UInt32: [UInt8]] = [:]
        for length in 0...24 {
            let key = Array(text.prefix(length))
            let hash = key.withUnsafeBytes { ShortHash.of($0) }
            // The same bytes at an odd address hash the same (loads are unaligned).
            let shifted = ([0x41] + key).withUnsafeBytes { ShortHash.of(UnsafeRawBufferPointer(rebasing: $0.dropFirst())) }
            #expect(hash == shifted, "length \(length)")
            #expect(seen[hash] == nil, "length \(length) collides with \(seen[hash] ?? [])")
            seen[hash] = key
            for index in key.indices {
                var changed = key
                changed[index] ^= 0x01
                #expect(changed.withUnsafeBytes { ShortHash.of($0) } != hash, "byte \(index) of \(length)")
            }
        }
    }
}
