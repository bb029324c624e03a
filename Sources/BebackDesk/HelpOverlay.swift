import BebackCells
import BebackText

/// The help overlay, generated from a screen's key table (the rep's desk, the manager's team screen).
enum HelpOverlay {
    /// The desk's help: its key table, then the form keys.
    static func draw(into buffer: inout CellBuffer, width: Int, height: Int) {
        draw(
            title: "Keys · any key closes", table: KeyBindings.table,
            extra: [("Forms", "Enter save · Tab/↓ next field · ←/→ Home End Ctrl-A/E/K/U/W edit · Esc cancel")],
            into: &buffer, width: width, height: height)
    }

    /// A box over the whole screen with the table's help lines and `extra` groups after them, in two
    /// columns when there is room.
    static func draw<Action>(
        title: String, table: KeyTable<Action>, extra: [(group: String, text: String)],
        into buffer: inout CellBuffer, width: Int, height: Int
    ) {
        let rect = Rect(x: 1, y: 1, width: width - 2, height: height - 2)
        for row in rect.y..<(rect.y + rect.height) {
            buffer.put(String(repeating: " ", count: rect.width), x: rect.x, y: row)
        }
        Draw.box(rect, title: title, focused: true, into: &buffer)
        let area = Draw.inner(rect)
        var entries: [(String, Style)] = table.helpLines.map { ($0.text, $0.isGroup ? Style(bold: true) : .plain) }
        for (group, text) in extra {
            entries.append((group, Style(bold: true)))
            entries.append(("  " + text, .plain))
        }
        // Two columns only when one is too short for every line and the screen is wide enough.
        let columns = area.width >= 100 && entries.count > area.height ? 2 : 1
        let perColumn = (entries.count + columns - 1) / columns
        let columnWidth = area.width / columns
        for column in 0..<columns {
            let slice = Array(entries.dropFirst(column * perColumn).prefix(perColumn))
            Draw.lines(slice, in: Rect(x: area.x + column * columnWidth, y: area.y, width: columnWidth - 1, height: area.height), from: 0, into: &buffer)
        }
    }
}
