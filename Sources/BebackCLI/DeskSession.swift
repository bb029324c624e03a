import BebackDomain
import BebackStore
import Foundation

/// One open desk: the store, the folded state, the rep at the keyboard, the clock and the id source.
/// Every change goes through `save`: append (synced) first, fold after; a failed append changes nothing.
public final class DeskSession {
    public let store: any EventStore
    public private(set) var state: DeskState
    public let rep: RepName
    public let clock: any Clock
    public let policy: CadencePolicy
    public let deskTimeZone: TimeZone
    public private(set) var loadProblems: [LoadProblem]
    public private(set) var tornTails: [LoadProblem]
    /// Each rep's open leads by due time, updated lead by lead as entries arrive.
    public private(set) var dueIndex: DueIndex
    /// The call script templates the desk's prompter fills (set by the desk command; empty otherwise).
    public var scripts = ScriptTemplateSet()
    /// The desk's own call scripts as its store keeps them (PostgreSQL), when it keeps any: they take the place of `DESK/scripts`.
    public var storedScripts: [ScriptSource]?
    /// The desk's own message templates as its store keeps them (PostgreSQL), when it keeps any: they take the place of `DESK/templates`.
    public var storedTemplates: [ScriptSource]?
    /// desk.conf as loaded, and what the person at the keyboard may see and change (set by `DeskOptions`).
    public var config = DeskConfig()
    public var access: DeskAccess?
    /// Journals the desk refused to trust at open (on a shared host: owned by the wrong account), one line each.
    public var trustAlerts: [String] = []
    /// Why every write of this session is refused (on a shared host: a clock fixed by `--at`), or nil.
    public var writeRefusal: String?
    /// Why the desk's snapshot was not used, when it was there (shown as a note at open).
    public private(set) var loadNotes: [String] = []
    /// The desk as opened, kept when opening replayed many entries: written as the snapshot when the rep quits.
    /// It holds each lead's history arrays (shared, not copied), not the leads dictionary, so the first
    /// save does not copy the whole desk.
    public private(set) var snapshotOnQuit: DeskSnapshot?
    /// The desk as an indexed open found it, when that open was worth a snapshot: its leads are
    /// read back from the journals and written as the snapshot at quit (not at open, which must be fast).
    private var indexedOpenToSnapshot: DeskLoad?
    /// Whether the desk opened from its snapshot with enough entries after it (`deltaAfterQuitThreshold`)
    /// that the snapshot is brought up to date (a delta, `SnapshotRefresh`) in the background at quit.
    private var refreshAfterQuit = false
    /// Journals opened from the snapshot whose older records are still to be checked (one per idle moment).
    public private(set) var uncheckedJournals: [JournalName] = []
    /// Where the desk's leads come from when it opened from a snapshot or by an indexed open.
    private var archive: (any LeadArchive)?
    /// How many of the archive's problems have been reported.
    private var reportedArchiveProblems = 0
    var ids: SeededIDGenerator

    /// Opening that replayed at least this many journal entries writes a snapshot at quit, so the next open is fast.
    public static let snapshotOnQuitThreshold = 20_000
    /// Opening from a snapshot that read at least this many entries after it refreshes it at quit.
    public static let deltaAfterQuitThreshold = 200

    public init(
        store: any EventStore, rep: RepName, clock: any Clock, policy: CadencePolicy = .standard,
        deskTimeZone: TimeZone = .current, idSeed: UInt64 = UInt64.random(in: 1...UInt64.max), preloaded: DeskLoad? = nil
    ) throws {
        self.store = store
        self.rep = rep
        self.clock = clock
        self.policy = policy
        self.deskTimeZone = deskTimeZone
        self.ids = SeededIDGenerator(seed: idSeed)
        if let preloaded {
            state = preloaded.state
            loadProblems = preloaded.problems
            tornTails = preloaded.tornTails
            loadNotes = preloaded.notes
            uncheckedJournals = preloaded.uncheckedJournals
            archive = preloaded.archive
            let worthIt = preloaded.replayedEntries >= Self.snapshotOnQuitThreshold || !preloaded.notes.isEmpty
            if worthIt, preloaded.archive is JournalArchive {
                indexedOpenToSnapshot = preloaded
            } else if preloaded.archive is SnapshotArchive {
                // Only what changed since the snapshot is written, in the background (not its whole desk at quit).
                refreshAfterQuit = preloaded.replayedEntries >= Self.deltaAfterQuitThreshold || !preloaded.notes.isEmpty
            } else if worthIt {
                snapshotOnQuit = preloaded.snapshot(appVersion: BebackVersion.current)
            }
        } else {
            let loaded = try store.load()
            state = loaded.state
            loadProblems = loaded.problems
            tornTails = loaded.tornTails
        }
        dueIndex = DueIndex.onTwoCores(state)
    }

