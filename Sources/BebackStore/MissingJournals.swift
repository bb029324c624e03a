import BebackDomain
import Foundation

/// Journals the desk knows should be there but are not: one the snapshot covers, or the one that
/// captured a lead desk.journal's entries refer to (moving `rep-ann.journal` away must not pass
/// `verify` as a smaller, healthy desk).
public enum MissingJournals {
    /// One line per missing journal (or lead whose capture no journal holds).
    public static func problems(in folder: DeskFolder, events: [StoredEvent], appVersion: String) -> [String] {
        var problems: [String] = []
        let present = Set((try? folder.journals()) ?? [])
        let file = SnapshotFile(folder)
        if access(file.path, F_OK) == 0, let layout = try? SnapshotLayout(path: file.path, appVersion: appVersion) {
            for mark in layout.marks where !present.contains(mark.journal) {
                problems.append("\(folder.journalPath(mark.journal)) is missing: the snapshot covers \(mark.recordCount) records of it")
            }
            // The delta on this snapshot covers journals too, some begun after the snapshot was written.
            let reported = Set(layout.marks.map(\.journal))
            if access(file.deltaPath, F_OK) == 0, let delta = try? SnapshotLayout(path: file.deltaPath, appVersion: appVersion, delta: true),
                delta.base == layout.checksum
            {
                for mark in delta.marks where !present.contains(mark.journal) && !reported.contains(mark.journal) {
                    problems.append("\(folder.journalPath(mark.journal)) is missing: the snapshot's delta covers \(mark.recordCount) records of it")
                }
            }
        }
        var captured: Set<LeadID> = []
        for stored in events { if case .captured = stored.event.payload { captured.insert(stored.event.lead) } }
        var reported: Set<LeadID> = []
        // desk.journal's entries (flags, reclaims, assignments) each name a lead a rep's journal captured.
        for stored in events where stored.journal == .desk && !captured.contains(stored.event.lead) && !reported.contains(stored.event.lead) {
            if case .unknown = stored.event.payload { continue }
            reported.insert(stored.event.lead)
            problems.append(
                "\(folder.journalPath(stored.journal)) at offset \(stored.offset) refers to lead \(stored.event.lead), which no journal captured: a journal is missing"
            )
        }
        return problems
    }
}
