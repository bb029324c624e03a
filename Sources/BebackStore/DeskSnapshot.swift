import BebackDomain
import Foundation

/// How far a snapshot covers one journal: the byte offset just past the last record it folded, that
/// record's offset, sequence and chain hash, and the journal's salt. Opening checks the record at
/// `lastRecordOffset` still ends at `validEnd` with this chain hash; anything else means the
/// journal was rewritten or replaced, and the snapshot is stale.
public struct JournalMark: Equatable, Sendable {
    public var journal: JournalName
    public var salt: UInt64
    public var headerLength: Int
    public var validEnd: Int
    public var lastSequence: UInt64
    /// Where the last covered record starts (the header's length when the journal has no record).
    public var lastRecordOffset: Int
    /// The chain hash of the last covered record's line (of the header line when there is none).
    public var chainHash: UInt64
    public var recordCount: Int

    public init(journal: JournalName, salt: UInt64, headerLength: Int, validEnd: Int, lastSequence: UInt64,
                lastRecordOffset: Int, chainHash: UInt64, recordCount: Int) {
        self.journal = journal
        self.salt = salt
        self.headerLength = headerLength
        self.validEnd = validEnd
        self.lastSequence = lastSequence
        self.lastRecordOffset = lastRecordOffset
        self.chainHash = chainHash
        self.recordCount = recordCount
    }
}

/// An entry's place in replay order (time, journal, sequence): a snapshot remembers the last one it
/// folded, so an entry that arrives later but sorts earlier makes the desk replay everything.
public struct ReplayKey: Equatable, Sendable, Comparable {
    public var at: Date
    public var journal: JournalName
    public var sequence: UInt64

    public init(_ stored: StoredEvent) {
        at = stored.event.at
        journal = stored.journal
        sequence = stored.sequence
    }

    public static func < (lhs: ReplayKey, rhs: ReplayKey) -> Bool {
        if lhs.at != rhs.at { return lhs.at < rhs.at }
        if lhs.journal != rhs.journal { return lhs.journal < rhs.journal }
        return lhs.sequence < rhs.sequence
    }
}

/// The folded desk as of given journal positions: a cache that lets a desk open without replaying
/// all history. The journals stay the source of truth; `verify` and a full replay rebuild it.
///
/// File (`DESK/snapshots/desk.snapshot`): one text line
/// `beback-snapshot <format> <app version> <schema:16 hex> <body length> <checksum:16 hex>\n`, then the
/// binary body: a string table, the journal marks, the last replay key, the fold's counters and
/// every lead's events in force (see `SnapshotEventCoding`), in chunks of `leadsPerChunk` leads,
/// then a table of where each chunk starts and, in the last 8 bytes, where that table starts: the
/// chunks are read and folded on every core at once.
public struct DeskSnapshot: Equatable, Sendable {
    public static let formatVersion = 2
    public static let magic = "beback-snapshot"
    static let leadsPerChunk = 2048

    public var appVersion: String
    public var marks: [JournalMark]
    public var lastKey: ReplayKey?
    public var parts: DeskStateParts
    /// Each lead of `parts.leadEvents` already restored, when the snapshot was read from a file.
    public var restoredLeads: [LeadState]?

    public static func == (lhs: DeskSnapshot, rhs: DeskSnapshot) -> Bool {
        lhs.appVersion == rhs.appVersion && lhs.marks == rhs.marks && lhs.lastKey == rhs.lastKey && lhs.parts == rhs.parts
    }

    public init(appVersion: String, marks: [JournalMark], lastKey: ReplayKey?, parts: DeskStateParts) {
        self.appVersion = appVersion
        self.marks = marks
        self.lastKey = lastKey
        self.parts = parts
    }

    /// The snapshot's file bytes.
    public func encoded() throws -> [UInt8] { try encoded(leadsPerChunk: Self.leadsPerChunk) }