    /// Why this desk refuses writes (damage found in a journal this person writes to, a read-only
    /// folder), or nil. Says what and where, and what to run: it is the banner of a read-only desk.
    /// Damage in another rep's journal does not make this desk read-only (see `otherJournalNotes`).
    public var readOnlyReason: String? {
        ownJournals.lazy.compactMap { self.writeRefusal(for: $0) }.first
    }

    /// The one write gate: why a write to `journal` is refused (damage found in it at open or since,
    /// a store that refuses it), or nil. The desk's banner and its refusals of keys are this gate
    /// asked for the journals this person writes to; `save` asks it before every append.
    public func writeRefusal(for journal: JournalName) -> String? {
        if let problem = loadProblems.first(where: { $0.journal == journal }) { return Self.banner(for: problem) }
        return store.readOnlyReason(for: journal)
    }

    /// The journals this desk writes to: the rep's own, and the desk's for a manager.
    public var ownJournals: [JournalName] {
        access?.isManager == true ? [.rep(rep), .desk] : [.rep(rep)]
    }

    /// One line per journal of someone else that cannot be written (damage), and per file in
    /// `journals/` that is skipped (a symbolic link): what the person at this desk is told, while
    /// their own saves go on.
    public var otherJournalNotes: [String] {
        var notes: [String] = []
        var seen: Set<JournalName> = []
        for problem in loadProblems where !ownJournals.contains(problem.journal) && seen.insert(problem.journal).inserted {
            let whose: String
            if case .rep(let other) = problem.journal { whose = "\(other)'s saves are refused" } else { whose = "the desk's manager steps are refused" }
            notes.append(
                "\(problem.journal.fileName) damaged at offset \(problem.problem.offset) (\(problem.problem.kind.rawValue)): \(whose) until 'beback salvage'; every other journal is read and written as usual"
            )
        }
        notes += store.refusedFileNotes()
        return notes
    }

    /// One line for the read-only banner: which journal, what, at which byte offset, and what to do.
    public static func banner(for problem: LoadProblem) -> String {
        let detail = problem.problem
        if detail.kind == .newerVersion || detail.detail.contains("is newer than this build") {
            return "\(problem.journal.fileName) was written by a newer beback (\(detail.detail)); update beback to change this desk"
        }
        return "\(problem.journal.fileName) damaged at offset \(detail.offset) (\(detail.kind.rawValue)): run beback salvage"
    }

    /// A one-line warning about the desk's disk (a network file system), or nil.
    public var fileSystemWarning: String? { store.fileSystemWarning }

    public var actions: LeadActions { LeadActions(engine: CadenceEngine(policy: policy), rep: rep) }
    public var now: Date { clock.now }

    /// Appends events to the rep's journal (or `journal`: the desk's, for a manager's steps) and folds them once they are synced.
    @discardableResult
    public func save(_ events: [Event], to journal: JournalName? = nil) throws -> [StoredEvent] {
        let target = journal ?? .rep(rep)
        if let writeRefusal { throw CLIError(writeRefusal) }
        if config.trust == .sharedHost, target != .rep(rep), !(target == .desk && access?.isManager == true) {
            throw CLIError(
                "\(target.fileName): on a shared-host desk \(rep) writes only \(JournalName.rep(rep).fileName)\(access?.isManager == true ? " and desk.journal" : "")"
            )
        }
        try checkBeforeWriting(target)
        let started = DispatchTime.now().uptimeNanoseconds
        let stored = try store.append(events, to: target)
        appendMicros.append((DispatchTime.now().uptimeNanoseconds - started) / 1000)
        fold(stored.map(\.event))
        return stored
    }

    /// Readies the store for this rep's first save, unless the desk is read-only: a PostgreSQL desk
    /// warms its connection with an append it rolls back (`PostgresEventStore.prepareToAppend`).
    public func prepareToSave() {
        guard writeRefusal == nil, readOnlyReason == nil else { return }
        store.prepareToAppend(to: .rep(rep), by: rep)
    }

    /// How long each append of this session took, written and synced (microseconds), until taken:
    /// the desk's trace shows it beside the whole key's time.
    private var appendMicros: [UInt64] = []

    /// The appends timed since the last call.
    public func takeAppendTimes() -> [UInt64] {
        defer { appendMicros = [] }
        return appendMicros
    }

