import BebackDomain
import Foundation

/// Who an imported record's owner is on this desk: a CRM's user name (`Ann Walker`), email
/// (`ann@acme.com`) or login (`Ann`), matched case-insensitively to a rep by name, by the `email=`
/// and `aka=` of desk.conf, or by `--owner-map "Ann Walker=ann"`. An owner it cannot place goes to
/// the fallback (the importing rep, or the pool for a manager), with a warning; never a reject.
public struct OwnerDirectory: Equatable, Sendable {
    private var byKey: [String: RepName] = [:]
    /// Who gets a record whose owner is unknown.
    public let fallback: RepName
    /// A desk without a team: an owner that is a usable rep name is a rep (lower-cased).
    public let openDesk: Bool

    /// - Parameters:
    ///   - members: desk.conf's team (names, emails, akas).
    ///   - knownReps: other reps the desk knows (owners of its leads).
    ///   - ownerMap: `--owner-map` entries, CRM name → rep.
    public init(members: [TeamMember], knownReps: [RepName] = [], ownerMap: [String: RepName] = [:], fallback: RepName, openDesk: Bool) {
        self.fallback = fallback
        self.openDesk = openDesk
        for rep in knownReps { byKey[Self.key(rep.rawValue)] = rep }
        for member in members {
            byKey[Self.key(member.name.rawValue)] = member.name
            for other in member.emails + member.akas { byKey[Self.key(other)] = member.name }
        }
        byKey[Self.key(DeskConfig.poolOwner.rawValue)] = DeskConfig.poolOwner
        for (name, rep) in ownerMap { byKey[Self.key(name)] = rep }
    }

    /// The rep for an owner cell, and a warning when it fell back.
    public func resolve(_ text: String) -> (owner: RepName, warning: String?) {
        let key = Self.key(text)
        if let rep = byKey[key] { return (rep, nil) }
        if openDesk, RepName(key).isValid { return (RepName(key), nil) }
        return (fallback, "owner '\(text)' is not a rep on this desk: given to \(fallback) (--owner-map '\(text)=REP' or aka= in desk.conf places it)")
    }

    /// Reads `--owner-map "Ann Walker=ann"`.
    public static func parseMapping(_ text: String) throws(ExchangeError) -> (String, RepName) {
        guard let equals = text.lastIndex(of: "=") else { throw ExchangeError("--owner-map '\(text)': expected 'CRM NAME=rep'") }
        let name = text[..<equals].trimmingCharacters(in: .whitespaces)
        let rep = RepName(text[text.index(after: equals)...].trimmingCharacters(in: .whitespaces))
        guard !name.isEmpty else { throw ExchangeError("--owner-map '\(text)': the CRM name before '=' is missing") }
        guard rep.isValid else { throw ExchangeError("--owner-map '\(text)': '\(rep)' is not a rep name") }
        return (name, rep)
    }

    static func key(_ text: String) -> String {
        text.trimmingCharacters(in: .whitespaces).lowercased().split(whereSeparator: { $0 == " " }).joined(separator: " ")
    }
}
