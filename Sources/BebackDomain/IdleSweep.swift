import Foundation

/// Rule 10 as journal entries: for every owned, open lead gone untouched past its due time, the
/// steps its idle status calls for that are not yet written (flag, escalate, reclaim to the pool),
/// in order. Pure and idempotent: running it twice at the same instant writes nothing the second time.
public struct IdleSweep: Sendable {
    public let policy: CadencePolicy
    /// Who takes the steps (the manager, or the login cron runs as).
    public let actor: RepName

    public init(policy: CadencePolicy, actor: RepName) {
        self.policy = policy
        self.actor = actor
    }

    /// The step an idle status calls for.
    static func step(for status: IdleStatus) -> (IdleStep, Int)? {
        switch status {
        case .fresh: return nil
        case .flagged(let days, _): return (.flagged, days)
        case .escalated(let days, _): return (.escalated, days)
        case .reclaimable(let days): return (.reclaimed, days)
        }
    }

    /// The entries to write at `now`, leads in id order, each lead's steps in order.
    public func events(for state: DeskState, at now: Date, ids: inout some IDGenerator) -> [Event] {
        var events: [Event] = []
        for lead in state.leads.values.sorted(by: { $0.id < $1.id }) {
            events += self.events(for: lead, at: now, ids: &ids)
        }
        return events
    }

    /// The entries one lead needs at `now`.
    public func events(for lead: LeadState, at now: Date, ids: inout some IDGenerator) -> [Event] {
        guard let next = lead.next, let (target, days) = Self.step(for: IdleStatus.of(lead, at: now, policy: policy)) else { return [] }
        let done = lead.idle.flatMap { $0.due == next.due ? $0.step : nil }
        var events: [Event] = []
        for step in [IdleStep.flagged, .escalated, .reclaimed] where step <= target && done.map({ step > $0 }) ?? true {
            let mark = IdleMark(due: next.due, days: days, owner: lead.profile.owner)
            let payload: EventPayload
            switch step {
            case .flagged: payload = .idleFlagged(mark)
            case .escalated: payload = .escalated(mark)
            case .reclaimed: payload = .reclaimed(mark)
            }
            events.append(Event(id: ids.newEventID(), at: now, actor: actor, lead: lead.id, payload: payload))
        }
        return events
    }
}
