import Foundation

/// Calling hours and working days in one lead's time zone: where a follow-up may land.
public struct CallingWindow: Sendable {
    public let calendar: Calendar
    public let startMinute: Int
    public let endMinute: Int
    public let workingDays: Set<Int>
    /// The lead's preferred part of the day, used when a follow-up has no exact time.
    public let preferred: Range<Int>

    public init(policy: CadencePolicy, timeZone: TimeZone, bestTime: BestTime = .anytime) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
        startMinute = policy.callingStartMinute
        endMinute = max(policy.callingEndMinute, policy.callingStartMinute + 1)
        workingDays = policy.workingDays.isEmpty ? Set(1...7) : policy.workingDays
        let lower = max(bestTime.minutes.lowerBound, startMinute)
        let upper = min(bestTime.minutes.upperBound, endMinute)
        preferred = lower < upper ? lower..<upper : startMinute..<endMinute
    }

    /// The lead's local minute of the day at `date`.
    public func minuteOfDay(_ date: Date) -> Int {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return (parts.hour ?? 0) * 60 + (parts.minute ?? 0)
    }

    public func isWorkingDay(_ date: Date) -> Bool {
        workingDays.contains(calendar.component(.weekday, from: date))
    }

    /// Whether a call at `date` falls on a working day inside calling hours.
    public func isCallable(_ date: Date) -> Bool {
        isWorkingDay(date) && (startMinute..<endMinute).contains(minuteOfDay(date))
    }

    /// The same local day at a given minute (DST gaps move forward, as clocks do).
    public func on(_ day: Date, minute: Int) -> Date {
        let start = calendar.startOfDay(for: day)
        return calendar.date(bySettingHour: minute / 60, minute: minute % 60, second: 0, of: start) ?? start
    }

    /// The first working day on or after `day` (local), at its start.
    public func workingDay(onOrAfter day: Date) -> Date {
        var candidate = calendar.startOfDay(for: day)
        for _ in 0..<14 {
            if isWorkingDay(candidate) { return candidate }
            candidate = addingDays(1, to: candidate)
        }
        return candidate
    }

    /// `days` local days later at the same wall-clock time (a DST change keeps the local time).
    public func addingDays(_ days: Int, to date: Date) -> Date {
        calendar.date(byAdding: .day, value: days, to: date) ?? date.addingTimeInterval(Double(days) * 86_400)
    }

    /// The earliest callable moment at or after `date`.
    public func earliestCallable(notBefore date: Date) -> Date {
        if isCallable(date) { return date }
        let minute = minuteOfDay(date)
        if isWorkingDay(date), minute < startMinute { return on(date, minute: startMinute) }
        return on(workingDay(onOrAfter: addingDays(1, to: calendar.startOfDay(for: date))), minute: startMinute)
    }

    /// The latest callable moment in `(after, notAfter]`, if there is one.
    public func latestCallable(notAfter date: Date, after lower: Date) -> Date? {
        var day = calendar.startOfDay(for: date)
        for _ in 0..<8 {
            if isWorkingDay(day) {
                let open = on(day, minute: startMinute)
                let lastSlot = on(day, minute: endMinute - 1)
                let candidate = min(date, lastSlot)
                if candidate >= open, candidate > lower { return candidate }
            }
            day = addingDays(-1, to: day)
            if day < calendar.startOfDay(for: lower) { return nil }
        }
        return nil
    }

    /// A moment on the working day `date` falls on (or the next one), at `minute`, moved into
    /// the lead's preferred hours and the calling hours.
    public func placeOnWorkingDay(_ date: Date, preferredMinute minute: Int) -> Date {
        let day = workingDay(onOrAfter: date)
        let clamped = preferred.contains(minute) ? minute : preferred.lowerBound
        return on(day, minute: clamped)
    }
}
