import BebackCodec
import BebackDomain
import Foundation

/// The result of checking every record of a desk: framing, checksums, sequence, the hash chain, duplicates.
public struct VerifyReport: Equatable, Sendable {
    public struct JournalSummary: Equatable, Sendable {
        public var journal: JournalName
        public var path: String
        public var records: Int
        public var bytes: Int
    }

    public var journals: [JournalSummary] = []
    /// Damage, with file and offset.
    public var problems: [LoadProblem] = []
    /// Incomplete last records.
    public var tornTails: [LoadProblem] = []
    /// Event ids that appear more than once.
    public var duplicates: [EventID] = []
    /// Names in `journals/` that are not journal files (symbolic links...): skipped, and a failure.
    public var refusedFiles: [RefusedJournalFile] = []
    public var records = 0
    public var leads = 0
    public var reps: [RepName] = []
    public var firstEntry: Date?
    public var lastEntry: Date?
    /// Entries of kinds this build does not know (kept byte for byte, ignored by the fold).
    public var unknownKinds = 0
    /// The desk folded from every record (what a snapshot must equal).
    public var state = DeskState()

    /// Entries that apply to no lead in replay order (their lead was never captured, or was
    /// withdrawn before them): kept in the journal, never dropped silently, and a failure.
    public var orphans: [OrphanEntry] = []
    /// Journals the snapshot or other journals know of that are gone (`MissingJournals`).
    public var missing: [String] = []

    /// Whether the desk passed (a torn tail alone is not damage: it is set aside on the next write).
    public var passed: Bool { problems.isEmpty && duplicates.isEmpty && refusedFiles.isEmpty && orphans.isEmpty && missing.isEmpty }
}

/// An entry that applies to no lead when the desk is replayed: where it is and what it names.
public struct OrphanEntry: Equatable, Sendable, CustomStringConvertible {
    public var path: String
    public var offset: Int
    public var id: EventID
    public var lead: LeadID
    public var kind: String

    public var description: String {
        "\(path): entry \(id) at offset \(offset) (\(kind)) applies to no lead: lead \(lead) is not on the desk when it is replayed; the entry is kept"
    }
}

/// Checks a whole desk folder without taking any lock.
public enum DeskVerifier {
    public static func verify(_ folder: DeskFolder, appVersion: String = "") throws -> VerifyReport {
        var report = VerifyReport()
        var seen: Set<EventID> = []
        var duplicates: [EventID] = []
        var allEvents: [StoredEvent] = []
        let listing = try folder.journalListing()
        report.refusedFiles = listing.refused
        for journal in listing.journals {
            let path = folder.journalPath(journal)
            let bytes = try Posix.readFile(path)
            let scan = JournalScan.scan(bytes)
            report.problems += scan.problems.map { LoadProblem(journal: journal, path: path, problem: $0) }
            if let torn = scan.tornTail {
                report.tornTails.append(
                    LoadProblem(
                        journal: journal, path: path,
                        problem: JournalProblem(
                            kind: .corruptRecord, offset: torn.lowerBound, detail: "incomplete last record (\(torn.count) bytes), set aside on the next write"))
                )
            }
            report.journals.append(.init(journal: journal, path: path, records: scan.recordCount, bytes: bytes.count))
            for record in scan.records {
                do {
                    let (event, order) = try bytes.withUnsafeBytes { try EventCodec.decodeStamped(UnsafeRawBufferPointer(rebasing: $0[record.payload])) }
                    if !seen.insert(event.id).inserted { duplicates.append(event.id) }
                    allEvents.append(StoredEvent(event: event, journal: journal, sequence: record.sequence, offset: record.offset, order: order))
                } catch {
                    report.problems.append(
                        LoadProblem(
                            journal: journal, path: path,
                            problem: JournalProblem(
                                kind: .corruptRecord, offset: record.offset, detail: "entry does not decode")))
                }
            }
        }
        allEvents.sort(by: StoredEvent.replayOrder)
        let state = DeskState(replaying: allEvents.map(\.event))
        let orphanIDs = Set(state.orphanEvents)
        report.orphans = allEvents.filter { orphanIDs.contains($0.event.id) }.map { stored in
            OrphanEntry(
                path: folder.journalPath(stored.journal), offset: stored.offset, id: stored.event.id, lead: stored.event.lead,
                kind: stored.event.payload.kind)
        }
        report.duplicates = duplicates
        report.records = allEvents.count
        report.leads = state.leads.count
        // Entries of unknown kinds (a newer beback's, or salvage's own note) do not make their writer a rep.
        let actors = allEvents.compactMap { stored -> RepName? in
            if case .unknown = stored.event.payload { return nil }
            return stored.event.actor
        }
        report.reps = Array(Set(actors).union(state.reps)).sorted()
        report.unknownKinds = state.unknownEventCount
        report.state = state
        report.firstEntry = allEvents.first?.event.at
        report.lastEntry = allEvents.last?.event.at
        report.missing = MissingJournals.problems(in: folder, events: allEvents, appVersion: appVersion)
        return report
    }
}
