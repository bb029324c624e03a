import CBebackCRC

/// CRC-32C (Castagnoli), the checksum of every journal record (as in LevelDB and ext4). The CPU's
/// CRC-32C instruction computes it when there is one (x86-64 SSE 4.2, ARMv8), the tables otherwise.
public enum CRC32C {
    /// Whether this machine computes the checksum with its own instruction.
    public static let usesInstruction = beback_crc32c_hw_available() != 0

    private static let tables: [[UInt32]] = {
        var tables = [[UInt32]](repeating: [UInt32](repeating: 0, count: 256), count: 8)
        for index in 0..<256 {
            var crc = UInt32(index)
            for _ in 0..<8 { crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
            tables[0][index] = crc
        }
        for index in 0..<256 {
            for slice in 1..<8 {
                let previous = tables[slice - 1][index]
                tables[slice][index] = (previous >> 8) ^ tables[0][Int(previous & 0xFF)]
            }
        }
        return tables
    }()

    /// Continues a checksum over more bytes (start with 0).
    public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        guard usesInstruction else { return tableUpdate(crc, bytes) }
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return crc }
        return ~beback_crc32c_hw_update(~crc, base.assumingMemoryBound(to: UInt8.self), bytes.count)
    }

    /// The same checksum by table lookups (slicing by 8), for machines without the instruction.
    static func tableUpdate(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        var value = ~crc
        var index = 0
        let count = bytes.count
        tables.withUnsafeBufferPointer { all in
            let t0 = all[0], t1 = all[1], t2 = all[2], t3 = all[3], t4 = all[4], t5 = all[5], t6 = all[6], t7 = all[7]
            while count - index >= 8 {
                let low = value ^ (UInt32(bytes[index]) | UInt32(bytes[index + 1]) << 8 | UInt32(bytes[index + 2]) << 16 | UInt32(bytes[index + 3]) << 24)
                value =
                    t7[Int(low & 0xFF)] ^ t6[Int((low >> 8) & 0xFF)] ^ t5[Int((low >> 16) & 0xFF)] ^ t4[Int(low >> 24)]
                    ^ t3[Int(bytes[index + 4])] ^ t2[Int(bytes[index + 5])] ^ t1[Int(bytes[index + 6])] ^ t0[Int(bytes[index + 7])]
                index += 8
            }
            while index < count {
                value = t0[Int((value ^ UInt32(bytes[index])) & 0xFF)] ^ (value >> 8)
                index += 1
            }
        }
        return ~value
    }

    /// The checksum of a byte array.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { update(0, $0) }
    }
}

/// FNV-1a over 64 bits: links each record to the one before it (the hash chain `verify` follows).
public enum ChainHash {
    public static let seed: UInt64 = 0xCBF2_9CE4_8422_2325

    public static func update(_ hash: UInt64, _ bytes: UnsafeRawBufferPointer) -> UInt64 {
        var value = hash
        for byte in bytes {
            value ^= UInt64(byte)
            value = value &* 0x0000_0100_0000_01B3
        }
        return value
    }

    public static func hash(_ bytes: [UInt8]) -> UInt64 {
        bytes.withUnsafeBytes { update(seed, $0) }
    }

    /// The hashes of four lines of `bytes` (each from `seed`), as `update` gives them one by one,
    /// computed side by side: each step of one line waits for the multiply before it, so one line
    /// at a time leaves the multiplier idle most of the time; four keep it busy. Lines run from
    /// the shortest: all four up to the shortest one's end, then three, two, one.
    @inline(__always)
    static func four(_ bytes: UnsafeRawBufferPointer, _ lines: (Range<Int>, Range<Int>, Range<Int>, Range<Int>)) -> (UInt64, UInt64, UInt64, UInt64) {
        func inside(_ line: Range<Int>) -> Bool { line.isEmpty || (line.lowerBound >= 0 && line.upperBound <= bytes.count) }
        precondition(inside(lines.0) && inside(lines.1) && inside(lines.2) && inside(lines.3))
        guard let base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self) else { return (seed, seed, seed, seed) }
        // The lanes by length (a sorting network of five exchanges), each remembering which line it is.
        var l0 = (lines.0, 0), l1 = (lines.1, 1), l2 = (lines.2, 2), l3 = (lines.3, 3)
        func order(_ a: inout (Range<Int>, Int), _ b: inout (Range<Int>, Int)) { if a.0.count > b.0.count { swap(&a, &b) } }
        order(&l0, &l1)
        order(&l2, &l3)
        order(&l0, &l2)
        order(&l1, &l3)
        order(&l1, &l2)
        let p0 = base + l0.0.lowerBound, p1 = base + l1.0.lowerBound, p2 = base + l2.0.lowerBound, p3 = base + l3.0.lowerBound
        let n0 = l0.0.count, n1 = l1.0.count, n2 = l2.0.count, n3 = l3.0.count
        let prime: UInt64 = 0x0000_0100_0000_01B3
        var h0 = seed, h1 = seed, h2 = seed, h3 = seed
        var index = 0
        while index < n0 {
            h0 = (h0 ^ UInt64(p0[index])) &* prime
            h1 = (h1 ^ UInt64(p1[index])) &* prime
            h2 = (h2 ^ UInt64(p2[index])) &* prime
            h3 = (h3 ^ UInt64(p3[index])) &* prime
            index += 1
        }
        while index < n1 {
            h1 = (h1 ^ UInt64(p1[index])) &* prime
            h2 = (h2 ^ UInt64(p2[index])) &* prime
            h3 = (h3 ^ UInt64(p3[index])) &* prime
            index += 1
        }
        while index < n2 {
            h2 = (h2 ^ UInt64(p2[index])) &* prime
            h3 = (h3 ^ UInt64(p3[index])) &* prime
            index += 1
        }
        while index < n3 {
            h3 = (h3 ^ UInt64(p3[index])) &* prime
            index += 1
        }
        var hashes: (UInt64, UInt64, UInt64, UInt64) = (seed, seed, seed, seed)
        func put(_ line: Int, _ value: UInt64) {
            switch line {
            case 0: hashes.0 = value
            case 1: hashes.1 = value
            case 2: hashes.2 = value
            default: hashes.3 = value
            }
        }
        put(l0.1, h0)
        put(l1.1, h1)
        put(l2.1, h2)
        put(l3.1, h3)
        return hashes
    }
}
