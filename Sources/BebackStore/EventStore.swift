import BebackCodec
import BebackDomain
import Foundation

/// Which journal of a desk an event goes to: each rep's own lead calendar, or the desk's.
public enum JournalName: Hashable, Comparable, Sendable, CustomStringConvertible {
    case rep(RepName)
    case desk

    /// The journal's file name inside the desk's `journals` folder.
    public var fileName: String {
        switch self {
        case .rep(let rep): return "rep-\(rep.rawValue).journal"
        case .desk: return "desk.journal"
        }
    }

    /// The journal a file name stands for, if it is one.
    public init?(fileName: String) {
        if fileName == "desk.journal" { self = .desk; return }
        guard fileName.hasPrefix("rep-"), fileName.hasSuffix(".journal") else { return nil }
        let rep = RepName(String(fileName.dropFirst(4).dropLast(8)))
        guard rep.isValid else { return nil }
        self = .rep(rep)
    }

    public var description: String { fileName }

    public static func < (lhs: JournalName, rhs: JournalName) -> Bool { lhs.fileName < rhs.fileName }
}

/// An event as the store holds it: where it sits in which journal.
public struct StoredEvent: Equatable, Sendable {
    public var event: Event
    public var journal: JournalName
    public var sequence: UInt64
    /// Byte offset of its record (0 for the in-memory store).
    public var offset: Int
    /// Its place in the desk's causal order, in milliseconds (`EntryOrder`): the order it was
    /// written with, or its time for an entry written before orders were kept.
    public var order: UInt64

    public init(event: Event, journal: JournalName, sequence: UInt64, offset: Int, order: UInt64? = nil) {
        self.event = event
        self.journal = journal
        self.sequence = sequence
        self.offset = offset
        self.order = order ?? EntryOrder.milliseconds(event.at.timeIntervalSince1970)
    }

    /// Replay order across journals: causal order (`EntryOrder`), then journal, then sequence.
    /// Well defined and stable; for entries written before orders were kept it is their time.
    public static func replayOrder(_ lhs: StoredEvent, _ rhs: StoredEvent) -> Bool {
        if lhs.order != rhs.order { return lhs.order < rhs.order }
        if lhs.journal != rhs.journal { return lhs.journal < rhs.journal }
        return lhs.sequence < rhs.sequence
    }
}

/// A problem found while loading, with the journal it is in.
public struct LoadProblem: Equatable, Sendable, CustomStringConvertible {
    public var journal: JournalName
    public var path: String
    public var problem: JournalProblem

    public var description: String { "\(path): \(problem)" }
}

/// What loading a desk gives: every event in replay order, plus what was found wrong.
public struct LoadResult: Equatable, Sendable {
    public var events: [StoredEvent]
    /// Damage that makes the desk read-only (reported with file and offset).
    public var problems: [LoadProblem]
    /// Incomplete last records (not yet written, or cut short by a crash): the writer sets them aside.
    public var tornTails: [LoadProblem]

    public init(events: [StoredEvent] = [], problems: [LoadProblem] = [], tornTails: [LoadProblem] = []) {
        self.events = events
        self.problems = problems
        self.tornTails = tornTails
    }

    /// The folded desk.
    public var state: DeskState { DeskState(replaying: events.map(\.event)) }
}

/// Where a desk's events live. Appends are durable when they return; loading replays every journal
/// in a well-defined order; `poll` brings in what other processes appended since.
/// One conformance suite runs against every implementation.
public protocol EventStore: AnyObject, JournalUpkeep {
    /// Appends events to one journal; returns only when they are saved (synced). Throws and saves nothing otherwise.
    func append(_ events: [Event], to journal: JournalName) throws -> [StoredEvent]
    /// Appends entries that are a past being written down (a demo desk, an imported export's history),
    /// each at its own time; stores that check times against the journal's last entry do not here.
    @discardableResult
    func appendHistory(_ events: [Event], to journal: JournalName) throws -> [StoredEvent]
    /// Readies the first append of `rep` to `journal` (a store whose first write pays for caches warms
    /// them); writes nothing, and says nothing when it cannot. Nothing to do for most stores.
    func prepareToAppend(to journal: JournalName, by rep: RepName)
    /// Whether another process told this store it appended since the last `poll` (a database's
    /// notification): a screen polls at once instead of at its next idle tick. False for most stores.
    var hasNews: Bool { get }
    /// Every event of every journal, in replay order, and the problems found.
    func load() throws -> LoadResult
    /// Events that appeared since the last `load` or `poll` (from any process), in replay order.
    func poll() throws -> [StoredEvent]
    /// Why the store refuses every write (an unreachable database, a folder that refuses writes), or nil.
    var readOnlyReason: String? { get }
    /// Why the store refuses writes to this journal: damage in it (found at load or since), or
    /// whatever refuses every write; nil when it accepts them. Damage in one journal blocks only it.
    func readOnlyReason(for journal: JournalName) -> String?
    /// A one-line warning about where the journals are kept (a network file system), or nil.
    var fileSystemWarning: String? { get }
}

extension EventStore {
    @discardableResult
    public func appendHistory(_ events: [Event], to journal: JournalName) throws -> [StoredEvent] { try append(events, to: journal) }
    public func prepareToAppend(to journal: JournalName, by rep: RepName) {}
    public var hasNews: Bool { false }
    public var fileSystemWarning: String? { nil }
    public func readOnlyReason(for journal: JournalName) -> String? { readOnlyReason }
}
