import BebackCells

/// Where each part of the desk goes for a terminal size: side by side when wide, stacked when
/// medium, tabs when narrow, and a "too small" notice below the minimum.
public struct DeskLayout: Equatable, Sendable {
    public enum Arrangement: Equatable, Sendable { case threeColumns, twoColumns, tabs, tooSmall }

    public static let minimumWidth = 60
    public static let minimumHeight = 15

    public var arrangement: Arrangement
    public var width: Int
    public var height: Int
    /// The panes shown, and where. In `tabs` only the focused pane is shown.
    public var panes: [DeskPane: Rect]
    /// The tab bar row in `tabs`.
    public var tabBar: Int?

    public init(width: Int, height: Int, focus: DeskPane) {
        self.width = width
        self.height = height
        tabBar = nil
        panes = [:]
        guard width >= Self.minimumWidth, height >= Self.minimumHeight else {
            arrangement = .tooSmall
            return
        }
        let top = 1
        let paneHeight = height - 3
        if width >= 110 {
            arrangement = .threeColumns
            let dueWidth = width * 34 / 100
            let leadWidth = width * 36 / 100
            panes[.due] = Rect(x: 0, y: top, width: dueWidth, height: paneHeight)
            panes[.lead] = Rect(x: dueWidth, y: top, width: leadWidth, height: paneHeight)
            panes[.script] = Rect(x: dueWidth + leadWidth, y: top, width: width - dueWidth - leadWidth, height: paneHeight)
        } else if width >= 80 {
            arrangement = .twoColumns
            let dueWidth = width * 45 / 100
            let leadHeight = paneHeight * 55 / 100
            panes[.due] = Rect(x: 0, y: top, width: dueWidth, height: paneHeight)
            panes[.lead] = Rect(x: dueWidth, y: top, width: width - dueWidth, height: leadHeight)
            panes[.script] = Rect(x: dueWidth, y: top + leadHeight, width: width - dueWidth, height: paneHeight - leadHeight)
        } else {
            arrangement = .tabs
            tabBar = top
            panes[focus] = Rect(x: 0, y: top + 1, width: width, height: paneHeight - 1)
        }
    }

    /// How many due-list rows fit (for paging).
    public var dueRows: Int {
        max(1, (panes[.due]?.height ?? (height - 6)) - 2)
    }
}
