import Foundation

/// Who is at the keyboard on a shared-host desk (desk.conf maps each person to a unix account): the
/// login, never a typed name. `--rep` may only name yourself; root is nobody (it acts as no rep and no
/// manager, so "root did it" never passes as a rep's entry).
public enum SharedHostIdentity {
    /// The rep logged in as `login`; `requested` is `--rep` (or `$BEBACK_REP`) when given.
    public static func rep(login: String, isRoot: Bool, requested: RepName?, config: DeskConfig) throws(AccessError) -> RepName {
        if isRoot { throw .rootActsAsNobody }
        guard let member = config.member(account: login) else { throw .unknownLogin(login) }
        if let requested, requested != member.name { throw .notYourself(requested: requested, login: login, rep: member.name) }
        return member.name
    }
}
