import Foundation

/// One valid record found in a journal file.
public struct ScannedRecord: Equatable, Sendable {
    /// Byte offset of the record's first byte in the file.
    public var offset: Int
    public var sequence: UInt64
    /// Byte range of the JSON payload in the file.
    public var payload: Range<Int>
    /// The chain hash of this record's whole line.
    public var chainHash: UInt64
    /// The record's `prev` field.
    public var previous: UInt64
    /// The total length of the line, newline included.
    public var length: Int { payload.upperBound + 1 - offset }
}

/// Something wrong in a journal, with the byte offset where it starts.
public struct JournalProblem: Equatable, Sendable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// A record that fails its checksum or framing, followed by valid records: data in the middle is damaged.
        case corruptRecord = "corrupt record"
        /// A valid record whose `prev` does not match the record before it: history was edited, inserted or removed.
        case chainBroken = "hash chain broken"
        /// A sequence number that does not follow the one before.
        case sequenceGap = "sequence gap"
        /// The header line is missing or damaged.
        case badHeader = "bad header"
        /// The journal was written by a newer format version: open read-only.
        case newerVersion = "newer format"
    }

    public var kind: Kind
    public var offset: Int
    public var detail: String

    public var description: String { "\(kind.rawValue) at offset \(offset): \(detail)" }
}

/// What a scan of one journal's bytes found: its header, its valid records, a torn tail and problems.
public struct JournalScan: Equatable, Sendable {
    public var header: JournalHeader?
    public var records: [ScannedRecord] = []
    /// Bytes after the last good record that form no complete record (a write cut short); readers
    /// treat them as not yet written, the writer sets them aside under its lock.
    public var tornTail: Range<Int>?
    public var problems: [JournalProblem] = []
    /// The offset just past the last valid record.
    public var validEnd: Int = 0

    /// The last record's sequence number (0 when none).
    public var lastSequence: UInt64 = 0
    /// The chain hash the next record must carry as `prev`.
    public var nextPrevious: UInt64 = 0
    /// How many valid records were seen (also when `records` is not kept).
    public var recordCount = 0
    /// The last valid record's offset (nil before the first): a scan resumed later names it when
    /// the next record does not follow it.
    public var lastRecordStart: Int?

    /// Scans a whole journal file's bytes. Never traps on any input.
    ///
    /// With `verifyChain` false, each record's framing, checksum and sequence are still checked, but
    /// records are not hashed to follow the chain (the slowest step, one multiply per byte): only the
    /// last record is, so `nextPrevious` is right for the next append. A desk that opens this way
    /// follows the chain later (`FileEventStore.checkJournal`); records keep a `chainHash` of 0.
    public static func scan(
        _ bytes: UnsafeRawBufferPointer, startingAt start: Int = 0, resume: JournalScan? = nil,
        keepRecords: Bool = true, verifyChain: Bool = true
    ) -> JournalScan {
        scan(bytes, startingAt: start, resume: resume, keepRecords: keepRecords, verifyChain: verifyChain) { _ in }
    }

    /// Scans as `scan` does, handing each valid record to `visit` as it is found (in file order),
    /// so a reader can use records without a list of them being kept.
    static func scan(
        _ bytes: UnsafeRawBufferPointer, startingAt start: Int = 0, resume: JournalScan? = nil,
        keepRecords: Bool, verifyChain: Bool, visit: (ScannedRecord) -> Void
    ) -> JournalScan {
        var lastLine: Range<Int>?
        var result = scanRecords(
            bytes, startingAt: start, resume: resume, keepRecords: keepRecords, verifyChain: verifyChain,
            lastLine: &lastLine, visit: visit)
        if !verifyChain, let lastLine {
            result.nextPrevious = ChainHash.update(ChainHash.seed, UnsafeRawBufferPointer(rebasing: bytes[lastLine]))
            if keepRecords, !result.records.isEmpty { result.records[result.records.count - 1].chainHash = result.nextPrevious }
        }
        return result
    }

