/// Guesses a CSV file's delimiter from its header line: comma, semicolon (as spreadsheets in
/// many European locales write it) or tab, whichever appears most outside quotes.
public enum DelimiterDetector {
    public static let candidates: [Unicode.Scalar] = [",", ";", "\t"]

    /// The delimiter of `text`; a comma when the first line has none of them.
    public static func detect(_ text: String) -> Unicode.Scalar {
        var counts: [Unicode.Scalar: Int] = [:]
        var quoted = false
        for scalar in text.unicodeScalars {
            if scalar == "\"" { quoted.toggle(); continue }
            if quoted { continue }
            if scalar == "\n" || scalar == "\r" { break }
            if candidates.contains(scalar) { counts[scalar, default: 0] += 1 }
        }
        return candidates.max { counts[$0, default: 0] < counts[$1, default: 0] }.flatMap { counts[$0, default: 0] > 0 ? $0 : nil } ?? ","
    }

    /// How a delimiter is called in messages.
    public static func name(_ delimiter: Unicode.Scalar) -> String {
        switch delimiter {
        case ",": return "comma"
        case ";": return "semicolon"
        case "\t": return "tab"
        default: return "'\(delimiter)'"
        }
    }
}
