import Foundation

/// The calling sessions of a period, one row per rep per day (the day a session started, in the
/// desk's time zone): how many sessions, their calls, contacts, appointments and talk time, the
/// calls per hour over their length, and how many of the goals set were met.
public struct SessionDay: Equatable, Sendable {
    public var rep: RepName
    /// The day, `2026-11-23`.
    public var day: String
    public var sessions: Int
    public var calls: Int
    public var contacts: Int
    public var appointments: Int
    public var wins: Int
    public var lost: Int
    public var notNow: Int
    public var talkSeconds: Int
    /// Seconds the sessions lasted, together.
    public var seconds: Int
    public var goalsMet: Int
    public var goalsSet: Int

    /// Calls per hour of session time (nil: under a minute of it).
    public var callsPerHour: Double? { seconds >= 60 ? Double(calls) / (Double(seconds) / 3600) : nil }

    /// Rows from session records (`actor`, record), within the period, ordered by day then rep.
    public static func rows(_ records: [(rep: RepName, record: SessionRecord)], period: TeamPeriod) -> [SessionDay] {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = period.timeZone
        var byKey: [String: SessionDay] = [:]
        for (rep, record) in records where record.started >= period.since && record.started <= period.now {
            let parts = calendar.dateComponents([.year, .month, .day], from: record.started)
            let day = String(format: "%04d-%02d-%02d", parts.year ?? 0, parts.month ?? 0, parts.day ?? 0)
            let key = day + "\t" + rep.rawValue
            var row =
                byKey[key]
                ?? SessionDay(
                    rep: rep, day: day, sessions: 0, calls: 0, contacts: 0, appointments: 0, wins: 0, lost: 0, notNow: 0, talkSeconds: 0, seconds: 0,
                    goalsMet: 0, goalsSet: 0)
            row.sessions += 1
            row.calls += record.calls
            row.contacts += record.contacts
            row.appointments += record.appointments
            row.wins += record.wins
            row.lost += record.lost
            row.notNow += record.notNow
            row.talkSeconds += record.talkSeconds
            row.seconds += max(0, Int(record.ended.timeIntervalSince(record.started)))
            row.goalsMet += record.goalsMet.met
            row.goalsSet += record.goalsMet.set
            byKey[key] = row
        }
        return byKey.keys.sorted().compactMap { byKey[$0] }
    }
}
