import Foundation

/// Why an assignment was refused. The description names no command or flag: the command line
/// words its own message (which flag was wrong, which command to use instead) from the case's data.
public enum AssignmentError: Error, Equatable, CustomStringConvertible {
    /// The new owner is not a rep desk.conf lists (`team`: the reps it lists).
    case unknownRep(RepName, team: [RepName])
    /// The new owner is the pool: a lead goes back to the pool by reclaiming, not by assigning.
    case toPool
    case alreadyOwned(LeadID, RepName)
    case nobodyPresent

    public var description: String {
        switch self {
        case .unknownRep(let rep, let team):
            return "\(rep) is not a rep in desk.conf (reps: \(team.map(\.rawValue).joined(separator: ", ")))"
        case .toPool: return "a lead is not assigned to the pool: reclaiming sends it there"
        case .alreadyOwned(let lead, let rep): return "lead \(lead) already belongs to \(rep)"
        case .nobodyPresent: return "no rep is present to assign to (desk.conf marks every rep absent, or lists none)"
        }
    }
}

/// A manager handing leads to reps: one lead by hand, or the whole pool round-robin over the reps
/// who are present. The lead keeps its whole history (a `reassigned` entry); an open lead gets a
/// follow-up due at once with the new owner, so it shows on their desk and its idle clock restarts.
public struct Assignment: Sendable {
    public let config: DeskConfig
    /// The manager doing it.
    public let actor: RepName

    public init(config: DeskConfig, actor: RepName) {
        self.config = config
        self.actor = actor
    }

    /// The entries that give `lead` to `rep`.
    public func assign(_ lead: LeadState, to rep: RepName, at now: Date, ids: inout some IDGenerator) throws(AssignmentError) -> [Event] {
        if rep == DeskConfig.poolOwner { throw .toPool }
        if config.listsTeam, config.member(rep) == nil { throw .unknownRep(rep, team: config.members.map(\.name)) }
        if lead.profile.owner == rep { throw .alreadyOwned(lead.id, rep) }
        let from = lead.profile.owner
        var events = [Event(id: ids.newEventID(), at: now, actor: actor, lead: lead.id, payload: .reassigned(to: rep))]
        if !lead.isClosed, !lead.doNotContact {
            let origin = from == DeskConfig.poolOwner ? "from the pool" + (lead.reclaimedFrom.map { " (was \($0)'s)" } ?? "") : "from \(from)"
            let purpose = "taken over \(origin): read the history, then pick up where it stopped"
            if let pickUp = FollowUp(due: now, kind: .manual, channel: lead.next?.channel ?? lead.profile.contact.preferredChannel, purpose: purpose) {
                events.append(Event(id: ids.newEventID(), at: now, actor: actor, lead: lead.id, payload: .scheduled(pickUp)))
            }
        }
        return events
    }

    /// Every pool lead, oldest due first, dealt in turn to the present reps in desk.conf order (absent reps skipped).
    /// Returns the entries and who got which lead.
    public func roundRobin(_ state: DeskState, at now: Date, ids: inout some IDGenerator) throws(AssignmentError) -> (
        events: [Event], given: [(LeadID, RepName)]
    ) {
        let reps = config.assignableReps
        guard !reps.isEmpty else { throw .nobodyPresent }
        let pool = state.leads(ownedBy: DeskConfig.poolOwner).sorted { lhs, rhs in
            let left = lhs.next?.due ?? lhs.capturedAt, right = rhs.next?.due ?? rhs.capturedAt
            return left != right ? left < right : lhs.id < rhs.id
        }
        var events: [Event] = []
        var given: [(LeadID, RepName)] = []
        for (index, lead) in pool.enumerated() {
            let rep = reps[index % reps.count]
            events += try assign(lead, to: rep, at: now, ids: &ids)
            given.append((lead.id, rep))
        }
        return (events, given)
    }
}
