/// The outcome of one touch, as a dialer records it, with the flags that drive the cadence.
public enum Disposition: String, Sendable, Codable, CaseIterable {
    case reached
    case voicemail
    case noAnswer = "no-answer"
    case busy
    case badNumber = "bad-number"
    case notNow = "not-now"
    case appointment
    case won
    case lost
    case doNotContact = "do-not-contact"

    /// What an outcome means for the follow-up plan.
    public struct Flags: OptionSet, Sendable {
        public let rawValue: Int
        public init(rawValue: Int) { self.rawValue = rawValue }
        /// We spoke with the person.
        public static let contactMade = Flags(rawValue: 1 << 0)
        /// The lead is closed: no further follow-up is planned by the cadence.
        public static let final = Flags(rawValue: 1 << 1)
        /// The outcome schedules a callback at an agreed or computed time.
        public static let schedulesCallback = Flags(rawValue: 1 << 2)
        /// A sale was made.
        public static let sale = Flags(rawValue: 1 << 3)
        /// The lead must never be contacted again.
        public static let doNotContact = Flags(rawValue: 1 << 4)
    }

    public var flags: Flags {
        switch self {
        case .reached: return [.contactMade, .schedulesCallback]
        case .voicemail, .noAnswer, .busy: return [.schedulesCallback]
        case .badNumber: return []
        case .notNow: return [.contactMade, .schedulesCallback]
        case .appointment: return [.contactMade, .schedulesCallback]
        case .won: return [.contactMade, .sale, .schedulesCallback]
        case .lost: return [.final]
        case .doNotContact: return [.final, .doNotContact]
        }
    }

    /// Which of the practice's rules this outcome follows: the cadence plans by it, the desk picks
    /// its form by it, the fold and the lifecycle move the lead by it. A new outcome picks one here
    /// (with its flags, label and desk key) and needs nothing else.
    public var rule: OutcomeRule {
        switch self {
        case .reached: return .conversation
        case .voicemail, .noAnswer, .busy: return .attemptWithoutContact
        case .badNumber: return .badNumber
        case .notNow: return .notNow
        case .appointment: return .appointment
        case .won: return .sale
        case .lost: return .lost
        case .doNotContact: return .doNotContact
        }
    }

    /// Words for screens and reports.
    public var label: String {
        switch self {
        case .reached: return "reached"
        case .voicemail: return "voicemail"
        case .noAnswer: return "no answer"
        case .busy: return "busy"
        case .badNumber: return "bad number"
        case .notNow: return "not now"
        case .appointment: return "appointment"
        case .won: return "won"
        case .lost: return "lost"
        case .doNotContact: return "do not contact"
        }
    }

    /// Whether this outcome ends the agreed callback whatever its time (a meeting, a sale, a close or "not now").
    public var endsAgreement: Bool {
        switch self {
        case .appointment, .won, .lost, .doNotContact, .notNow: return true
        default: return false
        }
    }

    /// Whether this attempt failed to reach the person (it extends a run of attempts without contact).
    public var isAttemptWithoutContact: Bool { self == .voicemail || self == .noAnswer || self == .busy }

    /// The channels this outcome can happen on: a voicemail or a busy line is a call's; no answer
    /// is any message's but a visit's; a bad number or address bounces a call, a text, an email or
    /// a letter. Everything said (reached, not now, a meeting, a sale, a close) can come on any.
    public var channels: [Channel] {
        switch self {
        case .voicemail, .busy: return [.phone]
        case .noAnswer: return [.phone, .email, .text, .mail, .social]
        case .badNumber: return [.phone, .email, .text, .mail]
        case .reached, .notNow, .appointment, .won, .lost, .doNotContact: return Channel.allCases
        }
    }

    /// Whether this outcome makes sense on `channel` (no "text busy", no "email voicemail").
    public func happens(on channel: Channel) -> Bool { channels.contains(channel) }
}

/// Why a lead was closed as lost; silence is the reason the seven-touch warning guards.
public enum LostReason: String, Sendable, Codable, CaseIterable {
    case silence
    case competitor
    case price
    case noNeed = "no-need"
    case timing
    case other

    public var label: String {
        switch self {
        case .silence: return "no response"
        case .competitor: return "bought elsewhere"
        case .price: return "price"
        case .noNeed: return "no need"
        case .timing: return "timing"
        case .other: return "other"
        }
    }
}

/// The rules the practice has for what follows a touch (see `Disposition.rule`).
public enum OutcomeRule: String, Sendable, CaseIterable {
    /// We spoke: an agreed callback, or the next step on what they want.
    case conversation
    /// No contact (voicemail, no answer, busy): try again, spaced out, mixing channels.
    case attemptWithoutContact
    /// The number does not work: another number, an email, or finding a working number.
    case badNumber
    /// Not now: a long-term check-in with a reason.
    case notNow
    /// A meeting at an agreed time.
    case appointment
    /// A sale: the satisfaction call, then the customer's life.
    case sale
    /// Closed as lost, with a reason.
    case lost
    /// Never contacted again.
    case doNotContact
}
