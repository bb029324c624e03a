import Foundation

/// The on-disk record format of a journal file (documented in the README):
///
///     beback-journal 1 <salt:16 hex> <name> <created:unix seconds> <crc:8 hex>\n
///     b1 <seq:16 hex> <length:8 hex> <crc:8 hex> <prev:16 hex> <payload: length bytes of JSON>\n
///     ...
///
/// `crc` is CRC-32C over the file's salt, the record's sequence, length and `prev`, and the payload,
/// so a stale or preallocated byte run never passes as a record. `prev` is the chain hash of the
/// previous record's whole line (the header line for the first), so an edit, insertion or removal
/// shows at the first record after it. One record is one line: `grep` and `cut -c56-` read it.
public enum JournalFormat {
    /// The highest journal format version this build writes and reads.
    public static let version = 1
    public static let headerMagic = "beback-journal"
    public static let recordMagic: [UInt8] = Array("b1 ".utf8)
    /// Bytes before the payload: "b1 " + 16 + " " + 8 + " " + 8 + " " + 16 + " ".
    public static let recordHeaderLength = 55
    /// A payload longer than this is corruption, not a record.
    public static let maxPayloadLength = 1 << 20

    /// Encodes one record line.
    public static func record(sequence: UInt64, previous: UInt64, salt: UInt64, payload: [UInt8]) -> [UInt8] {
        var line = [UInt8]()
        line.reserveCapacity(recordHeaderLength + payload.count + 1)
        let crc = checksum(salt: salt, sequence: sequence, length: UInt32(payload.count), previous: previous, payload: payload)
        appendHeader(sequence: sequence, length: payload.count, checksum: crc, previous: previous, to: &line)
        line.append(contentsOf: payload)
        line.append(0x0A)
        return line
    }

    /// The chain hash of the line `record` writes for a record with this checksum (`ChainHash.hash` of
    /// it), hashed piece by piece without building the line.
    public static func chainHash(sequence: UInt64, previous: UInt64, checksum: UInt32, payload: [UInt8]) -> UInt64 {
        var header = [UInt8]()
        header.reserveCapacity(recordHeaderLength)
        appendHeader(sequence: sequence, length: payload.count, checksum: checksum, previous: previous, to: &header)
        var hash = header.withUnsafeBytes { ChainHash.update(ChainHash.seed, $0) }
        hash = payload.withUnsafeBytes { ChainHash.update(hash, $0) }
        return withUnsafeBytes(of: UInt8(0x0A)) { ChainHash.update(hash, $0) }
    }

    /// A record line's header: the magic, then sequence, length, checksum and previous chain hash in
    /// fixed-width hex, each followed by a space (`recordHeaderLength` bytes).
    static func appendHeader(sequence: UInt64, length: Int, checksum: UInt32, previous: UInt64, to line: inout [UInt8]) {
        line.append(contentsOf: recordMagic)
        appendHex(sequence, digits: 16, to: &line)
        line.append(0x20)
        appendHex(UInt64(length), digits: 8, to: &line)
        line.append(0x20)
        appendHex(UInt64(checksum), digits: 8, to: &line)
        line.append(0x20)
        appendHex(previous, digits: 16, to: &line)
        line.append(0x20)
    }

    /// The checksum of a record's fields.
    public static func checksum(salt: UInt64, sequence: UInt64, length: UInt32, previous: UInt64, payload: some ContiguousBytes) -> UInt32 {
        // salt, sequence, length, prev: 28 little-endian bytes on the stack (no allocation per record).
        var crc: UInt32 = withUnsafeTemporaryAllocation(byteCount: 28, alignment: 8) { fixed in
            fixed.storeBytes(of: salt.littleEndian, toByteOffset: 0, as: UInt64.self)
            fixed.storeBytes(of: sequence.littleEndian, toByteOffset: 8, as: UInt64.self)
            fixed.storeBytes(of: length.littleEndian, toByteOffset: 16, as: UInt32.self)
            fixed.storeBytes(of: previous.littleEndian, toByteOffset: 20, as: UInt64.self)
            return CRC32C.update(0, UnsafeRawBufferPointer(fixed))
        }
        payload.withUnsafeBytes { crc = CRC32C.update(crc, $0) }
        return crc
    }

