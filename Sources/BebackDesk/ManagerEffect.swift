import BebackDomain
import BebackCells
import Foundation

/// What the manager's run loop must do after a message: assign, deal, reclaim. Results come back as
/// a `ManagerMsg`.
public enum ManagerEffect: Equatable, Sendable {
    /// Give a lead (from the pool) to a rep.
    case assign(LeadID, to: RepName)
    /// Deal every pool lead to the present reps in turn.
    case roundRobin
    /// Flag, escalate and reclaim idle leads now (rule 10).
    case reclaim
}
