/// Where a lead came from; every source is followed up the same way (practice rule 11).
public enum LeadSource: String, Sendable, Codable, CaseIterable {
    case walkIn = "walk-in"
    case referral, website, search
    case directMail = "direct-mail"
    case social, networking, phone, other
}

/// How far along a lead is.
public enum LeadStage: String, Sendable, Codable, CaseIterable {
    case new
    case contacted
    case considering
    case appointment
    case longTerm = "long-term"
    case customer
    case lost
    case doNotContact = "do-not-contact"
}

/// Who a lead is: the facts a rep types when capturing or editing them.
public struct LeadProfile: Equatable, Sendable, Codable {
    /// The longest text a field may hold, in characters, however the lead comes in (typed, added or imported).
    public static let maxFieldLength = 1000

    public var name: String
    public var company: String
    public var contact: ContactPoints
    public var source: LeadSource
    public var owner: RepName
    /// What they are interested in ("oak kitchen", "family SUV").
    public var interest: String
    /// How long their buying decision usually takes, in days (practice rule 7).
    public var salesCycleDays: Int

    public init(
        name: String, company: String = "", contact: ContactPoints = ContactPoints(),
        source: LeadSource = .walkIn, owner: RepName, interest: String = "", salesCycleDays: Int = 30
    ) {
        self.name = name
        self.company = company
        self.contact = contact
        self.source = source
        self.owner = owner
        self.interest = interest
        self.salesCycleDays = salesCycleDays
    }
}
