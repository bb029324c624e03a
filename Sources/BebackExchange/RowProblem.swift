/// Why one value of an imported record cannot be used, in words for the reject file.
public struct RowProblem: Error, Equatable, Sendable {
    public var reason: String
    public init(_ reason: String) { self.reason = reason }
}

/// An imported record that was not imported, with the physical line where it starts and why.
public struct RowRejection: Error, Equatable, Sendable {
    public var line: Int
    public var reason: String
    /// The record as read, written back to the reject file.
    public var cells: [String]

    public init(line: Int, reason: String, cells: [String]) {
        self.line = line
        self.reason = reason
        self.cells = cells
    }
}
