import BebackDomain
import Foundation

/// What an open desk asks of its store beyond appends and polls: the work a file store does behind
/// the desk's back (records a snapshot vouched for, checked whole before the first append or in idle
/// moments; the snapshot written at quit; background work that waits for the rep's keys to pause).
/// Every store conforms through `EventStore`; one without such work (in memory, PostgreSQL) keeps the
/// defaults, which do nothing. The desk never asks which store it has.
public protocol JournalUpkeep {
    /// Opens the desk the fastest way this store knows (a snapshot, an indexed read); nil: replay `load()`.
    func openDesk(appVersion: String) throws -> DeskLoad?
    /// Checks every record of one journal; returns the damage found.
    func checkJournal(_ journal: JournalName) throws -> [LoadProblem]
    /// Starts checking these journals on another core, in this order.
    func checkInBackground(_ journals: [JournalName])
    /// Whether a background check of `journal` was started.
    func checkStarted(_ journal: JournalName) -> Bool
    /// Whether the background check of `journal` is done (its result waits for `checkJournal`).
    func backgroundCheckFinished(_ journal: JournalName) -> Bool
    /// Writes the desk's snapshot (a cache of the journals; the journals stay the truth), given in
    /// pieces written one after another (`DeskLoad.snapshotChunks`).
    func writeSnapshot(chunks: [[UInt8]]) throws
    /// The rep pressed a key: background work gives way for a moment.
    func keyPressed()
    /// When the rep last pressed a key (nil: the store does no work behind the desk's back); work
    /// the desk starts in the background waits for a pause in the typing on it.
    var keyActivity: DeskActivity? { get }
    /// One line per file the store leaves out (a symbolic link where a journal should be).
    func refusedFileNotes() -> [String]
}

extension JournalUpkeep {
    public func openDesk(appVersion: String) throws -> DeskLoad? { nil }
    public func checkJournal(_ journal: JournalName) throws -> [LoadProblem] { [] }
    public func checkInBackground(_ journals: [JournalName]) {}
    public func checkStarted(_ journal: JournalName) -> Bool { false }
    public func backgroundCheckFinished(_ journal: JournalName) -> Bool { true }
    public func writeSnapshot(chunks: [[UInt8]]) throws {}
    public func keyPressed() {}
    public var keyActivity: DeskActivity? { nil }
    public func refusedFileNotes() -> [String] { [] }
}

extension FileEventStore {
    public func openDesk(appVersion: String) throws -> DeskLoad? { try loadDesk(appVersion: appVersion, indexed: true) }
    public func writeSnapshot(chunks: [[UInt8]]) throws {
        let file = SnapshotFile(folder)
        try file.write(chunks: chunks)
        try file.removeDelta()
    }
    public func keyPressed() { activity.keyPressed() }
    public var keyActivity: DeskActivity? { activity }
    public func refusedFileNotes() -> [String] { folder.refusedJournalFiles().map(\.description) }
}