    /// The snapshot's file bytes with chunks of `leadsPerChunk` leads (small chunks in tests).
    func encoded(leadsPerChunk: Int) throws -> [UInt8] {
        var out = SnapshotByteWriter()
        out.count(marks.count)
        for mark in marks {
            out.string(mark.journal.fileName)
            out.u64(mark.salt)
            out.int(mark.headerLength)
            out.int(mark.validEnd)
            out.u64(mark.lastSequence)
            out.int(mark.lastRecordOffset)
            out.u64(mark.chainHash)
            out.int(mark.recordCount)
        }
        out.bool(lastKey != nil)
        if let lastKey {
            out.date(lastKey.at)
            out.string(lastKey.journal.fileName)
            out.u64(lastKey.sequence)
        }
        out.int(parts.eventCount)
        out.int(parts.unknownEventCount)
        out.bool(parts.lastEventAt != nil)
        if let last = parts.lastEventAt { out.date(last) }
        out.count(parts.orphanEvents.count)
        for id in parts.orphanEvents { out.string(id.rawValue) }
        out.count(parts.revokedEvents.count)
        for id in parts.revokedEvents { out.string(id.rawValue) }
        out.count(parts.leadEvents.count)
        var chunks: [(leads: Int, start: Int)] = []
        for (index, events) in parts.leadEvents.enumerated() {
            if index % leadsPerChunk == 0 { chunks.append((0, out.bytes.count)) }
            chunks[chunks.count - 1].leads += 1
            out.count(events.count)
            for event in events { try SnapshotEventCoding.write(event, to: &out) }
        }
        let table = out.bytes.count
        out.count(chunks.count)
        for chunk in chunks {
            out.count(chunk.leads)
            out.int(chunk.start)
        }
        out.u64(UInt64(table))
        let body = out.finished()
        let checksum = body.withUnsafeBytes { SnapshotChecksum.of($0) }
        let line = "\(Self.magic) \(Self.formatVersion) \(appVersion) \(JournalFormat.hex(SnapshotEventCoding.schemaFingerprint, digits: 16)) "
            + "\(body.count) \(JournalFormat.hex(checksum, digits: 16))\n"
        return Array(line.utf8) + body
    }

    /// Why a snapshot file cannot be used; the desk then replays the journals and says so in a note.
    public enum Rejection: Error, Equatable, CustomStringConvertible {
        case damaged(String)
        case otherVersion(String)

        public var description: String {
            switch self {
            case .damaged(let why): return "damaged (\(why))"
            case .otherVersion(let why): return "written by another version (\(why))"
            }
        }
    }

