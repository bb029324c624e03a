/// One terminal column of a `CellBuffer`: a grapheme cluster and its style.
///
/// A wide character (CJK, most emoji) occupies two cells: a leading cell with `width` 2
/// holding the grapheme, then a continuation cell with `width` 0 and an empty grapheme.
/// Cells are only made by `CellBuffer`, which sanitizes their text, so a cell never holds
/// a control character.
public struct Cell: Hashable, Sendable {
    /// The grapheme shown in this column: " " for a blank cell, "" for a continuation.
    public internal(set) var grapheme: String
    public internal(set) var style: Style
    /// Columns the grapheme takes: 1 or 2 for a leading cell, 0 for a continuation.
    public internal(set) var width: Int

    init(grapheme: String, style: Style, width: Int) {
        self.grapheme = grapheme
        self.style = style
        self.width = width
    }

    /// Whether this cell is the right half of the wide character on its left.
    public var isContinuation: Bool { width == 0 }

    /// A space in the plain style.
    public static let blank = Cell(grapheme: " ", style: .plain, width: 1)

    static func space(_ style: Style) -> Cell {
        Cell(grapheme: " ", style: style, width: 1)
    }

    static func continuation(_ style: Style) -> Cell {
        Cell(grapheme: "", style: style, width: 0)
    }
}

/// A stretch of one buffer row drawn in a single style, as returned by
/// `CellBuffer.runs(row:)` (for tests and debugging).
public struct StyledRun: Hashable, Sendable {
    /// The column where the run starts.
    public var x: Int
    public var text: String
    public var style: Style

    public init(x: Int, text: String, style: Style) {
        self.x = x
        self.text = text
        self.style = style
    }
}
