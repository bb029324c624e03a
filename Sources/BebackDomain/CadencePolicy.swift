import Foundation

/// The desk's follow-up rules, with the defaults of the practice (each field is tunable per desk).
public struct CadencePolicy: Equatable, Sendable, Codable {
    /// Rule 1: the first follow-up comes within this many hours of the first conversation.
    public var firstFollowUpHours = 24
    /// Rule 3: days between attempts without contact, growing; the last value repeats.
    public var retryGapDays = [2, 3, 5, 7]
    /// Rule 3 and 7: after this many attempts without contact, outside the sales cycle, the lead moves to long-term check-ins.
    public var maxAttemptsWithoutContact = 8
    /// A conversation with no precise agreement is followed up after this many days.
    public var nurtureDays = 3
    /// Rule 5: closing as lost for silence with fewer touches than this asks for confirmation.
    public var minimumTouchesBeforeLost = 7
    /// Rule 6: days between long-term check-ins after "not now".
    public var longTermDays = 90
    /// Rule 8: after this many phone attempts without contact, suggest another channel.
    public var switchChannelAfter = 3
    /// Rule 9: days after delivery for the satisfaction call.
    public var satisfactionDays = 7
    /// Rule 10: days past due before an untouched lead is flagged, escalated to the manager, reclaimable.
    public var idleFlagDays = 3
    public var idleEscalateDays = 5
    public var idleReclaimDays = 7
    /// Calling hours in the lead's local time, minutes from midnight (start inclusive, end exclusive).
    public var callingStartMinute = 9 * 60
    public var callingEndMinute = 20 * 60
    /// Working days (Gregorian weekday numbers: 1 Sunday ... 7 Saturday).
    public var workingDays: Set<Int> = [2, 3, 4, 5, 6]

    public init() {}

    /// The defaults of `practice.md`.
    public static let standard = CadencePolicy()

    /// The gap before the attempt that follows `attempts` attempts without contact.
    public func retryGap(afterAttempts attempts: Int) -> Int {
        guard !retryGapDays.isEmpty else { return 7 }
        return retryGapDays[min(max(attempts - 1, 0), retryGapDays.count - 1)]
    }
}
