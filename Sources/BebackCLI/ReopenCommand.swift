import ArgumentParser
import BebackDomain
import BebackText
import Foundation

/// `beback reopen`: works a lead closed as lost again, with the reason journaled; a touch on a lost
/// lead is refused until it is reopened.
struct ReopenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "reopen",
        abstract: "Reopen a lead closed as lost, with a reason; its next step is a call at the next callable moment.")

    @OptionGroup var desk: DeskOptions

    @Argument(help: "The lead id (or an unambiguous prefix).") var lead: String
    @Option(help: "Why the lead is worked again (journaled).") var reason: String

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession()
            let current = try session.actions.ownLead(LeadID(lead), in: session.state)
            let events = try session.withIDs { ids in
                try session.actions.reopen(current.id, reason: reason, state: session.state, at: session.now, ids: &ids)
            }
            try session.save(events)
            let time = HumanTime(timeZone: current.profile.contact.timeZone)
            let next = session.state.leads[current.id]?.next
            print(
                "reopened \(current.id) (\(SafeText.sanitize(current.profile.name)))"
                    + (next.map { ": next \($0.channel.label) \(time.dayAndClock($0.due)) (their time) · \(SafeText.sanitize($0.purpose))" } ?? ""))
        }
    }
}
