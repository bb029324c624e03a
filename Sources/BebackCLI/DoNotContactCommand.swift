import ArgumentParser
import BebackDomain
import BebackText
import Foundation

/// `beback dnc`: the desk-wide do-not-contact list, and a manager's lift of one entry.
struct DoNotContactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dnc",
        abstract:
            "The desk-wide do-not-contact list: list it, or (a manager) lift one number or address with a reason; block or unblock one channel of a lead.",
        subcommands: [DoNotContactListCommand.self, DoNotContactLiftCommand.self, ChannelBlockCommand.self, ChannelUnblockCommand.self])
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

/// The channels `dnc block` and `dnc unblock` take: `calls` (calls and texts, "do not call"), `texts`, `email`.
enum BlockableChannels: String, ExpressibleByArgument, CaseIterable {
    case calls, texts, email

    var channels: Set<Channel> {
        switch self {
        case .calls: return ChannelBlock.doNotCall
        case .texts: return [.text]
        case .email: return [.email]
        }
    }
}

/// `beback dnc block LEAD --channel calls|texts|email`: the lead asked not to be reached that way;
/// it stays open and its next step moves to a channel left (do-not-contact when none is left).
struct ChannelBlockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "block",
        abstract: "Record that a lead asked not to be reached one way: calls (calls and texts), texts or email.",
        discussion:
            "The lead stays open: its next step moves to a channel it did not block. A block that leaves no way to reach it closes it as do not contact.")

    @OptionGroup var desk: DeskOptions
    @Argument(help: "The lead id (or an unambiguous prefix).") var lead: String
    @Option(help: "What they asked not to get: calls (calls and texts), texts or email.") var channel: BlockableChannels
    @Option(help: "What they asked, in their words (journaled).") var reason: String = ""

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession()
            let current = try session.actions.ownLead(LeadID(lead), in: session.state)
            let events = try session.withIDs { ids in
                try session.actions.blockChannels(channel.channels, reason: reason, on: current.id, state: session.state, at: session.now, ids: &ids)
            }
            try session.save(events)
            let after = session.state.leads[current.id]
            let name = SafeText.sanitize(current.profile.name)
            if after?.doNotContact == true {
                print("\(current.id) (\(name)) is do not contact: no other way to reach them")
            } else {
                let next = after?.next.map { "; next step by \($0.channel.label)" } ?? ""
                print("\(current.id) (\(name)) asked: \(after?.blockedChannelsText ?? "")\(next)")
            }
        }
    }
}

/// `beback dnc unblock LEAD --channel calls|texts|email --reason R`: the lead asked to hear from us that way again.
struct ChannelUnblockCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "unblock", abstract: "Take back a lead's block of calls, texts or email, with a reason (journaled).")

    @OptionGroup var desk: DeskOptions
    @Argument(help: "The lead id (or an unambiguous prefix).") var lead: String
    @Option(help: "The block to take back: calls (calls and texts), texts or email.") var channel: BlockableChannels
    @Option(help: "Why (journaled), e.g. 'asked to be called again'.") var reason: String

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession()
            let current = try session.actions.ownLead(LeadID(lead), in: session.state)
            let event = try session.withIDs { ids in
                try session.actions.liftChannelBlock(channel.channels, reason: reason, on: current.id, state: session.state, at: session.now, ids: &ids)
            }
            try session.save([event])
            let left = session.state.leads[current.id]?.blockedChannelsText ?? ""
            print("\(current.id) (\(SafeText.sanitize(current.profile.name))) unblocked: " + (left.isEmpty ? "every channel open" : "still \(left)"))
        }
    }
}
