import Foundation

/// What the rep and the customer agreed at the end of a call: when to talk next, on which
/// number, about what, and what the customer will do in between.
public struct Agreement: Equatable, Sendable, Codable {
    /// The precise callback time the customer agreed to.
    public var callbackAt: Date
    /// The number to call then, if a particular one was named.
    public var number: String?
    /// The subject of that call ("go through the quote").
    public var subject: String
    /// What the customer will do meanwhile ("review the quote with Tom").
    public var customerAction: String
    /// When the agreement was made.
    public var madeAt: Date

    public init(callbackAt: Date, number: String? = nil, subject: String, customerAction: String = "", madeAt: Date) {
        self.callbackAt = callbackAt
        self.number = number
        self.subject = subject
        self.customerAction = customerAction
        self.madeAt = madeAt
    }
}

/// Who else decides and what they need before they can say yes.
public struct DecisionProcess: Equatable, Sendable, Codable {
    public var otherDeciders: String
    public var criteria: String
    public var informationNeeded: String
    public var reviewTime: String

    public init(otherDeciders: String = "", criteria: String = "", informationNeeded: String = "", reviewTime: String = "") {
        self.otherDeciders = otherDeciders
        self.criteria = criteria
        self.informationNeeded = informationNeeded
        self.reviewTime = reviewTime
    }

    public var isEmpty: Bool { otherDeciders.isEmpty && criteria.isEmpty && informationNeeded.isEmpty && reviewTime.isEmpty }
}

/// What the customer thinks of what they saw: what they like, their comfort, how the price fits.
public struct Feedback: Equatable, Sendable, Codable {
    public var likes: String
    public var comfort: String
    public var priceFit: String

    public init(likes: String = "", comfort: String = "", priceFit: String = "") {
        self.likes = likes
        self.comfort = comfort
        self.priceFit = priceFit
    }
}
