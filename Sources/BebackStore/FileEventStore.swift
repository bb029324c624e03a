#if canImport(Glibc)
    import Glibc
#endif
import BebackCodec
import BebackDomain
import Foundation

/// The desk's events in append-only journal files, one per rep plus one for the desk.
/// Readers never take the lock; an incomplete last record is "not yet written". Damage in the
/// middle of a journal is reported with file and offset and refuses writes to that journal only:
/// one bad journal blocks its own rep, never the others.
public final class FileEventStore: EventStore {
    public let folder: DeskFolder
    private var writers: [JournalName: JournalWriter] = [:]
    /// Per journal: the scan state up to the last record delivered.
    var cursors: [JournalName: JournalScan] = [:]
    var ownEvents: Set<EventID> = []
    /// The latest causal order (`EntryOrder`) among the entries this store has read or written.
    var latestOrder: UInt64 = 0
    var problems: [LoadProblem] = []
    /// Journals being checked whole on another thread (`checkInBackground`).
    var backgroundChecks: [JournalName: BackgroundCheck] = [:]
    /// Whether checking a journal also decodes every entry whole: set by an indexed open, which
    /// read only each entry's digest (`loadIndexed`).
    public internal(set) var decodesOnCheck = false
    /// The desk's keys, which checks in the background make way for.
    public let activity = DeskActivity()
    private let clock: any Clock
    private let fileSystem: any JournalFileSystem
    /// Set when an append was refused for good (EACCES, EPERM, EROFS): the desk keeps running read-only.
    private var writeRefusal: String?
    /// A one-line warning when the journals are on a network file system, else nil.
    public let fileSystemWarning: String?
    /// Journals the desk does not trust (on a shared host: owned by the wrong account), with why: never
    /// read, never written, and no snapshot is used while there are any.
    public var distrusted: [JournalName: String] = [:]
    /// The accounts whose snapshot the desk opens from (nil: any). On a shared host a snapshot is a
    /// cache any rep's compaction may write, so a desk trusts only its own account's, a manager's
    /// or root's; another's is ignored (the desk replays the journals instead).
    public var trustedSnapshotWriters: Set<String>?
    /// The rep whose desk this is, when it shows only their leads and the pool's (a rep's desk and
    /// `due`): the desk then opens on those sections of the snapshot only (`SnapshotLayout`); nil:
    /// the whole desk (a manager, every other command).
    public var openFocus: RepName?
    /// The time sanity of new entries (none on a demo desk with a fixed clock).
    public var writeTimeRule: WriteTimeRule?
    /// How long an append waits for a journal's lock held by another process (`lock_wait_seconds`).
    public var lockWaitSeconds: Double = 10
    /// Told who holds a journal's lock once an append has waited 200 ms for it.
    public var onLockWait: ((String) -> Void)?

    public init(
        folder: DeskFolder, clock: any Clock = SystemClock(),
        fileSystem: any JournalFileSystem = PosixJournalFileSystem.shared
    ) throws {
        guard folder.exists else { throw StoreError.noDesk(folder.root.path) }
        self.folder = folder
        self.clock = clock
        self.fileSystem = fileSystem
        let journals = folder.journalsDirectory.path
        journalsPath = journals
        fileSystemWarning = NetworkFileSystem.warning(for: journals, type: fileSystem.fileSystemType(journals))
    }

    /// `folder.journalsDirectory.path`, made once: the desk asks `readOnlyReason` at every key.
    private let journalsPath: String

    /// What refuses every write: a write refused for good, or a folder that refuses writes. Damage
    /// in a journal refuses writes to that journal only (`readOnlyReason(for:)`).
    public var readOnlyReason: String? {
        if let writeRefusal { return writeRefusal }
        if let code = fileSystem.writeRefusal(directory: journalsPath) {
            return "\(String(cString: strerror(code))): \(journalsPath) refuses writes"
        }
        return nil
    }

    public func readOnlyReason(for journal: JournalName) -> String? {
        if let problem = problems.first(where: { $0.journal == journal }) { return problem.description }
        return readOnlyReason
    }