    private static func scanRecords(
        _ bytes: UnsafeRawBufferPointer, startingAt start: Int, resume: JournalScan?, keepRecords: Bool,
        verifyChain: Bool, lastLine: inout Range<Int>?, visit: (ScannedRecord) -> Void
    ) -> JournalScan {
        var result = resume ?? JournalScan()
        var position = start
        if result.header == nil {
            guard let header = parseHeader(bytes) else {
                if bytes.count > 0 {
                    // A damaged header line with nothing after it is a header write cut short by a crash
                    // (it held no record): a torn tail the writer sets aside, not damage.
                    let complete = bytes.firstIndex(of: 0x0A).map { $0 < bytes.count - 1 } ?? false
                    if complete {
                        result.problems.append(JournalProblem(kind: .badHeader, offset: 0, detail: "the first line is not a beback journal header"))
                    } else {
                        result.tornTail = 0..<bytes.count
                    }
                }
                return result
            }
            result.header = header
            if header.version > JournalFormat.version {
                result.problems.append(
                    JournalProblem(
                        kind: .newerVersion, offset: 0,
                        detail: "format \(header.version) is newer than this build (\(JournalFormat.version)); opened read-only"))
                result.validEnd = bytes.count
                return result
            }
            position = header.length
            result.validEnd = position
            result.nextPrevious = header.chainHash
        }
        guard let header = result.header else { return result }
        var expectedPrevious = result.nextPrevious
        var expectedSequence = result.lastSequence + 1
        var afterDamage = false
        var previousOffset = result.lastRecordStart
        // The record's checks in file order, its chain hash known.
        func settle(_ record: ScannedRecord) {
            if verifyChain, !afterDamage, record.previous != expectedPrevious {
                let before = previousOffset.map { "the record at offset \($0)" } ?? "the header"
                result.problems.append(
                    JournalProblem(
                        kind: .chainBroken, offset: record.offset,
                        detail: "record \(record.sequence) does not follow \(before): history was edited, inserted or removed there"))
            }
            if !afterDamage, record.sequence != expectedSequence {
                let what = record.sequence < expectedSequence ? "repeats or goes back" : "skips ahead"
                result.problems.append(
                    JournalProblem(
                        kind: .sequenceGap, offset: record.offset,
                        detail: "sequence \(record.sequence) \(what) (expected \(expectedSequence))"))
            }
            previousOffset = record.offset
            result.lastRecordStart = record.offset
            afterDamage = false
            if keepRecords { result.records.append(record) }
            visit(record)
            result.recordCount += 1
            result.lastSequence = record.sequence
            result.nextPrevious = record.chainHash
            expectedPrevious = record.chainHash
            expectedSequence = record.sequence + 1
            result.validEnd = record.payload.upperBound + 1
        }
        // Following the chain, records wait here in fours and have their lines hashed side by side
        // (`ChainHash.four`), then are settled in order; anything but a record settles them first.
        var pending: [ScannedRecord] = []
        if verifyChain { pending.reserveCapacity(4) }
        func settlePending() {
            guard !pending.isEmpty else { return }
            func line(_ index: Int) -> Range<Int> {
                index < pending.count ? pending[index].offset..<(pending[index].payload.upperBound + 1) : 0..<0
            }
            let hashes = ChainHash.four(bytes, (line(0), line(1), line(2), line(3)))
            for index in pending.indices {
                var record = pending[index]
                switch index {
                case 0: record.chainHash = hashes.0
                case 1: record.chainHash = hashes.1
                case 2: record.chainHash = hashes.2
                default: record.chainHash = hashes.3
                }
                settle(record)
            }
            pending.removeAll(keepingCapacity: true)
        }
        while position < bytes.count {
            let parsed = parseRecord(bytes, at: position, salt: header.salt, hashLine: false)
            if case .record = parsed {} else { settlePending() }
            switch parsed {
            case .record(let record):
                lastLine = record.offset..<(record.payload.upperBound + 1)
                position = record.payload.upperBound + 1
                if verifyChain {
                    pending.append(record)
                    if pending.count == 4 { settlePending() }
                } else {
                    settle(record)
                }
            case .incomplete where nextValidRecord(bytes, after: position, salt: header.salt) == nil:
                result.tornTail = position..<bytes.count
                return result
            case .incomplete, .bad:
                // A record that claims to run past the end while good records follow is damage (a flipped
                // length bit), not a tail still being written: it must never be cut off as torn.
                let reason: String
                if case .bad(let why) = parsed { reason = why } else { reason = "record length runs past the end of the file" }
                guard let next = nextValidRecord(bytes, after: position, salt: header.salt) else {
                    result.tornTail = position..<bytes.count
                    return result
                }
                result.problems.append(
                    JournalProblem(
                        kind: .corruptRecord, offset: position,
                        detail: "\(reason); \(next - position) bytes up to the next good record"))
                afterDamage = true
                position = next
            }
        }
        settlePending()
        return result
    }

    /// Scans a byte array.
    public static func scan(_ bytes: [UInt8]) -> JournalScan {
        bytes.withUnsafeBytes { scan($0) }
    }

