#if canImport(Glibc)
    import Glibc
#endif
import BebackCodec
import BebackDomain
import Foundation

/// One journal entry as the indexed open keeps it until the fold: 24 bytes, its strings in a
/// per-journal table. A floor's million entries then take tens of megabytes, not a gigabyte.
struct DigestedRecord {
    var at: Double
    /// The due time's bits (scheduled), the outcome's index (touched), or a string's index.
    var value: UInt64
    /// The record's offset (low 28 bits) and its kind (high 4).
    private var offsetAndKind: UInt32
    /// The lead as an index into the journal's own lead table (low 20 bits), and 12 bits of the
    /// entry id's tag (an undo's target is looked for only among entries whose tag matches).
    private var leadAndTag: UInt32

    /// The largest offset and lead index that fit; a journal beyond them is replayed whole instead.
    static let offsetLimit = 1 << 28, leadLimit = 1 << 20

    init(at: Double, value: UInt64, offset: Int, lead: Int, tag: UInt32, kind: Kind) {
        self.at = at
        self.value = value
        offsetAndKind = UInt32(offset) | UInt32(kind.rawValue) << 28
        leadAndTag = UInt32(lead) | (tag & 0xFFF) << 20
    }

    var offset: UInt32 { offsetAndKind & 0x0FFF_FFFF }
    var kind: Kind { Kind(rawValue: UInt8(offsetAndKind >> 28)) ?? .unknown }
    var lead: UInt32 { leadAndTag & 0xF_FFFF }
    /// The tag as `DigestFold.tag` gives it, cut to the 12 bits kept.
    var tag: UInt32 { leadAndTag >> 20 }

    enum Kind: UInt8 {
        case captured, profile, touched, scheduled, unscheduled, reassigned, reclaimed, revoked, other, unknown, reopened

        /// Whether the record's value is an index into its journal's string table.
        var hasText: Bool {
            switch self {
            case .captured, .profile, .reassigned, .revoked: true
            default: false
            }
        }
    }

    /// This record as the fold places it in its lead's run: the lead's bits hold `journal` instead.
    func inJournal(_ journal: Int) -> DigestedRecord {
        var placed = self
        placed.leadAndTag = UInt32(journal) & 0xF_FFFF | leadAndTag & 0xFFF0_0000
        return placed
    }

    /// Replay order of two placed records (`inJournal`): time, then journal, then offset.
    @inline(__always)
    func precedesInReplay(_ other: DigestedRecord) -> Bool {
        if at != other.at { return at < other.at }
        if lead != other.lead { return lead < other.lead }
        return offset < other.offset
    }

    /// Every outcome, in the order a record's value numbers them (`allCases` makes a new array each time it is read).
    static let outcomes = Disposition.allCases

    /// The number a record's value gives `outcome`.
    static func outcomeIndex(_ outcome: Disposition) -> Int { outcomes.firstIndex(of: outcome) ?? 0 }

    /// The digest effect this record stands for (`strings`: its journal's string table).
    func effect(strings: [String]) -> EventDigest.Effect {
        switch kind {
        case .captured: return .captured(owner: RepName(strings[Int(value)]))
        case .profile: return .profile(owner: RepName(strings[Int(value)]))
        case .touched: return .touched(Self.outcomes[Int(value)])
        case .scheduled: return .scheduled(due: Date(timeIntervalSince1970: Double(bitPattern: value)))
        case .unscheduled: return .unscheduled
        case .reassigned: return .reassigned(to: RepName(strings[Int(value)]))
        case .reclaimed: return .reclaimed
        case .reopened: return .reopened
        case .revoked: return .revoked(EventID(strings[Int(value)]))
        case .other: return .other
        case .unknown: return .unknown
        }
    }
}

/// What reading one journal for the indexed open gives.
struct DigestedJournal: Sendable {
    /// The records of each share of the leads (`IndexedFold.shares`), each in the journal's order.
    var records: [[DigestedRecord]] = Array(repeating: [], count: IndexedFold.shares)
    var leads: [LeadID] = []
    /// The undos this journal holds: when, where, and the entry each withdraws.
    var undos: [(at: Double, offset: Int, target: EventID)] = []
    var strings: [String] = []
    /// How many records each lead of `leads` has in this journal.
    var leadEntryCounts: [UInt32] = []
    /// The share (`IndexedFold.share`) of each lead of `leads`.
    var leadShares: [UInt8] = []
    var problems: [LoadProblem] = []
    var torn: LoadProblem?
    var cursor = JournalScan()
    var lastRecordOffset: Int?
    /// The latest time an entry of the journal was written at (its own time, not its place in
    /// replay order: a batch of a thousand entries written in one second has orders a millisecond
    /// apart that run past that second).
    var latestTime: Double?
    /// The file is too large for 32-bit offsets: the desk is replayed whole instead.
    var tooLarge = false
    /// The offset of every valid record, in file order (only when the open checks journals whole).
    var recordOffsets: [UInt32] = []
}

extension DigestedRecord: @unchecked Sendable {}

