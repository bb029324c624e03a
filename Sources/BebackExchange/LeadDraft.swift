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
    /// The CRM's status, recorded as a note unless it only says "new".
    public var status: String?
    /// The CRM said not to contact this person: recorded as such, and nothing is scheduled.
    public var doNotContact: Bool
    /// A follow-up the file asked for, after the cadence's first one.
    public var followUp: FollowUp?
    /// The record as read.
    public var cells: [String]

    public init(
        line: Int, profile: LeadProfile, wants: String = "", holdingBack: String = "", notes: [String] = [],
        status: String? = nil, doNotContact: Bool = false, followUp: FollowUp? = nil, cells: [String] = []
    ) {
        self.line = line
        self.profile = profile
        self.wants = wants
        self.holdingBack = holdingBack
        self.notes = notes
        self.status = status
        self.doNotContact = doNotContact
        self.followUp = followUp
        self.cells = cells
    }

    /// The notes this draft records, the status note included.
    public var allNotes: [String] {
        var result = notes
        if let status, !ValueVocabulary.meansNew(status), !doNotContact { result.append(Self.statusNote(status)) }
        return result
    }

    /// The note that keeps a CRM's status.
    public static func statusNote(_ status: String) -> String { "imported with status: \(status)" }
}
