import BebackDomain

/// What an import does with a record that duplicates a lead (on the desk or earlier in the file).
public enum DuplicatePolicy: String, CaseIterable, Sendable {
    /// Adds the record's new details (more phones, a missing email, company or interest, new notes)
    /// to the lead it duplicates; a record that brings nothing new changes nothing.
    case merge
    /// Leaves the lead as it is and counts the record as skipped.
    case skip
}

/// A record that duplicated a lead, and what became of it.
public struct DuplicateRow: Equatable, Sendable {
    public enum Outcome: String, Sendable {
        case skipped
        case merged
        case unchanged
    }

    public var line: Int
    public var duplicateOf: DuplicateIndex.Match
    public var reason: DuplicateIndex.Reason
    public var outcome: Outcome

    public init(line: Int, duplicateOf: DuplicateIndex.Match, reason: DuplicateIndex.Reason, outcome: Outcome) {
        self.line = line
        self.duplicateOf = duplicateOf
        self.reason = reason
        self.outcome = outcome
    }

    /// "line 7: same phone as lead k7q2m, skipped"
    public var description: String {
        let other: String
        switch duplicateOf {
        case .desk(let lead): other = "lead \(lead)"
        case .file(let line): other = "line \(line)"
        }
        return "line \(line): \(reason.rawValue) as \(other), \(outcome.rawValue)"
    }
}

/// New details for a lead already on the desk, gathered from the file's duplicates of it.
public struct LeadMerge: Equatable, Sendable {
    public var lead: LeadID
    public var original: LeadProfile
    /// The profile as it will stand.
    public var profile: LeadProfile
    public var newNotes: [String]
    public var markDoNotContact: Bool
    public var lines: [Int]
    /// Channels the file blocks that the lead on the desk does not block yet (a do-not-call flag).
    public var blockChannels: Set<Channel> = []
    public var blockReason: String = ""

    /// Whether the merge changes anything.
    public var changesSomething: Bool { profile != original || !newNotes.isEmpty || markDoNotContact || !blockChannels.isEmpty }
}
