import Foundation

/// Tells the time; injected so that every rule can be tested with a fixed instant. The domain never
/// reads the wall clock itself (`SystemClock` is the store's).
public protocol Clock: Sendable {
    var now: Date { get }
}

/// A clock stopped at one instant (for tests, demos and a time given on the command line).
public struct FixedClock: Clock {
    public let now: Date
    public init(_ now: Date) { self.now = now }
}
