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

    public init(state: DeskState, now: Date, rep: RepName, policy: CadencePolicy = .standard, timeZone: TimeZone,
                readOnlyReason: String? = nil, dueIndex: DueIndex? = nil, scripts: ScriptTemplateSet = ScriptTemplateSet(),
                dialCommand: String? = nil) {
        self.dialCommand = dialCommand
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
}

/// What the run loop must do after a key: write entries, undo, quit. The model only asks; the loop
/// appends and syncs, and reports back with `didSave` or `didFail`.
public enum DeskEffect: Equatable, Sendable {
    case record(OutcomeRequest)
    /// Entries on one lead (a note, an objection, an agreement and its callback, a correction).
    case append([EventPayload], lead: LeadID, summary: String)
    case capture(LeadProfile, wants: String, holdingBack: String)
    /// Run the desk's dial command for this number of this lead (report back with `didDial` or `didFail`).
    case dial(lead: LeadID, number: String)
    /// Revoke this session's last saved group of entries.
    case undo([EventID])
    case quit
}

/// This session's tally, shown in the status line and in the summary at quit.
public struct SessionCounters: Equatable, Sendable {
    public var calls = 0
    public var reached = 0
    public var voicemails = 0
    public var appointments = 0
    public var wins = 0

    public init() {}

    mutating func count(_ outcome: Disposition) {
        calls += 1
        if outcome.flags.contains(.contactMade) { reached += 1 }
        if outcome == .voicemail { voicemails += 1 }
        if outcome == .appointment { appointments += 1 }
        if outcome == .won { wins += 1 }
    }

    mutating func uncount(_ outcome: Disposition) {
        calls -= 1
        if outcome.flags.contains(.contactMade) { reached -= 1 }
        if outcome == .voicemail { voicemails -= 1 }
        if outcome == .appointment { appointments -= 1 }
        if outcome == .won { wins -= 1 }
    }

    public var summary: String {
        "\(calls) call\(calls == 1 ? "" : "s") · \(reached) reached · \(voicemails) voicemail\(voicemails == 1 ? "" : "s") · \(appointments) appointment\(appointments == 1 ? "" : "s") · \(wins) won"
    }
}
