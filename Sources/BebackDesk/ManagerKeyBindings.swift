import BebackCells

/// The manager's key table on the team screen (a rep's calendar uses the desk's own, read-only, and Esc).
public enum ManagerKeyBindings {
    public static let table = KeyTable<ManagerAction>([
        KeyBinding(.moveDown, keys: [.down, .character("j")], label: "j ↓", help: "next rep / pool lead / report line", group: "Team screen"),
        KeyBinding(.moveUp, keys: [.up, .character("k")], label: "k ↑", help: "previous rep / pool lead / report line", group: "Team screen"),
        KeyBinding(.pageDown, keys: [.pageDown, .control("f")], label: "PgDn", help: "a page down", group: "Team screen"),
        KeyBinding(.pageUp, keys: [.pageUp, .control("b")], label: "PgUp", help: "a page up", group: "Team screen"),
        KeyBinding(
            .nextPane, keys: [.tab, .right, .character("l")], label: "Tab", short: "pane", help: "next pane (board, pool, report)",
            group: "Team screen", bar: 4),
        KeyBinding(.previousPane, keys: [.backTab, .left, .character("h")], label: "S-Tab", help: "previous pane", group: "Team screen"),
        KeyBinding(
            .openCalendar, keys: [.enter], label: "Enter", short: "calendar", help: "open the selected rep's calendar, read-only (Esc back)",
            group: "Team screen", bar: 0),
        KeyBinding(
            .assign, keys: [.character("a")], label: "a", short: "assign", help: "give the selected pool lead to the rep selected on the board",
            group: "Team screen", bar: 1),
        KeyBinding(
            .roundRobin, keys: [.character("A")], label: "A", short: "deal pool", help: "deal the whole pool to the present reps in turn (asks first)",
            group: "Team screen", bar: 2),
        KeyBinding(
            .reclaim, keys: [.character("R")], label: "R", short: "reclaim", help: "flag, escalate and reclaim idle leads now (asks first)",
            group: "Team screen", bar: 3),
        KeyBinding(.help, keys: [.character("?"), .function(1)], label: "?", short: "help", help: "this help", group: "Team screen", bar: 90),
        KeyBinding(.quit, keys: [.character("q"), .control("c")], label: "q", short: "quit", help: "quit", group: "Team screen", bar: 91)
    ])

    public static var all: [KeyBinding<ManagerAction>] { table.bindings }

    public static func action(for key: Key) -> ManagerAction? { table.action(for: key) }
}
