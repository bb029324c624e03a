import BebackText
import Foundation

/// The text rules of iCalendar (RFC 5545): TEXT escaping, 75-octet line folding that never splits
/// a UTF-8 sequence, CR LF line ends, UTC date-times.
public enum ICSText {
    /// A TEXT value: `\` `;` `,` escaped, line breaks as `\n`; control characters, which TEXT may
    /// not hold, shown as visible escapes (`^[`) the way the desk shows them.
    public static func escape(_ text: String) -> String {
        let lines = SplitLines.split(text + "\n").map(SafeText.sanitize)
        var result = ""
        for (index, line) in lines.enumerated() {
            if index > 0 { result += "\\n" }
            for character in line {
                switch character {
                case "\\": result += "\\\\"
                case ";": result += "\\;"
                case ",": result += "\\,"
                default: result.append(character)
                }
            }
        }
        return result
    }

    /// A content line folded at 75 octets: continuation lines start with one space, and a cut never
    /// falls inside a character's UTF-8 bytes. Lines end with CR LF.
    public static func fold(_ line: String) -> String {
        var result = ""
        var width = 0
        var limit = 75
        for scalar in line.unicodeScalars {
            let size = String(scalar).utf8.count
            if width + size > limit {
                result += "\r\n "
                width = 0
                limit = 74
            }
            result.unicodeScalars.append(scalar)
            width += size
        }
        return result + "\r\n"
    }

    /// `20261124T104200Z`
    public static func utc(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: "%04d%02d%02dT%02d%02d%02dZ", c.year ?? 0, c.month ?? 0, c.day ?? 0, c.hour ?? 0, c.minute ?? 0, c.second ?? 0)
    }
}
