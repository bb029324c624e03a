import ArgumentParser
import BebackDomain
import BebackText
import Foundation

/// `beback snooze`: moves a lead's next step to a later time, with a reason; journaled, not a touch.
struct SnoozeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "snooze",
        abstract: "Move a lead's next step to a later time, with a reason (journaled; not a touch: touch counts and compliance stay).",
        discussion: "The audit lists every snooze per rep. Times are in the lead's time zone ('tomorrow 10:00', '+2d', '2026-11-25 15:00').")

    @OptionGroup var desk: DeskOptions

    @Argument(help: "The lead id (or an unambiguous prefix).") var lead: String
    @Option(help: "The step's new time.") var until: String
    @Option(help: "Why it moves (journaled, listed in the audit).") var reason: String

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession()
            let current = try session.actions.ownLead(LeadID(lead), in: session.state)
            let zone = current.profile.contact.timeZone
            let at = try desk.instant(until, field: "--until", zone: zone, now: session.now)
            let events = try session.withIDs { ids in
                try session.actions.snooze(current.id, until: at, reason: reason, state: session.state, at: session.now, ids: &ids)
            }
            try session.save(events)
            let time = HumanTime(timeZone: zone, now: session.now)
            let next = session.state.leads[current.id]?.next
            print(
                "snoozed \(current.id) (\(SafeText.sanitize(current.profile.name)))"
                    + (next.map { ": next \($0.channel.label) \(time.dayAndClock($0.due)) (their time) · \(SafeText.sanitize($0.purpose))" } ?? ""))
        }
    }
}
