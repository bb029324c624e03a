import Foundation

/// The compact text of a multi-part export cell (the history, the notes, the agreement): one entry a
/// line, its parts joined by ` | `. Inside a part, a backslash, `|`, a line feed and a carriage
/// return are escaped (`\\`, `\|`, `\n`, `\r`), so that any text, line breaks included, reads back
/// byte for byte.
public enum ExportCell {
    /// One entry: its parts escaped and joined by ` | `.
    public static func entry(_ parts: [String]) -> String {
        parts.map(escape).joined(separator: " | ")
    }

    /// A cell of entries, one a line.
    public static func cell(_ entries: [[String]]) -> String {
        entries.map(entry).joined(separator: "\n")
    }

    /// The entries of a cell, each as its parts, unescaped. A blank cell has none.
    public static func entries(_ cell: String) -> [[String]] {
        guard !cell.isEmpty else { return [] }
        // A spreadsheet may have written the cell's line breaks as CR LF: an escaped part holds no raw CR or LF.
        return cell.unicodeScalars.split(omittingEmptySubsequences: true) { $0 == "\n" || $0 == "\r" }.map { parts(Substring($0)) }
    }

    /// The parts of one entry, unescaped.
    public static func parts(_ line: Substring) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaped = false
        // By scalar, not by character: a combining mark after `|` or an escape must not hide it.
        for scalar in line.unicodeScalars {
            if escaped {
                switch scalar {
                case "n": current.unicodeScalars.append("\n")
                case "r": current.unicodeScalars.append("\r")
                case "\\", "|": current.unicodeScalars.append(scalar)
                default: current.unicodeScalars.append(contentsOf: ["\\", scalar])
                }
                escaped = false
            } else if scalar == "\\" {
                escaped = true
            } else if scalar == "|" {
                parts.append(current)
                current = ""
            } else {
                current.unicodeScalars.append(scalar)
            }
        }
        if escaped { current.unicodeScalars.append("\\") }
        parts.append(current)
        // The writer puts exactly one space on each side of a separator: take exactly that off.
        for index in parts.indices {
            if index > 0, parts[index].unicodeScalars.first == " " { parts[index].unicodeScalars.removeFirst() }
            if index < parts.count - 1, parts[index].unicodeScalars.last == " " { parts[index].unicodeScalars.removeLast() }
        }
        return parts
    }

    static func escape(_ text: String) -> String {
        guard text.utf8.contains(where: { $0 == 0x5C || $0 == 0x7C || $0 == 0x0A || $0 == 0x0D }) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": result += "\\\\"
            case "|": result += "\\|"
            case "\n": result += "\\n"
            case "\r": result += "\\r"
            default: result.unicodeScalars.append(scalar)
            }
        }
        return result
    }

    /// `2026-11-24T10:42:00Z` (the exports' UTC timestamps) as a date; nil when it is not one.
    public static func timestamp(_ text: String) -> Date? {
        let bytes = Array(text.utf8)
        guard bytes.count == 20, bytes[4] == 0x2D, bytes[7] == 0x2D, bytes[10] == 0x54, bytes[13] == 0x3A, bytes[16] == 0x3A, bytes[19] == 0x5A
        else { return nil }
        func number(_ range: Range<Int>) -> Int? {
            var value = 0
            for index in range {
                guard bytes[index] >= 0x30, bytes[index] <= 0x39 else { return nil }
                value = value * 10 + Int(bytes[index] - 0x30)
            }
            return value
        }
        guard let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19), (1...12).contains(month), (1...31).contains(day), hour < 24,
            minute < 60, second < 61
        else { return nil }
        // Days from the civil date (proleptic Gregorian), after Howard Hinnant's algorithm.
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yearOfEra = y - era * 400
        let dayOfYear = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear
        let days = era * 146_097 + dayOfEra - 719_468
        return Date(timeIntervalSince1970: Double(days * 86_400 + hour * 3600 + minute * 60 + second))
    }
}