    /// Reads a snapshot file's bytes; throws a `Rejection` for damage or another version.
    public static func decode(_ bytes: UnsafeRawBufferPointer, appVersion: String) throws -> DeskSnapshot {
        guard let newline = bytes.prefix(256).firstIndex(of: 0x0A) else { throw Rejection.damaged("no header line") }
        let fields = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<newline]), as: UTF8.self).split(separator: " ").map(String.init)
        guard fields.count == 6, fields[0] == magic, let format = Int(fields[1]),
              let schema = UInt64(fields[3], radix: 16), let length = Int(fields[4]), let checksum = UInt64(fields[5], radix: 16)
        else { throw Rejection.damaged("bad header line") }
        guard format == formatVersion else { throw Rejection.otherVersion("snapshot format \(format), this build reads \(formatVersion)") }
        guard fields[2] == appVersion else { throw Rejection.otherVersion("beback \(fields[2]), this is \(appVersion)") }
        guard schema == SnapshotEventCoding.schemaFingerprint else { throw Rejection.otherVersion("its entry schema differs from this build's") }
        let body = UnsafeRawBufferPointer(rebasing: bytes[(newline + 1)...])
        guard body.count == length else { throw Rejection.damaged("\(body.count) body bytes, the header says \(length)") }
        guard SnapshotChecksum.of(body) == checksum else { throw Rejection.damaged("checksum mismatch") }
        do {
            return try decodeBody(body, appVersion: appVersion)
        } catch let error as SnapshotReadError {
            throw Rejection.damaged(error.description)
        }
    }

    private static func journal(_ name: String, at input: SnapshotByteReader) throws -> JournalName {
        guard let journal = JournalName(fileName: name) else { throw SnapshotReadError(offset: input.position, reason: "bad journal name") }
        return journal
    }

    private static func decodeBody(_ body: UnsafeRawBufferPointer, appVersion: String) throws -> DeskSnapshot {
        var input = SnapshotByteReader(body)
        try input.readStringTable()
        let fieldsStart = input.position
        var marks: [JournalMark] = []
        for _ in 0..<(try input.count()) {
            marks.append(JournalMark(journal: try journal(try input.string(), at: input), salt: try input.u64(), headerLength: try input.int(),
                                     validEnd: try input.int(), lastSequence: try input.u64(), lastRecordOffset: try input.int(),
                                     chainHash: try input.u64(), recordCount: try input.int()))
        }
        var lastKey: ReplayKey?
        if try input.bool() {
            let at = try input.date()
            let name = try journal(try input.string(), at: input)
            lastKey = ReplayKey(at: at, journal: name, sequence: try input.u64())
        }
        let eventCount = try input.int()
        let unknownCount = try input.int()
        let lastEventAt = try input.bool() ? try input.date() : nil
        var orphans: [EventID] = []
        for _ in 0..<(try input.count()) { orphans.append(EventID(try input.string())) }
        var revoked: [EventID] = []
        for _ in 0..<(try input.count()) { revoked.append(EventID(try input.string())) }
        let leadCount = try input.count()
        let chunks = try chunkTable(body, fieldsStart: fieldsStart, leadsStart: input.position, leadCount: leadCount)
        let shared = SharedReader(input)
        let decoded = try Parallel.map(chunks.count) { index in
            var reader = shared.reader(at: chunks[index].start)
            var leadEvents: [[Event]] = []
            var leads: [LeadState] = []
            leadEvents.reserveCapacity(chunks[index].leads)
            leads.reserveCapacity(chunks[index].leads)
            for _ in 0..<chunks[index].leads {
                let count = try reader.count()
                var events: [Event] = []
                events.reserveCapacity(count)
                for _ in 0..<count { events.append(try SnapshotEventCoding.read(from: &reader)) }
                guard let lead = LeadState(restoring: events) else {
                    throw SnapshotReadError(offset: reader.position, reason: "a lead's history does not start with its capture")
                }
                leadEvents.append(events)
                leads.append(lead)
            }
            guard reader.position == chunks[index].end else { throw SnapshotReadError(offset: reader.position, reason: "a chunk of leads ends early or late") }
            return (leadEvents, leads)
        }
        var snapshot = DeskSnapshot(appVersion: appVersion, marks: marks, lastKey: lastKey,
                                    parts: DeskStateParts(leadEvents: decoded.flatMap(\.0), orphanEvents: orphans, unknownEventCount: unknownCount,
                                                          eventCount: eventCount, lastEventAt: lastEventAt, revokedEvents: revoked))
        snapshot.restoredLeads = decoded.flatMap(\.1)
        return snapshot
    }

    /// Where each chunk of leads starts and ends (absolute body offsets), from the table the last 8
    /// bytes point at; every start, end and count is checked against the rest of the body.
    private static func chunkTable(_ body: UnsafeRawBufferPointer, fieldsStart: Int, leadsStart: Int, leadCount: Int)
        throws -> [(leads: Int, start: Int, end: Int)] {
        guard body.count >= 8 else { throw SnapshotReadError(offset: 0, reason: "no chunk table") }
        var trailer = SnapshotByteReader(body, at: body.count - 8)
        let tableStart = fieldsStart + Int(clamping: try trailer.u64())
        guard tableStart >= leadsStart, tableStart <= body.count - 8 else { throw SnapshotReadError(offset: body.count - 8, reason: "bad chunk table position") }
        var table = SnapshotByteReader(body, at: tableStart)
        var chunks: [(leads: Int, start: Int, end: Int)] = []
        var total = 0
        for _ in 0..<(try table.count()) {
            let leads = try table.count()
            let start = fieldsStart + (try table.int())
            guard start >= (chunks.last?.start ?? leadsStart), start <= tableStart else { throw SnapshotReadError(offset: table.position, reason: "bad chunk start") }
            if !chunks.isEmpty { chunks[chunks.count - 1].end = start }
            chunks.append((leads, start, tableStart))
            total += leads
        }
        guard table.position == body.count - 8 else { throw SnapshotReadError(offset: table.position, reason: "bytes after the chunk table") }
        guard total == leadCount, chunks.first?.start ?? leadsStart == leadsStart, chunks.last?.end ?? tableStart == tableStart,
              !chunks.isEmpty || tableStart == leadsStart
        else { throw SnapshotReadError(offset: tableStart, reason: "the chunk table does not cover the leads") }
        return chunks
    }

    /// The body's reader (string table read) handed to the workers that read the chunks; the bytes
    /// stay alive and unchanged until `decode` returns, which waits for every worker.
    private struct SharedReader: @unchecked Sendable {
        let base: SnapshotByteReader
        init(_ base: SnapshotByteReader) { self.base = base }
        func reader(at position: Int) -> SnapshotByteReader {
            var copy = base
            copy.seek(to: position)
            return copy
        }
    }
}

extension ReplayKey {
    init(at: Date, journal: JournalName, sequence: UInt64) {
        self.at = at
        self.journal = journal
        self.sequence = sequence
    }
}
