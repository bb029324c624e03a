import BebackDomain
import Foundation

/// The time sanity of new entries: none earlier than the last entry of its own journal, none more
/// than `maxAhead` past the machine's clock. (A demo desk made with a fixed clock has no rule.)
public struct WriteTimeRule: Sendable {
    /// How far ahead of the machine's clock an entry may be (clocks of one host agree; this is slack).
    public var maxAhead: TimeInterval
    /// The machine's clock, not the desk's (which `--at` may have fixed).
    public var machineNow: @Sendable () -> Date

    public init(maxAhead: TimeInterval = 300, machineNow: @escaping @Sendable () -> Date = { Date() }) {
        self.maxAhead = maxAhead
        self.machineNow = machineNow
    }

    /// Refuses, with one line naming the journal, entries at `times` after a journal whose last entry is at `last`.
    /// With `history` (a lead's past written down, such as an imported export), only the clock check applies:
    /// such entries are at their own times and take their place in the causal order after the journal's last.
    public func check(_ times: [Date], after last: Date?, path: String, history: Bool = false) throws {
        let time = HumanTime(timeZone: .current)
        let now = machineNow()
        var floor = last
        for at in times {
            if at > now.addingTimeInterval(maxAhead) {
                throw StoreError.refused(
                    "\(path): an entry at \(time.iso(at)) is more than \(Int(maxAhead / 60)) minutes ahead of this machine's clock (\(time.iso(now))); nothing was saved"
                )
            }
            if !history, let floor, at < floor {
                throw StoreError.refused(
                    "\(path): an entry at \(time.iso(at)) is earlier than the journal's last entry (\(time.iso(floor))); nothing was saved")
            }
            floor = max(floor ?? at, at)
        }
    }
}
