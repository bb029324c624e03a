/// One record of an import file checked on its own, before the planner sorts it against the desk
/// and the records before it: a blank line, a rejection, or a lead draft with its duplicate keys.
public struct CheckedRecord: Sendable {
    /// What the check found.
    enum Outcome: Sendable {
        case blank
        case rejected(RowRejection)
        case accepted(LeadDraft, DuplicateIndex.Keys)
    }

    let outcome: Outcome
}
