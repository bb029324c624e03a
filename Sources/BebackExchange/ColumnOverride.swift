/// One `--map COLUMN=FIELD` given on the command line; FIELD `ignore` (or `-`, or nothing) drops the column.
public struct ColumnOverride: Equatable, Sendable {
    public var column: String
    /// The field the column fills, nil to ignore the column.
    public var field: ImportField?

    public init(column: String, field: ImportField?) {
        self.column = column
        self.field = field
    }

    /// Reads `COLUMN=FIELD` (split at the last `=`, so a column name may itself hold one).
    public init(parsing text: String) throws(ExchangeError) {
        guard let equals = text.lastIndex(of: "=") else {
            throw ExchangeError("--map: '\(text)' is not COLUMN=FIELD (fields: \(Self.fieldList))")
        }
        let column = String(text[..<equals]).trimmingCharacters(in: .whitespaces)
        let fieldText = String(text[text.index(after: equals)...]).trimmingCharacters(in: .whitespaces)
        guard !column.isEmpty else { throw ExchangeError("--map: '\(text)' names no column") }
        if ["", "-", "ignore", "none", "skip"].contains(fieldText.lowercased()) {
            self.init(column: column, field: nil)
            return
        }
        guard let field = ImportField(typed: fieldText) else {
            throw ExchangeError("--map: unknown field '\(fieldText)' (fields: \(Self.fieldList), or ignore)")
        }
        self.init(column: column, field: field)
    }

    /// Every field name, for messages and help.
    public static var fieldList: String { ImportField.allCases.map(\.rawValue).joined(separator: ", ") }
}
