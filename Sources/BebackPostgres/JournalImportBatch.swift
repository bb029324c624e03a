import BebackCodec
import BebackDomain
import BebackStore
import Foundation

/// One batch of a journal's records on its way into the database in one transaction: the rows in
/// COPY's text format, and what the database must find after inserting them (how many, where the
/// journal then ends, and the MD5 of every stored column, row after row).
public struct JournalImportBatch: Sendable {
    public var journal: JournalName
    public var salt: UInt64
    public var created: Date
    /// The journal's first batch (the journal must be empty in the database before it).
    public var isFirst: Bool
    public var firstSequence: UInt64
    public var count: Int
    /// Where the journal ends after this batch: its last sequence, chain hash and byte offset.
    public var lastSequence: UInt64
    public var lastChain: UInt64
    public var end: Int
    /// The latest `at` among the batch's entries, in whole seconds (the journal row's `last_at`).
    public var latestAt: Double
    /// The rows, in COPY's text format (columns `JournalImportBatch.columns`).
    public var rows: [UInt8]
    /// MD5s of the rows as `JournalImportBatch.digestSQL` reads them back.
    public var digest: Digest

    /// What the database must read back: the MD5 of the payloads one after the other, and of each
    /// row's checksum, event id, author and lead (sequence, chain and offset are checked set-wise).
    public struct Digest: Sendable, Equatable {
        public var payloads: String
        public var fields: String
    }

    public var headerLine: [UInt8] { JournalFormat.header(salt: salt, name: journal.fileName, created: created) }

    static let columns = ["desk", "journal", "seq", "len", "crc", "prev", "chain", "off", "event_id", "actor", "lead", "payload"]

    /// The digests, over the rows in sequence order (`Digest`).
    static let digestSQL = """
        coalesce(md5(string_agg(x.payload, ''::bytea)), ''),
        coalesce(md5(string_agg(x.crc || ' ' || x.event_id || ' ' || x.actor || ' ' || coalesce(x.lead, ''), E'\\n')), '')
        """

    /// Encodes `records` of a journal whose file bytes are `file` (checked by a scan that followed the
    /// chain, so each record's `chainHash` is set); `envelope(i)` gives the fields of `records[i]`.
    static func encode(
        journal: JournalName, salt: UInt64, created: Date, desk: String, file: UnsafeRawBufferPointer, records: ArraySlice<ScannedRecord>,
        isFirst: Bool, envelope: (ScannedRecord) throws -> EntryEnvelope
    ) throws -> JournalImportBatch {
        var rows = CopyTextWriter(capacity: records.reduce(0) { $0 + $1.length } + records.count * 120)
        var payloads = MD5Digest()
        var fields = MD5Digest()
        var latest = -Double.infinity
        let name = journal.fileName
        for record in records {
            let entry = try envelope(record)
            latest = max(latest, entry.at.rounded(.down))
            let payload = UnsafeRawBufferPointer(rebasing: file[record.payload])
            let checksum = Int64(Self.hex(file, at: record.offset + 29, digits: 8))
            let sequence = Int64(bitPattern: record.sequence)
            let previous = Int64(bitPattern: record.previous)
            let chain = Int64(bitPattern: record.chainHash)
            let offset = Int64(record.offset)
            rows.text(desk)
            rows.text(name)
            rows.number(sequence)
            rows.number(Int64(payload.count))
            rows.number(checksum)
            rows.number(previous)
            rows.number(chain)
            rows.number(offset)
            rows.text(entry.id)
            rows.text(entry.actor)
            rows.text(entry.lead)
            rows.bytea(payload)
            var line = (record.offset == records.first?.offset ? "" : "\n") + "\(checksum) \(entry.id) \(entry.actor) \(entry.lead)"
            line.withUTF8 { fields.update(UnsafeRawBufferPointer($0)) }
            payloads.update(payload)
        }
        let last = records.last
        return JournalImportBatch(
            journal: journal, salt: salt, created: created, isFirst: isFirst, firstSequence: records.first?.sequence ?? 0, count: records.count,
            lastSequence: last?.sequence ?? 0, lastChain: last?.chainHash ?? 0, end: last.map { $0.offset + $0.length } ?? 0, latestAt: latest,
            rows: rows.bytes, digest: Digest(payloads: payloads.finish(), fields: fields.finish()))
    }

