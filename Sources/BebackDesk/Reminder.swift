import BebackDomain
import Foundation

/// An agreed callback or appointment coming due while the desk is open: given once `lead_minutes`
/// before its time and once at its time (`atTime`). The lead is pinned to the top of the due list
/// and highlighted, and the header says so, until an outcome is recorded on it or Esc dismisses it.
public struct Reminder: Equatable, Sendable {
    public var lead: LeadID
    /// The agreed time.
    public var due: Date
    /// A callback or an appointment.
    public var bucket: DueBucket
    public var purpose: String
    /// The reminder at the agreed time (false: the one before it).
    public var atTime: Bool

    public init(lead: LeadID, due: Date, bucket: DueBucket, purpose: String, atTime: Bool) {
        self.lead = lead
        self.due = due
        self.bucket = bucket
        self.purpose = purpose
        self.atTime = atTime
    }

    /// What it is called in the header and the command: "callback", "appointment".
    public var what: String { bucket == .appointment ? "appointment" : "callback" }

    /// Names one reminder, so each is given once.
    var key: String { "\(lead.rawValue)|\(due.timeIntervalSince1970)|\(atTime ? "at" : "before")" }
}
