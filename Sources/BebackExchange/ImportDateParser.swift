import BebackDomain
import Foundation

/// Reads a date from an imported cell, in the lead's time zone: `2026-11-24`, `2026-11-24 15:00`,
/// `2026-11-24T15:00:00Z` (or with an offset), `2026/11/24`, `24.11.2026 15:00`, and `11/24/2026`
/// or `24/11/2026` when the order is clear. A day without a time means 09:00.
public struct ImportDateParser: Sendable {
    public let timeZone: TimeZone
    public let now: Date

    public init(timeZone: TimeZone, now: Date) {
        self.timeZone = timeZone
        self.now = now
    }

    /// The instant, or why the cell is not one (for the reject file).
    public func parse(_ text: String, field: String) -> Result<Date, RowProblem> {
        let cell = text.trimmingCharacters(in: .whitespaces)
        let parts = cell.split(separator: " ", maxSplits: 1).map(String.init)
        guard let day = parts.first else { return .failure(RowProblem("\(field) is empty")) }
        let time = parts.count > 1 ? " " + parts[1] : ""
        let iso: String
        var dayOnly = parts.count == 1
        switch Self.numbers(day, separator: "-") ?? Self.numbers(day, separator: "/") ?? Self.numbers(day, separator: ".") {
        case let fields? where fields.count == 3 && fields[0].count == 4:
            iso = "\(fields[0])-\(fields[1])-\(fields[2])"
        case let fields? where fields.count == 3 && fields[2].count == 4 && day.contains("."):
            iso = "\(fields[2])-\(fields[1])-\(fields[0])"
        case let fields? where fields.count == 3 && fields[2].count == 4 && day.contains("/"):
            let first = Int(fields[0]) ?? 0, second = Int(fields[1]) ?? 0
            if first > 12 || first == second {
                iso = "\(fields[2])-\(fields[1])-\(fields[0])"
            } else if second > 12 {
                iso = "\(fields[2])-\(fields[0])-\(fields[1])"
            } else {
                return .failure(
                    RowProblem(
                        "ambiguous date '\(cell)' in \(field): write it as \(fields[2])-\(Self.two(second))-\(Self.two(first)) or \(fields[2])-\(Self.two(first))-\(Self.two(second))"
                    ))
            }
        default:
            guard cell.first?.isNumber == true, cell.contains("T") || cell.contains("t") else {
                return .failure(RowProblem("cannot read '\(cell)' as a date in \(field) (write 2026-11-24 or 2026-11-24 15:00)"))
            }
            iso = cell
            dayOnly = false
        }
        let full = iso + (dayOnly ? " 09:00" : time)
        guard let date = InstantParser(timeZone: timeZone, now: now).parse(full) else {
            return .failure(RowProblem("impossible date '\(cell)' in \(field)"))
        }
        return .success(date)
    }

    /// The digit groups of `text` split at `separator`, when that is all it holds.
    private static func numbers(_ text: String, separator: Character) -> [String]? {
        let fields = text.split(separator: separator, omittingEmptySubsequences: false).map(String.init)
        guard fields.count == 3, fields.allSatisfy({ !$0.isEmpty && $0.count <= 4 && $0.allSatisfy(\.isASCII) && $0.allSatisfy(\.isNumber) }) else {
            return nil
        }
        return fields
    }

    private static func two(_ value: Int) -> String { value < 10 ? "0\(value)" : "\(value)" }
}
