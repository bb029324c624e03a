import BebackCells
import BebackText

/// The tab bar on narrow terminals (Due · Lead · Script, or the manager's Board · Pool · Report),
/// the focused one highlighted.
enum TabBar {
    static func draw(focus: DeskPane, row: Int, into buffer: inout CellBuffer, width: Int) {
        draw(titles: DeskPane.allCases.map(\.title), focused: DeskPane.allCases.firstIndex(of: focus), row: row, into: &buffer, width: width)
    }

    static func draw(titles: [String], focused: Int?, row: Int, into buffer: inout CellBuffer, width: Int) {
        var x = 0
        for (index, title) in titles.enumerated() {
            if index > 0 { x += buffer.put("·", x: x, y: row, style: .muted, maxWidth: max(0, width - x)) }
            x += buffer.put(" \(title) ", x: x, y: row, style: index == focused ? .selected : .muted, maxWidth: max(0, width - x))
        }
        buffer.put("  Tab switches", x: x, y: row, style: .muted, maxWidth: max(0, width - x))
    }
}
