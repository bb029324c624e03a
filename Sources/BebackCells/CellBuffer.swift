import BebackText

/// A screen's worth of cells that panes draw into; `TerminalScreen.draw` then writes
/// only the cells that changed. Plain value: compare it, or its `lines()`, in tests.
///
/// `put` is the chokepoint for text: everything written goes through
/// `SafeText.sanitize` first, so control characters, escape sequences and bidi controls
/// from outside text show as visible escapes and never reach the terminal. Writes are
/// clipped at the buffer edges; a wide character is never split (one that does not fit
/// becomes a space), and overwriting half of a wide character blanks its other half.
public struct CellBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    /// All cells, row by row (`cells[y * width + x]`).
    public private(set) var cells: [Cell]

    /// A buffer of blank cells; negative sizes count as zero.
    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    /// The whole buffer as a rectangle at the origin.
    public var bounds: Rect { Rect(x: 0, y: 0, width: width, height: height) }

    /// The cell at column `x`, row `y`, which must lie inside the buffer.
    public subscript(x: Int, y: Int) -> Cell {
        precondition(bounds.contains(x: x, y: y), "cell (\(x), \(y)) outside a \(width)x\(height) buffer")
        return cells[y * width + x]
    }

    // MARK: - Drawing

    /// Writes sanitized `text` on row `y` starting at column `x`, clipped to the buffer
    /// and to `maxWidth` columns from `x`. Returns the number of columns written inside
    /// the buffer (a space standing in for a wide character that did not fit counts).
    /// Combining marks at the start of `text` have nothing to attach to and are dropped.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height else { return 0 }
        let end = min(width, maxWidth.map { x + max(0, $0) } ?? Int.max)
        if let written = putPrintableASCII(text, x: x, y: y, style: style, end: end) { return written }
        var column = x
        var written = 0
        var lastLeading: Int?  // where a following combining mark attaches
        for character in SafeText.sanitize(text) {
            let characterWidth = SafeText.displayWidth(character)
            if characterWidth == 0 {
                if let index = lastLeading { cells[index].grapheme.append(character) }
                continue
            }
            guard column < end else { break }
            if column + characterWidth > end || column < 0 {
                // Only part of a wide character is visible: show spaces instead.
                var blankColumn = max(column, 0)
                while blankColumn < min(column + characterWidth, end) {
                    set(.space(style), x: blankColumn, y: y)
                    written += 1
                    blankColumn += 1
                }
                lastLeading = nil
                column += characterWidth
                continue
            }
            set(Cell(grapheme: String(character), style: style, width: characterWidth), x: column, y: y)
            lastLeading = y * width + column
            written += characterWidth
            column += characterWidth
        }
        return written
    }

    /// Most text on the desk is printable ASCII: one byte, one column, nothing to sanitize. Puts such
    /// text without the grapheme and width work of `put` (the same cells); nil for any other text.
    private mutating func putPrintableASCII(_ text: String, x: Int, y: Int, style: Style, end: Int) -> Int? {
        guard !text.utf8.contains(where: { $0 < 0x20 || $0 > 0x7E }) else { return nil }
        var column = x
        var written = 0
        for byte in text.utf8 {
            guard column < end else { break }
            if column >= 0 {
                set(Cell(ascii: byte, style: style), x: column, y: y)
                written += 1
            }
            column += 1
        }
        return written
    }

    /// Fills the part of `rect` inside the buffer with spaces in `style`.
    public mutating func fill(_ rect: Rect, style: Style = .plain) {
        let area = rect.intersection(bounds)
        guard !area.isEmpty else { return }
        for row in area.y..<area.maxY {
            for column in area.x..<area.maxX {
                set(.space(style), x: column, y: row)
            }
        }
    }

    /// Blanks the whole buffer.
    public mutating func clear(style: Style = .plain) {
        fill(bounds, style: style)
    }

    /// Draws a single-line box (`┌─┐│└┘`) with its top-left corner at (`x`, `y`). A
    /// title, sanitized and cut to fit, goes in the top border: `┌ Title ───┐`. Boxes
    /// smaller than 2x2 draw nothing; the inside is left as it is.
    public mutating func box(x: Int, y: Int, width boxWidth: Int, height boxHeight: Int, title: String? = nil, style: Style = .plain) {
        guard boxWidth >= 2, boxHeight >= 2 else { return }
        // The frame's characters are one column each and need no sanitizing: cells are set directly.
        let lines = Self.boxCells(style)
        let right = x + boxWidth - 1
        let bottom = y + boxHeight - 1
        let (firstColumn, lastColumn) = (max(x, 0), min(right, width - 1))
        for (row, left, end) in [(y, lines.topLeft, lines.topRight), (bottom, lines.bottomLeft, lines.bottomRight)] where row >= 0 && row < height {
            for column in stride(from: firstColumn, through: lastColumn, by: 1) {
                set(column == x ? left : column == right ? end : lines.horizontal, x: column, y: row)
            }
        }
        for row in stride(from: max(y + 1, 0), to: min(bottom, height), by: 1) {
            if x >= 0, x < width { set(lines.vertical, x: x, y: row) }
            if right >= 0, right < width { set(lines.vertical, x: right, y: row) }
        }
        if let title {
            let fitted = SafeText.fit(title, width: boxWidth - 4)
            if !fitted.isEmpty {
                put(" " + fitted + " ", x: x + 1, y: y, style: style, maxWidth: boxWidth - 2)
            }
        }
    }

    private struct BoxCells {
        var topLeft, topRight, bottomLeft, bottomRight, horizontal, vertical: Cell
    }

    private static func boxCells(_ style: Style) -> BoxCells {
        func cell(_ character: String) -> Cell { Cell(grapheme: character, style: style, width: 1) }
        return BoxCells(
            topLeft: cell("┌"), topRight: cell("┐"), bottomLeft: cell("└"), bottomRight: cell("┘"), horizontal: cell("─"), vertical: cell("│"))
    }

    /// Draws a box around `rect`; see `box(x:y:width:height:title:style:)`.
    public mutating func box(_ rect: Rect, title: String? = nil, style: Style = .plain) {
        box(x: rect.x, y: rect.y, width: rect.width, height: rect.height, title: title, style: style)
    }

    // MARK: - Reading

    /// The text of each row, continuation cells left out (so CJK reads naturally) and
    /// trailing spaces trimmed. For text snapshot tests.
    public func lines() -> [String] {
        (0..<height).map { row in
            var line = ""
            for column in 0..<width {
                line += cells[row * width + column].grapheme
            }
            while line.last == " " { line.removeLast() }
            return line
        }
    }

    /// Row `y` split into runs of equal style, left to right, covering the whole row
    /// (continuation cells belong to their wide character's run).
    public func runs(row y: Int) -> [StyledRun] {
        guard y >= 0, y < height else { return [] }
        var runs: [StyledRun] = []
        for column in 0..<width {
            let cell = cells[y * width + column]
            if let last = runs.last, last.style == cell.style {
                runs[runs.count - 1].text += cell.grapheme
            } else {
                runs.append(StyledRun(x: column, text: cell.grapheme, style: cell.style))
            }
        }
        return runs
    }

    // MARK: - Internals

    /// Stores `cell` (and a continuation after a wide one), blanking the other half of
    /// any wide character it partly overwrites. `cell` must fit in the row.
    private mutating func set(_ cell: Cell, x: Int, y: Int) {
        let index = y * width + x
        let last = x + max(cell.width, 1) - 1
        precondition(x >= 0 && last < width, "cell write outside the row")
        if cells[index].isContinuation, x > 0 {
            cells[index - 1] = .space(cells[index - 1].style)
        }
        if last + 1 < width, cells[y * width + last + 1].isContinuation {
            cells[y * width + last + 1] = .space(cells[y * width + last + 1].style)
        }
        cells[index] = cell
        if cell.width == 2 {
            cells[index + 1] = .continuation(cell.style)
        }
    }
}
