import BebackDomain

/// Everything a rep can do at the desk in normal mode; keys map to these through `KeyBindings`.
public enum DeskAction: Equatable, Sendable {
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case nextPane, previousPane
    /// Work the selected lead: focus its detail and script.
    case work
    /// Record an outcome (digits 1-9, 0).
    case outcome(Disposition)
    case addNote, logObjection, setAgreement, editContact, captureLead
    /// Record who else decides, their criteria, what they need to see, the review time.
    case recordDecisionProcess
    /// Record the customer's feedback: what they like, their comfort, how the price fits.
    case recordFeedback
    /// Mark a logged objection answered, recurring or open again, with its answer.
    case updateObjection
    /// Record the delivery of a sale (the satisfaction call is planned from it).
    case recordDelivery
    /// Reopen a lead closed as lost, with a reason.
    case reopenLead
    /// Move the selected lead to the end of this session's queue (nothing is written).
    case skip
    /// Move the selected lead's next step to a later time, with a reason (journaled, not a touch).
    case snooze
    /// Dial the selected lead's number with the desk's dial command (the call's start is noted).
    case dial
    /// Compose an email to the selected lead in the rep's editor, from the template that fits.
    case composeEmail
    /// Compose a text to the selected lead in a one-line form (length and SMS segments shown).
    case composeText
    /// Power dialling on or off: an outcome moves to the next lead and dials it after a countdown.
    case powerSession
    case undo, quit, help, filter
    case scriptNext, scriptPrevious, scriptVoicemail
    /// Cycle the script through its variants (follow-up, first after a walkout, long-term, satisfaction, voicemail, customer voicemail).
    case scriptCycleVariant
    /// What happened since the last call: show the move for it (a new objection also opens the objection form).
    case scriptBranch(AdvanceBranch)
    /// The next step is agreed: open the "reached" form pre-filled from the script.
    case scriptAgree
}
