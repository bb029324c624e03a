import BebackDomain
import Foundation

/// A clock that starts at a given instant and runs on with the machine's monotonic time, to whole
/// seconds: `desk --at T --clock-runs` rehearses what happens as time passes (reminders coming due)
/// from a fixed starting point.
public struct RunningClock: Clock {
    public let start: Date
    private let startedAt: UInt64

    public init(start: Date) {
        self.start = start
        startedAt = DispatchTime.now().uptimeNanoseconds
    }

    public var now: Date {
        let elapsed = Double(DispatchTime.now().uptimeNanoseconds - startedAt) / 1e9
        return Date(timeIntervalSince1970: (start.timeIntervalSince1970 + elapsed).rounded(.down))
    }
}
