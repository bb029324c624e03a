import Foundation

/// One step of rule 10 as written in the journal: which follow-up went untouched, how many working
/// days past its due time, and who owned the lead then. The due time names the episode, so a
/// sweep that runs twice writes each step once.
public struct IdleMark: Equatable, Sendable, Codable {
    /// The due time of the follow-up nobody touched.
    public var due: Date
    /// Working days past that due time when the step was taken.
    public var days: Int
    /// The lead's owner when the step was taken (a reclaim takes the lead from them).
    public var owner: RepName

    public init(due: Date, days: Int, owner: RepName) {
        self.due = due
        self.days = days
        self.owner = owner
    }
}

/// The rule-10 steps, in order.
public enum IdleStep: Int, Sendable, Comparable, Codable {
    case flagged = 1, escalated, reclaimed

    public static func < (lhs: IdleStep, rhs: IdleStep) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The furthest rule-10 step recorded for a lead's current idle episode.
public struct IdleRecord: Equatable, Sendable {
    public var due: Date
    public var step: IdleStep
    public var at: Date

    public init(due: Date, step: IdleStep, at: Date) {
        self.due = due
        self.step = step
        self.at = at
    }
}
