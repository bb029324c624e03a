import BebackCells
import BebackText

/// Drawing helpers shared by the panes.
enum Draw {
    /// A pane's box; the focused pane stands out. The title is outside text: `box` sanitizes it.
    static func box(_ rect: Rect, title: String, focused: Bool, into buffer: inout CellBuffer) {
        buffer.box(rect, title: title, style: focused ? .accent : .muted)
    }

    /// The inside of a box.
    static func inner(_ rect: Rect) -> Rect {
        Rect(x: rect.x + 1, y: rect.y + 1, width: max(0, rect.width - 2), height: max(0, rect.height - 2))
    }

    /// Writes styled lines into a rect, starting at line `from`.
    static func lines(_ lines: [(String, Style)], in rect: Rect, from start: Int, into buffer: inout CellBuffer) {
        guard rect.height > 0, rect.width > 0 else { return }
        for (row, line) in lines.dropFirst(min(start, max(0, lines.count - 1))).prefix(rect.height).enumerated() {
            buffer.put(line.0, x: rect.x, y: rect.y + row, style: line.1, maxWidth: rect.width)
        }
    }

    /// Word-wraps a paragraph to a width, with a hanging indent for the lines after the first.
    static func wrapped(_ text: String, width: Int, style: Style, indent: Int = 0) -> [(String, Style)] {
        let wrapped = SafeText.wrap(text, width: max(4, width - indent))
        return wrapped.enumerated().map { index, line in
            (index == 0 ? line : String(repeating: " ", count: indent) + line, style)
        }
    }
}
