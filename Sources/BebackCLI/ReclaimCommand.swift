import ArgumentParser
import BebackDomain
import BebackStore
import BebackText
import Foundation

/// `beback reclaim`: rule 10 for the whole desk, as a manager (or cron, running as one) does it.
struct ReclaimCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reclaim",
        abstract: "Flag, escalate and reclaim leads left untouched past their due time (a manager's command; safe to run from cron).",
        discussion: """
            A lead untouched idle_flag_days working days past its due time is flagged on its rep's desk, \
            escalated to the manager at idle_escalate_days, and reclaimed to the shared pool at \
            idle_reclaim_days (3, 5 and 7 by default; set them in desk.conf). Each step is an entry in \
            the desk journal, written once: running the command again writes nothing new.
            """)

    @OptionGroup var desk: DeskOptions
    @Flag(name: .customLong("dry-run"), help: "Show what would be written, and write nothing.") var dryRun = false

    /// "reclaimed in 4 working days", or "reclaimed now" for a step a late sweep catches up on.
    static func countdown(_ mark: IdleMark, policy: CadencePolicy) -> String {
        let left = policy.idleReclaimDays - mark.days
        return left > 0 ? "reclaimed in \(left) working day\(left == 1 ? "" : "s")" : "reclaimed now"
    }

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession()
            try session.viewer.requireManager("reclaiming idle leads")
            let before = session.state
            let events = session.withIDs { ids in
                IdleSweep(policy: session.policy, actor: session.rep).events(for: session.state, at: session.now, ids: &ids)
            }
            if !dryRun, !events.isEmpty { try session.save(events, to: .desk) }
            for event in events {
                guard let lead = before.leads[event.lead] else { continue }
                let name = SafeText.sanitize(lead.profile.name)
                switch event.payload {
                case .idleFlagged(let mark):
                    print("flagged \(lead.id) (\(name), \(mark.owner)): \(mark.days) working days past due, \(Self.countdown(mark, policy: session.policy))")
                case .escalated(let mark):
                    print("escalated \(lead.id) (\(name), \(mark.owner)): \(mark.days) working days past due, \(Self.countdown(mark, policy: session.policy))")
                case .reclaimed(let mark):
                    print("reclaimed \(lead.id) (\(name)) from \(mark.owner) to the pool: \(mark.days) working days past due")
                default: break
                }
            }
            let counts = Dictionary(grouping: events, by: \.payload.kind).mapValues(\.count)
            if events.isEmpty {
                print("reclaim: nothing to do")
            } else {
                let summary =
                    "\(counts["idle-flagged", default: 0]) flagged · \(counts["escalated", default: 0]) escalated · \(counts["reclaimed", default: 0]) reclaimed"
                print(dryRun ? "reclaim (dry run, nothing written): \(summary)" : "reclaim: \(summary) (written to \(JournalName.desk.fileName))")
            }
        }
    }
}
