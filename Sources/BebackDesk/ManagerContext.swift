import BebackDomain
import Foundation

/// What the manager's desk shows and decides from: the folded desk, the team's figures for this week,
/// the pool, and what a rep's calendar needs to open read-only. Built by the run loop when the desk
/// changes (the figures scan every lead, so not on every key); the model never changes it.
public struct ManagerContext: Sendable {
    public var state: DeskState
    public var now: Date
    /// The manager at the keyboard.
    public var manager: RepName
    public var config: DeskConfig
    public var timeZone: TimeZone
    /// Why the desk cannot be written to (damage found at load, a read-only folder), or nil.
    public var readOnlyReason: String?
    public var dueIndex: DueIndex?
    public var scripts: ScriptTemplateSet
    /// The team board, compliance, objections and charts for this week.
    public var sheet: TeamSheet
    /// Touches per week over the last eight weeks, per rep (the board's sparkline).
    public var weekly: [RepName: [Int]]
    /// Open leads in the shared pool, oldest due first.
    public var pool: [LeadState]
    /// Reps' leads untouched past due for the flag threshold or more, longest idle first.
    public var idle: [IdleLead]
    /// Why the report's parts (compliance, objections, charts, idle leads) are not shown yet: the board
    /// came from a store's per-rep figures and the leads are still being read for the rest; nil otherwise.
    public var reportPending: String?

    /// A lead left untouched past its due time, and how far along rule 10 it is.
    public struct IdleLead: Equatable, Sendable {
        public var lead: LeadState
        public var status: IdleStatus
        public var days: Int
    }

    public init(
        state: DeskState, now: Date, manager: RepName, config: DeskConfig, timeZone: TimeZone, readOnlyReason: String? = nil,
        dueIndex: DueIndex? = nil, scripts: ScriptTemplateSet = ScriptTemplateSet()
    ) {
        self.state = state
        self.now = now
        self.manager = manager
        self.config = config
        self.timeZone = timeZone
        self.readOnlyReason = readOnlyReason
        self.dueIndex = dueIndex
        self.scripts = scripts
        let report = ManagerReport(state: state, config: config, now: now, timeZone: timeZone)
        sheet = report.sheet
        var weekly: [RepName: [Int]] = [:]
        for row in sheet.board.rows { weekly[row.rep] = TeamTrends(state: state, period: sheet.board.period, only: row.rep).weeklyTouches }
        self.weekly = weekly
        pool = Self.poolOrder(state.leads.values.filter { $0.profile.owner == DeskConfig.poolOwner && !$0.isClosed && !$0.doNotContact })
        idle = report.idle
    }

    /// The screen from figures a store worked out without reading the leads (the board, each rep's
    /// weekly touches, the pool), and the report's parts from `report` when it was read (the board is
    /// always `figures`').
    public init(
        state: DeskState, now: Date, manager: RepName, config: DeskConfig, timeZone: TimeZone, readOnlyReason: String? = nil,
        dueIndex: DueIndex? = nil, scripts: ScriptTemplateSet = ScriptTemplateSet(), figures: ManagerFigures, report: ManagerReport?
    ) {
        self.state = state
        self.now = now
        self.manager = manager
        self.config = config
        self.timeZone = timeZone
        self.readOnlyReason = readOnlyReason
        self.dueIndex = dueIndex
        self.scripts = scripts
        sheet = TeamSheet(board: figures.board, config: config, rest: report?.sheet)
        var weekly: [RepName: [Int]] = [:]
        let weeks = TeamTrends(state: DeskState(), period: figures.board.period).weeklyTouches.count
        for row in figures.board.rows { weekly[row.rep] = figures.weekly[row.rep] ?? Array(repeating: 0, count: weeks) }
        self.weekly = weekly
        pool = Self.poolOrder(figures.pool.filter { $0.profile.owner == DeskConfig.poolOwner && !$0.isClosed && !$0.doNotContact })
        idle = report?.idle ?? []
        reportPending = report == nil ? "reading every lead for compliance, objections, charts and idle leads…" : nil
    }

    static func poolOrder(_ leads: some Sequence<LeadState>) -> [LeadState] {
        leads.sorted { ($0.next?.due ?? .distantFuture, $0.profile.name, $0.id.rawValue) < ($1.next?.due ?? .distantFuture, $1.profile.name, $1.id.rawValue) }
    }

    /// The reps on the board, in its order.
    public var reps: [RepName] { sheet.board.rows.map(\.rep) }

    /// A rep's calendar as that rep sees it, read-only: the manager looks and records nothing.
    public func calendar(of rep: RepName) -> DeskContext {
        let reason = readOnlyReason ?? "\(rep)'s calendar, manager's view: nothing is recorded here; Esc goes back to the team"
        return DeskContext(
            state: state, now: now, rep: rep, policy: config.policy, timeZone: timeZone, readOnlyReason: reason,
            dueIndex: dueIndex, scripts: scripts)
    }
}

/// The team screen's figures a store can give without the leads: the board, each rep's touches per
/// week over the last eight weeks, the pool's open leads.
public struct ManagerFigures: Sendable {
    public var board: TeamBoard
    public var weekly: [RepName: [Int]]
    public var pool: [LeadState]

    public init(board: TeamBoard, weekly: [RepName: [Int]], pool: [LeadState]) {
        self.board = board
        self.weekly = weekly
        self.pool = pool
    }
}

/// The parts of the team screen that read every lead: the sheet (compliance, objections, charts)
/// and the idle leads.
public struct ManagerReport: Sendable {
    public var sheet: TeamSheet
    public var idle: [ManagerContext.IdleLead]

    public init(state: DeskState, config: DeskConfig, now: Date, timeZone: TimeZone) {
        sheet = TeamSheet(state: state, config: config, period: TeamPeriod.thisWeek(now, timeZone: timeZone))
        idle = state.leads.values.compactMap { lead -> ManagerContext.IdleLead? in
            switch IdleStatus.of(lead, at: now, policy: config.policy) {
            case .fresh: return nil
            case .flagged(let days, _), .escalated(let days, _), .reclaimable(let days):
                return ManagerContext.IdleLead(lead: lead, status: IdleStatus.of(lead, at: now, policy: config.policy), days: days)
            }
        }
        .sorted { (-$0.days, $0.lead.profile.owner.rawValue, $0.lead.id.rawValue) < (-$1.days, $1.lead.profile.owner.rawValue, $1.lead.id.rawValue) }
    }
}
