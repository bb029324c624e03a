/// Everything the manager can do on the team screen; keys map to these through `ManagerKeyBindings`.
public enum ManagerAction: Equatable, Sendable {
    case moveDown, moveUp, pageDown, pageUp, nextPane, previousPane
    /// Open the selected rep's calendar, read-only.
    case openCalendar
    /// Give the selected pool lead to the rep selected on the board.
    case assign
    case roundRobin, reclaim, help, quit
}
