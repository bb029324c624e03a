import Foundation

/// One calling session at the desk, as written to the rep's journal when they quit: when it ran,
/// what the rep's calls came to, the talk time the dial timer measured, and the goals desk.conf
/// set. It concerns no lead: it is journaled under `SessionRecord.lead`, which no lead ever has,
/// and the desk's fold passes it by (no lead, no orphan); `report --sessions` reads it back.
public struct SessionRecord: Equatable, Sendable, Codable {
    /// The reserved lead id session records are written under (lead ids never start with '-').
    public static let lead: LeadID = "-session"

    public var started: Date
    public var ended: Date
    public var calls: Int
    /// Outcomes that reached the person.
    public var contacts: Int
    public var voicemails: Int
    public var appointments: Int
    public var wins: Int
    public var lost: Int
    public var notNow: Int
    /// Seconds on calls the desk dialled and timed (the outcomes' call lengths).
    public var talkSeconds: Int
    /// desk.conf's `[session]` goals when the session ran (nil: none set).
    public var goalCalls: Int?
    public var goalContacts: Int?
    public var goalAppointments: Int?

    public init(
        started: Date, ended: Date, calls: Int, contacts: Int, voicemails: Int = 0, appointments: Int = 0, wins: Int = 0, lost: Int = 0,
        notNow: Int = 0, talkSeconds: Int = 0, goalCalls: Int? = nil, goalContacts: Int? = nil, goalAppointments: Int? = nil
    ) {
        self.started = started
        self.ended = ended
        self.calls = calls
        self.contacts = contacts
        self.voicemails = voicemails
        self.appointments = appointments
        self.wins = wins
        self.lost = lost
        self.notNow = notNow
        self.talkSeconds = talkSeconds
        self.goalCalls = goalCalls
        self.goalContacts = goalContacts
        self.goalAppointments = goalAppointments
    }

    /// Calls per hour of the session (nil: it lasted under a minute).
    public var callsPerHour: Double? {
        let seconds = ended.timeIntervalSince(started)
        guard seconds >= 60 else { return nil }
        return Double(calls) / (seconds / 3600)
    }

    /// The goals set, with what the session did against each: ("calls", 12, 40)...
    public var goals: [(name: String, done: Int, goal: Int)] {
        var list: [(String, Int, Int)] = []
        if let goalCalls { list.append(("calls", calls, goalCalls)) }
        if let goalContacts { list.append(("contacts", contacts, goalContacts)) }
        if let goalAppointments { list.append(("appointments", appointments, goalAppointments)) }
        return list
    }

    /// How many goals were met, of how many set.
    public var goalsMet: (met: Int, set: Int) { (goals.filter { $0.done >= $0.goal }.count, goals.count) }
}
