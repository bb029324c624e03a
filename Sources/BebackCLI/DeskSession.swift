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
    /// desk.conf as loaded, and what the person at the keyboard may see and change (set by `DeskOptions`).
    public var config = DeskConfig()
    public var access: DeskAccess?
    var ids: SeededIDGenerator

    public init(store: any EventStore, rep: RepName, clock: any Clock, policy: CadencePolicy = .standard,
                deskTimeZone: TimeZone = .current, idSeed: UInt64 = UInt64.random(in: 1...UInt64.max)) throws {
        self.store = store
        self.rep = rep
        self.clock = clock
        self.policy = policy
        self.deskTimeZone = deskTimeZone
        self.ids = SeededIDGenerator(seed: idSeed)
        let loaded = try store.load()
        state = loaded.state
        loadProblems = loaded.problems
        tornTails = loaded.tornTails
        dueIndex = DueIndex(state)
    }

    /// Why this desk refuses writes (damage found at load, a read-only folder), or nil.
    public var readOnlyReason: String? {
        if let problem = loadProblems.first { return problem.description }
        return store.readOnlyReason
    }

    /// A one-line warning about the desk's disk (a network file system), or nil.
    public var fileSystemWarning: String? { store.fileSystemWarning }

    public var commands: DeskCommands { DeskCommands(engine: CadenceEngine(policy: policy), rep: rep) }
    public var now: Date { clock.now }

    /// Appends events to the rep's journal (or `journal`: the desk's, for a manager's steps) and folds them once they are synced.
    @discardableResult
    public func save(_ events: [Event], to journal: JournalName? = nil) throws -> [StoredEvent] {
        let stored = try store.append(events, to: journal ?? .rep(rep))
        fold(stored.map(\.event))
        return stored
    }

    /// Brings in entries other processes saved since the last look; returns how many.
    @discardableResult
    public func refresh() throws -> Int {
        let fresh = try store.poll()
        fold(fresh.map(\.event))
        return fresh.count
    }

    private func fold(_ events: [Event]) {
        for event in events { state.apply(event) }
        for lead in Set(events.map(\.lead)) { dueIndex.update(lead, in: state) }
    }

    /// The due list now, for this rep (or every rep).
    public func dueList(allReps: Bool = false, rep other: RepName? = nil) -> [DueItem] {
        DueListBuilder(timeZone: deskTimeZone).build(from: state, at: now, rep: allReps ? nil : (other ?? rep), index: dueIndex)
    }

    /// Makes a fresh id generator state available to pure commands, and stores it back.
    public func withIDs<T>(_ body: (inout SeededIDGenerator) throws -> T) rethrows -> T {
        try body(&ids)
    }
}
