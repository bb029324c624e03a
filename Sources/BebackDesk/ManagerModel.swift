import BebackDomain
import BebackCells
import Foundation

/// The manager's desk between frames: the team screen (board, pool, report) or one rep's calendar,
/// opened read-only with the same panes the rep sees. `update(_:context:)` is the one way in and is
/// pure: it changes only this value and returns effects for the run loop (assign, deal, reclaim).
public struct ManagerModel: Equatable, Sendable {
    /// The team screen's panes, in Tab order.
    public enum Pane: Int, Equatable, Sendable, CaseIterable {
        case board, pool, report

        public var title: String {
            switch self {
            case .board: return "Board"
            case .pool: return "Pool"
            case .report: return "Report"
            }
        }
    }

    public enum Screen: Equatable, Sendable {
        case team
        /// A rep's calendar, read-only.
        case calendar(RepName)
    }

    public var screen: Screen = .team
    /// The rep's desk shown on the calendar screen (its keys go to it; it cannot write).
    public var calendar = DeskModel()
    public var focus: Pane = .board
    public private(set) var selectedRep = 0
    public private(set) var selectedPool = 0
    public var reportScroll = 0
    public var showingHelp = false
    /// Lines scrolled in the help overlay.
    public var helpScroll = 0
    /// The terminal's size as last drawn (set by the run loop, like `pageSize`): help scrolls by it.
    public var screenWidth = 80
    public var screenHeight = 24
    public var status = ""
    public var statusIsError = false
    public var lastSaved: Date?
    /// Rows of the pool and report panes that fit (set by the renderer's layout, for paging).
    public var pageSize = 10
    public var wantsQuit = false
    /// A bulk step waiting for `y` (dealing the pool, reclaiming): the question is on the status line.
    public var pending: ManagerEffect?

    public init() {}

    /// The rep selected on the board.
    public func selectedRepName(_ context: ManagerContext) -> RepName? {
        context.reps.indices.contains(selectedRep) ? context.reps[selectedRep] : nil
    }

    /// The pool lead selected.
    public func selectedPoolLead(_ context: ManagerContext) -> LeadState? {
        context.pool.indices.contains(selectedPool) ? context.pool[selectedPool] : nil
    }

    /// Keeps the selections inside the lists after the desk changed.
    public mutating func reload(_ context: ManagerContext) {
        selectedRep = min(selectedRep, max(0, context.reps.count - 1))
        selectedPool = min(selectedPool, max(0, context.pool.count - 1))
        if case .calendar(let rep) = screen { calendar.reload(context.calendar(of: rep)) }
    }

    // MARK: Messages

    /// A key, or the result of an effect; returns what the run loop must do next.
    public mutating func update(_ message: ManagerMsg, context: ManagerContext) -> [ManagerEffect] {
        switch message {
        case .key(let key):
            return handle(key, context: context)
        case .saved(let label, let time):
            lastSaved = time
            setStatus("saved: \(label)", error: false)
            reload(context)
        case .nothing(let text):
            setStatus(text, error: false)
        case .failed(let text):
            setStatus("NOT saved: \(text)", error: true)
        case .deskChanged:
            reload(context)
        case .alert(let text):
            setStatus(text, error: true)
        }
        return []
    }

    // MARK: Keys

    private mutating func handle(_ key: Key, context: ManagerContext) -> [ManagerEffect] {
        if key == .resize { return [] }
        if case .calendar(let rep) = screen {
            return handleCalendar(key, rep: rep, context: context)
        }
        if showingHelp {
            let page = ManagerRenderer.helpPage(width: screenWidth, height: screenHeight)
            if let offset = HelpOverlay.scroll(key, from: helpScroll, page: page.rows, maximum: page.maxScroll) {
                helpScroll = offset
            } else {
                showingHelp = false
            }
            return []
        }
        if let effect = pending {
            pending = nil
            if key == .character("y") || key == .character("Y") {
                setStatus("", error: false)
                return [effect]
            }
            setStatus("cancelled: nothing was written", error: false)
            return []
        }
        guard let action = ManagerKeyBindings.action(for: key) else {
            if key == .escape {
                setStatus("", error: false)
            } else if KeyBindings.action(for: key) != nil {
                setStatus("the team screen records nothing: Enter opens the selected rep's calendar (read-only)", error: true)
            }
            return []
        }
        return perform(action, context: context)
    }