    public func append(_ events: [Event], to journal: JournalName) throws -> [StoredEvent] {
        try append(events, to: journal, afterSeen: true)
    }

    /// Appends entries that are history being written down (a demo desk): each is ordered by its
    /// own time, after the journal's last record only, not after everything this store has seen.
    @discardableResult
    public func appendHistory(_ events: [Event], to journal: JournalName) throws -> [StoredEvent] {
        try append(events, to: journal, afterSeen: false)
    }

    private func append(_ events: [Event], to journal: JournalName, afterSeen: Bool) throws -> [StoredEvent] {
        if let reason = readOnlyReason(for: journal) { throw StoreError.readOnly(reason) }
        let path = folder.journalPath(journal)
        if let why = distrusted[journal] { throw StoreError.refused("\(path): not written: \(why)") }
        let writer = writers[journal] ?? JournalWriter(path: path, name: journal.fileName, fileSystem: fileSystem)
        writers[journal] = writer
        writer.lockWaitSeconds = lockWaitSeconds
        writer.onLockWait = onLockWait
        writer.checkBeforeAppend = writeTimeRule.map { rule in
            { lastPayload in
                let last = lastPayload.flatMap { try? EventCodec.decode($0) }?.at
                try rule.check(events.map(\.at), after: last, path: path, history: !afterSeen)
            }
        }
        var orders: [UInt64] = []
        let appended: [AppendedRecord]
        do {
            // Ordered under the journal's lock: after every entry this store has seen, and after the
            // journal's own last record (another process may have written it since).
            // Each entry is encoded when its turn comes: a large batch is never held whole as bytes.
            let journalPath = folder.journalPath(journal)
            appended = try writer.append(at: clock.now) { (journalLast: UInt64) -> JournalWriter.EntrySource in
                var latest = max(afterSeen ? latestOrder : 0, journalLast)
                orders = []
                orders.reserveCapacity(events.count)
                return JournalWriter.EntrySource(count: events.count) { index in
                    let event = events[index]
                    latest = EntryOrder.next(at: event.at, after: latest)
                    orders.append(latest)
                    do { return (try EventCodec.encode(event, order: latest), latest) } catch {
                        throw StoreError.badPayload(path: journalPath, offset: 0, detail: "cannot encode \(event.payload.kind): \(error)")
                    }
                }
            }
        } catch let error as StoreError where error.isPermanentRefusal {
            writeRefusal = error.description
            throw error
        }
        for event in events { ownEvents.insert(event.id) }
        if let last = orders.last { latestOrder = max(latestOrder, last) }
        return zip(zip(events, appended), orders).map { pair, order in
            StoredEvent(event: pair.0, journal: journal, sequence: pair.1.sequence, offset: pair.1.offset, order: order)
        }
    }

    /// Saw entries: the next one written is ordered after them.
    func sawOrders(_ events: some Sequence<StoredEvent>) {
        for stored in events where stored.order > latestOrder { latestOrder = stored.order }
    }

    public func load() throws -> LoadResult {
        var (result, lists) = try readEverything()
        result.events = ReplayMerge.merged(lists)
        sawOrders(result.events)
        return result
    }

    /// Reads every journal from the start (each on its own core) and resets the read positions:
    /// the problems found and each journal's events in its own order, for `ReplayMerge`.
    func readEverything() throws -> (LoadResult, [[StoredEvent]]) {
        cursors = [:]
        problems = []
        ownEvents = []
        var result = LoadResult()
        let journals = try trustedJournals()
        let paths = journals.map(folder.journalPath)
        let reads = try Parallel.map(journals.count) { index in try Self.read(journals[index], path: paths[index], after: nil) }
        for (journal, read) in zip(journals, reads) {
            guard let read else { continue }
            result.problems.append(contentsOf: read.problems)
            if let torn = read.torn { result.tornTails.append(torn) }
            cursors[journal] = read.cursor
        }
        problems = result.problems
        return (result, reads.map { $0?.events ?? [] })
    }

