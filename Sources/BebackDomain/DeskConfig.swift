import Foundation

/// What a person may do on the desk: a rep works their own lead calendar; a manager also audits
/// every rep's calendar, reclaims idle leads and assigns leads from the shared pool.
public enum TeamRole: String, Sendable, Codable, CaseIterable {
    case rep, manager
}

/// One person listed in the `[reps]` section of `desk.conf`.
public struct TeamMember: Equatable, Sendable {
    public var name: RepName
    public var role: TeamRole
    /// Away (holiday, sick): round-robin assignment skips them.
    public var absent: Bool

    public init(name: RepName, role: TeamRole, absent: Bool = false) {
        self.name = name
        self.role = role
        self.absent = absent
    }
}

/// A desk's settings, read from `DESK/desk.conf`: who works here in which role, and the follow-up
/// policy where it differs from the practice's defaults. A desk without the file is open: anyone
/// may work it as a rep, and nobody is a manager.
public struct DeskConfig: Equatable, Sendable {
    /// The people of the desk, in the file's order (round-robin goes in this order).
    public var members: [TeamMember]
    public var policy: CadencePolicy
    /// The `[dial]` section's `command`: the program the desk's `d` runs to dial a number, as a template
    /// (`softphone {tel}`); nil when the desk has none.
    public var dialCommand: String?
    /// The line of `desk.conf` that set `dialCommand` (for error messages about it).
    public var dialCommandLine = 0
    /// `[store] url`: where the journals live when not in the desk folder (a `postgres://` URL).
    public var storeURL: String?

    /// The owner name of the shared pool that idle leads are reclaimed to (reserved: no rep may use it).
    public static let poolOwner: RepName = "pool"

    public init(members: [TeamMember] = [], policy: CadencePolicy = .standard) {
        self.members = members
        self.policy = policy
    }

    /// Whether the file lists the team (otherwise every rep name is accepted as a rep).
    public var listsTeam: Bool { !members.isEmpty }

    public func member(_ rep: RepName) -> TeamMember? { members.first { $0.name == rep } }

    /// The role of `rep`: as listed; `.rep` for anyone on a desk that lists nobody; nil when the desk
    /// lists its team and `rep` is not on it.
    public func role(of rep: RepName) -> TeamRole? {
        guard listsTeam else { return .rep }
        return member(rep)?.role
    }

    /// The managers, in file order.
    public var managers: [RepName] { members.filter { $0.role == .manager }.map(\.name) }

    /// The reps (not managers) who are present, in file order: who round-robin assigns to.
    public var assignableReps: [RepName] { members.filter { $0.role == .rep && !$0.absent }.map(\.name) }
}
