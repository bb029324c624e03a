import Foundation

/// A call's length as the desk shows and reads it: "45s", "3m12s", "1h02m".
public enum CallDuration {
    /// "45s", "3m12s", "1h02m" (seconds dropped past an hour).
    public static func text(_ seconds: Int) -> String {
        let seconds = max(0, seconds)
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m\(String(format: "%02d", seconds % 60))s" }
        return "\(seconds / 3600)h\(String(format: "%02d", seconds % 3600 / 60))m"
    }

    /// Reads "3m12s", "3m", "192s", "192", "3:12" or "1h02m"; nil when it is not a duration.
    public static func parse(_ text: String) -> Int? {
        let text = text.trimmingCharacters(in: .whitespaces).lowercased()
        guard !text.isEmpty else { return nil }
        if let plain = Int(text) { return plain >= 0 ? plain : nil }
        let colon = text.split(separator: ":", omittingEmptySubsequences: false)
        if colon.count == 2 || colon.count == 3 {
            let parts = colon.compactMap { Int($0) }
            guard parts.count == colon.count, parts.allSatisfy({ $0 >= 0 }), parts.dropFirst().allSatisfy({ $0 < 60 }) else { return nil }
            return parts.reduce(0) { $0 * 60 + $1 }
        }
        var total = 0, digits = "", seen: Set<Character> = []
        for character in text where character != " " {
            if character.isASCII, character.isNumber {
                digits.append(character)
                continue
            }
            guard let amount = Int(digits), !seen.contains(character) else { return nil }
            switch character {
            case "h": total += amount * 3600
            case "m": total += amount * 60
            case "s": total += amount
            default: return nil
            }
            seen.insert(character)
            digits = ""
        }
        return digits.isEmpty ? total : nil
    }
}
