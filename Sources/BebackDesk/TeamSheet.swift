import BebackDomain
import BebackText
import Foundation

/// The manager's figures laid out as lines of text: the team board, practice compliance,
/// objections and the charts. The desk's team pane and `beback report`/`audit` print the same lines.
public struct TeamSheet: Sendable {
    public let board: TeamBoard
    public let compliance: Compliance
    public let objections: ObjectionReport
    public let trends: TeamTrends
    public let policy: CadencePolicy
    /// Open leads whose next step is to find a working number, longest-waiting first.
    public let numberHunts: [NumberHunt]
    /// The zone the sheet's times are shown in.
    let timeZone: TimeZone

    /// The figures of `state` for `period` (objections: this month), for every rep or one.
    public init(state: DeskState, config: DeskConfig, period: TeamPeriod, only rep: RepName? = nil) {
        board = TeamBoard(state: state, config: config, period: period, only: rep)
        compliance = Compliance(state: state, config: config, period: period, only: rep)
        let month = TeamPeriod(since: TeamPeriod.startOfMonth(period.now, timeZone: period.timeZone), now: period.now, timeZone: period.timeZone)
        objections = ObjectionReport(state: state, period: month, only: rep)
        trends = TeamTrends(state: state, period: period, only: rep)
        policy = config.policy
        numberHunts = NumberHunt.all(in: state, only: rep)
        timeZone = period.timeZone
    }

    /// A sheet whose board is `board` (figures a store read without the leads) and whose other parts
    /// are `rest`'s, or empty until the leads are read for them.
    public init(board: TeamBoard, config: DeskConfig, rest: TeamSheet?) {
        self.board = board
        let empty = DeskState()
        compliance = rest?.compliance ?? Compliance(state: empty, config: config, period: board.period)
        let period = board.period
        let month = TeamPeriod(since: TeamPeriod.startOfMonth(period.now, timeZone: period.timeZone), now: period.now, timeZone: period.timeZone)
        objections = rest?.objections ?? ObjectionReport(state: empty, period: month)
        trends = rest?.trends ?? TeamTrends(state: empty, period: period)
        policy = config.policy
        numberHunts = rest?.numberHunts ?? []
        timeZone = period.timeZone
    }

    /// "ann: Owen Hale (k3f9q) · since Fri 27 Nov 15:00 · due Mon 30 Nov 15:00", one per lead needing a working number.
    public var numberHuntLines: [String] {
        guard !numberHunts.isEmpty else { return ["none: every open lead has a number or an address to try"] }
        let time = HumanTime(timeZone: timeZone)
        return numberHunts.map { hunt in
            SafeText.sanitize("\(hunt.owner): \(hunt.name) (\(hunt.lead)) · since \(time.dayAndClock(hunt.since)) · due \(time.dayAndClock(hunt.due))")
        }
    }

    /// "Mon 23 Nov 00:00 to Wed 25 Nov 12:00".
    public var periodText: String {
        let time = HumanTime(timeZone: board.period.timeZone, now: board.period.now)
        return "\(time.dayAndClock(board.period.since)) to \(time.dayAndClock(board.period.now))"
    }

