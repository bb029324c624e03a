import Foundation

/// MD5 (RFC 1321), fed in pieces: what PostgreSQL's `md5(bytea)` computes, so a bulk copy can check
/// that the rows the database stored are, byte for byte, the ones it sent (a check against a wrong
/// encoding or a lost row, not a seal against forgery: the database's owner copies).
public struct MD5Digest {
    private var state: (UInt32, UInt32, UInt32, UInt32) = (0x6745_2301, 0xefcd_ab89, 0x98ba_dcfe, 0x1032_5476)
    private var block = [UInt8](repeating: 0, count: 64)
    private var filled = 0
    private var length: UInt64 = 0

    public init() {}

    private static let shifts: [UInt32] = [
        7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 7, 12, 17, 22, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20, 5, 9, 14, 20,
        4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 4, 11, 16, 23, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21, 6, 10, 15, 21
    ]
    private static let constants: [UInt32] = (0..<64).map { UInt32(truncatingIfNeeded: Int64(abs(sin(Double($0 + 1))) * 4_294_967_296)) }

    public mutating func update(_ bytes: UnsafeRawBufferPointer) {
        guard var source = bytes.baseAddress else { return }
        var remaining = bytes.count
        length &+= UInt64(remaining)
        if filled > 0 {
            let take = min(64 - filled, remaining)
            for index in 0..<take { block[filled + index] = source.load(fromByteOffset: index, as: UInt8.self) }
            filled += take
            source += take
            remaining -= take
            guard filled == 64 else { return }
            let full = block
            full.withUnsafeBytes { compress($0.baseAddress!) }
            filled = 0
        }
        while remaining >= 64 {
            compress(source)
            source += 64
            remaining -= 64
        }
        for index in 0..<remaining { block[index] = source.load(fromByteOffset: index, as: UInt8.self) }
        filled = remaining
    }

    public mutating func update(_ bytes: [UInt8]) { bytes.withUnsafeBytes { update($0) } }

    /// Big-endian eight bytes, as PostgreSQL's `int8send` gives them.
    public mutating func update(bigEndian value: Int64) {
        withUnsafeBytes(of: value.bigEndian) { update($0) }
    }

    /// The digest as 32 lowercase hex digits (what `md5()` returns).
    public mutating func finish() -> String {
        let bits = length &* 8
        update([0x80])
        while filled != 56 { update([0]) }
        withUnsafeBytes(of: bits.littleEndian) { update($0) }
        let hex = Array("0123456789abcdef".utf8)
        var text: [UInt8] = []
        for word in [state.0, state.1, state.2, state.3] {
            for shift in stride(from: 0, to: 32, by: 8) {
                let byte = UInt8(truncatingIfNeeded: word >> UInt32(shift))
                text.append(hex[Int(byte >> 4)])
                text.append(hex[Int(byte & 0x0F)])
            }
        }
        return String(decoding: text, as: UTF8.self)
    }

    private mutating func compress(_ chunk: UnsafeRawPointer) {
        var (a, b, c, d) = state
        Self.shifts.withUnsafeBufferPointer { shifts in
            Self.constants.withUnsafeBufferPointer { constants in
                do {
                    for round in 0..<64 {
                        var f: UInt32
                        let g: Int
                        switch round {
                        case 0..<16:
                            f = (b & c) | (~b & d)
                            g = round
                        case 16..<32:
                            f = (d & b) | (~d & c)
                            g = (5 &* round &+ 1) & 15
                        case 32..<48:
                            f = b ^ c ^ d
                            g = (3 &* round &+ 5) & 15
                        default:
                            f = c ^ (b | ~d)
                            g = (7 &* round) & 15
                        }
                        f = f &+ a &+ constants[round] &+ UInt32(littleEndian: chunk.loadUnaligned(fromByteOffset: g &* 4, as: UInt32.self))
                        a = d
                        d = c
                        c = b
                        let shift = shifts[round]
                        b = b &+ ((f << shift) | (f >> (32 - shift)))
                    }
                }
            }
        }
        state = (state.0 &+ a, state.1 &+ b, state.2 &+ c, state.3 &+ d)
    }
}
