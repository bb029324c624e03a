import BebackCodec
import BebackDomain
import BebackStore
import Foundation

/// One batch of a journal's records on its way into the database in one transaction: the rows in
/// COPY's binary format, and what the database must find after inserting them (how many, where the
/// journal then ends, and the hash of every stored row, `RowHash`).
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
    /// The rows, in COPY's binary format (columns `JournalImportBatch.columns`; `CopyBinaryWriter`).
    public var rows: [UInt8]
    /// The rows' hash as `JournalImportBatch.digestSQL` reads it back.
    public var digest: Digest

    /// What the database must read back: the exclusive-or of every row's hash over its checksum, event
    /// id, author, lead and payload, seeded with its sequence (`RowHash`; sequence, chain and offset
    /// are also checked set-wise).
    public struct Digest: Sendable, Equatable {
        public var rows: Int64
    }

    public var headerLine: [UInt8] { JournalFormat.header(salt: salt, name: journal.fileName, created: created) }

    static let columns = ["desk", "journal", "seq", "len", "crc", "prev", "chain", "off", "event_id", "actor", "lead", "payload"]

    /// The digest over the rows `x` (`Digest`).
    static let digestSQL = RowHash.batchSQL

    /// Encodes `records` of a journal whose file bytes are `file` (checked by a scan that followed the
    /// chain, so each record's `chainHash` is set); `envelope(i)` gives the fields of `records[i]`.
    static func encode(
        journal: JournalName, salt: UInt64, created: Date, desk: String, file: UnsafeRawBufferPointer, records: ArraySlice<ScannedRecord>,
        isFirst: Bool, envelope: (ScannedRecord) throws -> EntryEnvelope
    ) throws -> JournalImportBatch {
        var rows = CopyBinaryWriter(capacity: records.reduce(0) { $0 + $1.length } + records.count * 160)
        var digest: UInt64 = 0
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
            rows.row(fields: Int16(Self.columns.count))
            rows.text(desk)
            rows.text(name)
            rows.int64(sequence)
            rows.int32(Int32(payload.count))
            rows.int64(checksum)
            rows.int64(previous)
            rows.int64(chain)
            rows.int64(offset)
            rows.text(entry.id)
            rows.text(entry.actor)
            rows.text(entry.lead)
            rows.bytea(payload)
            digest ^= RowHash.entry(checksum: checksum, id: entry.id, actor: entry.actor, lead: entry.lead, payload: payload, sequence: sequence)
        }
        let last = records.last
        return JournalImportBatch(
            journal: journal, salt: salt, created: created, isFirst: isFirst, firstSequence: records.first?.sequence ?? 0, count: records.count,
            lastSequence: last?.sequence ?? 0, lastChain: last?.chainHash ?? 0, end: last.map { $0.offset + $0.length } ?? 0, latestAt: latest,
            rows: rows.finish(), digest: Digest(rows: Int64(bitPattern: digest)))
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
            latestAt: -Double.infinity, rows: [], digest: Digest(rows: 0))
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

/// Rows of COPY's binary format: the signature, then each row as its field count and each field as
/// its length and its bytes (integers big-endian, text as UTF-8, bytea as it is), then the trailer. The
/// server reads each field as it is: no number to parse, no escape to undo, payloads not doubled.
struct CopyBinaryWriter {
    private(set) var bytes: [UInt8] = []

    /// `PGCOPY\n\xFF\r\n\0`, no flags, no header extension.
    static let signature: [UInt8] = Array("PGCOPY\n".utf8) + [0xFF, 0x0D, 0x0A, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]

    /// A writer of the data's first piece (`signature`: the format's header first) or of a later one.
    init(capacity: Int, signature: Bool = true) {
        bytes.reserveCapacity(capacity + Self.signature.count + 2)
        if signature { bytes.append(contentsOf: Self.signature) }
    }

    /// Starts a row of `fields` fields.
    mutating func row(fields: Int16) { append(UInt16(bitPattern: fields)) }

    mutating func int64(_ value: Int64) {
        append(UInt32(8))
        append(UInt64(bitPattern: value))
    }

    mutating func int32(_ value: Int32) {
        append(UInt32(4))
        append(UInt32(bitPattern: value))
    }

    mutating func float8(_ value: Double) {
        append(UInt32(8))
        append(value.bitPattern)
    }

    mutating func bool(_ value: Bool) {
        append(UInt32(1))
        bytes.append(value ? 1 : 0)
    }

    /// A NULL field.
    mutating func null() { append(UInt32.max) }

    mutating func text(_ value: String) {
        var value = value
        value.withUTF8 { bytea(UnsafeRawBufferPointer($0)) }
    }

    mutating func bytea(_ value: UnsafeRawBufferPointer) {
        append(UInt32(value.count))
        bytes.append(contentsOf: value)
    }

    /// The rows with the trailer (without: a piece that more rows follow).
    mutating func finish(trailer: Bool = true) -> [UInt8] {
        if trailer { append(UInt16(0xFFFF)) }
        return bytes
    }

    private mutating func append<T: FixedWidthInteger>(_ value: T) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }
}
