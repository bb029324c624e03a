import Foundation

/// The words of an import's progress: a bar with the rate and the time left for a terminal, or a
/// plain line for a log. Pure: the caller says how far it is and how long it has taken.
public struct ProgressReport: Equatable, Sendable {
    public var done: Int
    public var total: Int
    public var elapsed: TimeInterval
    public var unit: String

    public init(done: Int, total: Int, elapsed: TimeInterval, unit: String = "lines") {
        self.done = done
        self.total = total
        self.elapsed = elapsed
        self.unit = unit
    }

    public var fraction: Double { total > 0 ? min(1, Double(done) / Double(total)) : 1 }
    /// Units per second so far (0 before any time has passed).
    public var rate: Double { elapsed > 0 ? Double(done) / elapsed : 0 }
    /// Seconds left at the rate so far; nil until there is a rate.
    public var secondsLeft: Double? { rate > 0 ? Double(max(0, total - done)) / rate : nil }

    /// `[##########··········]  50%  50,000/100,000 lines  41,230/s  1s left`
    public func bar(width: Int = 24) -> String {
        let filled = Int((fraction * Double(width)).rounded(.down))
        let bar = String(repeating: "#", count: filled) + String(repeating: "·", count: width - filled)
        return "[\(bar)] \(percent)  \(Self.grouped(done))/\(Self.grouped(total)) \(unit)  \(rateText)  \(leftText)"
    }

    /// `import: 50,000/100,000 lines (50%), 41,230/s, 1s left`
    public var line: String {
        "\(Self.grouped(done))/\(Self.grouped(total)) \(unit) (\(percent.trimmingCharacters(in: .whitespaces))), \(rateText), \(leftText)"
    }

    private var percent: String {
        let value = Int((fraction * 100).rounded(.down))
        return String(repeating: " ", count: max(0, 3 - String(value).count)) + "\(value)%"
    }

    private var rateText: String { "\(Self.grouped(Int(rate.rounded())))/s" }

    private var leftText: String {
        guard let left = secondsLeft else { return "time left unknown" }
        if left < 60 { return "\(Int(left.rounded(.up)))s left" }
        return "\(Int(left / 60))m\(String(format: "%02d", Int(left.truncatingRemainder(dividingBy: 60))))s left"
    }

    /// `100000` as `100,000`.
    public static func grouped(_ value: Int) -> String {
        let digits = String(abs(value))
        var result = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { result.append(",") }
            result.append(digit)
        }
        return value < 0 ? "-" + result : result
    }
}
