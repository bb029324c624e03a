import Foundation

/// Why the desk refused to show or change something to the person asking. The description names
/// no command or flag: the command line words its own message (how to open the desk as a manager)
/// from the case's data.
public enum AccessError: Error, Equatable, CustomStringConvertible {
    /// A rep asked for a lead another rep owns.
    case notYours(lead: LeadID, owner: RepName, viewer: RepName)
    /// Something only a manager may do (`what`: the action, as the caller names it).
    case managerOnly(String)
    /// Someone asked to work as a manager whom desk.conf does not list as one (`managers`: those it lists).
    case notManager(RepName, managers: [RepName])
    /// Someone desk.conf does not list.
    case notOnTeam(RepName, team: [RepName])
    /// On a shared-host desk, `--rep` named someone other than the person logged in.
    case notYourself(requested: RepName, login: String, rep: RepName)
    /// On a shared-host desk, a login desk.conf maps to nobody.
    case unknownLogin(String)
    /// On a shared-host desk, root asked to act as a rep or manager.
    case rootActsAsNobody

    public var description: String {
        switch self {
        case .notYours(let lead, let owner, let viewer):
            return "lead \(lead) belongs to \(owner), not \(viewer): a rep sees and changes only their own leads and the pool"
        case .managerOnly(let what):
            return "\(what) is for a manager (a rep desk.conf lists as manager)"
        case .notManager(let rep, let managers):
            return "\(rep) is not a manager in desk.conf (\(Self.managersListed(managers)))"
        case .notOnTeam(let rep, let team):
            return "\(rep) is not listed in desk.conf [reps] (listed: \(team.map(\.rawValue).joined(separator: ", ")))"
        case .notYourself(let requested, let login, let rep):
            return "\(requested) is not you: you are logged in as \(login), rep \(rep); on a shared-host desk you act only as yourself"
        case .unknownLogin(let login):
            return "unix user \(login) is not mapped to anyone in desk.conf [reps] (user=ACCOUNT): this shared-host desk is not yours to open"
        case .rootActsAsNobody:
            return "root acts as nobody on a shared-host desk: run the command as the rep's own account (runuser -u ACCOUNT -- beback ...); root may run verify"
        }
    }

    /// Who desk.conf lists as managers, as the messages say it.
    package static func managersListed(_ managers: [RepName]) -> String {
        managers.isEmpty ? "desk.conf lists no manager" : "managers: \(managers.map(\.rawValue).joined(separator: ", "))"
    }
}

/// Who is at the keyboard and what they may see and change. A rep sees their own leads and the
/// shared pool and changes only their own; a manager (working as manager) sees every
/// calendar, audits, reclaims and assigns. Every route (desk keys, command line) asks here.
public struct DeskAccess: Equatable, Sendable {
    public let viewer: RepName
    public let role: TeamRole
    /// A desk whose desk.conf lists no team: nobody is a manager, and lead lists and details are not
    /// restricted (changes still are: only a lead's owner records on it).
    public let open: Bool

    public init(viewer: RepName, role: TeamRole = .rep, open: Bool = false) {
        self.viewer = viewer
        self.role = role
        self.open = open
    }

    /// The access of `rep` on a desk with `config`; `asManager`: whether they ask to work as a manager.
    public static func resolve(_ rep: RepName, config: DeskConfig, asManager: Bool) throws(AccessError) -> DeskAccess {
        guard let role = config.role(of: rep) else { throw .notOnTeam(rep, team: config.members.map(\.name)) }
        if asManager {
            guard role == .manager else { throw .notManager(rep, managers: config.managers) }
            return DeskAccess(viewer: rep, role: .manager)
        }
        return DeskAccess(viewer: rep, role: .rep, open: !config.listsTeam)
    }

    public var isManager: Bool { role == .manager }

    /// Whether the viewer may see this lead (its details, its history).
    public func canSee(_ lead: LeadState) -> Bool { canSeeCalendar(of: lead.profile.owner) }

    /// Whether the viewer may see the calendar of `owner` (their own, the pool's, or anyone's for a manager).
    public func canSeeCalendar(of owner: RepName) -> Bool {
        open || isManager || owner == viewer || owner == DeskConfig.poolOwner
    }

    /// The lead, when the viewer may see it.
    public func visible(_ lead: LeadState) throws(AccessError) -> LeadState {
        guard canSee(lead) else { throw .notYours(lead: lead.id, owner: lead.profile.owner, viewer: viewer) }
        return lead
    }

    /// Refuses a manager's action to a rep.
    public func requireManager(_ what: String) throws(AccessError) {
        guard isManager else { throw .managerOnly(what) }
    }

    /// Refuses a rep a list of every rep's leads (allowed on an open desk).
    public func requireTeamView(_ what: String) throws(AccessError) {
        guard open || isManager else { throw .managerOnly(what) }
    }

    /// Refuses a rep's look at another rep's figures (their own are fine).
    public func requireAudit(of rep: RepName?) throws(AccessError) {
        if isManager { return }
        guard rep == viewer else { throw .managerOnly(rep.map { "auditing \($0)" } ?? "auditing the whole team") }
    }
}
