import BebackCells

/// Where the team screen's panes go: the board across the top with the report and the pool side by
/// side below when wide (100 columns or more), one pane at a time under a tab bar when narrow, and the
/// desk's "too small" notice below 60x15.
public struct ManagerLayout: Equatable, Sendable {
    public var tooSmall: Bool
    public var panes: [ManagerModel.Pane: Rect] = [:]
    /// The tab bar row when narrow.
    public var tabBar: Int?

    public init(width: Int, height: Int, focus: ManagerModel.Pane, reps: Int) {
        tooSmall = width < DeskLayout.minimumWidth || height < DeskLayout.minimumHeight
        guard !tooSmall else { return }
        let top = 1
        let available = height - 3
        if width >= 100 {
            // Header, a row per rep, the team's row and the pool line, inside a box; at most half the height.
            let boardHeight = min(reps + 5, max(6, available / 2))
            panes[.board] = Rect(x: 0, y: top, width: width, height: boardHeight)
            let reportWidth = width * 62 / 100
            panes[.report] = Rect(x: 0, y: top + boardHeight, width: reportWidth, height: available - boardHeight)
            panes[.pool] = Rect(x: reportWidth, y: top + boardHeight, width: width - reportWidth, height: available - boardHeight)
        } else {
            tabBar = top
            panes[focus] = Rect(x: 0, y: top + 1, width: width, height: available - 1)
        }
    }

    /// Rows of the focused pane's list that fit (for paging).
    public func pageRows(_ pane: ManagerModel.Pane) -> Int { max(1, (panes[pane]?.height ?? 6) - 2) }
}
