import BebackDomain
import Foundation

/// This session's tally, shown in the status line and in the summary at quit (where it becomes the
/// session record journaled for the manager's report).
public struct SessionCounters: Equatable, Sendable {
    public var calls = 0
    public var reached = 0
    public var voicemails = 0
    public var appointments = 0
    public var wins = 0
    public var lost = 0
    public var notNow = 0
    /// Seconds on the calls the desk dialled and timed (the outcomes' call lengths).
    public var talkSeconds = 0

    public init() {}

    mutating func count(_ outcome: Disposition, seconds: Int? = nil) { add(outcome, seconds: seconds, by: 1) }

    mutating func uncount(_ outcome: Disposition, seconds: Int? = nil) { add(outcome, seconds: seconds, by: -1) }

    private mutating func add(_ outcome: Disposition, seconds: Int?, by step: Int) {
        calls += step
        if outcome.flags.contains(.contactMade) { reached += step }
        if outcome == .voicemail { voicemails += step }
        if outcome == .appointment { appointments += step }
        if outcome == .won { wins += step }
        if outcome == .lost { lost += step }
        if outcome == .notNow { notNow += step }
        talkSeconds += step * (seconds ?? 0)
    }

    public var summary: String {
        "\(calls) call\(calls == 1 ? "" : "s") · \(reached) reached · \(voicemails) voicemail\(voicemails == 1 ? "" : "s") · \(appointments) appointment\(appointments == 1 ? "" : "s") · \(wins) won"
    }

    /// The session as journaled at quit, from `started` to `ended`, with desk.conf's goals.
    public func record(started: Date, ended: Date, goals: SessionSettings) -> SessionRecord {
        SessionRecord(
            started: started, ended: ended, calls: calls, contacts: reached, voicemails: voicemails, appointments: appointments, wins: wins,
            lost: lost, notNow: notNow, talkSeconds: talkSeconds, goalCalls: goals.calls, goalContacts: goals.contacts,
            goalAppointments: goals.appointments)
    }

    /// The summary printed at quit: the tally, lost and not now, talk time, calls per hour and the goals met.
    public static func quitSummary(_ record: SessionRecord) -> String {
        let counters = SessionCounters(record)
        var text = counters.summary + " · \(record.lost) lost · \(record.notNow) not now · talk \(CallDuration.text(record.talkSeconds))"
        if let rate = record.callsPerHour { text += " · " + String(format: "%.1f", rate) + " calls/hour" }
        let met = record.goalsMet
        if met.set > 0 {
            let each = record.goals.map { "\($0.name) \($0.done)/\($0.goal)\($0.done >= $0.goal ? " ✓" : "")" }.joined(separator: ", ")
            text += " · goals met \(met.met) of \(met.set) (\(each))"
        }
        return text
    }

    init(_ record: SessionRecord) {
        calls = record.calls
        reached = record.contacts
        voicemails = record.voicemails
        appointments = record.appointments
        wins = record.wins
        lost = record.lost
        notNow = record.notNow
        talkSeconds = record.talkSeconds
    }
}
