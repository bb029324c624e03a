/// Small pictures drawn with block characters, for terminals and text reports: horizontal bars
/// with eighth-block precision, and sparklines. Plain strings; the caller places them.
public enum BlockChart {
    static let eighths: [Character] = ["▏", "▎", "▍", "▌", "▋", "▊", "▉", "█"]
    static let levels: [Character] = ["▁", "▂", "▃", "▄", "▅", "▆", "▇", "█"]

    /// A bar `width` columns long at full scale: `value / maximum` of it filled, in eighths.
    /// A positive value always shows at least a sliver; zero shows nothing. Never wider than `width`.
    public static func bar(_ value: Double, maximum: Double, width: Int) -> String {
        guard width > 0, maximum > 0, value > 0 else { return "" }
        let eighthsTotal = max(1, Int((min(value, maximum) / maximum * Double(width * 8)).rounded()))
        let full = eighthsTotal / 8, rest = eighthsTotal % 8
        return String(repeating: "█", count: full) + (rest > 0 ? String(eighths[rest - 1]) : "")
    }

    /// One character per value, from ▁ (the lowest) to █ (the highest); all equal shows ▁.
    public static func sparkline(_ values: [Int]) -> String {
        guard let low = values.min(), let high = values.max() else { return "" }
        guard high > low else { return String(repeating: "▁", count: values.count) }
        return String(values.map { levels[(($0 - low) * (levels.count - 1) + (high - low) / 2) / (high - low)] })
    }

    /// Labelled horizontal bars, one a line: `label │███▌ value`, labels padded to the widest,
    /// bars scaled to `maximum` (default: the largest value) over `width` columns.
    public static func bars(_ rows: [(label: String, value: Double, shown: String)], width: Int, maximum fullScale: Double? = nil) -> [String] {
        let labelWidth = rows.map { SafeText.displayWidth(SafeText.sanitize($0.label)) }.max() ?? 0
        let maximum = fullScale ?? rows.map(\.value).max() ?? 0
        return rows.map { row in
            let label = SafeText.fit(row.label, width: labelWidth, pad: true)
            let bar = bar(row.value, maximum: maximum, width: width)
            return "\(label) │\(bar) \(row.shown)"
        }
    }
}
