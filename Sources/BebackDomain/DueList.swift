import Foundation

/// Where a due lead stands in the due list.
public enum DueBucket: Int, Sendable, CaseIterable {
    /// A meeting agreed for today, at its exact time (listed first, with the callbacks).
    case appointment = 0
    /// Due before today and not yet touched.
    case overdue = 1
    /// Due earlier today, or now.
    case due = 2
    /// A call the customer agreed to for today, at its exact time (listed first, with the appointments).
    case callback = 3

    /// Where the bucket goes in the list: callbacks and appointments of today together, by their
    /// time, then overdue, then due.
    public var rank: Int {
        switch self {
        case .appointment, .callback: return 0
        case .overdue: return 1
        case .due: return 2
        }
    }

    /// Whether the item is an agreement at an exact time today (a callback or an appointment).
    public var isExact: Bool { rank == 0 }

    /// The bucket's name as lists print it ("callback", "appointment", "overdue", "due").
    public var name: String {
        switch self {
        case .callback: return "callback"
        case .appointment: return "appointment"
        case .overdue: return "overdue"
        case .due: return "due"
        }
    }

    /// The header's counts: "callbacks today N · appointments today M" after the due and overdue ones.
    public static func countsText(_ counts: [DueBucket: Int]) -> String {
        "due now \(counts[.due, default: 0]) · overdue \(counts[.overdue, default: 0]) · callbacks today \(counts[.callback, default: 0])"
            + " · appointments today \(counts[.appointment, default: 0])"
    }
}

/// One line of the due list: the lead, its follow-up, and why it is here.
public struct DueItem: Equatable, Sendable {
    public var lead: LeadID
    public var followUp: FollowUp
    public var bucket: DueBucket
    /// Whole local days the follow-up is late (0 when due today).
    public var daysLate: Int
    /// Why the lead is on the list, in words ("agreed callback: go through the quote"): made when
    /// asked for, not for each of a floor's 30,000 lines.
    public var reason: String { DueListBuilder.reason(for: followUp) }

    public init(lead: LeadID, followUp: FollowUp, bucket: DueBucket, daysLate: Int) {
        self.lead = lead
        self.followUp = followUp
        self.bucket = bucket
        self.daysLate = daysLate
    }
}

/// Builds the due list: every lead whose next touch is due at an instant, appointments first.
public struct DueListBuilder: Sendable {
    /// The zone that decides what "today" is (the rep's desk).
    public let timeZone: TimeZone

    public init(timeZone: TimeZone) { self.timeZone = timeZone }

