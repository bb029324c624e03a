import Foundation

/// One change to the desk, as written to a journal. State is a fold over these; nothing is
/// ever rewritten: a correction or an undo is a new event.
public struct Event: Equatable, Sendable {
    public var id: EventID
    public var at: Date
    /// The rep (or manager) who made the change.
    public var actor: RepName
    /// The lead it concerns.
    public var lead: LeadID
    public var payload: EventPayload

    public init(id: EventID, at: Date, actor: RepName, lead: LeadID, payload: EventPayload) {
        self.id = id
        self.at = at
        self.actor = actor
        self.lead = lead
        self.payload = payload
    }
}

/// What an event says happened. The rare, wide cases are `indirect` (boxed): a million events
/// in memory then take the width of a touch each, not of a whole lead profile.
public enum EventPayload: Equatable, Sendable {
    /// A new lead, with what they want and why they are holding back (a walkout at the counter).
    indirect case captured(LeadProfile, wants: String, holdingBack: String)
    /// The lead's details were corrected (the whole profile as it now stands).
    indirect case profileUpdated(LeadProfile)
    /// A contact attempt and its outcome.
    case touched(Touch)
    /// The next follow-up was planned.
    case scheduled(FollowUp)
    /// The next step was moved to a later time by hand, and why (after the `scheduled` entry that
    /// moves it; not a touch).
    case snoozed(Snooze)
    /// No follow-up is planned any more, and why.
    case unscheduled(reason: String)
    /// What was agreed on the call.
    indirect case agreed(Agreement)
    /// Who decides and what they need.
    indirect case decisionProcess(DecisionProcess)
    /// What the customer thinks of the offer.
    indirect case feedback(Feedback)
    /// A new objection in the log.
    indirect case objectionLogged(Objection)
    /// An objection's answer or status changed.
    case objectionUpdated(id: String, answer: String, status: ObjectionStatus)
    /// A free note.
    case noted(String)
    /// The product was delivered (the satisfaction call counts from here).
    case delivered
    /// A closed lead (lost, or long-term) is worked again, and why; a touch on a closed lead needs one first.
    case reopened(reason: String)
    /// A manager took one of a do-not-contact lead's numbers or addresses (as given) off the
    /// desk-wide list, and why (the number now belongs to someone else); the lead stays do-not-contact.
    case contactLifted(entry: String, reason: String)
    /// The lead asked not to be reached on some channels (or took that back).
    case channelBlocked(ChannelBlock)
    /// The lead moved to another owner; its whole history moves with it.
    case reassigned(to: RepName)
    /// An earlier entry is withdrawn (undo); the journal keeps both.
    case revoked(EventID, reason: String)
    /// Rule 10: untouched past due long enough to be flagged on the owner's desk.
    case idleFlagged(IdleMark)
    /// Rule 10: untouched longer still; the manager is told.
    case escalated(IdleMark)
    /// Rule 10: taken back to the shared pool; the whole history stays with the lead.
    case reclaimed(IdleMark)
    /// A calling session ended (written under `SessionRecord.lead`: it concerns no lead).
    indirect case sessionRecorded(SessionRecord)
    /// A kind this version does not know; the record stays in the journal byte for byte.
    case unknown(kind: String)

    /// The kind name written in the journal.
    public var kind: String {
        switch self {
        case .captured: return "captured"
        case .profileUpdated: return "profile"
        case .touched: return "touch"
        case .scheduled: return "scheduled"
        case .unscheduled: return "unscheduled"
        case .snoozed: return "snoozed"
        case .agreed: return "agreement"
        case .decisionProcess: return "decision"
        case .feedback: return "feedback"
        case .objectionLogged: return "objection"
        case .objectionUpdated: return "objection-update"
        case .noted: return "note"
        case .delivered: return "delivered"
        case .reopened: return "reopened"
        case .contactLifted: return "dnc-lifted"
        case .channelBlocked: return "channel-block"
        case .reassigned: return "reassigned"
        case .revoked: return "revoked"
        case .idleFlagged: return "idle-flagged"
        case .escalated: return "escalated"
        case .reclaimed: return "reclaimed"
        case .sessionRecorded: return "session"
        case .unknown(let kind): return kind
        }
    }
}
