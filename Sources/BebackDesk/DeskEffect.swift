import BebackDomain

/// What the run loop must do after a message: write entries, undo, dial. The model only asks; the
/// loop appends and syncs, and reports back with a `DeskMsg` (`saved`, `failed`, `dialled`...).
public enum DeskEffect: Equatable, Sendable {
    /// Record an outcome (its plan was made once, when the form was submitted, and travels with it).
    case record(OutcomeRequest)
    /// Entries on one lead (a note, an objection, an agreement and its callback, a correction).
    case append([EventPayload], lead: LeadID, summary: String)
    /// Log an objection on a lead; its id is given where the effect is performed, from the desk's id generator.
    case logObjection(lead: LeadID, category: ObjectionCategory, words: String, answer: String)
    case capture(LeadProfile, wants: String, holdingBack: String)
    /// Run the desk's dial command for this number of this lead.
    case dial(lead: LeadID, number: String)
    /// Compose an email to this lead in the rep's editor (the desk steps aside while it runs).
    case composeEmail(lead: LeadID)
    /// Send the message composed for this lead (through desk.conf's command) and journal it.
    case sendMessage(lead: LeadID)
    /// Fill the text template for this lead (the desk then shows it in a one-line form).
    case composeText(lead: LeadID)
    /// Send these words as the text composed for this lead, and journal it.
    case sendText(lead: LeadID, text: String)
    /// A reminder came: ring the terminal's bell once and run desk.conf's `[notify] command`, if any.
    case remind(Reminder)
    /// Revoke these entries (this session's last saved group; the journal keeps both).
    case undo([Event])
}
