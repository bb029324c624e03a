import BebackDomain
import Foundation

/// A call the desk dialled and has not yet recorded: which lead, which number, since when.
public struct CallInProgress: Equatable, Sendable {
    public var lead: LeadID
    public var number: String
    public var startedAt: Date

    public init(lead: LeadID, number: String, startedAt: Date) {
        self.lead = lead
        self.number = number
        self.startedAt = startedAt
    }

    /// Whole seconds from the dial to `now`.
    public func seconds(at now: Date) -> Int { max(0, Int(now.timeIntervalSince(startedAt).rounded(.down))) }
}
