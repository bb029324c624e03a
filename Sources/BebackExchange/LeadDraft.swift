import BebackDomain

/// An imported record that passed every check: the lead it becomes, and what comes with it.
public struct LeadDraft: Equatable, Sendable {
    /// The physical line of the record (the first one, when duplicates were merged into it).
    public var line: Int
    public var profile: LeadProfile
    public var wants: String
    public var holdingBack: String
    /// Free notes to record on the lead (a CRM's description).
    public var notes: [String]
    /// Notes on how the import planned a new lead (an old activity date replaced): written only when
    /// the record becomes a new lead, never merged into a lead already on the desk.
    public var planningNotes: [String] = []
    /// The CRM's status, recorded as a note unless it only says "new".
    public var status: String?
    /// The CRM said not to contact this person: recorded as such, and nothing is scheduled.
    public var doNotContact: Bool
    /// The channels the file says the person may not be reached on (a do-not-call or opt-out
    /// flag): written as a `channel-block` entry, and the first step goes on another channel.
    public var blockedChannels: Set<Channel> = []
    /// Why the channels are blocked, as the block entry says ("imported: do not call").
    public var blockReason: String = ""
    /// The file's status closed the lead: won, or lost with a reason.
    public var closing: ImportedClosing?
    /// A follow-up the file asked for, after the cadence's first one.
    public var followUp: FollowUp?
    /// A Beback export's lead as it was (its capture time, touches, notes, agreement, next step):
    /// written as that history instead of a fresh capture with the cadence's first follow-up.
    public var history: ExportedHistory?
    /// The record as read.
    public var cells: [String]
    /// Optional values that were left out (a malformed email beside a good phone), for the reject file.
    public var warnings: [String]
    /// What the summary counts about this record ("do not call", "owner not a rep").
    public var tally: [String]

    public init(
        line: Int, profile: LeadProfile, wants: String = "", holdingBack: String = "", notes: [String] = [],
        status: String? = nil, doNotContact: Bool = false, closing: ImportedClosing? = nil, followUp: FollowUp? = nil, cells: [String] = [],
        warnings: [String] = [], tally: [String] = []
    ) {
        self.warnings = warnings
        self.tally = tally
        self.line = line
        self.profile = profile
        self.wants = wants
        self.holdingBack = holdingBack
        self.notes = notes
        self.status = status
        self.doNotContact = doNotContact
        self.closing = closing
        self.followUp = followUp
        self.cells = cells
    }

    /// The notes this draft records, the status note included.
    public var allNotes: [String] {
        if planningNotes.isEmpty, status == nil { return notes }
        var result = notes + planningNotes
        if let status, !ValueVocabulary.meansNew(status), !doNotContact, closing == nil { result.append(Self.statusNote(status)) }
        return result
    }

    /// The note that keeps a CRM's status.
    public static func statusNote(_ status: String) -> String { "imported with status: \(status)" }
}

/// How an imported status closed a lead: won (`Closed - Converted`), or lost with a reason.
public struct ImportedClosing: Equatable, Sendable {
    public var outcome: Disposition
    public var reason: LostReason?

    public init(outcome: Disposition, reason: LostReason? = nil) {
        self.outcome = outcome
        self.reason = reason
    }
}