extension FileEventStore {
    /// Opens the desk by reading a digest of every journal entry (who, when, what changes a list
    /// line) on every core, without decoding entries whole or following the hash chain: each
    /// record's framing, checksum and sequence are checked, and every journal is listed in
    /// `uncheckedJournals` so the desk follows its chain while idle. Leads are read back from the
    /// journals when shown (`JournalArchive`).
    ///
    /// With `checkingWhole` (a full compaction), the digest pass also follows each journal's hash
    /// chain and notes where every record is, so no journal is read a second time to check it:
    /// `uncheckedJournals` is empty, and `entriesLeftToDecode` names the entries no lead holds
    /// (the snapshot writer decodes all the others), which `checkRest(of:)` decodes.
    public func loadIndexed(checkingWhole: Bool = false) throws -> DeskLoad {
        cursors = [:]
        problems = []
        ownEvents = []
        decodesOnCheck = true
        Self.mapLargeBlocksAlone()
        defer { Self.mapLargeBlocksAlone(false) }
        let journals = try trustedJournals()
        let paths = journals.map(folder.journalPath)
        let started = DispatchTime.now().uptimeNanoseconds
        // Journals are mapped rather than copied, except on a network file system. Each is mapped
        // under its writers' lock, shared: a Ctrl-Z that stopped this process now would keep that
        // journal's writer waiting until it went on, so the terminal's stop key is ignored until
        // the journals are read (about as long as a keystroke takes to type).
        let mayMap = fileSystemWarning == nil
        if mayMap { SignalIgnorer.stopKey.ignore() }
        var digested: [DigestedJournal]
        do {
            defer { if mayMap { SignalIgnorer.stopKey.restore() } }
            digested = try Parallel.map(journals.count) { index in
                try Self.digest(journals[index], path: paths[index], mayMap: mayMap, checkingWhole: checkingWhole)
            }
        }
        let digestedAt = DispatchTime.now().uptimeNanoseconds
        let tracing = ProcessInfo.processInfo.environment["BEBACK_LOAD_TRACE"] != nil
        let peakAfterDigest = tracing ? Self.memoryFigures() : ""
        Self.returnFreedMemory()
        if digested.contains(where: \.tooLarge) {
            decodesOnCheck = false
            return try loadEverything()
        }
        var result = LoadResult()
        var sources: [JournalArchive.Source] = []
        for (index, journal) in digested.enumerated() {
            result.problems += journal.problems
            if let torn = journal.torn { result.tornTails.append(torn) }
            cursors[journals[index]] = journal.cursor
            let fd = try Posix.open(paths[index], O_RDONLY | Posix.noFollow)
            sources.append(JournalArchive.Source(journal: journals[index], path: paths[index], fd: fd, salt: journal.cursor.header?.salt ?? 0))
        }
        problems = result.problems
        let openJournals = JournalArchive.Sources(sources)
        var fold = try IndexedFold.run(&digested, reader: JournalArchive(sources: openJournals))
        let foldedAt = DispatchTime.now().uptimeNanoseconds
        Self.returnFreedMemory()
        defer {
            if tracing {
                let finished = DispatchTime.now().uptimeNanoseconds
                FileHandle.standardError.write(
                    Data(
                        ("load: digest \((digestedAt - started) / 1_000_000) ms (\(peakAfterDigest)), "
                            + "fold \((foldedAt - digestedAt) / 1_000_000) ms (\(Self.memoryFigures())), "
                            + "leads listed \((finished - foldedAt) / 1_000_000) ms\n").utf8))
            }
        }
        let (shares, places, directory) = fold.takeLeads()
        let archive = JournalArchive(sources: openJournals, shares: shares, places: places, directory: directory)
        let state = DeskState(
            archive: archive, orphanEvents: fold.orphanEvents, unknownEventCount: fold.unknownEventCount,
            eventCount: fold.eventCount, lastEventAt: digested.compactMap(\.latestTime).max().map { Date(timeIntervalSince1970: $0) },
            revokedEvents: fold.revokedEvents.map(\.rawValue).sorted().map { EventID($0) })
        let last = fold.last
        var marks: [JournalMark]?
        if result.problems.isEmpty {
            var lastOffsets: [JournalName: Int] = [:]
            for (index, journal) in digested.enumerated() { if let offset = journal.lastRecordOffset { lastOffsets[journals[index]] = offset } }
            marks = cursors.sorted { $0.key < $1.key }.compactMap { journal, cursor -> JournalMark? in
                guard let header = cursor.header else { return nil }
                return JournalMark(
                    journal: journal, salt: header.salt, headerLength: header.length, validEnd: cursor.validEnd,
                    lastSequence: cursor.lastSequence, lastRecordOffset: lastOffsets[journal] ?? header.length,
                    chainHash: cursor.nextPrevious, recordCount: cursor.recordCount)
            }
        }
        let lastKey = last.flatMap { last in
            archive.sequence(at: last.location).map {
                ReplayKey(at: last.at, journal: journals[Int(last.location >> 40)], sequence: $0)
            }
        }
        var load = DeskLoad(
            state: state, problems: result.problems, tornTails: result.tornTails, notes: [],
            replayedEntries: fold.eventCount, usedSnapshot: false, marks: marks, lastKey: lastKey,
            uncheckedJournals: checkingWhole ? [] : journals, archive: archive)
        if checkingWhole {
            let inForce = archive.entryOffsetsInForce()
            var left: [JournalName: [UInt32]] = [:]
            for (index, journal) in journals.enumerated() {
                left[journal] = Self.offsets(digested[index].recordOffsets, without: inForce[journal] ?? [])
                digested[index].recordOffsets = []
            }
            load.entriesLeftToDecode = left
        }
        return load
    }

