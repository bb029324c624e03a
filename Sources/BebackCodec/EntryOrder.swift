import Foundation

/// The desk's causal order of journal entries: a hybrid logical clock in milliseconds. A writer
/// gives each entry `next(at:after:)`: the entry's own time, unless the writer has already seen an
/// entry at or after it, in which case one millisecond after the latest it has seen. Replay sorts
/// every journal's entries by it (then journal, then sequence), so nothing acknowledged is applied
/// before what it was written after: a dealing after the capture it deals, a touch typed with an
/// old time after the lead it touches. Entries written before orders were kept are ordered by
/// their time, as before.
public enum EntryOrder {
    /// The largest order (past the year 285,000). A writer never goes beyond it, whatever the
    /// entries it read say: a hostile entry at the cap cannot make the next writer's entries
    /// unreadable; entries at the cap sort by journal, then sequence.
    public static let maximum: UInt64 = 8_999_999_999_999_999

    /// Seconds since 1970 as whole milliseconds.
    public static func milliseconds(_ seconds: Double) -> UInt64 {
        guard seconds.isFinite, seconds > 0 else { return 0 }
        // Times past the year 285,000 (a hostile or broken entry) all sort last, together.
        let value = (seconds * 1000).rounded()
        return value >= Double(maximum) ? maximum : UInt64(value)
    }

    /// The order for an entry at `time` written after everything up to `latest` (milliseconds).
    public static func next(at time: Date, after latest: UInt64) -> UInt64 {
        min(maximum, max(milliseconds(time.timeIntervalSince1970.rounded(.down)), latest &+ 1))
    }

    /// An order as the replay's time key (seconds, with the milliseconds as a fraction).
    public static func seconds(_ order: UInt64) -> Double { Double(order) / 1000 }
}
