/// Keeps a spreadsheet from running an exported cell as a formula (CSV injection): a cell that
/// starts with `=`, `+`, `-` or `@` (after any leading spaces, which spreadsheets skip), or with a
/// tab, carriage return or line feed, gets a leading apostrophe, which spreadsheets show as text.
/// The importer takes that apostrophe off again, so a round trip keeps the text as it was.
public enum SpreadsheetSafety {
    /// Characters that start a formula, also after leading spaces.
    static let formulaStarts: Set<Character> = ["=", "+", "-", "@"]
    /// Characters that make a cell suspect as its first character (a spreadsheet may drop them and read on).
    static let leadingControls: Set<Character> = ["\t", "\r", "\n", "\r\n"]
    /// Leading characters a spreadsheet skips before reading a formula.
    static let skippedSpaces: Set<Character> = [" ", "\u{00A0}", "\u{3000}"]

    /// Whether a spreadsheet could read the cell as a formula.
    static func needsGuard<S: StringProtocol>(_ cell: S) -> Bool {
        guard let first = cell.first else { return false }
        if leadingControls.contains(first) { return true }
        guard let start = cell.first(where: { !skippedSpaces.contains($0) }) else { return false }
        return formulaStarts.contains(start) || leadingControls.contains(start)
    }

    /// The cell as a spreadsheet should receive it.
    public static func neutralize(_ cell: String) -> String {
        needsGuard(cell) ? "'" + cell : cell
    }

    /// The cell as it was before `neutralize`.
    public static func restore(_ cell: String) -> String {
        guard cell.utf8.first == UInt8(ascii: "'"), cell.hasPrefix("'"), needsGuard(cell.dropFirst()) else { return cell }
        return String(cell.dropFirst())
    }
}