    /// A checked journal's records in batches of `batch`, each entry's fields read from its envelope
    /// (one batch with no records for an empty journal, which makes its row).
    static func batches(
        journal: JournalName, salt: UInt64, created: Date, desk: String, file: UnsafeRawBufferPointer, records: ArraySlice<ScannedRecord>,
        batch: Int
    ) throws -> [JournalImportBatch] {
        guard !records.isEmpty else { return [empty(journal: journal, salt: salt, created: created)] }
        var batches: [JournalImportBatch] = []
        var start = records.startIndex
        while start < records.endIndex {
            let slice = records[start..<min(start + batch, records.endIndex)]
            batches.append(
                try encode(
                    journal: journal, salt: salt, created: created, desk: desk, file: file, records: slice, isFirst: start == records.startIndex
                ) { record in try envelope(of: record, in: file, journal: journal) })
            start = slice.endIndex
        }
        return batches
    }

    /// The envelope of a record, or an error naming it.
    static func envelope(of record: ScannedRecord, in file: UnsafeRawBufferPointer, journal: JournalName) throws -> EntryEnvelope {
        do { return try EntryEnvelope.read(UnsafeRawBufferPointer(rebasing: file[record.payload])) } catch {
            throw PostgresStoreError.migration("\(journal.fileName): record \(record.sequence) at offset \(record.offset) does not decode")
        }
    }

    /// A journal with no records: its row only.
    static func empty(journal: JournalName, salt: UInt64, created: Date) -> JournalImportBatch {
        JournalImportBatch(
            journal: journal, salt: salt, created: created, isFirst: true, firstSequence: 0, count: 0, lastSequence: 0, lastChain: 0, end: 0,
            latestAt: -Double.infinity, rows: [], digest: Digest(payloads: "", fields: ""))
    }

    static func hex(_ bytes: UnsafeRawBufferPointer, at offset: Int, digits: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in offset..<(offset + digits) {
            let byte = bytes[index]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte - UInt8(ascii: "a") + 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte - UInt8(ascii: "A") + 10
            default: digit = 0
            }
            value = value << 4 | UInt64(digit)
        }
        return value
    }
}

/// Rows of COPY's text format: tab-separated, `\\` `\t` `\n` `\r` escaped; bytea in its escape
/// format (printable ASCII as itself, a backslash doubled, every other byte as `\ooo`), which is half
/// the size of hex for JSON and the fastest for the server to read.
struct CopyTextWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int) { bytes.reserveCapacity(capacity) }

    mutating func number(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        var digits: (UInt64, UInt64, UInt64, UInt64) = (0, 0, 0, 0)
        var count = 0
        withUnsafeMutableBytes(of: &digits) { buffer in
            repeat {
                buffer[count] = UInt8(ascii: "0") + UInt8(magnitude % 10)
                magnitude /= 10
                count += 1
            } while magnitude > 0
            for index in stride(from: count - 1, through: 0, by: -1) { bytes.append(buffer[index]) }
        }
        bytes.append(UInt8(ascii: "\t"))
    }

    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case UInt8(ascii: "\\"): bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x09: bytes.append(contentsOf: [0x5C, UInt8(ascii: "t")])
                case 0x0A: bytes.append(contentsOf: [0x5C, UInt8(ascii: "n")])
                case 0x0D: bytes.append(contentsOf: [0x5C, UInt8(ascii: "r")])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(UInt8(ascii: "\t"))
    }

    /// The last column of a row: bytea in escape format, then the row's newline.
    mutating func bytea(_ value: UnsafeRawBufferPointer) {
        var start = 0
        for index in 0..<value.count {
            let byte = value[index]
            guard byte < 0x20 || byte > 0x7E || byte == 0x5C else { continue }
            if start < index { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: value[start..<index])) }
            start = index + 1
            if byte == 0x5C {
                // bytea's `\\`, each backslash doubled again for COPY.
                bytes.append(contentsOf: [0x5C, 0x5C, 0x5C, 0x5C])
            } else {
                // bytea's `\ooo`, its backslash doubled for COPY.
                bytes.append(contentsOf: [
                    0x5C, 0x5C, UInt8(ascii: "0") + (byte >> 6), UInt8(ascii: "0") + ((byte >> 3) & 7), UInt8(ascii: "0") + (byte & 7)
                ])
            }
        }
        if start < value.count { bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: value[start..<value.count])) }
        bytes.append(UInt8(ascii: "\n"))
    }
}
