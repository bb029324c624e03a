import BebackCodec
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

    public init(
        journal: JournalName, salt: UInt64, headerLength: Int, validEnd: Int, lastSequence: UInt64,
        lastRecordOffset: Int, chainHash: UInt64, recordCount: Int
    ) {
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

/// An entry's place in replay order (causal order, journal, sequence): a snapshot remembers the last
/// one it folded, so an entry that arrives later but sorts earlier makes the desk replay everything.
public struct ReplayKey: Equatable, Sendable, Comparable {
    /// The entry's order (`EntryOrder`) as a time: seconds, with the milliseconds as the fraction.
    public var at: Date
    public var journal: JournalName
    public var sequence: UInt64

    public init(_ stored: StoredEvent) {
        at = Date(timeIntervalSince1970: EntryOrder.seconds(stored.order))
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
/// binary body: 8 bytes saying where the leads start, a string table, the journal marks, the last
/// replay key, the fold's counters, a directory of the leads (id, owner, due time, name, company,
/// touches, next follow-up, where its entries are), then each lead's entries in force with its own
/// string table (see `SnapshotEventCoding`). A desk opens on everything before the leads and reads a
/// lead (one read of its own bytes) when it is first used (`SnapshotArchive`).
///
/// A delta (`DESK/snapshots/desk.delta`, `SnapshotRefresh`) has the same body for the leads changed
/// since the snapshot, with the snapshot's leads that are gone listed after the counters; its header
/// line starts `beback-snapshot-delta` and ends with the checksum of the snapshot it goes on top of.
public struct DeskSnapshot: Equatable, Sendable {
    public static let formatVersion = 5
    public static let magic = "beback-snapshot"
    /// The first word of a delta's header line (`DESK/snapshots/desk.delta`).
    public static let deltaMagic = "beback-snapshot-delta"

    public var appVersion: String
    public var marks: [JournalMark]
    public var lastKey: ReplayKey?
    public var parts: DeskStateParts

    public init(appVersion: String, marks: [JournalMark], lastKey: ReplayKey?, parts: DeskStateParts) {
        self.appVersion = appVersion
        self.marks = marks
        self.lastKey = lastKey
        self.parts = parts
    }

    /// The snapshot's file bytes.
    public func encoded() throws -> [UInt8] {
        try Self.encoded(appVersion: appVersion, marks: marks, lastKey: lastKey, counters: parts, leadCount: parts.leadEvents.count) { index in
            (parts.leadEvents[index], parts.leadSummaries[index])
        }
    }

    /// The file bytes of a snapshot whose leads are given one at a time (`lead(index)`, in id
    /// order), so they need not all be in memory at once; `counters` gives the fold's counters
    /// (its lead lists are not read).
    public static func encoded(
        appVersion: String, marks: [JournalMark], lastKey: ReplayKey?, counters parts: DeskStateParts,
        leadCount: Int, lead: (Int) throws -> (events: [Event], summary: LeadSummary)
    ) throws -> [UInt8] {
        try encoded(appVersion: appVersion, marks: marks, lastKey: lastKey, counters: parts, delta: nil, leadCount: leadCount) { index in
            let (events, summary) = try lead(index)
            return .events(events, summary)
        }
    }

    /// The file bytes of a snapshot, or of a delta on top of one (`delta`: the base's checksum and
    /// the base's leads that are gone), whose leads are given one at a time, in id order.
    static func encoded(
        appVersion: String, marks: [JournalMark], lastKey: ReplayKey?, counters parts: DeskStateParts,
        delta: (base: UInt64, removed: [LeadID])?, leadCount: Int, lead: (Int) throws -> SnapshotLead
    ) throws -> [UInt8] {
        let chunks = try encodedChunks(
            appVersion: appVersion, marks: marks, lastKey: lastKey, counters: parts, delta: delta, leadCount: leadCount, lead: lead)
        var bytes: [UInt8] = []
        bytes.reserveCapacity(chunks.reduce(0) { $0 + $1.count })
        for chunk in chunks { bytes.append(contentsOf: chunk) }
        return bytes
    }

    /// A snapshot's leads are gathered in blocks of about this many bytes: one growing array would
    /// hold its old and its new storage at once each time it doubled (at 100k leads, 95 MB of leads
    /// cost up to 190 MB that way).
    public static let leadBlockBytes = 4 << 20

    /// The file bytes of `encoded`, as pieces to be written one after another (`SnapshotFile.write(chunks:)`),
    /// never copied into one buffer: the desk's peak memory while compacting is about one copy of the leads.
    static func encodedChunks(
        appVersion: String, marks: [JournalMark], lastKey: ReplayKey?, counters parts: DeskStateParts,
        delta: (base: UInt64, removed: [LeadID])?, leadCount: Int, blockBytes: Int = leadBlockBytes, lead: (Int) throws -> SnapshotLead
    ) throws -> [[UInt8]] {
        let leads = try EncodedLeads(0..<leadCount, blockBytes: blockBytes, lead: lead)
        return try assembled(appVersion: appVersion, marks: marks, lastKey: lastKey, counters: parts, delta: delta, leads: [leads])
    }

    /// `encodedChunks` with the leads encoded on every core, each core a contiguous run of them (a
    /// full compaction decodes every entry of the desk: the time is in this).
    static func encodedChunksInParallel(
        appVersion: String, marks: [JournalMark], lastKey: ReplayKey?, counters parts: DeskStateParts,
        leadCount: Int, blockBytes: Int = leadBlockBytes, runs: Int? = nil, lead: @Sendable (Int) throws -> SnapshotLead
    ) throws -> [[UInt8]] {
        // One run per core, none under a thousand leads (`runs` sets it: tests).
        let runs = max(1, runs ?? min(ProcessInfo.processInfo.activeProcessorCount, leadCount / 1_000))
        let leads = try Parallel.map(runs) { run in
            try EncodedLeads(leadCount * run / runs..<leadCount * (run + 1) / runs, blockBytes: blockBytes, lead: lead)
        }
        return try assembled(appVersion: appVersion, marks: marks, lastKey: lastKey, counters: parts, delta: nil, leads: leads)
    }

    /// The header line, the head (marks, counters, the lead directory) and then the leads' blocks
    /// in order: the runs of `leads` are consecutive runs of the desk's leads.
    private static func assembled(
        appVersion: String, marks: [JournalMark], lastKey: ReplayKey?, counters parts: DeskStateParts,
        delta: (base: UInt64, removed: [LeadID])?, leads: [EncodedLeads]
    ) throws -> [[UInt8]] {
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
        if let delta {
            out.count(delta.removed.count)
            for id in delta.removed { out.string(id.rawValue) }
        }
        out.count(leads.reduce(0) { $0 + $1.summaries.count })
        // Each lead's entries with its own string table, laid end to end after the directory, so a
        // lead is read with one read of its own bytes.
        var leadsCount = 0
        for run in leads {
            for (summary, size) in zip(run.summaries, run.sizes) {
                out.string(summary.id.rawValue)
                out.string(summary.owner.rawValue)
                let due = summary.isOpen ? summary.next?.due : nil
                out.bool(due != nil)
                if let due { out.date(due) }
                out.string(summary.name)
                out.string(summary.company)
                out.count(summary.touchCount)
                out.bool(summary.isOpen)
                out.bool(summary.next != nil)
                if let next = summary.next {
                    out.date(next.due); out.enumCase(next.kind); out.enumCase(next.channel); out.string(next.purpose)
                }
                out.count(leadsCount)
                out.count(size)
                leadsCount += size
            }
        }
        var head: [UInt8] = []
        let directory = try out.finished()
        head.reserveCapacity(8 + directory.count)
        withUnsafeBytes(of: UInt64(8 + directory.count).littleEndian) { head.append(contentsOf: $0) }
        head.append(contentsOf: directory)
        var sum = SnapshotChecksum()
        head.withUnsafeBytes { sum.update($0) }
        for run in leads { for block in run.blocks { block.withUnsafeBytes { sum.update($0) } } }
        let bodyCount = head.count + leadsCount
        let base = delta.map { " " + JournalFormat.hex($0.base, digits: 16) } ?? ""
        let line =
            "\(delta == nil ? magic : deltaMagic) \(formatVersion) \(appVersion) \(JournalFormat.hex(SnapshotEventCoding.schemaFingerprint, digits: 16)) "
            + "\(bodyCount) \(JournalFormat.hex(sum.finish(), digits: 16))\(base)\n"
        return [Array(line.utf8), head] + leads.flatMap(\.blocks)
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

    /// Reads a whole snapshot file's bytes, every lead decoded; throws a `Rejection` for damage or another version.
    public static func decode(_ bytes: UnsafeRawBufferPointer, appVersion: String) throws -> DeskSnapshot {
        let layout = try SnapshotLayout(memory: bytes, appVersion: appVersion)
        do {
            var leadEvents: [[Event]] = []
            leadEvents.reserveCapacity(layout.directory.count)
            let summaries = try layout.directory.indices.map { try layout.summary(at: $0) }
            for position in layout.directory.indices {
                let events = try layout.events(at: position)
                guard LeadState(restoring: events) != nil else {
                    throw SnapshotReadError(offset: layout.leadRanges[position].lowerBound, reason: "a lead's history does not start with its capture")
                }
                leadEvents.append(events)
            }
            return DeskSnapshot(
                appVersion: appVersion, marks: layout.marks, lastKey: layout.lastKey,
                parts: DeskStateParts(
                    leadEvents: leadEvents, leadSummaries: summaries, orphanEvents: layout.orphanEvents,
                    unknownEventCount: layout.unknownEventCount, eventCount: layout.eventCount,
                    lastEventAt: layout.lastEventAt, revokedEvents: layout.revokedEvents))
        } catch let error as SnapshotReadError {
            throw Rejection.damaged(error.description)
        }
    }
}

/// A consecutive run of a snapshot's leads, encoded: each lead's directory summary and record size,
/// and the records end to end in blocks of about `blockBytes` (see `DeskSnapshot.leadBlockBytes`).
struct EncodedLeads: Sendable {
    var summaries: [LeadSummary] = []
    var sizes: [Int] = []
    var blocks: [[UInt8]] = []

    init(_ range: Range<Int>, blockBytes: Int, lead: (Int) throws -> SnapshotLead) throws {
        summaries.reserveCapacity(range.count)
        sizes.reserveCapacity(range.count)
        var block: [UInt8] = []
        for index in range {
            let bytes: [UInt8]
            switch try lead(index) {
            case .events(let events, let summary):
                var record = SnapshotByteWriter()
                record.count(events.count)
                for event in events { try SnapshotEventCoding.write(event, to: &record) }
                bytes = try record.finished()
                summaries.append(summary)
            case .encoded(let record, let summary):
                bytes = record
                summaries.append(summary)
            }
            sizes.append(bytes.count)
            if !block.isEmpty, block.count + bytes.count > blockBytes {
                blocks.append(block)
                block = []
            }
            if block.isEmpty { block.reserveCapacity(max(blockBytes, bytes.count)) }
            block.append(contentsOf: bytes)
        }
        if !block.isEmpty { blocks.append(block) }
    }
}

/// One lead as a snapshot writer takes it: its entries in force to encode, or its record as another
/// snapshot already holds it (copied byte for byte: each lead's record has its own string table).
enum SnapshotLead {
    case events([Event], LeadSummary)
    case encoded([UInt8], LeadSummary)
}

extension ReplayKey {
    init(at: Date, journal: JournalName, sequence: UInt64) {
        self.at = at
        self.journal = journal
        self.sequence = sequence
    }
}