    mutating func perform(_ action: ManagerAction, context: ManagerContext) -> [ManagerEffect] {
        switch action {
        case .moveDown: move(by: 1, context: context)
        case .moveUp: move(by: -1, context: context)
        case .pageDown: move(by: max(1, pageSize), context: context)
        case .pageUp: move(by: -max(1, pageSize), context: context)
        case .nextPane: focus = Pane(rawValue: (focus.rawValue + 1) % Pane.allCases.count) ?? .board
        case .previousPane: focus = Pane(rawValue: (focus.rawValue + Pane.allCases.count - 1) % Pane.allCases.count) ?? .board
        case .openCalendar:
            guard let rep = selectedRepName(context) else {
                setStatus("no rep on the board: desk.conf lists none and nobody owns a lead", error: true)
                return []
            }
            screen = .calendar(rep)
            calendar = DeskModel()
            calendar.reload(context.calendar(of: rep))
            setStatus("", error: false)
        case .assign:
            if let reason = context.readOnlyReason { return refuse(reason) }
            guard let lead = selectedPoolLead(context) else {
                setStatus("the pool is empty: R reclaims idle leads into it", error: true)
                return []
            }
            guard let rep = selectedRepName(context) else {
                setStatus("no rep to assign to: select one on the board", error: true)
                return []
            }
            if context.config.listsTeam, context.config.member(rep)?.role != .rep {
                setStatus("\(rep) is not a rep in desk.conf: select a rep on the board first", error: true)
                return []
            }
            return [.assign(lead.id, to: rep)]
        case .roundRobin:
            if let reason = context.readOnlyReason { return refuse(reason) }
            guard !context.pool.isEmpty else {
                setStatus("the pool is empty: nothing to deal", error: true)
                return []
            }
            let reps = context.config.assignableReps.map(\.rawValue).joined(separator: ", ")
            let count = context.pool.count
            pending = .roundRobin
            setStatus("deal \(count) pool lead\(count == 1 ? "" : "s") to \(reps.isEmpty ? "the reps" : reps) in turn? y = deal, Esc = no", error: true)
        case .reclaim:
            if let reason = context.readOnlyReason { return refuse(reason) }
            let policy = context.config.policy
            pending = .reclaim
            setStatus(
                "flag, escalate and reclaim leads idle past \(policy.idleFlagDays)/\(policy.idleEscalateDays)/\(policy.idleReclaimDays) working days now? y = yes, Esc = no",
                error: true)
        case .help:
            showingHelp = true
            helpScroll = 0
        case .quit:
            wantsQuit = true
        }
        return []
    }

    private mutating func handleCalendar(_ key: Key, rep: RepName, context: ManagerContext) -> [ManagerEffect] {
        let deskContext = context.calendar(of: rep)
        if key == .escape, calendar.mode == .normal {
            screen = .team
            setStatus("", error: false)
            return []
        }
        let effects = calendar.update(.key(key), context: deskContext)
        if calendar.wantsQuit {
            wantsQuit = true
            return []
        }
        // The calendar is read-only: the model refuses every change itself; anything that slips through is dropped.
        if !effects.isEmpty { calendar.setStatus("read-only: \(rep)'s calendar; nothing was written", error: true) }
        return []
    }

    private mutating func move(by delta: Int, context: ManagerContext) {
        switch focus {
        case .board: selectedRep = min(max(0, selectedRep + delta), max(0, context.reps.count - 1))
        case .pool: selectedPool = min(max(0, selectedPool + delta), max(0, context.pool.count - 1))
        case .report: reportScroll = max(0, reportScroll + delta)
        }
    }

    private mutating func refuse(_ reason: String) -> [ManagerEffect] {
        setStatus("read-only: \(reason)", error: true)
        return []
    }

    mutating func setStatus(_ text: String, error: Bool) {
        status = text
        statusIsError = error
    }
}
