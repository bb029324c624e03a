import BebackTerminal

/// Everything the manager can do on the team screen; keys map to these through `ManagerKeyBindings`.
public enum ManagerAction: Equatable, Sendable {
    case moveDown, moveUp, pageDown, pageUp, nextPane, previousPane
    /// Open the selected rep's calendar, read-only.
    case openCalendar
    /// Give the selected pool lead to the rep selected on the board.
    case assign
    case roundRobin, reclaim, help, quit
}

/// One row of the manager's key table.
public struct ManagerKeyBinding: Sendable {
    public var action: ManagerAction
    public var keys: [Key]
    public var label: String
    public var help: String
}

/// The manager's key table on the team screen (a rep's calendar uses the desk's own, read-only, and Esc).
public enum ManagerKeyBindings {
    public static let all: [ManagerKeyBinding] = [
        ManagerKeyBinding(action: .moveDown, keys: [.down, .character("j")], label: "j ↓", help: "next rep / pool lead / report line"),
        ManagerKeyBinding(action: .moveUp, keys: [.up, .character("k")], label: "k ↑", help: "previous rep / pool lead / report line"),
        ManagerKeyBinding(action: .pageDown, keys: [.pageDown, .control("f")], label: "PgDn", help: "a page down"),
        ManagerKeyBinding(action: .pageUp, keys: [.pageUp, .control("b")], label: "PgUp", help: "a page up"),
        ManagerKeyBinding(action: .nextPane, keys: [.tab, .right, .character("l")], label: "Tab", help: "next pane (board, pool, report)"),
        ManagerKeyBinding(action: .previousPane, keys: [.backTab, .left, .character("h")], label: "S-Tab", help: "previous pane"),
        ManagerKeyBinding(action: .openCalendar, keys: [.enter], label: "Enter", help: "open the selected rep's calendar, read-only (Esc back)"),
        ManagerKeyBinding(action: .assign, keys: [.character("a")], label: "a", help: "give the selected pool lead to the rep selected on the board"),
        ManagerKeyBinding(action: .roundRobin, keys: [.character("A")], label: "A", help: "deal the whole pool to the present reps in turn (asks first)"),
        ManagerKeyBinding(action: .reclaim, keys: [.character("R")], label: "R", help: "flag, escalate and reclaim idle leads now (asks first)"),
        ManagerKeyBinding(action: .help, keys: [.character("?"), .function(1)], label: "?", help: "this help"),
        ManagerKeyBinding(action: .quit, keys: [.character("q"), .control("c")], label: "q", help: "quit"),
    ]

    public static func action(for key: Key) -> ManagerAction? {
        all.first { $0.keys.contains(key) }?.action
    }
}
