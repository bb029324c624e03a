import Foundation

/// A manager takes a number or an address off the desk-wide do-not-contact list, with a reason
/// (the number now belongs to someone else, the request was entered by mistake): one
/// `dnc-lifted` entry on each lead that holds it. The leads stay do-not-contact; only that number
/// or address is accepted again by `add`, import and the desk's forms.
public enum DoNotContactLift {
    /// Why a lift is refused, in one line.
    public enum Refusal: Error, Equatable, Sendable, CustomStringConvertible {
        case noReason
        case notANumberOrAddress(String)
        case notListed(String)

        public var description: String {
            switch self {
            case .noReason: return "lifting a do-not-contact entry needs a reason (--reason)"
            case .notANumberOrAddress(let text): return "'\(text)' is not a phone number (six digits or more) or an email address"
            case .notListed(let text): return "\(text) is not on the do-not-contact list: nothing to lift"
            }
        }
    }

    /// The entries lifting `text` writes on `state` (one per lead holding it), by `actor` at `now`.
    public static func events(
        lifting text: String, reason: String, state: DeskState, actor: RepName, at now: Date,
        ids: inout some IDGenerator
    ) throws(Refusal) -> [Event] {
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty else { throw .noReason }
        let given = text.trimmingCharacters(in: .whitespacesAndNewlines)
        guard let entry = DoNotContactList.entry(given) else { throw .notANumberOrAddress(given) }
        let holders = holders(of: entry, in: state)
        guard !holders.isEmpty else { throw .notListed(given) }
        return holders.map { lead in Event(id: ids.newEventID(), at: now, actor: actor, lead: lead, payload: .contactLifted(entry: given, reason: why)) }
    }

    /// Every lead whose listed entries hold `entry`, in id order (closed leads only are read).
    public static func holders(of entry: DoNotContactList.Entry, in state: DeskState) -> [LeadID] {
        state.leads.ids.filter { id in
            state.leads.summary(id)?.isOpen == false
                && state.leads.read(id) { DoNotContactList.listedEntries(of: $0).contains(entry) } == true
        }.sorted()
    }
}
