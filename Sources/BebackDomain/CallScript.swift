import Foundation

/// Which script fits the call about to be made; each has its own template file.
public enum ScriptVariant: String, Sendable, CaseIterable {
    /// A callback or follow-up after an earlier conversation.
    case followUp = "follow-up"
    /// The first call after a walkout (we have not spoken since the visit).
    case firstAfterWalkout = "first-after-walkout"
    /// A long-term "not now" check-in.
    case longTermCheckIn = "long-term"
    /// The satisfaction call after a purchase.
    case satisfaction
    /// What to say when the call goes to voicemail.
    case voicemail
    /// What to say when a post-purchase call (satisfaction, customer check-in) goes to voicemail:
    /// thanks and a check on how it is going, never the sale's old agreement.
    case customerVoicemail = "customer-voicemail"

    /// The variant for a lead's next planned touch. A customer after the sale (won, delivered, in
    /// post-purchase nurture) keeps the post-purchase script even for a callback agreed with them.
    public static func forLead(_ lead: LeadState) -> ScriptVariant {
        switch lead.next?.kind {
        case .longTerm: return .longTermCheckIn
        case .satisfaction, .customerCheckIn: return .satisfaction
        // The walkout script talks about the visit; a lead that never came in gets the follow-up
        // script, whose lines for a first conversation fall back to who we are and why we call.
        case .first: return lead.profile.source == .walkIn ? .firstAfterWalkout : .followUp
        default:
            switch LeadLifecycle.stage(of: lead) {
            case .won, .delivered, .customer: return .satisfaction
            default: return lead.lastContact == nil && lead.profile.source == .walkIn ? .firstAfterWalkout : .followUp
            }
        }
    }

    /// A short name for titles ("walkout").
    public var label: String {
        switch self {
        case .firstAfterWalkout: return "walkout"
        default: return rawValue
        }
    }

    /// Whether this is a message to leave on voicemail.
    public var isVoicemail: Bool { self == .voicemail || self == .customerVoicemail }

    /// Whether this script is for a customer after the sale (it never sells).
    public var isPostPurchase: Bool { self == .satisfaction || self == .customerVoicemail }

    /// The voicemail to leave on a call this script was for: a customer gets the post-purchase one.
    public var voicemail: ScriptVariant { isPostPurchase ? .customerVoicemail : .voicemail }

    /// The variant after this one, for the key that cycles through them.
    public var next: ScriptVariant {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// What happened since the last call, as the rep picks it to advance the sale.
public enum AdvanceBranch: String, Sendable, CaseIterable {
    /// They did not review what was sent.
    case notReviewed = "not-reviewed"
    /// The other decision maker was not involved.
    case otherDecider = "other-decider"
    /// Nothing moved.
    case nothingMoved = "nothing-moved"
    /// A new objection came up (it goes into the objection log).
    case newObjection = "new-objection"

    /// Short words for the choice.
    public var label: String {
        switch self {
        case .notReviewed: return "didn't review it"
        case .otherDecider: return "other decider not involved"
        case .nothingMoved: return "nothing moved"
        case .newObjection: return "a new objection"
        }
    }
}

/// One step of a filled call script: a heading and the lines the rep reads or checks.
public struct ScriptStep: Equatable, Sendable {
    public var title: String
    public var lines: [String]
    /// Which part of the script it is.
    public var section: ScriptSectionName

    public init(title: String, lines: [String], section: ScriptSectionName = .opening) {
        self.title = title
        self.lines = lines
        self.section = section
    }
}

/// The next call as the script proposes it: what it is about, what the customer does before it,
/// and the number to call. The "reached" form is pre-filled from it.
public struct NextCallProposal: Equatable, Sendable {
    public var subject: String
    public var customerAction: String
    public var number: String

    public init(subject: String = "", customerAction: String = "", number: String = "") {
        self.subject = subject
        self.customerAction = customerAction
        self.number = number
    }
}

/// The move for one answer to "what happened since": what to say, and what it proposes for the next call.
public struct ScriptMove: Equatable, Sendable {
    public var branch: AdvanceBranch
    public var title: String
    public var lines: [String]
    /// `@subject` and `@they-will` of the branch, when it has them (they replace the close's).
    public var subject: String?
    public var customerAction: String?

    public init(branch: AdvanceBranch, title: String, lines: [String], subject: String? = nil, customerAction: String? = nil) {
        self.branch = branch
        self.title = title
        self.lines = lines
        self.subject = subject
        self.customerAction = customerAction
    }
}

/// A call script filled for one lead: the steps in order, the moves for each branch, and the next call it proposes.
public struct FilledScript: Equatable, Sendable {
    public var variant: ScriptVariant
    public var steps: [ScriptStep]
    public var moves: [ScriptMove]
    /// What the close proposes when no branch was picked.
    public var closing: NextCallProposal

    public init(variant: ScriptVariant, steps: [ScriptStep], moves: [ScriptMove], closing: NextCallProposal) {
        self.variant = variant
        self.steps = steps
        self.moves = moves
        self.closing = closing
    }

    public func move(_ branch: AdvanceBranch) -> ScriptMove? { moves.first { $0.branch == branch } }

    /// The index of a step by section ("advance", "close").
    public func stepIndex(_ section: ScriptSectionName) -> Int? { steps.firstIndex { $0.section == section } }

    /// The next call to propose after the rep picked `branch` (nil: none picked).
    public func proposal(after branch: AdvanceBranch?) -> NextCallProposal {
        var proposal = closing
        if let branch, let move = move(branch) {
            if let subject = move.subject { proposal.subject = subject }
            if let action = move.customerAction { proposal.customerAction = action }
        }
        return proposal
    }
}

/// The call-script prompter: fills the template of the right variant for a lead from that lead's own journal.
public enum CallScriptBuilder {
    /// The filled script, or nil when `templates` has none for the variant.
    public static func script(
        for lead: LeadState, rep: RepName, now: Date, variant: ScriptVariant? = nil,
        policy: CadencePolicy = .standard, templates: ScriptTemplateSet
    ) -> FilledScript? {
        let chosen = variant ?? ScriptVariant.forLead(lead)
        guard let template = templates.template(for: chosen) else { return nil }
        return ScriptFiller.fill(template, facts: ScriptFacts(lead: lead, rep: rep, now: now, policy: policy))
    }

    /// The steps alone (empty when there is no template for the variant).
    public static func steps(
        for lead: LeadState, rep: RepName, now: Date, variant: ScriptVariant? = nil,
        policy: CadencePolicy = .standard, templates: ScriptTemplateSet
    ) -> [ScriptStep] {
        script(for: lead, rep: rep, now: now, variant: variant, policy: policy, templates: templates)?.steps ?? []
    }
}
