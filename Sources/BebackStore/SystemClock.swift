import BebackDomain
import Foundation

/// The real wall clock, to whole seconds: the time stores stamp entries with (the domain only ever
/// asks a `Clock` it is given).
public struct SystemClock: Clock {
    public init() {}
    public var now: Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }
}
