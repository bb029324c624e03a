import BebackCells
import BebackText

/// The help overlay, generated from a screen's key table (the rep's desk, the manager's team screen).
/// When its lines do not fit, it scrolls (j/k, arrows, PgDn/PgUp, Home/End) and its last row says
/// where it is and that there is more; any other key closes it.
enum HelpOverlay {
    /// What help says after the desk's key table.
    static let deskExtra: [(group: String, text: String)] = [
        ("Forms", "Enter save · Tab/↓ next field · ←/→ Home End Ctrl-A/E/K/U/W edit (long text scrolls sideways) · Esc cancel"),
        ("This help", "j/k ↑/↓ a line · PgDn/PgUp a page · Home/End first/last · any other key closes")
    ]
    static let deskTitle = "Keys · j/k PgDn scroll · any other key closes"

    /// The desk's help: its key table, then the form keys.
    static func draw(scroll: Int = 0, into buffer: inout CellBuffer, width: Int, height: Int) {
        draw(title: deskTitle, table: KeyBindings.table, extra: deskExtra, scroll: scroll, into: &buffer, width: width, height: height)
    }

    /// The desk's help laid out for this size (how far it scrolls: 0 when it all fits).
    static func deskPage(width: Int, height: Int) -> Page {
        page(table: KeyBindings.table, extra: deskExtra, width: width, height: height)
    }

    /// The help's lines laid out for a screen: one column (two when the screen is wide and two fit
    /// without scrolling), the rows shown, and how far it scrolls.
    struct Page {
        var lines: [(text: String, style: Style)]
        var columns: Int
        /// Rows of help shown per column (less the hint row when it scrolls).
        var rows: Int
        var maxScroll: Int { max(0, lines.count - rows * columns) }
    }

    static func page<Action>(table: KeyTable<Action>, extra: [(group: String, text: String)], width: Int, height: Int) -> Page {
        let area = Draw.inner(Rect(x: 1, y: 1, width: width - 2, height: height - 2))
        var entries: [(String, Style)] = table.helpLines.map { ($0.text, $0.isGroup ? Style(bold: true) : .plain) }
        for (group, text) in extra {
            entries.append((group, Style(bold: true)))
            entries.append(("  " + text, .plain))
        }
        // A line too long for its column wraps under itself: a key's text past the key column, a
        // group's name indented.
        func wrapped(_ columnWidth: Int) -> [(text: String, style: Style)] {
            var lines: [(text: String, style: Style)] = []
            for (text, style) in entries {
                guard SafeText.displayWidth(text) > columnWidth else {
                    lines.append((text, style))
                    continue
                }
                let keyed = text.hasPrefix("  ") && text.count > 8
                let head = keyed ? String(text.prefix(8)) : ""
                let indent = String(repeating: " ", count: keyed ? SafeText.displayWidth(head) : 2)
                let body = SafeText.wrap(keyed ? String(text.dropFirst(8)) : text, width: max(1, columnWidth - indent.count))
                lines += body.enumerated().map { index, line in ((index == 0 ? (keyed ? head : "") : indent) + line, style) }
            }
            return lines
        }
        let single = wrapped(area.width - 1)
        if single.count <= area.height { return Page(lines: single, columns: 1, rows: max(1, area.height)) }
        // Two columns only when the screen is wide enough and two hold every line.
        if area.width >= 100 {
            let double = wrapped(area.width / 2 - 1)
            if (double.count + 1) / 2 <= area.height { return Page(lines: double, columns: 2, rows: max(1, area.height)) }
        }
        return Page(lines: single, columns: 1, rows: max(1, area.height - 1))
    }

    /// A box over the whole screen with the table's help lines and `extra` groups after them, from
    /// line `scroll` (clamped), in two columns when there is room.
    static func draw<Action>(
        title: String, table: KeyTable<Action>, extra: [(group: String, text: String)], scroll: Int = 0,
        into buffer: inout CellBuffer, width: Int, height: Int
    ) {
        let rect = Rect(x: 1, y: 1, width: width - 2, height: height - 2)
        for row in rect.y..<(rect.y + rect.height) {
            buffer.put(String(repeating: " ", count: rect.width), x: rect.x, y: row)
        }
        Draw.box(rect, title: title, focused: true, into: &buffer)
        let area = Draw.inner(rect)
        let page = page(table: table, extra: extra, width: width, height: height)
        let offset = min(max(0, scroll), page.maxScroll)
        let perColumn = page.columns == 2 ? (page.lines.count + 1) / 2 : page.rows
        let columnWidth = area.width / page.columns
        for column in 0..<page.columns {
            let slice = page.lines.dropFirst(offset + column * perColumn).prefix(min(perColumn, page.rows)).map { ($0.text, $0.style) }
            Draw.lines(slice, in: Rect(x: area.x + column * columnWidth, y: area.y, width: columnWidth - 1, height: page.rows), from: 0, into: &buffer)
        }
        guard page.maxScroll > 0 else { return }
        let last = min(page.lines.count, offset + page.rows)
        let more = offset < page.maxScroll ? "↓ more: j/k PgDn/PgUp Home/End" : "end · k/PgUp/Home back up"
        let hint = "\(more) · lines \(offset + 1)-\(last) of \(page.lines.count)"
        buffer.put(hint, x: area.x, y: area.y + area.height - 1, style: .accent, maxWidth: area.width)
    }

    /// The help's scroll after `key` (nil: the key closes help). `page` is the rows shown, `maximum`
    /// how far it scrolls.
    static func scroll(_ key: Key, from offset: Int, page: Int, maximum: Int) -> Int? {
        let moved: Int
        switch key {
        case .down, .character("j"): moved = offset + 1
        case .up, .character("k"): moved = offset - 1
        case .pageDown, .control("f"), .character(" "): moved = offset + max(1, page - 1)
        case .pageUp, .control("b"): moved = offset - max(1, page - 1)
        case .home, .character("g"): moved = 0
        case .end, .character("G"): moved = maximum
        case .resize: moved = offset
        default: return nil
        }
        return min(max(0, moved), maximum)
    }
}