    /// The due list at `now` for `rep` (every rep when nil): agreed appointments and callbacks of today at
    /// their exact times first, then overdue leads (oldest first), then the rest due now (earliest first).
    /// With an `index`, only the leads due before the end of today are looked at.
    public func build(from state: DeskState, at now: Date, rep: RepName?, index: DueIndex? = nil) -> [DueItem] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let startOfToday = calendar.startOfDay(for: now)
        let endOfToday = calendar.date(byAdding: .day, value: 1, to: startOfToday) ?? now
        var items: [DueItem] = []
        func consider(_ lead: LeadState) {
            if let rep, lead.profile.owner != rep { return }
            if let item = item(for: lead, now: now, startOfToday: startOfToday, endOfToday: endOfToday, calendar: calendar) {
                items.append(item)
            }
        }
        if let index {
            let today = LocalTime(startOfToday, in: timeZone).dayNumber
            // The index's leads are read in place: copying each whole lead out cost more than the rest of the list.
            for id in index.leads(of: rep, dueBefore: max(endOfToday, now.addingTimeInterval(1))) {
                // The index lists only rep's open leads; a lead still in a snapshot is read without its history.
                guard let next = state.leads.nextFollowUp(id) else { continue }
                if let item = item(lead: id, next: next, now: now, startOfToday: startOfToday, endOfToday: endOfToday, timeZone: timeZone, today: today) {
                    items.append(item)
                }
            }
        } else {
            for lead in state.leads.values { consider(lead) }
        }
        return Self.sortedInOrder(items)
    }

    /// `items` in due-list order (`ordered`): their places are sorted by bucket and time held
    /// side by side, then the items taken once in that order (an item holds text: sorting the
    /// items themselves copies each many times over).
    static func sortedInOrder(_ items: [DueItem]) -> [DueItem] {
        let keys = items.map { (rank: $0.bucket.rank, due: $0.followUp.due) }
        var places = Array(items.indices)
        places.sort { left, right in
            let one = keys[left], other = keys[right]
            if one.rank != other.rank { return one.rank < other.rank }
            if one.due != other.due { return one.due < other.due }
            return items[left].lead < items[right].lead
        }
        return places.map { items[$0] }
    }

    /// The due-list line `build` gives lead `id` at `now` for `rep` (every rep when nil), or nil
    /// when the lead is not on that list.
    public func item(for id: LeadID, in state: DeskState, at now: Date, rep: RepName?) -> DueItem? {
        guard let entry = state.leads.dueEntry(id), rep == nil || entry.owner == rep,
            let next = state.leads.nextFollowUp(id)
        else { return nil }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let startOfToday = calendar.startOfDay(for: now)
        let endOfToday = calendar.date(byAdding: .day, value: 1, to: startOfToday) ?? now
        return item(lead: id, next: next, now: now, startOfToday: startOfToday, endOfToday: endOfToday, timeZone: timeZone)
    }

    /// The due-list line for one lead, or nil when it is not due at `now`.
    public func item(for lead: LeadState, now: Date, startOfToday: Date, endOfToday: Date, calendar: Calendar) -> DueItem? {
        guard !lead.isClosed, !lead.doNotContact, let next = lead.next else { return nil }
        return item(lead: lead.id, next: next, now: now, startOfToday: startOfToday, endOfToday: endOfToday, timeZone: calendar.timeZone)
    }

    /// The due-list line for an open lead's next follow-up, or nil when it is not due at `now`
    /// (`today`: the local day number of `startOfToday`, when the caller has worked it out once).
    func item(lead: LeadID, next: FollowUp, now: Date, startOfToday: Date, endOfToday: Date, timeZone: TimeZone, today: Int? = nil) -> DueItem? {
        let bucket: DueBucket
        if next.kind.isExact, next.due >= startOfToday, next.due < endOfToday {
            bucket = next.kind == .appointment ? .appointment : .callback
        } else if next.due < startOfToday {
            bucket = .overdue
        } else if next.due <= now {
            bucket = .due
        } else {
            return nil
        }
        let late =
            bucket == .overdue
            ? max(1, (today ?? LocalTime(startOfToday, in: timeZone).dayNumber) - LocalTime(next.due, in: timeZone).dayNumber) : 0
        return DueItem(lead: lead, followUp: next, bucket: bucket, daysLate: late)
    }

    /// The due list's order: bucket (callbacks and appointments together), then time, then lead id (so equal times never shuffle).
    public static func ordered(_ lhs: DueItem, _ rhs: DueItem) -> Bool {
        if lhs.bucket.rank != rhs.bucket.rank { return lhs.bucket.rank < rhs.bucket.rank }
        if lhs.followUp.due != rhs.followUp.due { return lhs.followUp.due < rhs.followUp.due }
        return lhs.lead < rhs.lead
    }

    static func reason(for followUp: FollowUp) -> String {
        let prefix: String
        switch followUp.kind {
        case .first: prefix = "first follow-up"
        case .retry: prefix = "retry"
        case .agreedCallback: prefix = "agreed callback"
        case .appointment: prefix = "appointment"
        case .nurture: prefix = "follow-up"
        case .longTerm: prefix = "check-in"
        case .satisfaction: prefix = "after-sale"
        case .customerCheckIn: prefix = "customer check-in"
        case .manual: prefix = "planned"
        }
        return "\(prefix): \(followUp.purpose)"
    }
}

/// Rule 10: how long a lead has gone untouched past its due time, and what that calls for.
public enum IdleStatus: Equatable, Sendable {
    case fresh
    /// Past due by the flag threshold: shown on the rep's desk with days left before reclaim.
    case flagged(daysPastDue: Int, daysUntilReclaim: Int)
    /// Past the escalation threshold: the manager is told.
    case escalated(daysPastDue: Int, daysUntilReclaim: Int)
    /// Past the reclaim window: the lead may go back to the shared pool.
    case reclaimable(daysPastDue: Int)

    /// The idle status of `lead` at `now` under `policy`: working days (in the lead's time zone) after the day the
    /// follow-up was due, with no touch since. A lead in the shared pool is never idle: nobody owns it.
    public static func of(_ lead: LeadState, at now: Date, policy: CadencePolicy) -> IdleStatus {
        guard let next = lead.next, !LeadLifecycle.stage(of: lead).isFinal, next.due < now, lead.profile.owner != DeskConfig.poolOwner else { return .fresh }
        // Idle time counts from the later of the due time and the moment the step was planned.
        let since = max(next.due, lead.plannedAt ?? next.due)
        // A touch after the step was planned, at or after its due time, worked it (the touch that planned it did not).
        if let last = lead.lastTouch, last.at >= next.due, lead.plannedAt.map({ last.at > $0 }) ?? true { return .fresh }
        let days = WorkingDays(policy: policy, timeZone: lead.profile.contact.timeZone).count(after: since, through: now)
        if days >= policy.idleReclaimDays { return .reclaimable(daysPastDue: days) }
        if days >= policy.idleEscalateDays { return .escalated(daysPastDue: days, daysUntilReclaim: policy.idleReclaimDays - days) }
        if days >= policy.idleFlagDays { return .flagged(daysPastDue: days, daysUntilReclaim: policy.idleReclaimDays - days) }
        return .fresh
    }
}
