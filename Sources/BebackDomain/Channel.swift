/// The way one touch reaches a lead.
public enum Channel: String, Sendable, Codable, CaseIterable {
    case phone, email, text, mail, social
    case inPerson = "in-person"

    /// A short label for lists.
    public var label: String { self == .inPerson ? "in person" : rawValue }

    /// The key that picks this channel in a desk form.
    public var key: Character {
        switch self {
        case .phone: return "p"
        case .email: return "e"
        case .text: return "t"
        case .mail: return "m"
        case .social: return "s"
        case .inPerson: return "i"
        }
    }
}
