import BebackCells
import BebackText

/// The bottom line: this session's counters, and the last message (errors stand out). A message
/// too long for the line is never cut mid-word: it wraps onto the key bar's row above, and past
/// two rows ends at a whole word with `…`. The counters follow when there is room, cut the same way.
enum StatusBar {
    static func draw(_ model: DeskModel, row: Int, into buffer: inout CellBuffer, width: Int) {
        let counters = " this session: \(model.counters.summary)"
        if model.status.isEmpty {
            buffer.put(words(counters, width: width), x: 0, y: row, style: .plain, maxWidth: width)
            return
        }
        let lines = lines(model.status, width: width, rows: row > 0 ? 2 : 1)
        let style: Style = model.statusIsError ? .error : .accent
        for (index, line) in lines.enumerated() {
            let y = row - (lines.count - 1) + index
            if lines.count > 1 { buffer.put(String(repeating: " ", count: width), x: 0, y: y, style: .plain) }
            buffer.put(" \(line) ", x: 0, y: y, style: style, maxWidth: width)
        }
        let used = SafeText.displayWidth(" \(lines.last ?? "") ")
        if used + 16 < width {
            buffer.put(words(" ·" + counters, width: width - used), x: used, y: row, style: .muted, maxWidth: width - used)
        }
    }

    /// A message as at most `rows` lines of `width` (less a space each side), broken between words;
    /// what does not fit ends the last line with `…` after a whole word.
    static func lines(_ text: String, width: Int, rows: Int) -> [String] {
        let room = max(1, width - 2)
        let wrapped = SafeText.wrap(text, width: room)
        guard wrapped.count > rows else { return wrapped }
        var shown = Array(wrapped.prefix(rows))
        shown[rows - 1] = words(shown[rows - 1] + " " + wrapped[rows], width: room)
        return shown
    }

    /// `text` cut to `width` columns at the end of a whole word, with `…` (whole when it fits).
    static func words(_ text: String, width: Int) -> String {
        guard SafeText.displayWidth(text) > width else { return text }
        var cut = SafeText.fit(text, width: width)
        cut.removeLast()  // the ellipsis
        if let space = cut.lastIndex(of: " "), cut[cut.startIndex..<space].contains(where: { $0 != " " }) {
            cut = String(cut[..<space])
        }
        while cut.hasSuffix(" ") { cut.removeLast() }
        return cut + "…"
    }
}
