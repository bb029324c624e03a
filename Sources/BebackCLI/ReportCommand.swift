import ArgumentParser
import BebackDesk
import BebackDomain
import BebackExchange
import BebackStore
import BebackText
import Foundation

/// Output formats of `report`.
enum ReportFormat: String, ExpressibleByArgument, CaseIterable {
    case text, csv, tsv, json
}

/// `beback report`: the team board and compliance figures, for people (text, with charts) or programs (CSV, JSON).
struct ReportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Write the team board and practice compliance (text with charts, CSV or JSON); a manager's command.",
        discussion: """
            text: the board, compliance, this month's objections and the charts (per-rep bars, a \
            touches-to-win histogram, a weekly sparkline), drawn with block characters.
            csv: one row per rep and one for the team. json: the same, with the chart figures. \
            A rep (without --manager) gets their own figures only. \
            --sessions lists the calling sessions the desk journaled when each rep quit, per rep per day \
            (sessions, calls, contacts, appointments, talk time, calls per hour, goals met); text, tsv, csv or json.
            """)

    @OptionGroup var desk: DeskOptions
    @Option(help: ArgumentHelp("Start of the period, e.g. '2026-11-01' (default: Monday of this week).", valueName: "instant"))
    var since: String?
    @Option(help: "Output format: text, csv or json (tsv too with --sessions).") var format: ReportFormat = .text
    @Flag(help: "List the calling sessions per rep per day instead of the board.") var sessions = false

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession()
            let rep: RepName? = session.viewer.isManager ? nil : session.rep
            let period = try session.period(since: since, options: desk)
            if sessions {
                // Session records belong to no lead: they are read from the journals themselves.
                let records: [(rep: RepName, record: SessionRecord)] = try session.store.load().events.compactMap { stored in
                    guard case .sessionRecorded(let record) = stored.event.payload, rep == nil || stored.event.actor == rep else { return nil }
                    return (stored.event.actor, record)
                }
                let rows = SessionDay.rows(records, period: period)
                switch format {
                case .text: print(SessionReportExport.text(rows), terminator: "")
                case .tsv: print(SessionReportExport.separated(rows, by: "\t"), terminator: "")
                case .csv: print(SessionReportExport.separated(rows, by: ","), terminator: "")
                case .json: print(SessionReportExport.json(rows))
                }
                return
            }
            if format == .tsv { throw CLIError("--format tsv: the board is text, csv or json (tsv is for --sessions)") }
            let sheet = TeamSheet(state: session.state, config: session.config, period: period, only: rep)
            switch format {
            case .text: print(sheet.text, terminator: "")
            case .csv: print(TeamReportExport.csv(sheet), terminator: "")
            case .json: print(TeamReportExport.json(sheet))
            case .tsv: break
            }
        }
    }
}

/// The report's figures as CSV and JSON.
enum TeamReportExport {
    static let columns = [
        "rep", "open_leads", "due_today", "overdue", "callbacks_today", "appointments_today", "idle", "touches", "contacts", "contact_rate",
        "appointments_set", "wins", "walkouts_followed_up", "walkouts", "voicemails_retried", "voicemails",
        "lost_early", "without_purpose", "long_term_late", "wins_without_aftercare"
    ]

    static func values(_ board: BoardRow, _ compliance: ComplianceRow) -> [String] {
        func share(_ ratio: Ratio) -> String { ratio.share.map { String(format: "%.3f", $0) } ?? "" }
        return [
            board.rep.rawValue, "\(board.openLeads)", "\(board.dueToday)", "\(board.overdue)", "\(board.callbacksToday)", "\(board.appointmentsToday)",
            "\(board.idle)",
            "\(board.touches)", "\(board.contacts)", share(board.contactRate), "\(board.appointmentsSet)", "\(board.wins)",
            "\(compliance.walkoutsFollowedUp.met)", "\(compliance.walkoutsFollowedUp.total)",
            "\(compliance.voicemailsRetried.met)", "\(compliance.voicemailsRetried.total)",
            "\(compliance.lostEarly.count)", "\(compliance.withoutPurpose.count)", "\(compliance.longTermLate.count)",
            "\(compliance.winsWithoutAftercare.count)"
        ]
    }

    static func rows(_ sheet: TeamSheet) -> [[String]] {
        zip(sheet.board.rows + [sheet.board.team], sheet.compliance.rows + [sheet.compliance.team]).map { values($0, $1) }
    }

    /// A cell a spreadsheet would not run as a formula.
    static func cell(_ text: String) -> String {
        var value = text
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        return value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" }) ? "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\"" : value
    }

    static func csv(_ sheet: TeamSheet) -> String {
        ([columns] + rows(sheet)).map { $0.map(cell).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func json(_ sheet: TeamSheet) -> String {
        let people = rows(sheet).map { row -> [String: Any] in
            var object: [String: Any] = [:]
            for (key, value) in zip(columns, row) {
                if key == "rep" {
                    object[key] = value
                } else if key == "contact_rate" {
                    object[key] = Double(value) ?? NSNull()
                } else {
                    object[key] = Int(value) ?? 0
                }
            }
            return object
        }
        let object: [String: Any] = [
            "since": LeadExportRow.timestamp(sheet.board.period.since),
            "now": LeadExportRow.timestamp(sheet.board.period.now),
            "reps": Array(people.dropLast()),
            "team": people.last ?? [:],
            "pool": sheet.board.poolLeads,
            "findWorkingNumber": sheet.numberHunts.map {
                [
                    "lead": $0.lead.rawValue, "name": $0.name, "owner": $0.owner.rawValue,
                    "since": LeadExportRow.timestamp($0.since), "due": LeadExportRow.timestamp($0.due)
                ]
            },
            "objections": [
                "categories": sheet.objections.categories.map { ["category": $0.category.rawValue, "count": $0.count] },
                "answers": sheet.objections.answers.map {
                    [
                        "category": $0.category.rawValue, "answer": $0.answer, "leads": $0.leads.count,
                        "reps": $0.reps.map(\.rawValue)
                    ]
                }
            ],
            "charts": [
                "touchesToWin": sheet.trends.touchesToWinBuckets.map { ["touches": $0.label, "wins": $0.count] },
                "weeklyTouches": sheet.trends.weeklyTouches,
                "weeklySparkline": BlockChart.sparkline(sheet.trends.weeklyTouches),
                "text": sheet.chartLines()
            ]
        ]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
