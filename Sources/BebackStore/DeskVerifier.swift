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
    public var records = 0
    public var leads = 0
    public var reps: [RepName] = []
    public var firstEntry: Date?
    public var lastEntry: Date?
    /// Entries of kinds this build does not know (kept byte for byte, ignored by the fold).
    public var unknownKinds = 0
    /// The desk folded from every record (what a snapshot must equal).
    public var state = DeskState()

    /// Journals the snapshot or other journals know of that are gone (`MissingJournals`).
    public var missing: [String] = []

    /// Whether the desk passed (a torn tail alone is not damage: it is set aside on the next write).
    public var passed: Bool { problems.isEmpty && duplicates.isEmpty && missing.isEmpty }
}

/// Checks a whole desk folder without taking any lock.
public enum DeskVerifier {
    public static func verify(_ folder: DeskFolder, appVersion: String = "") throws -> VerifyReport {
        var report = VerifyReport()
        var seen: Set<EventID> = []
        var duplicates: [EventID] = []
        var allEvents: [StoredEvent] = []
        for journal in try folder.journals() {
            let path = folder.journalPath(journal)
            let bytes = try Posix.readFile(path)
            let scan = JournalScan.scan(bytes)
            report.problems += scan.problems.map { LoadProblem(journal: journal, path: path, problem: $0) }
            if let torn = scan.tornTail {
                report.tornTails.append(LoadProblem(journal: journal, path: path, problem: JournalProblem(
                    kind: .corruptRecord, offset: torn.lowerBound, detail: "incomplete last record (\(torn.count) bytes), set aside on the next write")))
            }
            report.journals.append(.init(journal: journal, path: path, records: scan.recordCount, bytes: bytes.count))
            for record in scan.records {
                do {
                    let event = try EventCodec.decode(bytes[record.payload])
                    if !seen.insert(event.id).inserted { duplicates.append(event.id) }
                    allEvents.append(StoredEvent(event: event, journal: journal, sequence: record.sequence, offset: record.offset))
                } catch {
                    report.problems.append(LoadProblem(journal: journal, path: path, problem: JournalProblem(
                        kind: .corruptRecord, offset: record.offset, detail: "entry does not decode")))
                }
            }
        }
        allEvents.sort(by: StoredEvent.replayOrder)
        let state = DeskState(replaying: allEvents.map(\.event))
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
