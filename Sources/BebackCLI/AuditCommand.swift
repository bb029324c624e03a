import ArgumentParser
import BebackDesk
import BebackDomain
import BebackStore
import BebackText
import Foundation

/// `beback audit`: who follows up and who does not, with the leads behind every miss.
struct AuditCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Audit the follow-up practice: the team board, compliance, and the leads behind each miss.",
        discussion: "A rep may audit only their own calendar; a manager (--manager) any rep's or the whole team's.")

    @OptionGroup var desk: DeskOptions
    @Option(name: .customLong("for"), help: ArgumentHelp("Only this rep (default: the whole team for a manager, yourself for a rep).", valueName: "rep"))
    var only: String?
    @Option(help: ArgumentHelp("Start of the period, e.g. '2026-11-01' (default: Monday of this week).", valueName: "instant"))
    var since: String?

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession()
            let rep: RepName? = only.map { RepName($0) } ?? (session.viewer.isManager ? nil : session.rep)
            try session.viewer.requireAudit(of: rep)
            let period = try session.period(since: since, options: desk)
            let sheet = TeamSheet(state: session.state, config: session.config, period: period, only: rep)
            print(AuditText(sheet: sheet, state: session.state, policy: session.policy, now: session.now).text, terminator: "")
        }
    }
}

/// The audit as text: the board and compliance tables, then per rep the leads behind each miss and the idle leads.
struct AuditText {
    let sheet: TeamSheet
    let state: DeskState
    let policy: CadencePolicy
    let now: Date

    func names(_ leads: [LeadID]) -> String {
        leads.map { id in "\(id) \(SafeText.sanitize(state.leads[id]?.profile.name ?? ""))" }.joined(separator: ", ")
    }

    /// Each rep's snoozes in the period (who snoozed, not who owns the lead now), oldest first.
    var snoozes: [RepName: [(lead: LeadState, at: Date, snooze: Snooze)]] {
        var byRep: [RepName: [(lead: LeadState, at: Date, snooze: Snooze)]] = [:]
        for lead in state.leads.values {
            for event in lead.events {
                guard case .snoozed(let snooze) = event.payload, sheet.compliance.period.contains(event.at) else { continue }
                byRep[event.actor, default: []].append((lead, event.at, snooze))
            }
        }
        return byRep.mapValues { $0.sorted { ($0.at, $0.lead.id) < ($1.at, $1.lead.id) } }
    }

    var text: String {
        let snoozes = snoozes
        var lines = ["Audit · \(sheet.periodText)", ""]
        lines += sheet.boardLines.map { "  " + $0 }
        lines.append("")
        lines += sheet.complianceLines.map { "  " + $0 }
        for row in sheet.compliance.rows {
            lines += ["", "\(row.rep)"]
            let misses: [(String, [LeadID])] = [
                ("walkouts not followed up within \(policy.firstFollowUpHours)h", row.walkoutsMissed),
                ("voicemails not retried the next working day", row.voicemailsNotRetried),
                ("closed as lost with fewer than \(policy.minimumTouchesBeforeLost) touches", row.lostEarly),
                ("follow-ups without a purpose", row.withoutPurpose),
                ("long-term check-ins late", row.longTermLate),
                ("wins without an after-sale call", row.winsWithoutAftercare)
            ]
            for (label, leads) in misses where !leads.isEmpty { lines.append("  \(label): \(names(leads))") }
            let idle = state.leads(ownedBy: row.rep).compactMap { lead -> (LeadState, IdleStatus)? in
                let status = IdleStatus.of(lead, at: now, policy: policy)
                return status == .fresh ? nil : (lead, status)
            }.sorted { $0.0.id < $1.0.id }
            for (lead, status) in idle {
                let state: String
                switch status {
                case .flagged(let days, let left): state = "flagged: \(days) working days past due, reclaimed in \(left)"
                case .escalated(let days, let left): state = "ESCALATED: \(days) working days past due, reclaimed in \(left)"
                case .reclaimable(let days): state = "RECLAIMABLE: \(days) working days past due"
                case .fresh: state = ""
                }
                lines.append("  idle \(lead.id) \(SafeText.sanitize(lead.profile.name)): \(state)")
            }
            let snoozed = snoozes[row.rep] ?? []
            if !snoozed.isEmpty { lines.append("  snoozes (moved without a touch): \(snoozed.count)") }
            for entry in snoozed {
                let time = HumanTime(timeZone: entry.lead.profile.contact.timeZone, now: now)
                lines.append(
                    "  snoozed \(entry.lead.id) \(SafeText.sanitize(entry.lead.profile.name)) on \(time.day(entry.at)): "
                        + "\(time.dayAndClock(entry.snooze.from)) → \(time.dayAndClock(entry.snooze.until)) · \(SafeText.sanitize(entry.snooze.reason))")
            }
            if row.misses == 0, idle.isEmpty, snoozed.isEmpty { lines.append("  no miss, no idle lead") }
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
