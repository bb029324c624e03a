import BebackDomain
import Foundation

/// What the screen shows and decides from, handed to `DeskModel` on every key: the folded desk,
/// the instant, the rep, the rules and the desk's time zone. The model never changes it; effects do.
public struct DeskContext: Sendable {
    public var state: DeskState
    public var now: Date
    public var rep: RepName
    public var policy: CadencePolicy
    public var timeZone: TimeZone
    /// Why the desk cannot be written to, when it cannot.
    public var readOnlyReason: String?
    /// The leads sorted by due time, kept by the session so the due list need not scan the desk.
    public var dueIndex: DueIndex?
    /// The call script templates (bundled, with the desk's own over them).
    public var scripts: ScriptTemplateSet
    /// desk.conf's dial command template (`softphone {tel}`), or nil when the desk has none.
    public var dialCommand: String?
    /// The desk-wide do-not-contact list, kept by the session (nil: read from `state` when asked).
    public var doNotContact: DoNotContactList?
    /// The find index over every lead (`/`), kept by the session; nil: `/` filters the due list only.
    public var finder: LeadFinderCache?
    /// Who is at the keyboard (which leads a find shows); nil: the rep's own leads and the pool.
    public var access: DeskAccess?
    /// desk.conf's `[session]`: the power dialling countdown and the session's goals.
    public var session = SessionSettings()
    /// desk.conf's `[notify]`: when reminders come and whether they ring.
    public var reminders = ReminderSettings()

    public init(
        state: DeskState, now: Date, rep: RepName, policy: CadencePolicy = .standard, timeZone: TimeZone,
        readOnlyReason: String? = nil, dueIndex: DueIndex? = nil, scripts: ScriptTemplateSet = ScriptTemplateSet(),
        dialCommand: String? = nil, doNotContact: DoNotContactList? = nil, finder: LeadFinderCache? = nil, access: DeskAccess? = nil,
        session: SessionSettings = SessionSettings(), reminders: ReminderSettings = ReminderSettings()
    ) {
        self.session = session
        self.reminders = reminders
        self.finder = finder
        self.access = access
        self.dialCommand = dialCommand
        self.doNotContact = doNotContact
        self.dueIndex = dueIndex
        self.scripts = scripts
        self.state = state
        self.now = now
        self.rep = rep
        self.policy = policy
        self.timeZone = timeZone
        self.readOnlyReason = readOnlyReason
    }

    var engine: CadenceEngine { CadenceEngine(policy: policy) }

    /// Whether a find shows leads of `owner`.
    func canSee(_ owner: RepName) -> Bool {
        access?.canSeeCalendar(of: owner) ?? (owner == rep || owner == DeskConfig.poolOwner)
    }

    /// The first number or address of `contact` on the do-not-contact list, held by a lead other than `except`.
    func doNotContactMatch(_ contact: ContactPoints, except: LeadID? = nil) -> DoNotContactList.Match? {
        (doNotContact ?? DoNotContactList(state: state)).match(contact, except: except)
    }
}
