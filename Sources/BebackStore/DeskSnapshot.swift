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
    public static let formatVersion = 6
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
        try Self.encoded(
            appVersion: appVersion, marks: marks, lastKey: lastKey, counters: parts, delta: nil,
            owners: parts.leadSummaries.map(\.owner)
        ) { index in
            .events(parts.leadEvents[index], parts.leadSummaries[index])
        }
    }

    /// The file bytes of a snapshot, or of a delta on top of one (`delta`), whose leads are given
    /// one at a time, in id order (`owners`: each lead's owner, in the same order).
    static func encoded(
        appVersion: String, marks: [JournalMark], lastKey: ReplayKey?, counters parts: DeskStateParts,
        delta: SnapshotDeltaBase?, owners: [RepName], lead: (Int) throws -> SnapshotLead
    ) throws -> [UInt8] {
        let chunks = try encodedChunks(
            appVersion: appVersion, marks: marks, lastKey: lastKey, counters: parts, delta: delta, owners: owners, lead: lead)
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
        delta: SnapshotDeltaBase?, owners: [RepName], blockBytes: Int = leadBlockBytes, lead: (Int) throws -> SnapshotLead
    ) throws -> [[UInt8]] {
        let plan = SnapshotSectionPlan(owners: owners)
        let leads = try EncodedLeads(0..<owners.count, blockBytes: blockBytes) { try lead(plan.order[$0]) }
        return try SnapshotAssembly(
            appVersion: appVersion, marks: marks, lastKey: lastKey, counters: parts, delta: delta, plan: plan, owners: owners, leads: [leads]
        ).chunks()
    }

    /// `encodedChunks` with the leads encoded on every core, share by share (see `encodedInParallel`; a
    /// full compaction decodes every entry of the desk: the time is in this). `makeReader` is given
    /// a share's leads (by index, in the order asked for) and its core's buffers, and gives what
    /// reads them one by one.
    static func encodedChunksInParallel(
        appVersion: String, marks: [JournalMark], lastKey: ReplayKey?, counters parts: DeskStateParts,
        owners: [RepName], blockBytes: Int = leadBlockBytes, runs: Int? = nil, shareLeads: Int? = nil,
        reader makeReader: @Sendable ([Int], ShareScratch) -> (Int) throws -> SnapshotLead
    ) throws -> [[UInt8]] {
        try encodedInParallel(
            appVersion: appVersion, marks: marks, lastKey: lastKey, counters: parts, owners: owners, blockBytes: blockBytes, runs: runs,
            shareLeads: shareLeads, spillTo: nil, reader: makeReader
        ).chunks
    }

    /// `encodedChunksInParallel`; with `spillTo` (a folder), each core writes the leads it encodes
    /// to a spill of its own there as they are encoded (`SnapshotSpill`), and `chunks` is only what
    /// comes before the leads: the file is `chunks`, then every segment of `spills` in order.
    ///
    /// The leads are cut into shares (`SnapshotSectionPlan.shares`: an owner's section whole, unless
    /// it is large), which the cores take one after another, the largest first, so that both finish
    /// together; a whole section's checksum is taken as it is encoded, not read back from the spill.
    /// `runs` sets how many cores (tests), `shareLeads` the most leads in a share.
    static func encodedInParallel(
        appVersion: String, marks: [JournalMark], lastKey: ReplayKey?, counters parts: DeskStateParts,
        owners: [RepName], blockBytes: Int = leadBlockBytes, runs: Int? = nil, shareLeads: Int? = nil, spillTo directory: String?,
        reader makeReader: @Sendable ([Int], ShareScratch) -> (Int) throws -> SnapshotLead
    ) throws -> (chunks: [[UInt8]], spills: [SnapshotSpill.Segment]) {
        let leadCount = owners.count
        let plan = SnapshotSectionPlan(owners: owners)
        let order = plan.order
        // One worker per core, none under a thousand leads (`runs` sets it: tests).
        let workers = max(1, runs ?? min(ProcessInfo.processInfo.activeProcessorCount, leadCount / 1_000))
        let shares = plan.shares(maxLeads: shareLeads ?? max(1_000, leadCount / (workers * 8)))
        // The largest shares first, and the last few cut in quarters: the cores then run out of
        // work together (a section cut is read back for its checksum, a few megabytes at most).
        var queue = shares.sorted { $0.count != $1.count ? $0.count > $1.count : $0.lowerBound < $1.lowerBound }
        if workers > 1 {
            let finishing = queue.suffix(2 * workers)
            queue.removeLast(finishing.count)
            for share in finishing {
                let parts = min(4, share.count)
                for part in 0..<parts {
                    queue.append((share.lowerBound + share.count * part / parts)..<(share.lowerBound + share.count * (part + 1) / parts))
                }
            }
        }
        @Sendable func encodeShare(_ range: Range<Int>, _ scratch: ShareScratch) throws -> (EncodedLeads, SnapshotSpill.Segment?) {
            // Each share reads its leads through a reader of its own, told which leads it will be
            // asked for and in what order (`JournalBatchReader` reads them a batch at a time), its
            // buffers the core's own, kept from one share to the next.
            let lead = makeReader(Array(order[range]), scratch)
            let spill = try directory.map { directory in try scratch.spill ?? SnapshotSpill(directory: directory) }
            scratch.spill = spill
            let start = spill?.length ?? 0
            let leads = try EncodedLeads(range, blockBytes: blockBytes, spill: spill, summingWhole: spill != nil, scratch: scratch) {
                try lead(order[$0])
            }
            return (leads, spill.map { SnapshotSpill.Segment(spill: $0, bytes: start..<$0.length) })
        }
        let taken = try Parallel.map(queue.count, workers: workers, scratch: { ShareScratch() }) { [queue] position, slot in
            Result { try encodeShare(queue[position], slot) }
        }
        // In the file's order; the first share that failed (in that order) says why.
        let encoded = try queue.indices.sorted { queue[$0].lowerBound < queue[$1].lowerBound }.map { try taken[$0].get() }
        let assembly = SnapshotAssembly(
            appVersion: appVersion, marks: marks, lastKey: lastKey, counters: parts, delta: nil, plan: plan, owners: owners,
            leads: encoded.map(\.0))
        guard directory != nil else { return (try assembly.chunks(), []) }
        let segments = encoded.compactMap(\.1)
        return (try assembly.head(spills: segments), segments)
    }

    /// What one core keeps from one share to the next: the spill it writes its shares to (made
    /// when its first share is taken), and its buffers (a new one for each share, a few megabytes
    /// each, was mapped and zeroed page by page every time).
    final class ShareScratch: @unchecked Sendable {
        var spill: SnapshotSpill?
        /// The block of records being gathered (`EncodedLeads`).
        var block: [UInt8] = []
        /// A batch's payloads and the bytes read for it (`JournalBatchReader`).
        var arena: [UInt8] = []
        var buffer: [UInt8] = []
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
                    throw SnapshotReadError(offset: layout.leadRange(at: position).lowerBound, reason: "a lead's history does not start with its capture")
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

/// A consecutive run of a snapshot's leads (in the file's order: by owner, then id), encoded: each
/// lead's directory summary, record size and checksum, whether it puts entries on the desk-wide
/// do-not-contact list, and the records end to end in blocks of about `blockBytes` (see
/// `DeskSnapshot.leadBlockBytes`). A record never straddles two blocks.
struct EncodedLeads: Sendable {
    /// The leads' place in the file's order.
    var range: Range<Int> = 0..<0
    /// With `summingWhole`: the checksum of all the records end to end (a section's, when the
    /// leads are one whole section).
    var wholeSum: UInt64?
    var summaries: [LeadSummary] = []
    var sizes: [Int] = []
    var sums: [UInt64] = []
    var listed: [Bool] = []
    var blocks: [[UInt8]] = []

    /// With `spill`, each block is written there as soon as it is full and not kept (`blocks` stays empty).
    init(
        _ range: Range<Int>, blockBytes: Int, spill: SnapshotSpill? = nil, summingWhole: Bool = false,
        scratch: DeskSnapshot.ShareScratch? = nil, lead: (Int) throws -> SnapshotLead
    ) throws {
        self.range = range
        // A spilled block is written out and emptied, never kept: the core's own serves every share.
        var block: [UInt8] = []
        if spill != nil, let scratch { swap(&block, &scratch.block) }
        defer { if spill != nil, let scratch { block.removeAll(keepingCapacity: true); swap(&block, &scratch.block) } }
        var whole = SnapshotChecksum()
        summaries.reserveCapacity(range.count)
        sizes.reserveCapacity(range.count)
        sums.reserveCapacity(range.count)
        listed.reserveCapacity(range.count)
        // One writer for every lead, emptied between them.
        var record = SnapshotByteWriter(capacity: 4_096)
        for index in range {
            let bytes: [UInt8]
            switch try lead(index) {
            case .events(let events, let summary):
                record.reset()
                record.count(events.count)
                for event in events { try SnapshotEventCoding.write(event, to: &record) }
                bytes = try record.finished()
                summaries.append(summary)
                // Only a closed lead can be on the list: its history is folded to see (an open one's never).
                listed.append(!summary.isOpen && LeadState(restoring: events).map { !DoNotContactList.listedEntries(of: $0).isEmpty } == true)
            case .encoded(let record, let summary, let onList):
                bytes = record
                summaries.append(summary)
                if let onList {
                    listed.append(onList)
                } else {
                    // A record from a file that does not say (the format before sections): folded to see.
                    let events = try record.withUnsafeBytes { try SnapshotLayout.events($0) }
                    listed.append(!summary.isOpen && LeadState(restoring: events).map { !DoNotContactList.listedEntries(of: $0).isEmpty } == true)
                }
            }
            sizes.append(bytes.count)
            sums.append(bytes.withUnsafeBytes { SnapshotChecksum.of($0) })
            if summingWhole { bytes.withUnsafeBytes { whole.update($0) } }
            if !block.isEmpty, block.count + bytes.count > blockBytes {
                if let spill {
                    try block.withUnsafeBytes { try spill.append($0) }
                    block.removeAll(keepingCapacity: true)
                } else {
                    blocks.append(block)
                    block = []
                }
            }
            if block.isEmpty { block.reserveCapacity(max(blockBytes, bytes.count)) }
            block.append(contentsOf: bytes)
        }
        if !block.isEmpty {
            if let spill { try block.withUnsafeBytes { try spill.append($0) } } else { blocks.append(block) }
        }
        if summingWhole { wholeSum = whole.finish() }
    }
}

/// One lead as a snapshot writer takes it: its entries in force to encode, or its record as another
/// snapshot already holds it (copied byte for byte: each lead's record has its own string table),
/// with whether it is on the do-not-contact list (nil: not known, found by folding it).
enum SnapshotLead {
    case events([Event], LeadSummary)
    case encoded([UInt8], LeadSummary, onDoNotContactList: Bool?)
}

/// What a delta says of the snapshot it goes on top of: its checksum, its leads that are gone (an
/// undone capture), and per owner the leads of that owner's section that the delta takes out of it
/// (gone, or now another owner's: a rep's view of the snapshot leaves them out).
struct SnapshotDeltaBase {
    var checksum: UInt64
    var removed: [LeadID]
    var left: [RepName: [LeadID]] = [:]
}

extension ReplayKey {
    init(at: Date, journal: JournalName, sequence: UInt64) {
        self.at = at
        self.journal = journal
        self.sequence = sequence
    }
}
