import Foundation

/// A touch as it stands in a lead's history: when, by whom, and the journal entry it came from.
public struct RecordedTouch: Equatable, Sendable {
    public var event: EventID
    public var at: Date
    public var actor: RepName
    public var touch: Touch
}

/// A free note in a lead's history.
public struct RecordedNote: Equatable, Sendable {
    public var event: EventID
    public var at: Date
    public var text: String
}

/// Everything the desk knows about one lead: the fold of that lead's events.
public struct LeadState: Equatable, Sendable {
    public let id: LeadID
    public var profile: LeadProfile
    public var wants: String
    public var holdingBack: String
    public var capturedAt: Date
    public var stage: LeadStage
    /// Newest last.
    public var touches: [RecordedTouch] = []
    /// Newest last.
    public var notes: [RecordedNote] = []
    public var objections: [Objection] = []
    /// The live agreement: until its call happens (a touch at or after its time), a newer one replaces
    /// it, or the lead closes (the journal keeps every agreement; the fold keeps only this one).
    public var agreement: Agreement?
    public var decisionProcess = DecisionProcess()
    public var feedback = Feedback()
    /// The next planned touch; nil when the lead is closed or cannot be reached.
    public var next: FollowUp?
    /// When `next` was planned (idle time counts from the later of this and its due time).
    public var plannedAt: Date?
    /// The next step's time before it was snoozed (nil when it was not): compliance counts from it.
    public var snoozedFrom: Date?
    /// Why nothing is planned, when nothing is.
    public var unscheduledReason: String?
    public var deliveredAt: Date?
    public var doNotContact = false
    /// Numbers and addresses of this do-not-contact lead a manager took off the desk-wide list.
    public var liftedContacts: Set<DoNotContactList.Entry> = []
    /// The channels the lead asked not to be reached on (`ChannelBlock`): calls, texts, email.
    /// Whole-lead do-not-contact is `doNotContact`; `blocks(_:)` asks both.
    public var blockedChannels: Set<Channel> = []
    /// The furthest rule-10 step written for the lead's latest idle episode.
    public var idle: IdleRecord?
    /// Whose lead it was when it was last reclaimed to the pool.
    public var reclaimedFrom: RepName?
    /// Every event of this lead that is in force, oldest first (an undo folds the lead again without the revoked one).
    public var events: [Event] = []

    public init(id: LeadID, profile: LeadProfile, wants: String, holdingBack: String, capturedAt: Date) {
        self.id = id
        self.profile = profile
        self.wants = wants
        self.holdingBack = holdingBack
        self.capturedAt = capturedAt
        self.stage = .new
    }

    /// How many touches the lead has had (practice rule 5 counts them).
    public var touchCount: Int { touches.count }

    /// The most recent touch.
    public var lastTouch: RecordedTouch? { touches.last }

    /// The most recent touch in which we spoke with the person.
    public var lastContact: RecordedTouch? { touches.last { $0.touch.outcome.flags.contains(.contactMade) } }

    /// The number of attempts since we last spoke with the person (voicemail, no answer, busy).
    public var attemptsWithoutContact: Int {
        var count = 0
        for recorded in touches.reversed() {
            guard recorded.touch.outcome.isAttemptWithoutContact else { break }
            count += 1
        }
        return count
    }

    /// The phone attempts in the current run without contact (practice rule 8 suggests another channel).
    public var phoneAttemptsWithoutContact: Int {
        var count = 0
        for recorded in touches.reversed() {
            guard recorded.touch.outcome.isAttemptWithoutContact else { break }
            if recorded.touch.channel == .phone { count += 1 }
        }
        return count
    }

    /// Whether the lead is closed (won leads stay open for their satisfaction call).
    public var isClosed: Bool { stage == .lost || stage == .doNotContact }

    /// Open objections first, as the script and the detail pane show them.
    public var openObjections: [Objection] { objections.filter { $0.status != .answered } }
}
