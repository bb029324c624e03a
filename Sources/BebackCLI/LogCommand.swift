import ArgumentParser
import BebackDomain
import BebackStore
import BebackText
import Foundation

/// `beback log`: records a touch's outcome and the follow-up the cadence plans after it.
struct LogCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "log",
        abstract: "Record the outcome of a touch; the next follow-up is planned by the cadence rules.",
        discussion:
            "Outcomes: \(Disposition.allCases.map(\.rawValue).joined(separator: ", ")), and delivered (after won: the satisfaction call counts from the delivery). Times are in the lead's time zone."
    )

    @OptionGroup var desk: DeskOptions

    @Argument(help: "The lead id (or an unambiguous prefix).") var lead: String
    @Option(help: "The outcome (or delivered).") var outcome: String
    @Option(help: "The channel of the touch.") var channel: Channel = .phone
    @Option(help: "A note on what was said.") var note: String = ""
    @Option(help: "Plan the next follow-up at this time instead of the cadence's proposal.") var next: String?
    @Option(help: "The purpose of that follow-up (required with --next).") var purpose: String?
    @Option(name: .customLong("callback-at"), help: "Reached: the callback time the customer agreed to.") var callbackAt: String?
    @Option(help: "Reached or appointment: the subject of the next call or meeting.") var subject: String?
    @Option(name: .customLong("customer-will"), help: "Reached: what the customer will do meanwhile.") var customerWill: String = ""
    @Option(name: .customLong("callback-number"), help: "Reached: the number to call back on.") var callbackNumber: String?
    @Option(name: .customLong("appointment-at"), help: "Appointment: when.") var appointmentAt: String?
    @Option(help: "Not now: the reason to call at the long-term check-in.") var reason: String?
    @Option(name: .customLong("lost-reason"), help: "Lost: \(LostReason.allCases.map(\.rawValue).joined(separator: ", ")).") var lostReason: LostReason?
    @Flag(help: "Confirm a warning that needs it (closing as lost with few touches, a time outside their calling hours).") var confirm = false

    func run() throws {
        try reportingErrors {
            if outcome == "delivered" { return try recordDelivery() }
            guard let outcome = Disposition(rawValue: outcome) else {
                throw CLIError("unknown outcome '\(outcome)' (one of \(Disposition.allCases.map(\.rawValue).joined(separator: ", ")), delivered)")
            }
            let session = try desk.openSession()
            let current = try session.actions.ownLead(LeadID(lead), in: session.state)
            let zone = current.profile.contact.timeZone
            let now = session.now
            var details = OutcomeDetails(lostReason: lostReason)
            if let callbackAt {
                guard outcome == .reached else { throw CLIError("--callback-at goes with --outcome reached") }
                let at = try desk.instant(callbackAt, field: "--callback-at", zone: zone, now: now)
                details.agreement = Agreement(callbackAt: at, number: callbackNumber, subject: subject ?? "", customerAction: customerWill, madeAt: now)
            }
            if let appointmentAt {
                details.appointmentAt = try desk.instant(appointmentAt, field: "--appointment-at", zone: zone, now: now)
                details.appointmentSubject = subject
            }
            details.checkInReason = reason
            var override: FollowUp?
            if let next {
                let due = try desk.instant(next, field: "--next", zone: zone, now: now)
                guard let purpose, let followUp = FollowUp(due: due, kind: .manual, channel: channel == .inPerson ? .phone : channel, purpose: purpose) else {
                    throw CLIError("--next needs --purpose: every follow-up says why we call")
                }
                override = followUp
            }
            let request = OutcomeRequest(
                lead: current.id, outcome: outcome, channel: channel, note: note, details: details,
                nextOverride: override, confirmed: confirm)
            let (events, plan) = try session.withIDs { ids in
                try session.actions.record(request, state: session.state, at: now, ids: &ids)
            }
            try session.save(events)
            let updated = session.state.leads[current.id]
            let time = HumanTime(timeZone: zone, now: now)
            var line = "saved \(outcome.label) on \(current.id) (\(SafeText.sanitize(current.profile.name))), touch \(updated?.touchCount ?? 0)"
            if let next = updated?.next {
                line += ": next \(next.channel.label) \(time.dayAndClock(next.due)) (their time) · \(SafeText.sanitize(next.purpose))"
            } else if let reason = updated?.unscheduledReason {
                line += ": nothing further planned (\(reason))"
            }
            print(line)
            for warning in plan.warnings where !warning.needsConfirmation {
                print("note: \(warning)")
            }
        }
    }

    /// `--outcome delivered`: the sale was delivered; the satisfaction call is planned from today.
    private func recordDelivery() throws {
        let session = try desk.openSession()
        let current = try session.actions.ownLead(LeadID(lead), in: session.state)
        let events = try session.withIDs { ids in try session.actions.deliver(current.id, state: session.state, at: session.now, ids: &ids) }
        try session.save(events)
        let time = HumanTime(timeZone: current.profile.contact.timeZone)
        let next = session.state.leads[current.id]?.next
        print(
            "saved delivered on \(current.id) (\(SafeText.sanitize(current.profile.name)))"
                + (next.map { ": next \($0.channel.label) \(time.dayAndClock($0.due)) (their time) · \(SafeText.sanitize($0.purpose))" } ?? ""))
    }
}