    /// Nothing is appended after damage: a journal the snapshot vouched for (not read at open) is
    /// checked whole before its first append, and damage found in it at open or since refuses the
    /// write (damage in another journal does not).
    public func checkBeforeWriting(_ journal: JournalName) throws {
        if let index = uncheckedJournals.firstIndex(of: journal) {
            uncheckedJournals.remove(at: index)
            let found = try store.checkJournal(journal)
            if !found.isEmpty {
                loadProblems += found
                snapshotOnQuit = nil
                indexedOpenToSnapshot = nil
                refreshAfterQuit = false
            }
        }
        if let reason = writeRefusal(for: journal) { throw StoreError.readOnly(reason) }
    }

    /// Whether another process's entries wait (a database's notification came since the last refresh).
    public var hasNews: Bool { store.hasNews }

    /// Brings in entries other processes saved since the last look; returns how many.
    @discardableResult
    public func refresh() throws -> Int {
        let fresh = try store.poll()
        fold(fresh.map(\.event))
        return fresh.count
    }

    private func fold(_ events: [Event]) {
        let leads = Set(events.map(\.lead))
        let before = Dictionary(uniqueKeysWithValues: leads.map { ($0, DueIndex.placement(of: $0, in: state)) })
        for event in events { state.apply(event) }
        for lead in leads { dueIndex.update(lead, was: before[lead] ?? nil, in: state) }
        if doNotContactCache != nil { for lead in leads { doNotContactCache?.update(lead, in: state) } }
        finder.update(leads, in: state.leads)
        onFold?(events)
    }

    /// Hears of every entry folded into the state, in order (the manager's background report folds them too).
    public var onFold: (([Event]) -> Void)?

    /// The find index over every lead (`/` at the desk): built on the first find, then kept up to
    /// date as entries fold, this session's and other processes'.
    public let finder = LeadFinderCache()

    /// The desk-wide do-not-contact list: read from the desk once, on first use, then kept up to date
    /// as entries fold. It reads every closed lead, so an opening desk never builds it: the desk asks
    /// for it when a key that needs it (dial, capture, edit) is pressed.
    public var doNotContact: DoNotContactList {
        if let list = doNotContactCache { return list }
        let list = DoNotContactList(state: state)
        doNotContactCache = list
        return list
    }

    /// The list when it has been built (nil before its first use).
    public var doNotContactIfBuilt: DoNotContactList? { doNotContactCache }

    private var doNotContactCache: DoNotContactList?

    /// The due list now, for this rep (or every rep).
    public func dueList(allReps: Bool = false, rep other: RepName? = nil) -> [DueItem] {
        DueListBuilder(timeZone: deskTimeZone).build(from: state, at: now, rep: allReps ? nil : (other ?? rep), index: dueIndex)
    }

    /// The rep pressed a key: the store's background work gives way for a moment.
    public func keyPressed() { store.keyPressed() }

    /// Makes a fresh id generator state available to the pure lead actions, and stores it back.
    public func withIDs<T>(_ body: (inout SeededIDGenerator) throws -> T) rethrows -> T {
        try body(&ids)
    }

    /// Has the leads' list lines kept once read, when they come from the journals (an interactive
    /// desk redraws its due list after every key).
    public func keepLeadSummaries() {
        (archive as? JournalArchive)?.keepSummaries()
    }

    /// How many leads at the top of the due list `readAheadInBackground` reads whole.
    static let leadsReadAhead = 40
    /// How many of those it reads first, before the list lines: the rep's first keys move to them.
    static let leadsReadFirst = 4

    /// Reads ahead on another core, after an indexed open (where each lead comes from the journals;
    /// from a snapshot this costs little and is not done): the first few leads of the due list and
    /// its last one whole (the rep's first keys go there: down, or to the end), then every listed
    /// lead's list line, so the first filter finds them read, then the rest of the leads at the top
    /// of the due list whole, since the rep moves down through them and the lead pane shows each
    /// one's history.
    public func readAheadInBackground(_ leads: [LeadID]) {
        let table = state.leads
        if archive is JournalArchive {
            // Below the desk's own thread (nice 10, a thread of its own: a pool thread would keep it),
            // so a key wakes the desk ahead of it on a busy core.
            let thread = Thread {
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
                for lead in leads.prefix(Self.leadsReadFirst) + leads.suffix(1) { _ = table[lead] }
                for lead in leads { _ = table.summary(lead) }
                for lead in leads.prefix(Self.leadsReadAhead).dropFirst(Self.leadsReadFirst) { _ = table[lead] }
            }
            thread.name = "beback-read-ahead"
            thread.start()
        } else if archive?.readsOverNetwork == true {
            // A database's leads: the top of the list first (one read), then the rest of the rep's
            // list up to a bound, in batches, so moving down it (or to its end) does not wait for the server.
            DispatchQueue.global(qos: .userInitiated).async {
                table.readAhead(leads.prefix(Self.leadsReadAhead))
                table.readAhead(leads.suffix(Self.leadsReadAhead))
                table.readAhead(leads.prefix(Self.networkLeadsReadAhead).dropFirst(Self.leadsReadAhead))
            }
        }
    }