    /// Encodes the header line of a new journal.
    public static func header(salt: UInt64, name: String, created: Date) -> [UInt8] {
        let body = "\(headerMagic) \(version) \(hex(salt, digits: 16)) \(name) \(Int64(created.timeIntervalSince1970))"
        let crc = CRC32C.checksum(Array(body.utf8))
        return Array("\(body) \(hex(UInt64(crc), digits: 8))\n".utf8)
    }

    static func hex(_ value: UInt64, digits: Int) -> String {
        var line = [UInt8]()
        appendHex(value, digits: digits, to: &line)
        return String(decoding: line, as: UTF8.self)
    }

    static func appendHex(_ value: UInt64, digits: Int, to line: inout [UInt8]) {
        for shift in stride(from: (digits - 1) * 4, through: 0, by: -4) {
            let nibble = UInt8((value >> UInt64(shift)) & 0xF)
            line.append(nibble < 10 ? 0x30 + nibble : 0x57 + nibble)
        }
    }

    /// Parses `digits` lowercase hex digits at `offset`, or nil.
    @inline(__always)
    static func parseHex(_ bytes: UnsafeRawBufferPointer, at offset: Int, digits: Int) -> UInt64? {
        precondition(offset >= 0 && offset + digits <= bytes.count)
        guard let base = bytes.baseAddress else { return digits == 0 ? 0 : nil }
        var value: UInt64 = 0
        var position = offset
        // Eight digits at a time (every record header field is 8 or 16 digits), then one by one.
        while position + 8 <= offset + digits {
            guard let eight = hexEight(UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)) else { return nil }
            value = value << 32 | eight
            position += 8
        }
        while position < offset + digits {
            let byte = base.load(fromByteOffset: position, as: UInt8.self)
            let digit: UInt8
            switch byte {
            case 0x30...0x39: digit = byte - 0x30
            case 0x61...0x66: digit = byte - 0x61 + 10
            default: return nil
            }
            value = value << 4 | UInt64(digit)
            position += 1
        }
        return value
    }

    /// The value of eight lowercase hex digits as loaded from memory (first digit in the lowest
    /// byte), or nil when any byte is not one: every byte is checked and converted at once.
    @inline(__always)
    static func hexEight(_ loaded: UInt64) -> UInt64? {
        let word = UInt64(littleEndian: loaded)
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        guard word & highs == 0 else { return nil }
        // Below 0x80, adding (0x80 - bound) sets a byte's high bit exactly when the byte is >= bound.
        func atLeast(_ bound: UInt64) -> UInt64 { (word &+ (0x80 - bound) &* ones) & highs }
        let digit = atLeast(0x30) & ~atLeast(0x3A), letter = atLeast(0x61) & ~atLeast(0x67)
        guard digit | letter == highs else { return nil }
        // Each byte's nibble: its low four bits, plus 9 for a letter ('a' = 0x61 -> 1 + 9).
        var nibbles = (word & 0x0F0F_0F0F_0F0F_0F0F) &+ (letter >> 7) &* 9
        // First digit is the most significant: put the bytes in reading order, then pack nibbles.
        nibbles = nibbles.byteSwapped
        nibbles = (nibbles | nibbles >> 4) & 0x00FF_00FF_00FF_00FF
        nibbles = (nibbles | nibbles >> 8) & 0x0000_FFFF_0000_FFFF
        nibbles = (nibbles | nibbles >> 16) & 0x0000_0000_FFFF_FFFF
        return nibbles
    }
}

/// The parsed header line of a journal file.
public struct JournalHeader: Equatable, Sendable {
    public var version: Int
    public var salt: UInt64
    public var name: String
    public var created: Date
    /// Length of the header line, newline included.
    public var length: Int
    /// The chain hash of the header line (the first record's `prev`).
    public var chainHash: UInt64
}
