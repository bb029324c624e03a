/// Which pane has the keyboard.
public enum DeskPane: Int, Sendable, CaseIterable {
    case due, lead, script

    public var title: String {
        switch self {
        case .due: return "Due"
        case .lead: return "Lead"
        case .script: return "Script"
        }
    }
}