    /// Tells a database's archive the due list's order, so a lead the desk must wait for comes with
    /// its neighbours in the list (the next keys move to them) in the same round trip.
    public func listOrder(_ leads: [LeadID]) {
        guard archive?.readsOverNetwork == true else { return }
        state.leads.listOrder(leads)
    }

    /// How many of the listed leads are read ahead from a database.
    static let networkLeadsReadAhead = 2_000

    /// Whether the desk opened by digests (`loadIndexed`) with enough entries to be worth a snapshot,
    /// and nothing wrong was found: the desk command then has the snapshot written in the background.
    /// Also when the desk opened from a snapshot with many entries after it: the background
    /// compaction then writes a delta of the leads changed since.
    public var wantsSnapshotAfterIndexedOpen: Bool { (indexedOpenToSnapshot != nil || refreshAfterQuit) && loadProblems.isEmpty }

    /// Writes the desk as opened as its snapshot, when opening replayed many entries (see
    /// `snapshotOnQuitThreshold`); a failure only costs speed, so it is reported as a note.
    public func writeSnapshotAtQuit() {
        guard snapshotOnQuit != nil || indexedOpenToSnapshot != nil, loadProblems.isEmpty, store.readOnlyReason == nil else { return }
        let snapshot = snapshotOnQuit, opened = indexedOpenToSnapshot
        snapshotOnQuit = nil
        indexedOpenToSnapshot = nil
        do {
            // After an indexed open the leads are read from the journals and written one at a time.
            guard let chunks = try opened?.snapshotChunks(appVersion: BebackVersion.current) ?? snapshot.map({ [try $0.encoded()] }) else { return }
            try store.writeSnapshot(chunks: chunks)
        } catch {
            FileHandle.standardError.write(Data("beback: note: no snapshot written (\(error)); the next open replays the journals\n".utf8))
        }
    }

    /// A lead the snapshot (or, after an indexed open, the journals) could not give back since the
    /// last look (nil when none): said on the desk, with what to run. A full replay (`beback compact`)
    /// rewrites the snapshot from the journals; `beback verify` reads every journal entry whole.
    public func newSnapshotProblem() -> String? {
        guard let archive, case let problems = archive.problems, problems.count > reportedArchiveProblems else { return nil }
        reportedArchiveProblems = problems.count
        if archive is JournalArchive { return "journals: \(problems[problems.count - 1]); run 'beback verify'" }
        return "snapshot: \(problems[problems.count - 1]); run 'beback compact --full' (the journals are intact)"
    }

    /// Starts checking, on another core, every journal the open did not check whole (the rep's own
    /// first, so the desk's first save finds its check done): the idle moments then take the results
    /// without waiting.
    public func checkJournalsInBackground() {
        guard !uncheckedJournals.isEmpty else { return }
        let own = JournalName.rep(rep)
        let ordered = uncheckedJournals.contains(own) ? [own] + uncheckedJournals.filter { $0 != own } : uncheckedJournals
        store.checkInBackground(ordered)
    }

    /// Checks the next journal the snapshot vouched for (every record, as a full replay would have).
    /// Returns the damage found in a journal this desk writes to: it makes the desk read-only, with
    /// the same banner as damage found at open. Damage in another rep's journal is kept (it refuses
    /// that journal's writes, and shows in `otherJournalNotes`) but not returned.
    @discardableResult
    public func checkNextUncheckedJournal() -> [LoadProblem] {
        guard let journal = uncheckedJournals.first else { return [] }
        // A check running in the background is taken once it is done: an idle moment never waits.
        if store.checkStarted(journal), !store.backgroundCheckFinished(journal) { return [] }
        uncheckedJournals.removeFirst()
        guard let found = try? store.checkJournal(journal), !found.isEmpty else { return [] }
        loadProblems += found
        snapshotOnQuit = nil
        indexedOpenToSnapshot = nil
        refreshAfterQuit = false
        return found.filter { ownJournals.contains($0.journal) }
    }
}
