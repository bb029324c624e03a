import Foundation

/// Tells the time; injected so that every rule can be tested with a fixed instant.
public protocol Clock: Sendable {
    var now: Date { get }
}

/// The real wall clock, to whole seconds.
public struct SystemClock: Clock {
    public init() {}
    public var now: Date { Date(timeIntervalSince1970: Date().timeIntervalSince1970.rounded(.down)) }
}

/// A clock stopped at one instant (for tests, demos and `--at`).
public struct FixedClock: Clock {
    public let now: Date
    public init(_ now: Date) { self.now = now }
}
