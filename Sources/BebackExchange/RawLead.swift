/// One imported record sorted by lead field, before it is checked: what the mapping found in it,
/// and the record as read (for the reject file).
public struct RawLead: Equatable, Sendable {
    /// The physical line where the record starts (for a vCard, the line of `BEGIN:VCARD`).
    public var line: Int
    /// Non-empty values by field, in column order.
    public var values: [ImportField: [String]]
    /// Phone labels by field, parallel to `values` (`home`, `work`, `fax` from a column's header or a vCard's type).
    public var labels: [ImportField: [String]] = [:]
    /// The record as read.
    public var cells: [String]
    /// Non-empty cells past the header's last column.
    public var extraCells: Int
    /// Whether every cell is empty (a blank line).
    public var isBlank: Bool
    /// The number of columns the header has.
    public var expectedCells: Int

    public init(line: Int, values: [ImportField: [String]], cells: [String], extraCells: Int = 0, isBlank: Bool = false, expectedCells: Int = 0) {
        self.line = line
        self.values = values
        self.cells = cells
        self.extraCells = extraCells
        self.isBlank = isBlank
        self.expectedCells = expectedCells
    }

    /// The first value of a field.
    public func value(_ field: ImportField) -> String? { values[field]?.first }
}
