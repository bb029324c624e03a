import Foundation

/// Why a lead action (or a lead id typed at the desk) was refused; each says what to do in one line.
public enum LeadActionError: Error, Equatable, CustomStringConvertible {
    /// How many of an ambiguous prefix's candidates the message lists.
    public static let candidatesShown = 5

    case unknownLead(String)
    /// A typed id prefix that starts several leads' ids: the sorted candidates, and how many there are.
    case ambiguousLead(String, candidates: [LeadID], total: Int)
    case notOwner(lead: LeadID, owner: RepName, rep: RepName)
    case closed(LeadID, LeadStage)
    case missing(String)
    case needsConfirmation([CadenceWarning])
    case invalid(String)
    /// The lead's lifecycle does not allow this step now (`LeadLifecycle.refusal`).
    case refused(String)

    public var description: String {
        switch self {
        case .unknownLead(let text): return "no lead with id '\(text)' on this desk"
        case .ambiguousLead(let text, let candidates, let total):
            let shown = candidates.prefix(Self.candidatesShown).map(\.rawValue).joined(separator: ", ")
            return "lead id '\(text)' is ambiguous: \(total) leads start with it (\(shown)\(total > Self.candidatesShown ? ", ..." : "")); type more of the id"
        case .notOwner(let lead, let owner, let rep): return "lead \(lead) belongs to \(owner), not \(rep): only its owner records touches on it"
        case .closed(let lead, let stage): return "lead \(lead) is closed (\(stage.rawValue))"
        case .missing(let what): return "missing \(what)"
        case .needsConfirmation(let warnings):
            let closing = warnings.contains { if case .lostTooEarly = $0 { return true } else { return false } }
            return warnings.map(\.description).joined(separator: "; ") + (closing ? " (confirm to close anyway)" : " (confirm to keep that time)")
        case .invalid(let text): return text
        case .refused(let text): return text
        }
    }
}