    static func table(_ header: [String], _ rows: [[String]]) -> [String] {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { SafeText.displayWidth(SafeText.sanitize($0[column])) }.max() ?? 0 }
        return all.map { cells in
            cells.enumerated().map { index, cell in
                index == 0
                    ? SafeText.fit(cell, width: widths[index], pad: true)
                    : String(repeating: " ", count: max(0, widths[index] - SafeText.displayWidth(cell))) + cell
            }.joined(separator: "  ").trimmingCharacters(in: .whitespaces)
        }
    }

    /// The team board: one line per rep, then the team.
    public var boardLines: [String] {
        let header = [
            "REP", "OPEN", "DUE TODAY", "OVERDUE", "CALLBACKS TODAY", "APPTS TODAY", "IDLE \(policy.idleFlagDays)d+", "TOUCHES", "CONTACT RATE", "APPTS SET",
            "WINS"
        ]
        let rows = (board.rows + [board.team]).map { row -> [String] in
            [
                row.rep.rawValue, "\(row.openLeads)", "\(row.dueToday)", "\(row.overdue)", "\(row.callbacksToday)", "\(row.appointmentsToday)", "\(row.idle)",
                "\(row.touches)", row.contactRate.share.map { "\(Int(($0 * 100).rounded()))%" } ?? "-", "\(row.appointmentsSet)", "\(row.wins)"
            ]
        }
        return Self.table(header, rows) + ["pool: \(board.poolLeads) open lead\(board.poolLeads == 1 ? "" : "s") waiting to be assigned"]
    }

    /// Practice compliance: one line per rep, then the team.
    public var complianceLines: [String] {
        let header = [
            "REP", "WALKOUTS IN 24H", "VOICEMAIL RETRIED", "LOST <\(policy.minimumTouchesBeforeLost) TOUCHES", "NO PURPOSE", "LATE CHECK-INS",
            "WINS NO AFTER-SALE"
        ]
        let rows = (compliance.rows + [compliance.team]).map { row -> [String] in
            [
                row.rep.rawValue, row.walkoutsFollowedUp.text, row.voicemailsRetried.text, "\(row.lostEarly.count)", "\(row.withoutPurpose.count)",
                "\(row.longTermLate.count)", "\(row.winsWithoutAftercare.count)"
            ]
        }
        return Self.table(header, rows)
    }

    /// Top objection categories this month, and the answers that were followed by an appointment or a sale.
    public func objectionLines(limit: Int = 5) -> [String] {
        guard !objections.categories.isEmpty else { return ["no objection logged this month"] }
        var lines = ["top: " + objections.categories.prefix(limit).map { "\($0.category.label) \($0.count)" }.joined(separator: " · ")]
        if objections.answers.isEmpty {
            lines.append("no answer has been followed by an appointment yet")
        } else {
            lines.append("answers followed by an appointment or a sale:")
            for answer in objections.answers.prefix(limit) {
                let leads = answer.leads.count
                lines.append(
                    "  \(answer.category.label): \"\(answer.answer)\" (\(leads) lead\(leads == 1 ? "" : "s"); \(answer.reps.map(\.rawValue).joined(separator: ", ")))"
                )
            }
        }
        return lines
    }

    /// The pictures: touches per rep, touches to each win, and the weekly trend.
    public func chartLines(width: Int = 30) -> [String] {
        var lines = ["touches per rep"]
        lines += BlockChart.bars(board.rows.map { ($0.rep.rawValue, Double($0.touches), "\($0.touches)") }, width: width).map { "  " + $0 }
        lines.append("walkouts followed up within \(policy.firstFollowUpHours)h (full bar: 100%)")
        lines += BlockChart.bars(
            compliance.rows.map { ($0.rep.rawValue, ($0.walkoutsFollowedUp.share ?? 0) * 100, $0.walkoutsFollowedUp.text) }, width: width, maximum: 100
        )
        .map { "  " + $0 }
        lines.append("touches to win (\(trends.touchesToWin.count) win\(trends.touchesToWin.count == 1 ? "" : "s"))")
        lines += BlockChart.bars(trends.touchesToWinBuckets.map { ($0.label, Double($0.count), "\($0.count)") }, width: width).map { "  " + $0 }
        let time = HumanTime(timeZone: board.period.timeZone, now: board.period.now)
        let first = trends.weekStarts.first.map { time.day($0) } ?? ""
        lines.append(
            "touches per week since \(first): \(BlockChart.sparkline(trends.weeklyTouches))  \(trends.weeklyTouches.map(String.init).joined(separator: " "))")
        return lines
    }

    /// Every section, as `beback report` prints it.
    public var text: String {
        var lines = ["Team report · \(periodText)", "", "Team board"]
        lines += boardLines.map { "  " + $0 }
        lines += ["", "Practice compliance"] + complianceLines.map { "  " + $0 }
        lines += ["", "Find a working number (no other way to reach them)"] + numberHuntLines.map { "  " + $0 }
        lines += ["", "Objections this month"] + objectionLines().map { "  " + $0 }
        lines += ["", "Charts"] + chartLines().map { "  " + $0 }
        return lines.joined(separator: "\n") + "\n"
    }
}