    public func poll() throws -> [StoredEvent] {
        var fresh: [StoredEvent] = []
        for journal in try trustedJournals() {
            let (events, journalProblems, _) = try read(journal)
            problems.append(contentsOf: journalProblems)
            for stored in events {
                if ownEvents.remove(stored.event.id) == nil { fresh.append(stored) }
            }
        }
        fresh.sort(by: StoredEvent.replayOrder)
        sawOrders(fresh)
        return fresh
    }

    /// The journals present that the desk trusts, sorted.
    func trustedJournals() throws -> [JournalName] {
        try folder.journals().filter { distrusted[$0] == nil }
    }

    /// The problems found so far (damage that keeps the desk read-only).
    public var knownProblems: [LoadProblem] { problems }

    /// What one read of a journal found: new events, new problems, a torn tail and where to go on from.
    struct JournalRead: Sendable {
        var events: [StoredEvent]
        var problems: [LoadProblem]
        var torn: LoadProblem?
        var cursor: JournalScan
    }

    /// Reads a journal from where the last read stopped; returns new events, new problems and a torn tail.
    private func read(_ journal: JournalName) throws -> ([StoredEvent], [LoadProblem], LoadProblem?) {
        guard let read = try Self.read(journal, path: folder.journalPath(journal), after: cursors[journal]) else { return ([], [], nil) }
        cursors[journal] = read.cursor
        return (read.events, read.problems, read.torn)
    }

    /// Reads a journal after `previous` (the whole journal when nil); nil when nothing was appended.
    static func read(_ journal: JournalName, path: String, after previous: JournalScan?) throws -> JournalRead? {
        // A poll reads only what was appended since the last look: nothing at all when the size is unchanged.
        let base = previous?.header == nil ? 0 : previous?.validEnd ?? 0
        if let previous, previous.header != nil, Posix.fileSize(path) <= previous.validEnd { return nil }
        let bytes = try Posix.readFile(path, from: base)
        if let previous, base + bytes.count <= previous.validEnd { return nil }
        let scan = bytes.withUnsafeBytes { buffer in
            if let previous, base > 0 { return JournalScan.scanTail(buffer, from: base, resume: Self.withoutRecords(previous)) }
            return JournalScan.scan(buffer, startingAt: previous?.validEnd ?? 0, resume: previous.map(Self.withoutRecords))
        }
        var events: [StoredEvent] = []
        events.reserveCapacity(scan.records.count)
        var found = scan.problems.dropFirst(previous?.problems.count ?? 0).map { LoadProblem(journal: journal, path: path, problem: $0) }
        bytes.withUnsafeBytes { buffer in
            for record in scan.records {
                do {
                    let payload = UnsafeRawBufferPointer(rebasing: buffer[(record.payload.lowerBound - base)..<(record.payload.upperBound - base)])
                    let (event, order) = try EventCodec.decodeStamped(payload)
                    events.append(StoredEvent(event: event, journal: journal, sequence: record.sequence, offset: record.offset, order: order))
                } catch {
                    found.append(
                        LoadProblem(
                            journal: journal, path: path,
                            problem: JournalProblem(kind: .corruptRecord, offset: record.offset, detail: "unreadable entry: \(Self.describe(error))")))
                }
            }
        }
        let torn = scan.tornTail.map {
            LoadProblem(
                journal: journal, path: path,
                problem: JournalProblem(kind: .corruptRecord, offset: $0.lowerBound, detail: "incomplete last record (\($0.count) bytes)"))
        }
        return JournalRead(events: events, problems: found, torn: torn, cursor: Self.withoutRecords(scan))
    }

    private static func withoutRecords(_ scan: JournalScan) -> JournalScan {
        var copy = scan
        copy.records = []
        copy.tornTail = nil
        return copy
    }

    static func describe(_ error: any Error) -> String {
        if case DecodingError.dataCorrupted(let context) = error { return context.debugDescription }
        if case DecodingError.keyNotFound(let key, _) = error { return "missing field '\(key.stringValue)'" }
        if case DecodingError.typeMismatch(_, let context) = error { return "wrong type at \(context.codingPath.map(\.stringValue).joined(separator: "."))" }
        return "\(error)"
    }
}
