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
    /// The unix account this person logs in with (`user=ann`): set on a shared-host desk, where the
    /// login, not a typed name, says who is at the keyboard.
    public var account: String?
    /// Email addresses this person has in other systems (`email=ann@acme.com`): an import's owner column matches them.
    public var emails: [String] = []
    /// Other names this person goes by in other systems (`aka="Ann Walker"`): an import's owner column matches them.
    public var akas: [String] = []

    public init(name: RepName, role: TeamRole, absent: Bool = false, account: String? = nil, emails: [String] = [], akas: [String] = []) {
        self.name = name
        self.role = role
        self.absent = absent
        self.account = account
        self.emails = emails
        self.akas = akas
    }
}

/// Who the desk trusts to say who is at the keyboard, by what desk.conf holds.
public enum DeskTrust: String, Equatable, Sendable {
    /// No `[reps]`: one person (or people who trust each other); any name works.
    case onePerson = "one person"
    /// `[reps]` without `user=`: one shared account; the typed `--rep` name is trusted.
    case namedTeam = "named team"
    /// `[reps]` with `user=` for each person: one unix account per person; the login is the rep.
    case sharedHost = "shared host"
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
    /// The `[mail]` and `[text]` sections (`mail.command`, `mail.from`, `text.command`, `text.from`):
    /// the programs that send a message on standard input, and the rep's own address and number.
    public var messaging: [String: Setting] = [:]
    /// One `key = value` of desk.conf with the line that set it (for error messages about it).
    public struct Setting: Equatable, Sendable {
        public var value: String
        public var line: Int
        public init(value: String, line: Int) {
            self.value = value
            self.line = line
        }
    }
    /// `[session]`: the power dialling countdown and the session's goals.
    public var session = SessionSettings()
    /// `[notify]`: reminders of agreed callbacks and appointments while the desk is open.
    public var reminders = ReminderSettings()
    /// `[store] url`: where the journals live when not in the desk folder (a `postgres://` URL).
    public var storeURL: String?
    /// `[desk] lock_wait_seconds`: how long a save waits for a journal's lock held by another process
    /// before it gives up and says who holds it.
    public var lockWaitSeconds = 10
    /// `[desk] fixed_clock = yes`: a demo desk made with a fixed clock (`demo --at`), whose entries may
    /// lie ahead of the machine's clock and be written with `--at` in any order.
    public var fixedClock = false
    /// `[desk] country = GB`: the country of phone numbers written the national way (`020 7946 0958`),
    /// so that an import matches them with the same numbers written with `+44`; nil: none assumed.
    public var country: CallingCountry?
    /// `[desk] time_zone`: the desk's own time zone (an IANA name, e.g. Europe/London); nil: the machine's.
    public var timeZoneID: String?

    /// The owner name of the shared pool that idle leads are reclaimed to (reserved: no rep may use it).
    public static let poolOwner: RepName = "pool"

    public init(members: [TeamMember] = [], policy: CadencePolicy = .standard) {
        self.members = members
        self.policy = policy
    }

    /// Whether the file lists the team (otherwise every rep name is accepted as a rep).
    public var listsTeam: Bool { !members.isEmpty }

    /// The desk's trust mode: shared host when the team is listed with unix accounts.
    public var trust: DeskTrust {
        guard listsTeam else { return .onePerson }
        return members.contains { $0.account != nil } ? .sharedHost : .namedTeam
    }

    /// The person who logs in as `account`, on a shared-host desk.
    public func member(account: String) -> TeamMember? { members.first { $0.account == account } }

    /// The unix account expected to own `rep`'s journal: the account desk.conf gives them, else the
    /// rep's own name (a former rep no longer listed).
    public func account(of rep: RepName) -> String { member(rep)?.account ?? rep.rawValue }

    /// The managers' unix accounts (who may own desk.conf, `scripts/` and `desk.journal`).
    public var managerAccounts: [String] { members.filter { $0.role == .manager }.compactMap(\.account) }

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
