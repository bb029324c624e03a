#if canImport(Glibc)
    import Glibc
#endif
import BebackCodec
import BebackDomain
import Foundation

extension FileEventStore {
    /// Checks every record of one journal (framing, checksums, sequence, chain), as a full load would;
    /// after an indexed open it also decodes every entry whole (`decodesOnCheck`). Opening from a
    /// snapshot skips the records it covers, and an indexed open neither follows the chain nor reads
    /// whole entries: this is where that is done. Damage found is returned and, like damage found at
    /// load, makes the store refuse writes.
    public func checkJournal(_ journal: JournalName) throws -> [LoadProblem] {
        let path = folder.journalPath(journal)
        let scan = try backgroundChecks.removeValue(forKey: journal)?.result().get() ?? Self.scanWhole(path, decode: decodesOnCheck)
        let known = Set(problems.filter { $0.journal == journal }.map(\.problem.offset))
        let found = scan.problems.filter { !known.contains($0.offset) }.map { LoadProblem(journal: journal, path: path, problem: $0) }
        problems += found
        return found
    }

    /// Checks these journals whole now, on every core (what `compact` does after an indexed open);
    /// returns the damage found, as `checkJournal` does for one. `decodedElsewhere`: the sorted
    /// offsets, by journal, of entries the caller decodes whole itself and reports when it cannot
    /// (`DeskLoad.entriesDecodedBySnapshot`): they are checked here but not decoded a second time.
    public func checkNow(_ journals: [JournalName], decodedElsewhere: [JournalName: [UInt32]] = [:]) throws -> [LoadProblem] {
        let paths = journals.map(folder.journalPath)
        let decode = decodesOnCheck
        let skips = journals.map { decodedElsewhere[$0] ?? [] }
        let scans = try Parallel.map(journals.count) { index in try Self.scanWhole(paths[index], decode: decode, skipping: skips[index]) }
        var found: [LoadProblem] = []
        for (index, journal) in journals.enumerated() {
            let known = Set(problems.filter { $0.journal == journal }.map(\.problem.offset))
            found += scans[index].problems.filter { !known.contains($0.offset) }.map { LoadProblem(journal: journal, path: paths[index], problem: $0) }
        }
        problems += found
        return found
    }

    /// Checks what the open of `load` left unchecked before a snapshot is written of it: after an
    /// indexed open that checked every journal whole (`loadIndexed(checkingWhole:)`), decodes the
    /// entries no lead holds (`DeskLoad.entriesLeftToDecode`; the writer decodes the others), on
    /// every core, reading each journal's in file order; otherwise checks `uncheckedJournals` whole
    /// (`checkNow`). Returns the damage found, as `checkNow` does.
    public func checkRest(of load: DeskLoad) throws -> [LoadProblem] {
        guard let left = load.entriesLeftToDecode, let archive = load.archive as? JournalArchive else {
            return try checkNow(load.uncheckedJournals, decodedElsewhere: load.entriesDecodedBySnapshot ?? [:])
        }
        let journals = left.keys.sorted().filter { !(left[$0] ?? []).isEmpty }
        let scans = try Parallel.map(journals.count) { index in
            try archive.decodeEach(journals[index], offsets: left[journals[index]] ?? [])
        }
        var found: [LoadProblem] = []
        for (index, journal) in journals.enumerated() {
            let known = Set(problems.filter { $0.journal == journal }.map(\.problem.offset))
            let path = folder.journalPath(journal)
            found += scans[index].filter { !known.contains($0.offset) }.map { LoadProblem(journal: journal, path: path, problem: $0) }
        }
        problems += found
        return found
    }

    /// Whether `journal`'s check started in the background has finished (false when none was started).
    public func backgroundCheckFinished(_ journal: JournalName) -> Bool {
        backgroundChecks[journal]?.isFinished ?? false
    }

    /// Waits until every check started in the background has finished.
    public func waitForBackgroundChecks() {
        for check in backgroundChecks.values { _ = check.result() }
    }

    /// Whether a check of `journal` was started in the background.
    public func checkStarted(_ journal: JournalName) -> Bool { backgroundChecks[journal] != nil }

    /// Starts checking a journal whole on another core (the rep's own, at open, so the first save
    /// does not wait for it); `checkJournal` then takes that result instead of reading it again.
    public func checkInBackground(_ journal: JournalName) {
        checkInBackground([journal])
    }

