/// A lead field that an imported column (or a vCard property) can fill.
public enum ImportField: String, CaseIterable, Sendable, Hashable, CustomStringConvertible {
    case name
    case firstName = "first-name"
    case lastName = "last-name"
    case phone
    case mobile
    case otherPhones = "other-phones"
    case email
    case company
    case source
    case status
    case notes
    case owner
    case timeZone = "time-zone"
    case interest
    case wants
    case holdingBack = "holding-back"
    case followUp = "follow-up"
    case followUpKind = "follow-up-kind"
    case followUpPurpose = "follow-up-purpose"
    /// The channel of the follow-up the file asks for (a Beback export's Next Channel).
    case followUpChannel = "follow-up-channel"
    case cycleDays = "cycle-days"
    case bestTime = "best-time"
    case channel
    /// A do-not-call flag (`true`, `yes`, `1`, `x`): the lead is not to be phoned.
    case doNotCall = "do-not-call"
    /// An email opt-out flag: the lead is not to be emailed.
    case emailOptOut = "email-opt-out"
    /// The channels the lead asked not to be reached on (a Beback export's Blocked Channels:
    /// `phone; text; email`): each one blocked, as a flag would.
    case blockedChannels = "blocked-channels"
    /// When the lead was captured (a Beback export's Captured column).
    case captured
    /// A Beback export's compact cells: the touches, free notes, live agreement, objections,
    /// decision process, feedback, delivery and why nothing is planned.
    case history
    case noteLog = "note-log"
    case agreement
    case objections
    case decisionProcess = "decision-process"
    case feedback
    case delivered
    case unscheduledReason = "nothing-planned"

    public var description: String { rawValue }

    /// Whether several columns may feed this field (their values are all kept).
    public var allowsSeveralColumns: Bool {
        switch self {
        case .phone, .mobile, .otherPhones, .notes, .email, .status: return true
        default: return false
        }
    }

    /// Whether the field's cells are read exactly as written (a Beback export's compact cells, whose
    /// parts may start or end with spaces): not trimmed, and `null` or `-` are not read as empty.
    public var keepsText: Bool {
        switch self {
        case .history, .noteLog, .agreement, .objections, .decisionProcess, .feedback: return true
        default: return false
        }
    }

    /// The label a phone number from this field gets.
    var phoneLabel: String? {
        switch self {
        case .phone: return "phone"
        case .mobile: return "mobile"
        case .otherPhones: return "other"
        default: return nil
        }
    }

    /// Reads a field name as typed after `--map COLUMN=` (`first-name`, `first_name`, `First Name`).
    public init?(typed text: String) {
        let key = HeaderMapping.normalize(text)
        guard let field = Self.allCases.first(where: { HeaderMapping.normalize($0.rawValue) == key }) else { return nil }
        self = field
    }
}
