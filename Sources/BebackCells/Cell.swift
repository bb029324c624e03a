import Synchronization

/// One terminal column of a `CellBuffer`: a grapheme cluster and its style.
///
/// A wide character (CJK, most emoji) occupies two cells: a leading cell with `width` 2
/// holding the grapheme, then a continuation cell with `width` 0 and an empty grapheme.
/// Cells are only made by `CellBuffer`, which sanitizes their text, so a cell never holds
/// a control character.
///
/// A cell is plain bits (no reference to count): the grapheme's UTF-8 bytes are kept inline
/// when they are 15 or fewer, which is every character but long emoji sequences; those are
/// kept once in a shared table and the cell holds their number. A screen of cells is then
/// copied, compared and freed as memory, which the desk does at every key.
public struct Cell: Hashable, Sendable {
    /// The first eight bytes of the grapheme's UTF-8, or a long grapheme's number in the table.
    private var low: UInt64
    /// Bytes 9 to 15 of the grapheme's UTF-8; the top byte is the byte count, or `tableMark`.
    private var high: UInt64
    public internal(set) var style: Style
    /// Columns the grapheme takes: 1 or 2 for a leading cell, 0 for a continuation.
    public internal(set) var width: Int

    init(grapheme: String, style: Style, width: Int) {
        (low, high) = Self.pack(grapheme)
        self.style = style
        self.width = width
    }

    /// A one-column cell of printable ASCII `byte` (the desk's most common cell: no string work).
    init(ascii byte: UInt8, style: Style) {
        low = UInt64(byte)
        high = 1 << 56
        self.style = style
        width = 1
    }

    /// The grapheme shown in this column: " " for a blank cell, "" for a continuation.
    public internal(set) var grapheme: String {
        get {
            let count = Int(high >> 56)
            if count == Self.tableMark { return Self.longGraphemes.withLock { $0.texts[Int(low)] } }
            return withUnsafeBytes(of: (low, high)) { raw in String(decoding: raw.prefix(count), as: UTF8.self) }
        }
        set { (low, high) = Self.pack(newValue) }
    }

    /// The byte when the grapheme is one printable ASCII character, else nil (for the terminal's fast path).
    public var asciiByte: UInt8? {
        guard high == 1 << 56, low >= 0x20, low < 0x7F else { return nil }
        return UInt8(low)
    }

    /// Whether this cell is the right half of the wide character on its left.
    public var isContinuation: Bool { width == 0 }

    /// A space in the plain style.
    public static let blank = Cell(ascii: 0x20, style: .plain)

    static func space(_ style: Style) -> Cell {
        Cell(ascii: 0x20, style: style)
    }

    static func continuation(_ style: Style) -> Cell {
        Cell(grapheme: "", style: style, width: 0)
    }

    // MARK: - Storage

    /// The count byte of a grapheme kept in the table.
    private static let tableMark = 0xFF

    /// Graphemes of more than 15 bytes, each kept once: equal graphemes get equal numbers, so cells
    /// compare by their bits.
    private struct LongGraphemes {
        var texts: [String] = []
        var numbers: [String: Int] = [:]
    }

    private static let longGraphemes = Mutex(LongGraphemes())

    private static func pack(_ grapheme: String) -> (UInt64, UInt64) {
        // The bytes go straight into the two words (no array on the drawing path); the 16th byte is the count.
        var packed: (UInt64, UInt64) = (0, 0)
        var length = 0
        withUnsafeMutableBytes(of: &packed) { raw in
            for byte in grapheme.utf8 {
                if length < 15 { raw[length] = byte }
                length += 1
            }
        }
        guard length > 15 else { return (packed.0, packed.1 | UInt64(length) << 56) }
        let number = longGraphemes.withLock { table in
            if let known = table.numbers[grapheme] { return known }
            table.texts.append(grapheme)
            table.numbers[grapheme] = table.texts.count - 1
            return table.texts.count - 1
        }
        return (UInt64(number), UInt64(tableMark) << 56)
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
