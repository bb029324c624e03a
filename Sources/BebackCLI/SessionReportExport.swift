import BebackDomain
import BebackText
import Foundation

/// `report --sessions`: the calling sessions per rep per day as text, TSV, CSV or JSON.
enum SessionReportExport {
    static let columns = [
        "day", "rep", "sessions", "calls", "contacts", "appointments", "wins", "lost", "not_now", "talk_seconds", "session_seconds", "calls_per_hour",
        "goals_met", "goals_set"
    ]

    static func values(_ row: SessionDay) -> [String] {
        [
            row.day, row.rep.rawValue, "\(row.sessions)", "\(row.calls)", "\(row.contacts)", "\(row.appointments)", "\(row.wins)", "\(row.lost)",
            "\(row.notNow)", "\(row.talkSeconds)", "\(row.seconds)", row.callsPerHour.map { String(format: "%.1f", $0) } ?? "",
            "\(row.goalsMet)", "\(row.goalsSet)"
        ]
    }

    static func separated(_ rows: [SessionDay], by separator: String) -> String {
        ([columns] + rows.map { values($0).map { SafeText.sanitize($0) } }).map { $0.joined(separator: separator) + "\n" }.joined()
    }

    static func json(_ rows: [SessionDay]) -> String {
        let objects: [[String: Any]] = rows.map { row in
            var object: [String: Any] = [
                "day": row.day, "rep": row.rep.rawValue, "sessions": row.sessions, "calls": row.calls, "contacts": row.contacts,
                "appointments": row.appointments, "wins": row.wins, "lost": row.lost, "notNow": row.notNow, "talkSeconds": row.talkSeconds,
                "sessionSeconds": row.seconds, "goalsMet": row.goalsMet, "goalsSet": row.goalsSet
            ]
            if let rate = row.callsPerHour { object["callsPerHour"] = (rate * 10).rounded() / 10 }
            return object
        }
        let data = (try? JSONSerialization.data(withJSONObject: objects, options: [.prettyPrinted, .sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self)
    }

    static func text(_ rows: [SessionDay]) -> String {
        guard !rows.isEmpty else { return "No calling sessions in the period.\n" }
        var lines = ["Calling sessions per rep per day"]
        for row in rows {
            var line =
                "\(row.day)  \(SafeText.fit(SafeText.sanitize(row.rep.rawValue), width: 12, pad: true)) \(row.sessions) session\(row.sessions == 1 ? " " : "s")"
            line += " · \(row.calls) calls · \(row.contacts) contacts · \(row.appointments) appts · talk \(CallDuration.text(row.talkSeconds))"
            if let rate = row.callsPerHour { line += " · " + String(format: "%.1f", rate) + " calls/hour" }
            if row.goalsSet > 0 { line += " · goals met \(row.goalsMet) of \(row.goalsSet)" }
            lines.append(line)
        }
        return lines.joined(separator: "\n") + "\n"
    }
}
