import Foundation

/// The kind of reason a customer gives for not buying yet.
public enum ObjectionCategory: String, Sendable, Codable, CaseIterable {
    case price, timing
    case decisionMaker = "decision-maker"
    case competitor, trust
    case needToThink = "need-to-think"
    case other

    /// The key that picks this category in the objection form.
    public var key: Character {
        switch self {
        case .price: return "p"
        case .timing: return "t"
        case .decisionMaker: return "d"
        case .competitor: return "c"
        case .trust: return "r"
        case .needToThink: return "k"
        case .other: return "x"
        }
    }

    public var label: String {
        switch self {
        case .decisionMaker: return "decision maker"
        case .needToThink: return "need to think"
        default: return rawValue
        }
    }
}

/// Where an objection stands.
public enum ObjectionStatus: String, Sendable, Codable, CaseIterable {
    case open, answered, recurring
}

/// One entry of a lead's objection log: the category, the customer's own words, our answer, its status.
public struct Objection: Equatable, Sendable, Codable {
    public var id: String
    public var category: ObjectionCategory
    public var words: String
    public var answer: String
    public var status: ObjectionStatus
    public var loggedAt: Date

    public init(id: String, category: ObjectionCategory, words: String, answer: String = "", status: ObjectionStatus = .open, loggedAt: Date) {
        self.id = id
        self.category = category
        self.words = words
        self.answer = answer
        self.status = status
        self.loggedAt = loggedAt
    }
}
