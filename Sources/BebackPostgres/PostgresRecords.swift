import BebackStore
import Foundation

/// One journal record as both the file and the database hold it: what `migrate` copies and compares.
public struct RawJournalRecord: Equatable, Sendable {
    public var sequence: UInt64
    public var previous: UInt64
    public var checksum: UInt32
    /// The byte offset the record has in the journal file.
    public var offset: Int
    public var payload: [UInt8]

    public init(sequence: UInt64, previous: UInt64, checksum: UInt32, offset: Int, payload: [UInt8]) {
        self.sequence = sequence
        self.previous = previous
        self.checksum = checksum
        self.offset = offset
        self.payload = payload
    }
}

/// One whole journal: its name, the salt and creation time of its header, and its records in order.
public struct RawJournal: Equatable, Sendable {
    public var journal: JournalName
    public var salt: UInt64
    public var created: Date
    public var records: [RawJournalRecord]

    public init(journal: JournalName, salt: UInt64, created: Date, records: [RawJournalRecord]) {
        self.journal = journal
        self.salt = salt
        self.created = created
        self.records = records
    }

    /// The header line (newline included), as the file starts.
    public var headerLine: [UInt8] { JournalFormat.header(salt: salt, name: journal.fileName, created: created) }

    /// The whole journal file, byte for byte.
    public var fileBytes: [UInt8] {
        var bytes = headerLine
        for record in records {
            bytes += JournalFormat.record(sequence: record.sequence, previous: record.previous, salt: salt, payload: record.payload)
        }
        return bytes
    }
}

/// Follows one journal's records as they are read from the database, checking what a file scan
/// checks: the sequence, the hash chain, the checksum, and that the payload decodes.
struct JournalCursor {
    let salt: UInt64
    var lastSequence: UInt64 = 0
    /// The chain hash the next record must carry as `prev`.
    var nextPrevious: UInt64
    /// The file offset of the next record.
    var end: Int

    init(salt: UInt64, header: [UInt8]) {
        self.salt = salt
        nextPrevious = ChainHash.hash(header)
        end = header.count
    }

    /// The record that appends `payload` here, and the cursor moved past it: the checksum computed
    /// once, and the chain hash of its line without building it (`JournalFormat.chainHash`). What
    /// `advance(over:)` of that record gives, without its checks.
    mutating func append(payload: [UInt8]) -> RawJournalRecord {
        let sequence = lastSequence + 1
        let checksum = JournalFormat.checksum(salt: salt, sequence: sequence, length: UInt32(payload.count), previous: nextPrevious, payload: payload)
        let record = RawJournalRecord(sequence: sequence, previous: nextPrevious, checksum: checksum, offset: end, payload: payload)
        let chain = JournalFormat.chainHash(sequence: sequence, previous: nextPrevious, checksum: checksum, payload: payload)
        lastSequence = sequence
        nextPrevious = chain
        end += JournalFormat.recordHeaderLength + payload.count + 1
        return record
    }

    /// Checks a record and moves past it; returns what is wrong with it.
    mutating func advance(over record: RawJournalRecord) -> [JournalProblem] {
        var problems: [JournalProblem] = []
        if record.sequence != lastSequence + 1 {
            problems.append(JournalProblem.found(.sequenceGap, at: record.offset, "expected sequence \(lastSequence + 1), found \(record.sequence)"))
        }
        if record.previous != nextPrevious {
            problems.append(JournalProblem.found(.chainBroken, at: record.offset, "record \(record.sequence) does not follow the record before it"))
        }
        let computed = JournalFormat.checksum(
            salt: salt, sequence: record.sequence, length: UInt32(record.payload.count),
            previous: record.previous, payload: record.payload)
        if computed != record.checksum {
            problems.append(JournalProblem.found(.corruptRecord, at: record.offset, "record \(record.sequence): checksum mismatch"))
        }
        if record.offset != end {
            problems.append(
                JournalProblem.found(
                    .corruptRecord, at: record.offset, "record \(record.sequence) claims offset \(record.offset), the one before ends at \(end)"))
        }
        let line = JournalFormat.record(sequence: record.sequence, previous: record.previous, salt: salt, payload: record.payload)
        lastSequence = record.sequence
        nextPrevious = ChainHash.hash(line)
        end = record.offset + line.count
        return problems
    }
}
