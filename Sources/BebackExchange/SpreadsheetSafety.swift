/// Keeps a spreadsheet from running an exported cell as a formula (CSV injection): a cell that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return gets a leading apostrophe, which
/// spreadsheets show as text. The importer takes that apostrophe off again, so a round trip keeps
/// the text as it was.
public enum SpreadsheetSafety {
    static let triggers: Set<Character> = ["=", "+", "-", "@", "\t", "\r", "\r\n"]

    /// The cell as a spreadsheet should receive it.
    public static func neutralize(_ cell: String) -> String {
        guard let first = cell.first, triggers.contains(first) else { return cell }
        return "'" + cell
    }

    /// The cell as it was before `neutralize`.
    public static func restore(_ cell: String) -> String {
        guard cell.hasPrefix("'"), let second = cell.dropFirst().first, triggers.contains(second) else { return cell }
        return String(cell.dropFirst())
    }
}
