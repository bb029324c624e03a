import Foundation

/// Dates and times as people say them ("Tue 14 Nov", "15:00", "9 days ago"), in English, in a given zone.
/// Built from calendar fields, so it is the same on every machine.
public struct HumanTime: Sendable {
    public let calendar: Calendar
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    public init(timeZone: TimeZone) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
    }

    /// "Tue 14 Nov"
    public func day(_ date: Date) -> String {
        let parts = calendar.dateComponents([.weekday, .day, .month], from: date)
        return "\(Self.weekdays[(parts.weekday ?? 1) - 1]) \(parts.day ?? 1) \(Self.months[(parts.month ?? 1) - 1])"
    }

    /// "15:00"
    public func clock(_ date: Date) -> String {
        let parts = calendar.dateComponents([.hour, .minute], from: date)
        return String(format: "%02d:%02d", parts.hour ?? 0, parts.minute ?? 0)
    }

    /// "Tue 14 Nov 15:00"
    public func dayAndClock(_ date: Date) -> String { "\(day(date)) \(clock(date))" }

    /// "2026-11-14 15:00"
    public func iso(_ date: Date) -> String {
        let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute], from: date)
        // Padded by hand: String(format:) cost more than the calendar on a list of 30,000 lines.
        func padded(_ value: Int?, _ width: Int) -> String {
            let digits = String(value ?? 0)
            return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
        }
        return "\(padded(parts.year, 4))-\(padded(parts.month, 2))-\(padded(parts.day, 2)) \(padded(parts.hour, 2)):\(padded(parts.minute, 2))"
    }

    /// Whole calendar days from `date` to `now` in this zone (positive when `date` is in the past).
    public func daysBetween(_ date: Date, and now: Date) -> Int {
        calendar.dateComponents([.day], from: calendar.startOfDay(for: date), to: calendar.startOfDay(for: now)).day ?? 0
    }

    /// "today", "yesterday", "9 days ago", "tomorrow", "in 3 days".
    public func relative(_ date: Date, now: Date) -> String {
        let days = daysBetween(date, and: now)
        switch days {
        case 0: return "today"
        case 1: return "yesterday"
        case -1: return "tomorrow"
        case let past where past > 1: return "\(past) days ago"
        default: return "in \(-days) days"
        }
    }

    /// "Tue 14 Nov, 9 days ago"
    public func dayAndRelative(_ date: Date, now: Date) -> String { "\(day(date)), \(relative(date, now: now))" }
}
