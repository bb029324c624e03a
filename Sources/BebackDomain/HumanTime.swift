import Foundation

/// Dates and times as people say them ("Tue 14 Nov", "15:00", "9 days ago"), in English, in a given zone.
/// Built from calendar fields, so it is the same on every machine.
public struct HumanTime: Sendable {
    public let calendar: Calendar
    private static let weekdays = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"]
    private static let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]

    /// The year of "now" in this zone: a day in another year shows its year ("Fri 1 Jan 3000").
    public let currentYear: Int

    /// Times in `timeZone`, read by someone at `now` (the desk's clock; the machine's when not given).
    public init(timeZone: TimeZone, now: Date = Date()) {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        self.calendar = calendar
        currentYear = LocalTime(now, in: timeZone).year
    }

    /// "Tue 14 Nov", with the year when it is not this year: "Fri 1 Jan 3000".
    public func day(_ date: Date) -> String {
        let local = LocalTime(date, in: calendar.timeZone)
        let day = "\(Self.weekdays[local.weekday - 1]) \(local.day) \(Self.months[local.month - 1])"
        return local.year == currentYear ? day : "\(day) \(local.year)"
    }

    /// "15:00"
    public func clock(_ date: Date) -> String {
        let local = LocalTime(date, in: calendar.timeZone)
        return "\(Self.padded(local.hour, 2)):\(Self.padded(local.minute, 2))"
    }

    static func padded(_ value: Int, _ width: Int) -> String {
        let digits = String(value)
        return digits.count >= width ? digits : String(repeating: "0", count: width - digits.count) + digits
    }

    /// "Tue 14 Nov 15:00"
    public func dayAndClock(_ date: Date) -> String { "\(day(date)) \(clock(date))" }

    /// "2026-11-14 15:00"
    public func iso(_ date: Date) -> String {
        var bytes: [UInt8] = []
        appendISO(date, to: &bytes)
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Appends `iso(date)`'s bytes ("2026-11-14 15:00") to `out`, without making a string.
    public func appendISO(_ date: Date, to out: inout [UInt8]) {
        let local = LocalTime(date, in: calendar.timeZone)
        guard (0...9999).contains(local.year) else {
            let text =
                "\(Self.padded(local.year, 4))-\(Self.padded(local.month, 2))-\(Self.padded(local.day, 2)) \(Self.padded(local.hour, 2)):\(Self.padded(local.minute, 2))"
            out.append(contentsOf: text.utf8)
            return
        }
        func digits(_ value: Int, _ width: Int) {
            var divisor = 1
            for _ in 1..<width { divisor *= 10 }
            while divisor > 0 {
                out.append(0x30 + UInt8(value / divisor % 10))
                divisor /= 10
            }
        }
        digits(local.year, 4)
        out.append(0x2D)
        digits(local.month, 2)
        out.append(0x2D)
        digits(local.day, 2)
        out.append(0x20)
        digits(local.hour, 2)
        out.append(0x3A)
        digits(local.minute, 2)
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

/// The wall-clock fields of an instant in a time zone (Gregorian calendar), worked out from the
/// zone's offset at that instant: a list of 30,000 due times is formatted without asking the
/// calendar for each one. Tests hold it to `Calendar`'s answers across DST changes.
struct LocalTime: Equatable {
    var year: Int, month: Int, day: Int, hour: Int, minute: Int, second: Int
    /// 1 = Sunday ... 7 = Saturday, as `Calendar` counts.
    var weekday: Int
    /// The local day, counted from 1970-01-01 (days late is a subtraction of two of these).
    var dayNumber: Int

    init(_ date: Date, in timeZone: TimeZone) {
        let seconds = Int((date.timeIntervalSince1970 + Double(timeZone.secondsFromGMT(for: date))).rounded(.down))
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        dayNumber = days
        let inDay = seconds - days * 86_400
        hour = inDay / 3600
        minute = inDay % 3600 / 60
        second = inDay % 60
        // 1970-01-01 was a Thursday (5).
        weekday = ((days % 7) + 7 + 4) % 7 + 1
        // Civil date from days since 1970-01-01 (Howard Hinnant's algorithm).
        let shifted = days + 719_468
        let era = (shifted >= 0 ? shifted : shifted - 146_096) / 146_097
        let dayOfEra = shifted - era * 146_097
        let yearOfEra = (dayOfEra - dayOfEra / 1460 + dayOfEra / 36_524 - dayOfEra / 146_096) / 365
        let dayOfYear = dayOfEra - (365 * yearOfEra + yearOfEra / 4 - yearOfEra / 100)
        let monthIndex = (5 * dayOfYear + 2) / 153
        day = dayOfYear - (153 * monthIndex + 2) / 5 + 1
        month = monthIndex < 10 ? monthIndex + 3 : monthIndex - 9
        year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0)
    }
}
