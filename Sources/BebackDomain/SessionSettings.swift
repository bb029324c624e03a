/// desk.conf's `[session]` section: how power dialling counts down before it dials the next lead,
/// and the goals of a calling session (shown as progress bars; met or not in the summary).
public struct SessionSettings: Equatable, Sendable {
    /// `countdown`: seconds between moving to the next lead and dialling it (0 dials at once).
    public var countdownSeconds = 3
    /// `calls`: outcomes recorded in a session; nil: no goal.
    public var calls: Int?
    /// `contacts`: outcomes that reached the person.
    public var contacts: Int?
    /// `appointments`: appointments set.
    public var appointments: Int?

    public init(countdownSeconds: Int = 3, calls: Int? = nil, contacts: Int? = nil, appointments: Int? = nil) {
        self.countdownSeconds = countdownSeconds
        self.calls = calls
        self.contacts = contacts
        self.appointments = appointments
    }

    /// Whether any goal is set.
    public var hasGoals: Bool { calls != nil || contacts != nil || appointments != nil }
}

/// desk.conf's `[notify]` section: when a reminder of an agreed callback or appointment comes, and
/// how it is given (the bell and an optional command, or quietly on the screen only).
public struct ReminderSettings: Equatable, Sendable {
    /// `lead_minutes`: the first reminder comes this many minutes before the agreed time (the
    /// second at the time); 0: only at the time.
    public var leadMinutes = 5
    /// `policy = quiet`: no bell and no command; the header and the highlight still say it.
    public var quiet = false
    /// `command`: a program told of each reminder (`notify-send {name} {purpose}`), as a template; nil: none.
    public var command: String?
    /// The line of desk.conf that set `command` (for error messages about it).
    public var commandLine = 0

    public init(leadMinutes: Int = 5, quiet: Bool = false, command: String? = nil) {
        self.leadMinutes = leadMinutes
        self.quiet = quiet
        self.command = command
    }
}
