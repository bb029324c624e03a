import Foundation

/// Counts working days in one time zone (rule 10 counts idle time in working days, so a weekend
/// does not push a lead toward the pool).
public struct WorkingDays: Sendable {
    public let calendar: Calendar
    public let days: Set<Int>

    public init(policy: CadencePolicy, timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
        days = policy.workingDays.isEmpty ? Set(1...7) : policy.workingDays
    }

    /// The working days after the day of `start` up to and including the day of `end` (0 when `end` is not later).
    /// A lead due on Friday has 1 working day past due on Monday.
    public func count(after start: Date, through end: Date) -> Int {
        let first = calendar.startOfDay(for: start)
        let last = calendar.startOfDay(for: end)
        guard let span = calendar.dateComponents([.day], from: first, to: last).day, span > 0 else { return 0 }
        let startWeekday = calendar.component(.weekday, from: first)
        var total = (span / 7) * days.count
        for offset in stride(from: span - span % 7 + 1, through: span, by: 1) {
            if days.contains((startWeekday - 1 + offset) % 7 + 1) { total += 1 }
        }
        return total
    }
}
