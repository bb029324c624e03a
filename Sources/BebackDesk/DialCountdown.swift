import BebackDomain

/// Power dialling's pause before it dials the next lead: which lead and number, how long, and when
/// it started (seconds of the machine's uptime, given by the run loop's ticks: it runs even when the
/// desk's clock is fixed by `--at`).
public struct DialCountdown: Equatable, Sendable {
    public var lead: LeadID
    public var number: String
    public var seconds: Int
    /// The uptime of the first tick after it was set (nil: no tick yet).
    public var startedAt: Double?
    /// The leads passed over on the way to this one, as the status line names them (they asked not to be called).
    public var skipped: String

    public init(lead: LeadID, number: String, seconds: Int, startedAt: Double? = nil, skipped: String = "") {
        self.skipped = skipped
        self.lead = lead
        self.number = number
        self.seconds = seconds
        self.startedAt = startedAt
    }

    /// Whole seconds left at `uptime` (rounded up: "dialling in 3s" until it dials).
    public func secondsLeft(at uptime: Double) -> Int {
        guard let startedAt else { return seconds }
        let left = Double(seconds) - (uptime - startedAt)
        return left <= 0 ? 0 : Int(left.rounded(.up))
    }
}
