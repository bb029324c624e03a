import Foundation

/// What a store that keeps per-lead rows and a per-rep tally of touches (PostgreSQL) hands the
/// board instead of the leads: each rep's figures, who owns a lead, who ever recorded a touch,
/// the pool's open leads. `TeamBoard(figures:)` lays them out exactly as `TeamBoard(state:)` does.
public struct TeamBoardFigures: Equatable, Sendable {
    /// Each rep's calendar figures (owners) and work figures (actors) for the period.
    public var rows: [RepName: BoardRow]
    /// The owner of any lead, open or not.
    public var owners: Set<RepName>
    /// Anyone who recorded a touch, ever.
    public var actors: Set<RepName>
    public var poolLeads: Int

    public init(rows: [RepName: BoardRow], owners: Set<RepName>, actors: Set<RepName>, poolLeads: Int) {
        self.rows = rows
        self.owners = owners
        self.actors = actors
        self.poolLeads = poolLeads
    }
}

extension TeamBoard {
    /// The board from figures a store computed (`TeamBoardFigures`), for every rep or one.
    public init(figures: TeamBoardFigures, config: DeskConfig, period: TeamPeriod, only rep: RepName? = nil) {
        self.period = period
        var names = Self.reps(config: config, owners: figures.owners, actors: figures.actors)
        if let rep { names = [rep] }
        rows = names.map { name in
            var row = figures.rows[name] ?? BoardRow(rep: name)
            row.rep = name
            return row
        }
        team = rows.reduce(BoardRow(rep: "team"), +)
        poolLeads = figures.poolLeads
    }
}

/// What a lead's summary row keeps for the board beyond its next step (computed from the fold, as
/// the board's own rules read the lead): whether it was touched at or after its next step's due
/// time, and from when rule 10 counts it idle.
public struct LeadBoardFacts: Equatable, Sendable {
    /// The last touch is at or after the next step's due time (false without a next step or a touch).
    public var worked: Bool
    /// The later of the next step's due time and when it was planned, when the lead can go idle
    /// (open, owned by a rep, not worked since it was planned); nil otherwise.
    public var idleSince: Date?
    /// The lead's own time zone (rule 10 counts working days in it), as resolved.
    public var zone: String

    public init(worked: Bool, idleSince: Date?, zone: String) {
        self.worked = worked
        self.idleSince = idleSince
        self.zone = zone
    }

    /// The facts of a folded lead.
    public init(_ lead: borrowing LeadState) {
        let next = lead.next
        let last = lead.lastTouch
        worked = next.map { next in last.map { $0.at >= next.due } ?? false } ?? false
        zone = lead.profile.contact.timeZone.identifier
        guard let next, !LeadLifecycle.stage(of: lead).isFinal, lead.profile.owner != DeskConfig.poolOwner else {
            idleSince = nil
            return
        }
        if let last, last.at >= next.due, lead.plannedAt.map({ last.at > $0 }) ?? true {
            idleSince = nil
        } else {
            idleSince = max(next.due, lead.plannedAt ?? next.due)
        }
    }

    /// The instant before which a lead's `idleSince` makes it idle past the flag threshold at `now`
    /// in `zone` (rule 10 counts working days after the day of `idleSince`, through the day of
    /// `now`; a later day never counts more): the start of the day after the latest day that does.
    public static func idleCutoff(policy: CadencePolicy, zone: TimeZone, now: Date) -> Date {
        guard policy.idleFlagDays > 0 else { return .distantFuture }
        let working = WorkingDays(policy: policy, timeZone: zone)
        let calendar = working.calendar
        var day = calendar.startOfDay(for: now)
        for _ in 0..<4000 {
            guard let previous = calendar.date(byAdding: .day, value: -1, to: day) else { break }
            if working.count(after: previous, through: now) >= policy.idleFlagDays { return day }
            day = previous
        }
        return .distantPast
    }
}

/// Touches counted per rep per quarter hour (UTC): the work figures of a team board for any period
/// that starts on a quarter hour (a day in any zone does). A store keeps these counts beside the
/// entries; `TeamBoard` is read from them.
public struct WorkTally: Equatable, Sendable {
    /// One rep's counts in one quarter hour.
    public struct Key: Hashable, Sendable, Comparable {
        public var rep: RepName
        /// Quarter hours since 1970 (UTC).
        public var slot: Int64

        public init(rep: RepName, slot: Int64) {
            self.rep = rep
            self.slot = slot
        }

        public static func < (lhs: Key, rhs: Key) -> Bool { (lhs.rep.rawValue, lhs.slot) < (rhs.rep.rawValue, rhs.slot) }
    }

    /// Touches, contacts, appointments set, wins, and the latest touch's time in the slot.
    public struct Counts: Equatable, Sendable {
        public var touches = 0
        public var contacts = 0
        public var appointments = 0
        public var wins = 0
        /// The latest touch in the slot (seconds since 1970); for a stored tally at least that.
        public var lastAt: Double = 0

        public init(touches: Int = 0, contacts: Int = 0, appointments: Int = 0, wins: Int = 0, lastAt: Double = 0) {
            self.touches = touches
            self.contacts = contacts
            self.appointments = appointments
            self.wins = wins
            self.lastAt = lastAt
        }

        public var isZero: Bool { touches == 0 && contacts == 0 && appointments == 0 && wins == 0 }
    }

    /// A quarter hour, in seconds.
    public static let slotLength: Double = 900

    /// The quarter hour holding `date`.
    public static func slot(of date: Date) -> Int64 { Int64((date.timeIntervalSince1970 / slotLength).rounded(.down)) }

    public var counts: [Key: Counts] = [:]

    public init() {}

    /// The tally of these leads' touches.
    public init(leads: some Sequence<LeadState>) {
        for lead in leads { add(lead) }
    }

    /// Counts a lead's touches.
    public mutating func add(_ lead: LeadState) {
        // Each touch read where it lies (not copied out of the lead) and counted where its slot lies
        // in the table: one hash lookup per touch.
        for index in lead.touches.indices {
            let at = lead.touches[index].at, outcome = lead.touches[index].touch.outcome
            Self.count(outcome, at: at, into: &counts[Key(rep: lead.touches[index].actor, slot: Self.slot(of: at)), default: Counts()])
        }
    }

    private static func count(_ outcome: Disposition, at: Date, into count: inout Counts) {
        count.touches += 1
        if outcome.flags.contains(.contactMade) { count.contacts += 1 }
        if outcome == .appointment { count.appointments += 1 }
        if outcome == .won { count.wins += 1 }
        count.lastAt = max(count.lastAt, at.timeIntervalSince1970)
    }

    /// What changes from `before` to `after`: the counts' differences (the later tally's latest
    /// time), without the slots where nothing changed.
    public static func change(from before: WorkTally, to after: WorkTally) -> [Key: Counts] {
        var change: [Key: Counts] = [:]
        for key in Set(before.counts.keys).union(after.counts.keys) {
            let old = before.counts[key] ?? Counts(), new = after.counts[key] ?? Counts()
            let delta = Counts(
                touches: new.touches - old.touches, contacts: new.contacts - old.contacts, appointments: new.appointments - old.appointments,
                wins: new.wins - old.wins, lastAt: new.lastAt)
            if !delta.isZero || new.lastAt > old.lastAt { change[key] = delta }
        }
        return change
    }
}
