/// Why an import or export could not start: one line that names the file, the line or the field.
public struct ExchangeError: Error, Equatable, CustomStringConvertible {
    public let description: String
    public init(_ description: String) { self.description = description }
}
