import Foundation

/// Reads the times people type: `2026-11-23 10:42`, `2026-11-23T10:42:00Z`, `2026-11-23`,
/// `+2d`, `+3h`, `+30m`, `today 15:00`, `tomorrow 09:30`, `now`. A time without a zone is in `timeZone`.
public struct InstantParser: Sendable {
    public let timeZone: TimeZone
    public let now: Date

    public init(timeZone: TimeZone, now: Date) {
        self.timeZone = timeZone
        self.now = now
    }

    public func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingCharacters(in: .whitespaces).lowercased()
        if trimmed == "now" { return now }
        if trimmed.hasPrefix("+"), let unit = trimmed.last, let amount = Int(trimmed.dropFirst().dropLast()), amount >= 0 {
            switch unit {
            case "d": return calendar.date(byAdding: .day, value: amount, to: now)
            case "h": return now.addingTimeInterval(Double(amount) * 3600)
            case "m": return now.addingTimeInterval(Double(amount) * 60)
            default: return nil
            }
        }
        for (word, days) in [("today", 0), ("tomorrow", 1)] where trimmed.hasPrefix(word) {
            let rest = trimmed.dropFirst(word.count).trimmingCharacters(in: .whitespaces)
            let day = calendar.date(byAdding: .day, value: days, to: calendar.startOfDay(for: now)) ?? now
            guard let (hour, minute) = Self.clockTime(rest.isEmpty ? "09:00" : rest) else { return nil }
            return calendar.date(bySettingHour: hour, minute: minute, second: 0, of: day)
        }
        return absolute(trimmed)
    }

    private var calendar: Calendar {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        return calendar
    }

    private func absolute(_ text: String) -> Date? {
        var body = text.replacingOccurrences(of: "t", with: " ")
        var zone = timeZone
        if body.hasSuffix("z") {
            body.removeLast()
            zone = TimeZone(identifier: "UTC")!
        } else if let signIndex = body.lastIndex(where: { $0 == "+" || $0 == "-" }), body.distance(from: body.startIndex, to: signIndex) > 10 {
            let offsetText = String(body[signIndex...])
            let sign = offsetText.hasPrefix("-") ? -1 : 1
            let digits = offsetText.dropFirst().replacingOccurrences(of: ":", with: "")
            guard digits.count == 4, let hours = Int(digits.prefix(2)), let minutes = Int(digits.suffix(2)),
                let parsed = TimeZone(secondsFromGMT: sign * (hours * 3600 + minutes * 60))
            else { return nil }
            zone = parsed
            body = String(body[..<signIndex])
        }
        let parts = body.split(separator: " ", omittingEmptySubsequences: true)
        guard let datePart = parts.first, parts.count <= 2 else { return nil }
        let dateFields = datePart.split(separator: "-").compactMap { Int($0) }
        guard dateFields.count == 3, (1...12).contains(dateFields[1]), (1...31).contains(dateFields[2]) else { return nil }
        var hour = 0, minute = 0, second = 0
        if parts.count == 2 {
            let timeFields = parts[1].split(separator: ":").map { Int($0) }
            guard (2...3).contains(timeFields.count), timeFields.allSatisfy({ $0 != nil }) else { return nil }
            hour = timeFields[0]!
            minute = timeFields[1]!
            second = timeFields.count == 3 ? timeFields[2]! : 0
            guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        }
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = zone
        let components = DateComponents(year: dateFields[0], month: dateFields[1], day: dateFields[2], hour: hour, minute: minute, second: second)
        guard let date = calendar.date(from: components) else { return nil }
        let check = calendar.dateComponents([.year, .month, .day], from: date)
        guard check.year == dateFields[0], check.month == dateFields[1], check.day == dateFields[2] else { return nil }
        return date
    }

    static func clockTime(_ text: String) -> (Int, Int)? {
        let fields = text.split(separator: ":").map { Int($0) }
        guard fields.count == 2, let hour = fields[0], let minute = fields[1], (0...23).contains(hour), (0...59).contains(minute) else { return nil }
        return (hour, minute)
    }
}
