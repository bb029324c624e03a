import Foundation

/// One rep's line on the manager's team board.
public struct BoardRow: Equatable, Sendable {
    public var rep: RepName
    /// Open leads owned now.
    public var openLeads = 0
    /// Leads whose next follow-up falls today (callbacks and appointments included).
    public var dueToday = 0
    /// Leads whose next follow-up fell before today and is still untouched.
    public var overdue = 0
    /// Calls the customer agreed to, at an exact time today.
    public var callbacksToday = 0
    /// Meetings at an exact time today.
    public var appointmentsToday = 0
    /// Leads untouched past due for at least the policy's flag threshold (rule 10), working days.
    public var idle = 0
    /// Touches the rep recorded in the period.
    public var touches = 0
    /// Those touches in which the rep spoke with the person.
    public var contacts = 0
    /// Appointments set in the period.
    public var appointmentsSet = 0
    /// Sales in the period.
    public var wins = 0

    public init(rep: RepName) { self.rep = rep }

    /// Contacts per touch in the period.
    public var contactRate: Ratio { Ratio(met: contacts, total: touches) }

    static func + (lhs: BoardRow, rhs: BoardRow) -> BoardRow {
        var sum = lhs
        sum.openLeads += rhs.openLeads
        sum.dueToday += rhs.dueToday
        sum.overdue += rhs.overdue
        sum.callbacksToday += rhs.callbacksToday
        sum.appointmentsToday += rhs.appointmentsToday
        sum.idle += rhs.idle
        sum.touches += rhs.touches
        sum.contacts += rhs.contacts
        sum.appointmentsSet += rhs.appointmentsSet
        sum.wins += rhs.wins
        return sum
    }
}

/// The manager's team board: a row per rep and the team's total, computed from the desk's state,
/// the clock and the policy. Calendar figures (due today, overdue, idle) go to a lead's current
/// owner; work figures (touches, contacts, appointments, wins) to the rep who recorded the touch.
public struct TeamBoard: Equatable, Sendable {
    public var period: TeamPeriod
    public var rows: [BoardRow]
    public var team: BoardRow
    /// Open leads waiting in the shared pool.
    public var poolLeads: Int

    /// The reps a board lists: desk.conf's reps and managers, and anyone else who owns a lead or
    /// recorded a touch (never the pool), in desk.conf order then by name.
    public static func reps(in state: DeskState, config: DeskConfig) -> [RepName] {
        var owners = Set<RepName>(), actors = Set<RepName>()
        for lead in state.leads.values {
            owners.insert(lead.profile.owner)
            for touch in lead.touches { actors.insert(touch.actor) }
        }
        return reps(config: config, owners: owners, actors: actors)
    }

    /// The reps a board lists, from the owners of every lead and the reps who recorded a touch.
    public static func reps(config: DeskConfig, owners: Set<RepName>, actors: Set<RepName>) -> [RepName] {
        let seen = Set(config.members.map(\.name))
        var extra = owners.union(actors).subtracting(seen)
        extra.remove(DeskConfig.poolOwner)
        let listed = config.members.filter { $0.role == .rep || owners.contains($0.name) }.map(\.name)
        return listed + extra.sorted()
    }

    public init(state: DeskState, config: DeskConfig, period: TeamPeriod, only rep: RepName? = nil) {
        self.period = period
        let policy = config.policy
        let calendar = period.calendar
        let startOfToday = calendar.startOfDay(for: period.now)
        let endOfToday = calendar.date(byAdding: .day, value: 1, to: startOfToday) ?? period.now
        var byRep: [RepName: BoardRow] = [:]
        func row(_ rep: RepName, _ change: (inout BoardRow) -> Void) {
            var current = byRep[rep] ?? BoardRow(rep: rep)
            change(&current)
            byRep[rep] = current
        }
        var pool = 0
        for lead in state.leads.values {
            let owner = lead.profile.owner
            let open = !LeadLifecycle.stage(of: lead).isFinal
            if owner == DeskConfig.poolOwner {
                if open { pool += 1 }
            } else if open {
                row(owner) { row in
                    row.openLeads += 1
                    guard let next = lead.next else { return }
                    let touchedSince = lead.lastTouch.map { $0.at >= next.due } ?? false
                    if next.due >= startOfToday, next.due < endOfToday {
                        row.dueToday += 1
                        if next.kind == .appointment { row.appointmentsToday += 1 } else if next.kind.isExact { row.callbacksToday += 1 }
                    } else if next.due < startOfToday, !touchedSince {
                        row.overdue += 1
                    }
                    if case .fresh = IdleStatus.of(lead, at: period.now, policy: policy) {} else { row.idle += 1 }
                }
            }
            for recorded in lead.touches where period.contains(recorded.at) && recorded.actor != DeskConfig.poolOwner {
                row(recorded.actor) { row in
                    row.touches += 1
                    if recorded.touch.outcome.flags.contains(.contactMade) { row.contacts += 1 }
                    if recorded.touch.outcome == .appointment { row.appointmentsSet += 1 }
                    if recorded.touch.outcome == .won { row.wins += 1 }
                }
            }
        }
        var names = Self.reps(in: state, config: config)
        if let rep { names = [rep] }
        rows = names.map { byRep[$0] ?? BoardRow(rep: $0) }
        team = rows.reduce(BoardRow(rep: "team"), +)
        poolLeads = pool
    }
}
