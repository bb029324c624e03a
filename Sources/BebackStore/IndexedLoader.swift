#if canImport(Glibc)
import Glibc
#endif
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
        case captured, profile, touched, scheduled, unscheduled, reassigned, reclaimed, revoked, other, unknown
    }

    /// Every outcome, in the order a record's value numbers them (`allCases` makes a new array each time it is read).
    static let outcomes = Disposition.allCases

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
    var problems: [LoadProblem] = []
    var torn: LoadProblem?
    var cursor = JournalScan()
    var lastRecordOffset: Int?
    /// The file is too large for 32-bit offsets: the desk is replayed whole instead.
    var tooLarge = false
}

extension DigestedRecord: @unchecked Sendable {}

extension FileEventStore {
    /// Opens the desk by reading a digest of every journal entry (who, when, what changes a list
    /// line) on every core, without decoding entries whole or following the hash chain: each
    /// record's framing, checksum and sequence are checked, and every journal is listed in
    /// `uncheckedJournals` so the desk follows its chain while idle. Leads are read back from the
    /// journals when shown (`JournalArchive`).
    public func loadIndexed() throws -> DeskLoad {
        cursors = [:]
        problems = []
        ownEvents = []
        decodesOnCheck = true
        let journals = try folder.journals()
        let paths = journals.map(folder.journalPath)
        let started = DispatchTime.now().uptimeNanoseconds
        var digested = try Parallel.map(journals.count, scratch: { ReadBuffer() }) { index, buffer in
            try Self.digest(journals[index], path: paths[index], buffer: buffer)
        }
        let digestedAt = DispatchTime.now().uptimeNanoseconds
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
            let fd = try Posix.open(paths[index], O_RDONLY)
            sources.append(JournalArchive.Source(journal: journals[index], path: paths[index], fd: fd, salt: journal.cursor.header?.salt ?? 0))
        }
        problems = result.problems
        let openJournals = JournalArchive.Sources(sources)
        var fold = try IndexedFold.run(&digested, reader: JournalArchive(sources: openJournals, leads: []))
        let foldedAt = DispatchTime.now().uptimeNanoseconds
        Self.returnFreedMemory()
        if ProcessInfo.processInfo.environment["BEBACK_LOAD_TRACE"] != nil {
            let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
            let memory = status.split(separator: "\n").filter { $0.hasPrefix("VmHWM") || $0.hasPrefix("VmRSS") }.joined(separator: " ")
            FileHandle.standardError.write(Data("load: digest \((digestedAt - started) / 1_000_000) ms, fold \((foldedAt - digestedAt) / 1_000_000) ms, \(memory)\n".utf8))
        }
        let archive = JournalArchive(sources: openJournals, leads: fold.takeLeads())
        let state = DeskState(archive: archive, orphanEvents: fold.orphanEvents, unknownEventCount: fold.unknownEventCount,
                              eventCount: fold.eventCount, lastEventAt: fold.lastEventAt,
                              revokedEvents: fold.revokedEvents.map(\.rawValue).sorted().map { EventID($0) })
        let last = fold.last
        var marks: [JournalMark]?
        if result.problems.isEmpty {
            var lastOffsets: [JournalName: Int] = [:]
            for (index, journal) in digested.enumerated() { if let offset = journal.lastRecordOffset { lastOffsets[journals[index]] = offset } }
            marks = cursors.sorted { $0.key < $1.key }.compactMap { journal, cursor -> JournalMark? in
                guard let header = cursor.header else { return nil }
                return JournalMark(journal: journal, salt: header.salt, headerLength: header.length, validEnd: cursor.validEnd,
                                   lastSequence: cursor.lastSequence, lastRecordOffset: lastOffsets[journal] ?? header.length,
                                   chainHash: cursor.nextPrevious, recordCount: cursor.recordCount)
            }
        }
        let lastKey = last.flatMap { last in
            archive.sequence(at: last.location).map {
                ReplayKey(at: last.at, journal: journals[Int(last.location >> 40)], sequence: $0)
            }
        }
        return DeskLoad(state: state, problems: result.problems, tornTails: result.tornTails, notes: [],
                        replayedEntries: fold.eventCount, usedSnapshot: false, marks: marks, lastKey: lastKey,
                        uncheckedJournals: journals, archive: archive)
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
    static func digest(_ journal: JournalName, path: String, buffer: ReadBuffer) throws -> DigestedJournal {
        let bytes = try buffer.read(path)
        var result = DigestedJournal()
        guard bytes.count < DigestedRecord.offsetLimit else {
            result.tooLarge = true
            return result
        }
        var scan = JournalScan.scan(bytes, verifyChain: false)
        var leadIndex: [LeadID: UInt32] = [:]
        var stringIndex: [String: UInt64] = [:]
        func intern(_ text: String) -> UInt64 {
            if let index = stringIndex[text] { return index }
            let index = UInt64(result.strings.count)
            result.strings.append(text)
            stringIndex[text] = index
            return index
        }
        for share in result.records.indices { result.records[share].reserveCapacity(scan.records.count / IndexedFold.shares + 16) }
        result.problems = scan.problems.map { LoadProblem(journal: journal, path: path, problem: $0) }
        do {
            for record in scan.records {
                let digest: EventDigest
                do {
                    digest = try EventDigest.read(UnsafeRawBufferPointer(rebasing: bytes[record.payload]))
                } catch {
                    result.problems.append(LoadProblem(journal: journal, path: path, problem: JournalProblem(
                        kind: .corruptRecord, offset: record.offset, detail: "unreadable entry: \(Self.describe(error))")))
                    continue
                }
                let lead: UInt32
                if let known = leadIndex[digest.lead] {
                    lead = known
                } else {
                    guard result.leads.count + 1 < DigestedRecord.leadLimit else {
                        result.tooLarge = true
                        return result
                    }
                    lead = UInt32(result.leads.count)
                    result.leads.append(digest.lead)
                    result.leadEntryCounts.append(0)
                    leadIndex[digest.lead] = lead
                }
                result.leadEntryCounts[Int(lead)] += 1
                let kind: DigestedRecord.Kind, value: UInt64
                switch digest.effect {
                case .captured(let owner): (kind, value) = (.captured, intern(owner.rawValue))
                case .profile(let owner): (kind, value) = (.profile, intern(owner.rawValue))
                case .touched(let outcome): (kind, value) = (.touched, UInt64(DigestedRecord.outcomes.firstIndex(of: outcome) ?? 0))
                case .scheduled(let due): (kind, value) = (.scheduled, due.timeIntervalSince1970.bitPattern)
                case .unscheduled: (kind, value) = (.unscheduled, 0)
                case .reassigned(let rep): (kind, value) = (.reassigned, intern(rep.rawValue))
                case .reclaimed: (kind, value) = (.reclaimed, 0)
                case .revoked(let target):
                    (kind, value) = (.revoked, intern(target.rawValue))
                    result.undos.append((digest.at.timeIntervalSince1970, record.offset, target))
                case .other: (kind, value) = (.other, 0)
                case .unknown: (kind, value) = (.unknown, 0)
                }
                result.records[IndexedFold.share(of: digest.lead)].append(DigestedRecord(
                    at: digest.at.timeIntervalSince1970, value: value, offset: record.offset, lead: Int(lead), tag: DigestFold.tag(digest.id), kind: kind))
            }
        }
        result.lastRecordOffset = scan.records.last?.offset
        result.torn = scan.tornTail.map {
            LoadProblem(journal: journal, path: path,
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
