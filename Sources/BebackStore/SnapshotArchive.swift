#if canImport(Glibc)
    import Glibc
#endif
import BebackDomain
import Foundation
import Synchronization

/// A snapshot file, with the delta on top of it when there is one, as the desk's archive of leads:
/// opening reads their directories (merged by id: a delta's lead replaces the snapshot's, and the
/// snapshot's leads the delta lists as gone are left out); a lead is read from its file, decoded
/// and folded the first time it is used, then kept.
///
/// Opened for one rep (`focus`), the directories are only the sections of the rep and the pool
/// (`SnapshotLayout`), and the snapshot's leads the delta moved to another owner are left out too;
/// any other lead (one an entry after the snapshot names) is found by its id (`leadOutside`).
public final class SnapshotArchive: LeadArchive, @unchecked Sendable {
    let base: SnapshotLayout
    let delta: SnapshotLayout?
    public let directory: [ArchivedLead]
    /// Per directory position: where the lead is, in `base` (0 or more) or in `delta` (-1 - its position).
    private let sources: [Int32]
    private let book = LeadArchiveBook()

    init(layout: SnapshotLayout, delta: SnapshotLayout? = nil) {
        base = layout
        self.delta = delta
        guard let delta else {
            directory = layout.directory
            sources = Array(0..<Int32(layout.directory.count))
            return
        }
        let gone = Set(delta.removed).union(delta.leftInFocus)
        var merged: [ArchivedLead] = [], from: [Int32] = []
        merged.reserveCapacity(layout.directory.count + delta.directory.count)
        from.reserveCapacity(layout.directory.count + delta.directory.count)
        var old = 0, new = 0
        let olds = layout.directory, news = delta.directory
        while old < olds.count || new < news.count {
            if new < news.count, old == olds.count || news[new].id <= olds[old].id {
                if old < olds.count, olds[old].id == news[new].id { old += 1 }
                merged.append(news[new])
                from.append(-1 - Int32(new))
                new += 1
            } else {
                if !gone.contains(olds[old].id) {
                    merged.append(olds[old])
                    from.append(Int32(old))
                }
                old += 1
            }
        }
        directory = merged
        sources = from
    }

    /// The file and position within it of the lead at `position`.
    func source(of position: Int) -> (layout: SnapshotLayout, position: Int) {
        let from = Int(sources[position])
        if from >= 0 { return (base, from) }
        return (delta ?? base, -1 - from)
    }

    /// Whether the lead at `position` comes from the delta.
    func isFromDelta(_ position: Int) -> Bool { sources[position] < 0 }

    public var holdsPartOfDesk: Bool { base.focus != nil }

    /// Leads found outside the directory, by id (nil: looked for, not there).
    private let outsideLock = NSLock()
    private var outside: [LeadID: LeadState?] = [:]

    public func leadOutside(_ id: LeadID) -> LeadState? {
        guard holdsPartOfDesk else { return nil }
        if let found = outsideLock.withLock({ outside[id] }) { return found }
        let lead = readOutside(id)
        outsideLock.withLock { outside[id] = .some(lead) }
        return lead
    }

    public func forEachLeadOutside(skipping skip: (LeadID) -> Bool, _ body: (LeadState) -> Void) {
        guard holdsPartOfDesk else { return }
        let inside = Set(directory.map(\.id)), removed = Set(delta?.removed ?? [])
        // A lead the delta holds is read from it, not from the snapshot below.
        let inDelta = Set(book.recordingFailure(of: LeadID("(the delta's locator)")) { try delta?.allIDs() ?? [] } ?? [])
        func visit(_ layout: SnapshotLayout, from file: String, _ wanted: (LeadID) -> Bool) {
            _ = book.recordingFailure(of: LeadID("(the \(file)'s locator)")) {
                try layout.forEachLocated { id, located in
                    guard !inside.contains(id), wanted(id), !skip(id) else { return }
                    let lead = book.recordingFailure(of: id) { () throws -> LeadState? in
                        guard let lead = LeadState(restoring: try layout.events(of: located)), lead.id == id else {
                            throw SnapshotReadError(offset: 0, reason: "its history does not start with its capture")
                        }
                        return lead
                    }
                    if let lead = lead ?? nil { body(lead) }
                }
            }
        }
        visit(base, from: "snapshot") { !removed.contains($0) && !inDelta.contains($0) }
        if let delta { visit(delta, from: "delta") { _ in true } }
    }

    /// A lead outside the directory read from the delta (when it has it) or the snapshot, by its id.
    private func readOutside(_ id: LeadID) -> LeadState? {
        book.recordingFailure(of: id) { () throws -> LeadState? in
            var events: [Event]?
            if let delta, let located = try delta.locate(id) {
                events = try delta.events(of: located)
            } else if delta?.removed.contains(id) != true, let located = try base.locate(id) {
                events = try base.events(of: located)
            }
            guard let events else { return nil }
            guard let lead = LeadState(restoring: events), lead.id == id else {
                throw SnapshotReadError(offset: 0, reason: "its history does not start with its capture")
            }
            return lead
        } ?? nil
    }

    /// The leads of the whole desk (every section) on the do-not-contact list: a desk opened on a
    /// few sections reads them (`leadOutside`) to know every number and address not to contact.
    public var doNotContactLeads: [LeadID] {
        Array(Set(base.onDoNotContactList).union(delta?.onDoNotContactList ?? []))
    }

    public func lead(at position: Int) -> LeadState? {
        let (layout, at) = source(of: position)
        return book.lead(at: position, id: directory[position].id) { try layout.events(at: at) }
    }

    public func transientLead(at position: Int) -> LeadState? {
        let (layout, at) = source(of: position)
        return book.transientLead(at: position, id: directory[position].id) { try layout.events(at: at) }
    }

    public func summary(at position: Int) -> LeadSummary? {
        if let kept = summaries.withLock({ $0[position] }) { return kept }
        let (layout, at) = source(of: position)
        let summary = book.recordingFailure(of: directory[position].id) { try layout.summary(at: at) }
        if let summary {
            summaries.withLock { kept in
                if kept.count >= Self.summariesKept { kept.removeAll(keepingCapacity: true) }
                kept[position] = summary
            }
        }
        return summary
    }

    /// List lines read lately, by position: the desk draws the due rows in view at every key, and the
    /// files do not change under an open archive. At most `summariesKept` (then emptied and refilled).
    private let summaries = Mutex<[Int: LeadSummary]>([:])
    static let summariesKept = 4_096

    public func nextFollowUp(at position: Int) -> FollowUp? {
        let (layout, at) = source(of: position)
        return book.recordingFailure(of: directory[position].id) { try layout.nextFollowUp(at: at) } ?? nil
    }

    /// How many leads have been decoded so far.
    public var decodedCount: Int { book.decodedCount }

    /// Leads that could not be decoded (a snapshot that passed its checksum but not its reader).
    public var problems: [String] { book.problems }
}