    enum RecordParse {
        case record(ScannedRecord)
        case incomplete
        case bad(String)
    }

    static func parseRecord(_ bytes: UnsafeRawBufferPointer, at offset: Int, salt: UInt64, hashLine: Bool = true) -> RecordParse {
        let available = bytes.count - offset
        let headerLength = JournalFormat.recordHeaderLength
        let magic = JournalFormat.recordMagic
        for index in 0..<min(magic.count, available) where bytes[offset + index] != magic[index] {
            return .bad("no record starts here")
        }
        guard available >= headerLength else { return prefixLooksValid(bytes, at: offset) ? .incomplete : .bad("damaged record header") }
        guard bytes[offset + 19] == 0x20, bytes[offset + 28] == 0x20, bytes[offset + 37] == 0x20, bytes[offset + 54] == 0x20,
            let sequence = JournalFormat.parseHex(bytes, at: offset + 3, digits: 16),
            let length = JournalFormat.parseHex(bytes, at: offset + 20, digits: 8),
            let crc = JournalFormat.parseHex(bytes, at: offset + 29, digits: 8),
            let previous = JournalFormat.parseHex(bytes, at: offset + 38, digits: 16)
        else { return .bad("damaged record header") }
        guard length <= UInt64(JournalFormat.maxPayloadLength) else { return .bad("record length \(length) is over the limit") }
        let payloadStart = offset + headerLength
        let end = payloadStart + Int(length)
        guard end < bytes.count else { return .incomplete }
        guard bytes[end] == 0x0A else { return .bad("record does not end where its length says") }
        let payload = UnsafeRawBufferPointer(rebasing: bytes[payloadStart..<end])
        let computed = JournalFormat.checksum(salt: salt, sequence: sequence, length: UInt32(length), previous: previous, payload: payload)
        guard computed == UInt32(crc) else { return .bad("checksum mismatch") }
        let line = UnsafeRawBufferPointer(rebasing: bytes[offset...end])
        return .record(
            ScannedRecord(
                offset: offset, sequence: sequence, payload: payloadStart..<end,
                chainHash: hashLine ? ChainHash.update(ChainHash.seed, line) : 0, previous: previous))
    }

    /// Whether the bytes from `offset` to the end could be the start of a record still being written.
    static func prefixLooksValid(_ bytes: UnsafeRawBufferPointer, at offset: Int) -> Bool {
        for index in offset..<bytes.count {
            let byte = bytes[index]
            let column = index - offset
            if column < 3 { continue }
            if [19, 28, 37].contains(column) { if byte != 0x20 { return false } else { continue } }
            let isHex = (0x30...0x39).contains(byte) || (0x61...0x66).contains(byte)
            if !isHex { return false }
        }
        return true
    }

    /// The next offset after `offset` where a valid record starts: after a newline, or wherever the
    /// record magic appears (a damaged newline must not hide the record after it).
    static func nextValidRecord(_ bytes: UnsafeRawBufferPointer, after offset: Int, salt: UInt64) -> Int? {
        let magic = JournalFormat.recordMagic
        var candidate = offset + 1
        while candidate + JournalFormat.recordHeaderLength < bytes.count {
            let startsLine = bytes[candidate - 1] == 0x0A
            let hasMagic = bytes[candidate] == magic[0] && bytes[candidate + 1] == magic[1] && bytes[candidate + 2] == magic[2]
            if startsLine || hasMagic, case .record = parseRecord(bytes, at: candidate, salt: salt, hashLine: false) { return candidate }
            candidate += 1
        }
        return nil
    }

    static func parseHeader(_ bytes: UnsafeRawBufferPointer) -> JournalHeader? {
        guard let newline = bytes.prefix(512).firstIndex(of: 0x0A) else { return nil }
        let line = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<newline]), as: UTF8.self)
        let fields = line.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 6, fields[0] == JournalFormat.headerMagic,
            let version = Int(fields[1]), let salt = UInt64(fields[2], radix: 16),
            let created = Int64(fields[4]), let crc = UInt32(fields[5], radix: 16)
        else { return nil }
        let body = fields[0..<5].joined(separator: " ")
        guard CRC32C.checksum(Array(body.utf8)) == crc else { return nil }
        let whole = UnsafeRawBufferPointer(rebasing: bytes[0...newline])
        return JournalHeader(
            version: version, salt: salt, name: fields[3], created: Date(timeIntervalSince1970: Double(created)),
            length: newline + 1, chainHash: ChainHash.update(ChainHash.seed, whole))
    }
}
