/// A named fact a call script can use, written `{name}` in a template. Each one is taken from the
/// lead's own journal (or the clock and the cadence) and has a fallback for when the journal lacks it.
public enum ScriptPlaceholder: String, Sendable, CaseIterable, Comparable {
    case rep
    case repPhone = "rep_phone"
    case repEmail = "rep_email"
    case firstName = "first_name"
    case name
    case reason
    case lastSpoke = "last_spoke"
    case lastSpokeRelative = "last_spoke_relative"
    case discussed
    case lastNote = "last_note"
    case holdingBack = "holding_back"
    case agreedOn = "agreed_on"
    case agreedTime = "agreed_time"
    case agreedSubject = "agreed_subject"
    case customerAction = "customer_action"
    case openObjections = "open_objections"
    case answeredObjections = "answered_objections"
    case deciders
    case needs
    case criteria
    case reviewTime = "review_time"
    case feedback
    case localTime = "local_time"
    case goodTime = "good_time"
    case number
    case nextTry = "next_try"
    case touches
    case delivered

    /// What goes in when the lead's journal does not have the fact.
    public var fallback: String {
        switch self {
        case .rep: return "your rep"
        case .repPhone: return "this number"
        case .repEmail: return "this address"
        case .firstName: return "there"
        case .name: return "the customer"
        case .reason: return "see where things stand"
        case .lastSpoke: return "we have not spoken yet"
        case .lastSpokeRelative: return "not yet"
        case .discussed: return "what they are looking for"
        case .lastNote: return "no note from the last conversation"
        case .holdingBack: return "nothing recorded"
        case .agreedOn: return "no agreement recorded"
        case .agreedTime: return "no time agreed"
        case .agreedSubject: return "the next step"
        case .customerAction: return "think it over"
        case .openObjections: return "none recorded"
        case .answeredObjections: return "none answered yet"
        case .deciders: return "nobody else named"
        case .needs: return "nothing named yet"
        case .criteria: return "not said yet"
        case .reviewTime: return "no review time given"
        case .feedback: return "no feedback recorded"
        case .localTime: return "unknown"
        case .goodTime: return "check their calling hours"
        case .number: return "no number on file"
        case .nextTry: return "in a day or two"
        case .touches: return "0"
        case .delivered: return "recently"
        }
    }

    /// One line for `beback scripts check` and the README: where the fact comes from.
    public var help: String {
        switch self {
        case .rep: return "the rep at the keyboard (Ann)"
        case .repPhone: return "the rep's own number: desk.conf [text] from"
        case .repEmail: return "the rep's own address: desk.conf [mail] from"
        case .firstName: return "the lead's first name"
        case .name: return "the lead's full name"
        case .reason: return "why we call now: the purpose of the planned follow-up"
        case .lastSpoke: return "the day of the last conversation (Mon 16 Nov); a walk-in's visit counts"
        case .lastSpokeRelative: return "how long ago that was (7 days ago)"
        case .discussed: return "what they want, as captured (oak kitchen)"
        case .lastNote: return "the note written after the last conversation"
        case .holdingBack: return "what held them back at the first visit"
        case .agreedOn: return "the day the last agreement was made"
        case .agreedTime: return "the callback time agreed (Mon 23 Nov 15:00)"
        case .agreedSubject: return "the subject agreed for that call"
        case .customerAction: return "what the customer said they would do meanwhile"
        case .openObjections: return "open and recurring objections with their words and our last answer"
        case .answeredObjections: return "objections already answered, with the answer that settled them"
        case .deciders: return "the other decision makers"
        case .needs: return "what they need to see before they decide"
        case .criteria: return "what they will decide on"
        case .reviewTime: return "how long they take to review, or when they decide"
        case .feedback: return "what they like, their comfort, how the price fits"
        case .localTime: return "the lead's local time now (Mon 10:42)"
        case .goodTime: return "whether now suits them, by calling hours and their stated preference"
        case .number: return "the number to call: the agreed one, else their first phone"
        case .nextTry: return "when the cadence tries again after a voicemail"
        case .touches: return "how many touches so far"
        case .delivered: return "the delivery day, or the day the sale was won"
        }
    }

    public static func < (lhs: ScriptPlaceholder, rhs: ScriptPlaceholder) -> Bool { lhs.rawValue < rhs.rawValue }
}
