import ArgumentParser
import BebackDomain
import BebackText
import Foundation

/// `beback dnc`: the desk-wide do-not-contact list, and a manager's lift of one entry.
struct DoNotContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dnc",
        abstract: "The desk-wide do-not-contact list: list it, or (a manager) lift one number or address with a reason.",
        subcommands: [DoNotContactListCommand.self, DoNotContactLiftCommand.self])
}

/// `beback dnc list`: every number and address on the list, with the lead that holds it.
struct DoNotContactListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "list",
        abstract: "List the numbers (last nine digits) and addresses on the do-not-contact list, with the lead holding each.")

    @OptionGroup var desk: DeskOptions

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession()
            let entries = session.doNotContact.entries
            guard !entries.isEmpty else { print("the do-not-contact list is empty"); return }
            for (entry, holder) in entries {
                let name = session.state.leads.summary(holder)?.name ?? ""
                print(["\(entry)", "lead \(holder)", name].map { SafeText.sanitize($0) }.joined(separator: "\t"))
            }
            print("\(entries.count) entr\(entries.count == 1 ? "y" : "ies")")
        }
    }
}

/// `beback dnc lift NUMBER|EMAIL --reason R --manager`: takes an entry off the list (journaled with
/// the reason in the desk journal); `add`, import and the desk accept it again.
struct DoNotContactLiftCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "lift",
        abstract: "Take a number or an address off the do-not-contact list, with a reason (a manager's command).",
        discussion: "The leads that asked not to be contacted stay so; only this number or address is accepted again.")

    @OptionGroup var desk: DeskOptions
    @Argument(help: "The phone number or email address, written any way.") var entry: String
    @Option(help: "Why it is lifted (journaled), e.g. 'number reassigned to a new customer'.") var reason: String

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession()
            try session.viewer.requireManager("lifting a do-not-contact entry")
            let events = try session.withIDs { ids in
                try DoNotContactLift.events(lifting: entry, reason: reason, state: session.state, actor: session.rep, at: session.now, ids: &ids)
            }
            try session.save(events, to: .desk)
            let leads = events.map(\.lead.rawValue).joined(separator: ", ")
            print(
                SafeText.sanitize(
                    "lifted \(entry.trimmingCharacters(in: .whitespaces)) from the do-not-contact list (lead\(events.count == 1 ? "" : "s") \(leads)): it can be added again"
                ))
        }
    }
}
