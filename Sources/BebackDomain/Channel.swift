/// The way one touch reaches a lead.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case phone, email, text, mail, social
    case inPerson = "in-person"

    /// A short label for lists.
    public var label: String { self == .inPerson ? "in person" : rawValue }
}
