/// One record of an imported file: its fields as read, and the physical line where it starts
/// (a quoted field may run over several lines).
public struct SourceRecord: Equatable, Sendable {
    public var line: Int
    public var fields: [String]

    public init(line: Int, fields: [String]) {
        self.line = line
        self.fields = fields
    }
}