    /// The offsets of `all` (sorted) that are not in `taken` (sorted).
    static func offsets(_ all: [UInt32], without taken: [UInt32]) -> [UInt32] {
        var left: [UInt32] = []
        var next = 0
        for offset in all {
            while next < taken.count, taken[next] < offset { next += 1 }
            if next < taken.count, taken[next] == offset { continue }
            left.append(offset)
        }
        return left
    }

    /// While the open runs, has glibc give every large block (a journal's records, a read buffer)
    /// its own mapping, returned to the system as soon as it is freed: left to itself, glibc raises
    /// that bar each time such a block is freed, and the blocks after it stay resident once freed.
    /// `false` sets the bar where glibc would have raised it (32 MB) for the rest of the session,
    /// so the desk's lists, made and freed at every key, do not map and unmap memory each time.
    static func mapLargeBlocksAlone(_ alone: Bool = true) {
        typealias SetOption = @convention(c) (Int32, Int32) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
        let mmapThreshold: Int32 = -3  // M_MMAP_THRESHOLD in malloc.h
        _ = unsafeBitCast(symbol, to: SetOption.self)(mmapThreshold, alone ? 256 * 1024 : 32 * 1024 * 1024)
    }

    /// The process's peak and current resident memory, for `BEBACK_LOAD_TRACE`.
    static func memoryFigures() -> String {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        return status.split(separator: "\n").filter { $0.hasPrefix("VmHWM") || $0.hasPrefix("VmRSS") }
            .map { $0.split(whereSeparator: \.isWhitespace).joined(separator: " ") }.joined(separator: ", ")
    }

    /// Gives memory the reading threads freed back to the system: each thread allocates from its
    /// own pool, and what one freed the next phase's threads would not reuse.
    static func returnFreedMemory() {
        // glibc's malloc_trim, looked up at run time (malloc.h is not part of Swift's Glibc module).
        typealias Trim = @convention(c) (Int) -> Int32
        guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "malloc_trim") else { return }
        _ = unsafeBitCast(symbol, to: Trim.self)(0)
    }

    /// Reads one journal, checks each record's framing and checksum, and digests every entry.
    ///
    /// The journal is mapped from the page cache a window at a time when its writers' lock can be had
    /// (`JournalWindowScan.scanMapped`), else read a window at a time: either way about a megabyte of
    /// it is in memory at once, not the whole file (two journals whole at once, one per core, were
    /// the largest part of an indexed open's peak memory).
    /// With `checkingWhole`, the hash chain is followed too and every record's offset is noted.
    static func digest(_ journal: JournalName, path: String, mayMap: Bool, checkingWhole: Bool = false) throws -> DigestedJournal {
        var result = DigestedJournal()
        let expectedSize = Posix.fileSize(path)
        guard expectedSize < DigestedRecord.offsetLimit else {
            result.tooLarge = true
            return result
        }
        var reader = JournalDigester(journal: journal, path: path, result: result, fileSize: expectedSize, notingOffsets: checkingWhole)
        var scan: JournalScan
        var fileSize: Int
        if mayMap,
            let mapped = try JournalWindowScan.scanMapped(
                path, lockPath: path + ".lock", verifyChain: checkingWhole, visit: { record, payload in reader.add(record, payload: payload) })
        {
            (scan, fileSize) = mapped
        } else {
            // A mapping that stopped part way handed some records over already: start again.
            reader = JournalDigester(journal: journal, path: path, result: result, fileSize: expectedSize, notingOffsets: checkingWhole)
            scan = try JournalWindowScan.scan(path, verifyChain: checkingWhole) { record, payload in reader.add(record, payload: payload) }
            fileSize = scan.validEnd + (scan.tornTail?.count ?? 0)
        }
        guard fileSize < DigestedRecord.offsetLimit else {
            result.tooLarge = true
            return result
        }
        result = reader.result
        if reader.tooLarge {
            result.tooLarge = true
            return result
        }
        result.problems = scan.problems.map { LoadProblem(journal: journal, path: path, problem: $0) } + result.problems
        result.lastRecordOffset = reader.lastRecordOffset
        result.torn = scan.tornTail.map {
            LoadProblem(
                journal: journal, path: path,
                problem: JournalProblem(kind: .corruptRecord, offset: $0.lowerBound, detail: "incomplete last record (\($0.count) bytes)"))
        }
        scan.records = []
        scan.tornTail = nil
        result.cursor = scan
        return result
    }
}

extension DigestedRecord: MergeableEntry {
    var mergeTime: Double { at }
    var mergePosition: UInt64 { UInt64(offset) }
}
