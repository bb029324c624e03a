import Foundation

/// The stretch of time team figures cover, and the desk's zone that decides what "today" and
/// "this week" are.
public struct TeamPeriod: Equatable, Sendable {
    public var since: Date
    public var now: Date
    public var timeZone: TimeZone

    public init(since: Date, now: Date, timeZone: TimeZone) {
        self.since = since
        self.now = now
        self.timeZone = timeZone
    }

    var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    /// Whether `date` falls in the period.
    public func contains(_ date: Date) -> Bool { date >= since && date <= now }

    /// Monday 00:00 of the week holding `now`, in the desk's zone.
    public static func startOfWeek(_ now: Date, timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        let today = calendar.startOfDay(for: now)
        let weekday = calendar.component(.weekday, from: today)
        return calendar.date(byAdding: .day, value: -((weekday + 5) % 7), to: today) ?? today
    }

    /// The 1st of the month holding `now`, 00:00, in the desk's zone.
    public static func startOfMonth(_ now: Date, timeZone: TimeZone) -> Date {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar.date(from: calendar.dateComponents([.year, .month], from: now)) ?? now
    }

    /// This week so far (the team board's default).
    public static func thisWeek(_ now: Date, timeZone: TimeZone) -> TeamPeriod {
        TeamPeriod(since: startOfWeek(now, timeZone: timeZone), now: now, timeZone: timeZone)
    }
}

/// A share of cases that met a rule: `met` of `total` (no share when there was no case).
public struct Ratio: Equatable, Sendable {
    public var met: Int
    public var total: Int

    public init(met: Int = 0, total: Int = 0) {
        self.met = met
        self.total = total
    }

    /// Between 0 and 1, or nil with no case.
    public var share: Double? { total == 0 ? nil : Double(met) / Double(total) }

    /// "83% (5/6)" or "-".
    public var text: String {
        guard let share else { return "-" }
        return "\(Int((share * 100).rounded()))% (\(met)/\(total))"
    }

    public static func + (lhs: Ratio, rhs: Ratio) -> Ratio { Ratio(met: lhs.met + rhs.met, total: lhs.total + rhs.total) }
}
