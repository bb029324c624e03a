import Foundation

/// One outcome the rep is recording, with whatever the form asked for.
public struct OutcomeRequest: Equatable, Sendable {
    public var lead: LeadID
    public var outcome: Disposition
    public var channel: Channel
    public var note: String
    public var details: OutcomeDetails
    /// A follow-up the rep chose instead of the cadence's proposal.
    public var nextOverride: FollowUp?
    /// The rep confirmed the warnings that need confirmation.
    public var confirmed: Bool
    /// The number the desk dialled for this call, when it dialled.
    public var number: String?
    /// How long the call lasted, when the desk timed it (from the dial to the outcome).
    public var durationSeconds: Int?
    /// The cadence's plan for this outcome, when the caller already made it (the desk makes it once,
    /// when the form is submitted); nil: `record` makes it.
    public var plan: CadencePlan?

    public init(
        lead: LeadID, outcome: Disposition, channel: Channel = .phone, note: String = "",
        details: OutcomeDetails = OutcomeDetails(), nextOverride: FollowUp? = nil, confirmed: Bool = false,
        number: String? = nil, durationSeconds: Int? = nil, plan: CadencePlan? = nil
    ) {
        self.plan = plan
        self.number = number
        self.durationSeconds = durationSeconds
        self.lead = lead
        self.outcome = outcome
        self.channel = channel
        self.note = note
        self.details = details
        self.nextOverride = nextOverride
        self.confirmed = confirmed
    }
}