    /// Starts checking these journals whole, one after another on one other core, in this order;
    /// `checkJournal` takes each result (waiting for it if it is not in yet).
    public func checkInBackground(_ journals: [JournalName]) {
        let fresh = journals.filter { backgroundChecks[$0] == nil }
        guard !fresh.isEmpty else { return }
        let work = fresh.map { journal -> (String, BackgroundCheck) in
            let check = BackgroundCheck()
            backgroundChecks[journal] = check
            return (folder.journalPath(journal), check)
        }
        let decode = decodesOnCheck
        let activity = self.activity
        // A thread of its own: the checks take seconds of a core after an indexed open, and the
        // rep's keys must not wait behind them (nor behind tmux or ssh). The first journal (the
        // rep's own, which the first save needs) is checked at once, below the desk's own thread
        // (nice 10: a key wakes the desk's thread ahead of it on a busy core, yet a busy shared
        // host does not starve it); each of the others waits for a moment without keys, at the
        // lowest priority. On Linux the nice value belongs to the calling thread, 0 being this one.
        let thread = Thread {
            setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
            for (index, (path, check)) in work.enumerated() {
                if index == 1 {
                    // The first save may wait for the first check; the others never: they go to the back.
                    setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
                }
                if index > 0 { activity.waitForQuiet() }
                check.finish(Result { try Self.scanWhole(path, decode: decode) })
            }
        }
        thread.name = "beback-journal-check"
        thread.start()
    }

    /// Scans a whole journal, a window at a time (`JournalWindowScan`: a journal of any size costs
    /// about a megabyte to check); with `decode`, every entry is also decoded whole and an entry
    /// that cannot be is a problem at its record's offset (as a full replay reports it), except the
    /// entries at `skipping` (sorted offsets, decoded by the caller).
    static func scanWhole(
        _ path: String, decode: Bool = false, skipping: [UInt32] = [], window: Int = JournalWindowScan.defaultWindow
    ) throws -> JournalScan {
        var unreadable: [JournalProblem] = []
        var skip = 0
        var scan = try JournalWindowScan.scan(path, window: window) { record, payload in
            guard decode else { return }
            // Records come in offset order, as the offsets to skip are sorted.
            while skip < skipping.count, Int(skipping[skip]) < record.offset { skip += 1 }
            if skip < skipping.count, Int(skipping[skip]) == record.offset { return }
            do {
                _ = try EventCodec.decode(payload)
            } catch {
                unreadable.append(JournalProblem(kind: .corruptRecord, offset: record.offset, detail: "unreadable entry: \(Self.describe(error))"))
            }
        }
        guard decode else { return scan }
        scan.problems += unreadable
        scan.problems.sort { $0.offset < $1.offset }
        return scan
    }
}

/// The outcome of a journal checked on another thread, waited for by the one that needs it.
final class BackgroundCheck: @unchecked Sendable {
    private let done = DispatchSemaphore(value: 0)
    private let lock = NSLock()
    private var outcome: Result<JournalScan, any Error>?

    func finish(_ result: Result<JournalScan, any Error>) {
        lock.withLock { outcome = result }
        done.signal()
    }

    /// Whether the check has ended.
    var isFinished: Bool { lock.withLock { outcome != nil } }

    /// Waits for the check to end.
    func result() -> Result<JournalScan, any Error> {
        done.wait()
        done.signal()
        return lock.withLock { outcome! }
    }
}

/// When the person at the desk last pressed a key: checks running in the background wait for a
/// quiet moment between journals, so the desk answers first.
public final class DeskActivity: @unchecked Sendable {
    private let lock = NSLock()
    private var lastKey: UInt64 = 0
    /// How long without a key counts as quiet.
    let quiet: UInt64 = 400_000_000

    public init() {}

    /// Notes a key (called by the desk's run loop).
    public func keyPressed() {
        keyPressed(at: DispatchTime.now().uptimeNanoseconds)
    }

    /// Notes a key at a given moment (a key the desk's thread noted after a waiting thread read the clock).
    func keyPressed(at nanoseconds: UInt64) {
        lock.withLock { lastKey = nanoseconds }
    }

    /// Returns once no key has come for `quiet`, or after `seconds` at most; checks every 50 ms.
    public func waitForQuiet(atMost seconds: Double = .infinity) {
        let deadline = seconds.isFinite ? DispatchTime.now().uptimeNanoseconds + UInt64(seconds * 1e9) : .max
        while DispatchTime.now().uptimeNanoseconds < deadline {
            // The key may be noted after `now` was read (on the desk's thread): no time has passed then.
            let now = DispatchTime.now().uptimeNanoseconds
            let last = lock.withLock { lastKey }
            if now >= last, now - last >= quiet { return }
            usleep(50_000)
        }
    }
}
