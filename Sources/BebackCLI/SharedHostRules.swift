import BebackDomain
import BebackStore
import Foundation

/// The unix ownership rules of a desk folder: on a shared host (desk.conf maps reps to accounts)
/// each `rep-NAME.journal` must be owned by NAME's account and `desk.journal` by a manager's.
struct SharedHostRules {
    let config: DeskConfig

    /// The accounts that may own a journal.
    func owners(of journal: JournalName) -> [String] {
        switch journal {
        case .rep(let rep): return [config.account(of: rep)]
        case .desk: return config.managerAccounts
        }
    }

    /// The journals owned by the wrong account (none but on a shared-host desk).
    func problems(_ folder: DeskFolder) throws -> [OwnershipProblem] {
        guard config.trust == .sharedHost else { return [] }
        return try JournalOwnership.problems(in: folder, expected: owners(of:))
    }

    /// Marks the journals owned by the wrong account as not trusted (never read, never written) and
    /// returns one line for each.
    func distrust(_ store: FileEventStore) throws -> [String] {
        let found = try problems(store.folder)
        for problem in found { store.distrusted[problem.journal] = "owned by \(problem.owner), not by \(problem.expected.joined(separator: " or "))" }
        return found.map { "\($0); the desk ignores it" }
    }
}
