import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("The team board against a hand-built journal with known answers")
struct TeamBoardTests {
    static let config = DeskConfig(members: [TeamMember(name: "ann", role: .rep), TeamMember(name: "ben", role: .rep), TeamMember(name: "mia", role: .manager)])
    static let now = TeamJournal.t("2026-11-25 12:00")  // a Wednesday
    static let period = TeamPeriod.thisWeek(now, timeZone: TimeZone(identifier: "UTC")!)

    static func journal() -> TeamJournal {
        var j = TeamJournal()
        j.capture("a1", owner: "ann", at: "2026-11-10 10:00")
        j.touch("a1", "2026-11-23 10:00", by: "ann", .reached)  // this week: a contact
        j.schedule("a1", "2026-11-23 10:00", by: "ann", due: "2026-11-25 15:00", kind: .agreedCallback)  // callback today
        j.capture("a2", owner: "ann", at: "2026-11-10 10:00")
        j.touch("a2", "2026-11-24 10:00", by: "ann", .voicemail)  // this week: no contact
        j.schedule("a2", "2026-11-24 10:00", by: "ann", due: "2026-11-25 09:00")  // due today
        j.capture("a3", owner: "ann", at: "2026-11-10 10:00")
        j.schedule("a3", "2026-11-11 10:00", by: "ann", due: "2026-11-23 10:00")  // overdue, 2 working days: not idle
        j.capture("a4", owner: "ann", at: "2026-11-10 10:00")
        j.touch("a4", "2026-11-20 10:00", by: "ann", .noAnswer)  // last week: not counted
        // Planned Fri 20 for a time already gone: idle counts from the planning, 3 working days: idle.
        j.schedule("a4", "2026-11-20 10:00", by: "ann", due: "2026-11-19 10:00")
        j.capture("a5", owner: "ann", at: "2026-11-10 10:00")
        j.schedule("a5", "2026-11-11 10:00", by: "ann", due: "2026-11-18 10:00")  // overdue and idle 5 working days
        j.capture("a6", owner: "ann", at: "2026-11-10 10:00")
        j.touch("a6", "2026-11-24 11:00", by: "ann", .appointment)  // this week: appointment set
        j.schedule("a6", "2026-11-24 11:00", by: "ann", due: "2026-11-30 10:00", kind: .appointment)
        j.capture("a7", owner: "ann", at: "2026-11-10 10:00")
        j.touch("a7", "2026-11-25 11:00", by: "ann", .won)  // this week: a win
        j.schedule("a7", "2026-11-25 11:00", by: "ann", due: "2026-12-02 11:00", kind: .satisfaction, purpose: "satisfaction call")
        j.capture("a8", owner: "ann", at: "2026-11-10 10:00")
        j.touch("a8", "2026-11-24 12:00", by: "ann", .lost)  // closed: not open, but a touch this week
        j.capture("a9", owner: "ann", at: "2026-11-10 10:00")
        j.schedule("a9", "2026-11-11 10:00", by: "ann", due: "2026-11-25 16:00", kind: .appointment)  // appointment today
        j.capture("x1", owner: "ben", at: "2026-11-02 10:00")
        j.add("x1", "2026-11-20 10:00", by: "mia", .reclaimed(IdleMark(due: TeamJournal.t("2026-11-03 10:00"), days: 7, owner: "ben")))
        return j
    }

    @Test("ann's row")
    func annRow() throws {
        let board = TeamBoard(state: Self.journal().state, config: Self.config, period: Self.period)
        #expect(board.rows.map(\.rep) == ["ann", "ben"])
        let ann = board.rows[0]
        #expect(ann.openLeads == 8)
        #expect(ann.dueToday == 3)
        #expect(ann.callbacksToday == 1, "a1: an agreed call")
        #expect(ann.appointmentsToday == 1, "a9: a meeting, counted apart from the callback")
        #expect(ann.overdue == 2, "a3 and a5; a4 was touched after it fell due")
        #expect(ann.idle == 2, "a5, and a4: planned on the 20th for a time already gone, idle counts from the planning")
        #expect(ann.touches == 5)
        #expect(ann.contacts == 3)
        #expect(ann.contactRate.text == "60% (3/5)")
        #expect(ann.appointmentsSet == 1)
        #expect(ann.wins == 1)
        #expect(board.rows[1] == BoardRow(rep: "ben"))
        #expect(board.poolLeads == 1)
        #expect(board.team.touches == 5)
    }

    @Test("trends: touches per week and touches to each win")
    func trends() {
        let trends = TeamTrends(
            state: Self.journal().state, period: TeamPeriod(since: TeamJournal.t("2026-11-01 00:00"), now: Self.now, timeZone: TimeZone(identifier: "UTC")!),
            weeks: 3)
        #expect(trends.weeklyTouches == [0, 1, 5])
        #expect(trends.touchesToWin == [1])
        #expect(trends.touchesToWinBuckets.first! == (label: "1", count: 1))
    }

    @Test("objections this month: top categories, and the answers followed by an appointment")
    func objections() {
        var j = Self.journal()
        let at = TeamJournal.t("2026-11-23 10:00")
        j.add(
            "a6", "2026-11-23 10:00", by: "ann",
            .objectionLogged(Objection(id: "o1", category: .price, words: "too dear", answer: "spread the cost", loggedAt: at)))
        j.add(
            "a2", "2026-11-23 10:00", by: "ann",
            .objectionLogged(Objection(id: "o2", category: .price, words: "over budget", answer: "spread the cost", loggedAt: at)))
        j.add("a3", "2026-11-23 10:00", by: "ann", .objectionLogged(Objection(id: "o3", category: .timing, words: "not now", loggedAt: at)))
        j.add(
            "a3", "2026-11-23 10:00", by: "ann",
            .objectionLogged(Objection(id: "o4", category: .trust, words: "last month", loggedAt: TeamJournal.t("2026-10-23 10:00"))))
        let month = TeamPeriod(
            since: TeamPeriod.startOfMonth(Self.now, timeZone: TimeZone(identifier: "UTC")!), now: Self.now, timeZone: TimeZone(identifier: "UTC")!)
        let report = ObjectionReport(state: j.state, period: month)
        #expect(report.categories == [.init(category: .price, count: 2), .init(category: .timing, count: 1)])
        #expect(report.answers.count == 1)
        #expect(report.answers.first?.answer == "spread the cost")
        #expect(report.answers.first?.leads == ["a6"])
        #expect(report.answers.first?.reps == ["ann"])
    }
}
