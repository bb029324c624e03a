import BebackDomain
import BebackExchange
import BebackText
import Foundation

/// What an import did (or would do, for a dry run), printed after the mapping: counts, duplicates,
/// rejects with their lines and reasons, and the journal entries saved.
struct ImportSummary {
    let file: String
    let plan: ImportPlan
    let events: ImportEvents
    let dryRun: Bool
    let policy: DuplicatePolicy
    let rejectPath: String
    let readSeconds: Double
    var writeSeconds: Double?
    var saved: [(RepName, Int)] = []
    /// How many duplicates and rejects are listed one by one.
    let listed = 10

    /// New leads by owner (the drafts themselves are not kept: a large import frees them before it writes).
    let owners: [RepName: Int]

    init(file: String, plan: ImportPlan, events: ImportEvents, dryRun: Bool, policy: DuplicatePolicy, rejectPath: String, readSeconds: Double) {
        self.file = file
        var counts: [RepName: Int] = [:]
        for draft in plan.drafts { counts[draft.profile.owner, default: 0] += 1 }
        owners = counts
        var kept = plan
        kept.drafts = []
        self.plan = kept
        self.events = events
        self.dryRun = dryRun
        self.policy = policy
        self.rejectPath = rejectPath
        self.readSeconds = readSeconds
    }

    func print() {
        let n = ProgressReport.grouped
        let would = dryRun ? "would import" : "imported"
        let owners = self.owners
            .sorted { $0.key < $1.key }.map { "\($0.key) \(n($0.value))" }.joined(separator: ", ")
        let newLeads = events.newLeads.count
        out("read \(count(plan.records, "record")) in \(seconds(readSeconds))" + (plan.blankLines > 0 ? " (\(n(plan.blankLines)) blank lines skipped)" : ""))
        out(
            "\(would) \(count(newLeads, "new lead"))"
                + (newLeads > 0 ? " (\(owners)), " + (events.carriesHistory ? "each with its history and next step" : "each with its first follow-up") : ""))
        let merged = plan.count(.merged), unchanged = plan.count(.unchanged), skipped = plan.count(.skipped)
        if merged + unchanged + skipped > 0 {
            var parts: [String] = []
            if merged > 0 { parts.append("\(n(merged)) merged (their new details added to the lead)") }
            if unchanged > 0 { parts.append("\(n(unchanged)) brought nothing new") }
            if skipped > 0 { parts.append("\(n(skipped)) skipped" + (policy == .skip ? " (--duplicates merge adds their new details)" : "")) }
            out("duplicates (same phone or email): " + parts.joined(separator: ", "))
            for duplicate in plan.duplicates.prefix(listed) { out("  \(duplicate.description)") }
            if plan.duplicates.count > listed { out("  … and \(n(plan.duplicates.count - listed)) more") }
        }
        if plan.rejects.isEmpty {
            out("rejected 0")
        } else {
            let sorted = plan.rejects.sorted { $0.line < $1.line }
            out("rejected \(n(sorted.count)): " + (dryRun ? "dry run, no reject file written" : "written with their lines and reasons to \(rejectPath)"))
            for rejection in sorted.prefix(listed) { out("  line \(rejection.line): \(rejection.reason)") }
            if sorted.count > listed { out("  … and \(n(sorted.count - listed)) more" + (dryRun ? "" : " in \(rejectPath)")) }
        }
        if !plan.warnings.isEmpty {
            let sorted = plan.warnings.sorted { $0.line < $1.line }
            out("imported with a value left out \(n(sorted.count)): " + (dryRun ? "dry run, nothing written" : "listed with their lines in \(rejectPath)"))
            for warning in sorted.prefix(listed) { out("  line \(warning.line): \(warning.reason)") }
            if sorted.count > listed { out("  … and \(n(sorted.count - listed)) more") }
        }
        for (word, count) in plan.tally.sorted(by: { $0.key < $1.key }) { out("\(word): \(n(count))") }
        if dryRun {
            out("dry run: \(n(events.eventCount)) journal \(events.eventCount == 1 ? "entry" : "entries") would be written; nothing was written")
        } else if let writeSeconds, !saved.isEmpty {
            let journals = saved.map { "rep-\($0.0).journal \(n($0.1))" }.joined(separator: ", ")
            out(
                "saved \(n(events.eventCount)) journal \(events.eventCount == 1 ? "entry" : "entries") in \(saved.count) batch\(saved.count == 1 ? "" : "es") (\(journals)) in \(seconds(writeSeconds))"
            )
        } else {
            out("nothing new to save")
        }
    }

    /// "1 new lead", "2 new leads", "10,000 records".
    private func count(_ value: Int, _ noun: String) -> String { "\(ProgressReport.grouped(value)) \(noun)\(value == 1 ? "" : "s")" }

    private func seconds(_ value: Double) -> String { String(format: "%.1f s", value) }

    /// Prints one line of the summary, made safe for the terminal (reasons quote the file's cells).
    private func out(_ line: String) { Swift.print(SafeText.sanitize(line)) }
}
