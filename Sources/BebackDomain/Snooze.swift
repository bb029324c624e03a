import Foundation

/// A lead's next step moved to a later time by hand, with the reason: not a touch (nobody was
/// reached or tried), so touch counts and compliance stay as they were; the audit lists each one.
/// The journal holds it after the `scheduled` entry that moves the step, so a build that does not
/// know this kind still moves the step and keeps this entry byte for byte.
public struct Snooze: Equatable, Sendable, Codable {
    /// The step's new time.
    public var until: Date
    /// The step's time before this run of snoozes (compliance still counts from it).
    public var from: Date
    /// Why the rep moved it.
    public var reason: String

    public init(until: Date, from: Date, reason: String) {
        self.until = until
        self.from = from
        self.reason = reason
    }
}
