import BebackDomain
import Foundation

/// A journal whose unix owner is not the account its name says may write it (on a shared host,
/// `rep-ann.journal` must be owned by ann's account, `desk.journal` by a manager's).
public struct OwnershipProblem: Equatable, Sendable, CustomStringConvertible {
    public var journal: JournalName
    public var path: String
    /// The account that owns the file (a symbolic link's own owner: links are not followed).
    public var owner: String
    /// The accounts that may own it.
    public var expected: [String]
    /// Whether the path is a symbolic link rather than a file.
    public var isLink: Bool

    public var description: String {
        let who = expected.isEmpty ? "nobody's account (desk.conf lists no such account)" : expected.joined(separator: " or ")
        return "\(path) is \(isLink ? "a symbolic link" : "a file") owned by \(owner), not by \(who): its entries are not trusted"
    }
}

/// Checks each journal's unix owner against the accounts allowed to write it.
public enum JournalOwnership {
    /// One problem per journal not owned by one of `expected(journal)`.
    public static func problems(in folder: DeskFolder, expected: (JournalName) -> [String]) throws -> [OwnershipProblem] {
        var problems: [OwnershipProblem] = []
        for journal in try folder.journals() {
            let path = folder.journalPath(journal)
            guard let owner = UnixAccounts.owner(of: path) else { continue }
            let allowed = expected(journal)
            let isLink = owner.mode & S_IFMT == S_IFLNK
            if isLink || !allowed.contains(owner.name) {
                problems.append(OwnershipProblem(journal: journal, path: path, owner: owner.name, expected: allowed, isLink: isLink))
            }
        }
        return problems
    }
}
