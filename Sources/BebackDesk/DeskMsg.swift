import BebackDomain
import BebackCells
import Foundation

/// Everything that reaches the desk's model, one way in: the keys the rep presses and the results
/// of the effects the run loop performed (saved, failed, dialled), or what it saw while idle (other
/// processes' entries, the minute turning, damage a background check found).
public enum DeskMsg: Equatable, Sendable {
    case key(Key)
    /// The entries of an effect were appended, synced and folded into the desk.
    case saved(DeskModel.SavedGroup, at: Date)
    /// The last saved group was revoked (its revocations appended and synced).
    case undone(at: Date)
    /// An effect could not be done: nothing was written.
    case failed(String)
    /// The dial command started: the call is timed from `at`.
    case dialled(lead: LeadID, number: String, at: Date)
    /// The dial command ended badly after it was started.
    case dialFailed(String)
    /// The desk changed under the screen (another process's entries, the minute turned): the due list is made again.
    case deskChanged
    /// Something found without a key (damage found by a background check): shown as an error.
    case alert(String)
    /// A note for the status line (a torn tail set aside, a network file system).
    case note(String)
    /// A message to this lead is composed and waits for "Send? y/Esc".
    case messageReady(lead: LeadID, summary: String)
    /// The text template was filled for this lead: shown in a form to edit, with a warning when
    /// it is outside the lead's calling hours.
    case textReady(lead: LeadID, text: String, warning: String?)
    /// A composed message went (or did not: `sent` false), with what to say on the status line.
    case messageSent(sent: Bool, text: String)
    /// The run loop's tick while no key comes (about twice a second), with the machine's uptime in
    /// seconds: power dialling's countdown runs on it, and reminders come due by the desk's clock.
    case tick(uptime: Double)
}
