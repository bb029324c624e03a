import Foundation

/// An open lead whose only next step is to find a working number: a bad number and no other way to
/// reach them. The manager's team screen and `beback report` list these (who, since when), so a
/// lead nobody can call is never left to the rep alone.
public struct NumberHunt: Equatable, Sendable {
    public var lead: LeadID
    public var name: String
    public var owner: RepName
    /// When the step was first planned (a later bad number re-plans it; this stays the first).
    public var since: Date
    /// When the step is due.
    public var due: Date

    /// Every such lead of `state` (of one rep's when `rep` is given), longest-waiting first.
    public static func all(in state: DeskState, only rep: RepName? = nil) -> [NumberHunt] {
        state.leads.values.compactMap { lead -> NumberHunt? in
            if let rep, lead.profile.owner != rep { return nil }
            guard !LeadLifecycle.stage(of: lead).isFinal, let next = lead.next, next.purpose == CadenceEngine.findNumberPurpose else { return nil }
            return NumberHunt(
                lead: lead.id, name: lead.profile.name, owner: lead.profile.owner, since: since(lead) ?? lead.plannedAt ?? next.due, due: next.due)
        }
        .sorted { ($0.since, $0.owner.rawValue, $0.lead.rawValue) < ($1.since, $1.owner.rawValue, $1.lead.rawValue) }
    }

    /// The first of the unbroken run of "find a working number" steps at the end of the lead's plans.
    private static func since(_ lead: LeadState) -> Date? {
        var first: Date?
        for event in lead.events.reversed() {
            guard case .scheduled(let followUp) = event.payload else { continue }
            if followUp.purpose != CadenceEngine.findNumberPurpose { break }
            first = event.at
        }
        return first
    }
}
