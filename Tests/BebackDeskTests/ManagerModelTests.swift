@testable import BebackDesk
import BebackDomain
import BebackCells
import BebackText
import BebackTestSupport
import Foundation
import Testing

@Suite("The manager's desk: keys to effects on the team screen and in a rep's read-only calendar")
struct ManagerModelTests {
    func press(_ keys: [Key], _ model: inout ManagerModel, _ context: ManagerContext) -> [ManagerEffect] {
        var effects: [ManagerEffect] = []
        for key in keys { effects += model.update(.key(key), context: context) }
        return effects
    }

    @Test("the board lists the reps in desk.conf order; j/k move; the pool is oldest due first")
    func board() throws {
        let team = try ManagerFixtures.team()
        let context = team.context()
        var model = team.model()
        #expect(context.reps == ["ann", "ben"])
        #expect(context.pool.map(\.id) == [team.poolFirst, team.poolSecond])
        #expect(model.selectedRepName(context) == "ann")
        _ = press([.character("j"), .character("j")], &model, context)
        #expect(model.selectedRepName(context) == "ben")
        _ = press([.character("k")], &model, context)
        #expect(model.selectedRepName(context) == "ann")
        #expect(context.idle.map(\.lead.profile.name) == ["Ivy Idle"])
        #expect(context.idle.first?.status == .escalated(daysPastDue: 5, daysUntilReclaim: 2))
        let annRow = try #require(context.sheet.board.rows.first)
        #expect(annRow.touches == 2 && annRow.contacts == 2 && annRow.appointmentsSet == 1 && annRow.appointmentsToday == 1)
    }

    @Test("Enter opens ben's calendar read-only with his leads only; an outcome key is refused with a message; Esc goes back")
    func calendar() throws {
        let team = try ManagerFixtures.team()
        let context = team.context()
        var model = team.model()
        _ = press([.character("j"), .enter], &model, context)
        #expect(model.screen == .calendar("ben"))
        #expect(Set(model.calendar.due.map(\.lead)) == [team.benLead, team.benOther])
        #expect(press([.character("2")], &model, context).isEmpty)
        #expect(model.calendar.mode == .normal)
        #expect(model.calendar.status.hasPrefix("read-only: ben's calendar, manager's view"))
        #expect(model.calendar.statusIsError)
        #expect(press([.character("n"), .character("c"), .character("u"), .character("d")], &model, context).isEmpty)
        #expect(model.calendar.mode == .normal)
        // The rep's own moves work: the script pane, the filter (Esc clears the filter first, then goes back).
        _ = press([.character("/"), .character("o"), .character("w")], &model, context)
        #expect(model.calendar.due.map(\.lead) == [team.benLead])
        _ = press([.escape], &model, context)
        #expect(model.screen == .calendar("ben") && model.calendar.filter.isEmpty)
        _ = press([.escape], &model, context)
        #expect(model.screen == .team)
        #expect(model.selectedRepName(context) == "ben")
    }

    @Test("q in a rep's calendar quits the manager's desk")
    func quitFromCalendar() throws {
        let team = try ManagerFixtures.team()
        var model = team.model()
        #expect(press([.enter, .character("q")], &model, team.context()).isEmpty)
        #expect(model.wantsQuit)
        #expect(model.wantsQuit)
    }

    @Test("outcome keys on the team screen say where work is recorded")
    func outcomeOnBoard() throws {
        let team = try ManagerFixtures.team()
        var model = team.model()
        #expect(press([.character("2")], &model, team.context()).isEmpty)
        #expect(model.statusIsError && model.status.contains("Enter opens the selected rep's calendar"))
    }

    @Test("a gives the selected pool lead to the rep selected on the board; A deals the pool; R reclaims")
    func assign() throws {
        let team = try ManagerFixtures.team()
        let context = team.context()
        var model = team.model()
        _ = press([.character("j")], &model, context)
        _ = press([.tab], &model, context)
        #expect(model.focus == .pool)
        _ = press([.character("j")], &model, context)
        #expect(press([.character("a")], &model, context) == [.assign(team.poolSecond, to: "ben")])
        // The bulk steps ask first: Esc writes nothing, y goes ahead.
        #expect(press([.character("A")], &model, context).isEmpty)
        #expect(model.status.contains("deal 2 pool leads to ann, ben in turn? y = deal"))
        #expect(press([.escape], &model, context).isEmpty)
        #expect(model.status == "cancelled: nothing was written")
        #expect(press([.character("A"), .character("y")], &model, context) == [.roundRobin])
        #expect(press([.character("R")], &model, context).isEmpty)
        #expect(model.status.contains("reclaim leads idle past 3/5/7 working days now?"))
        #expect(press([.character("y")], &model, context) == [.reclaim])
    }

    @Test("an empty pool and a read-only desk refuse assignment with a message")
    func refusals() throws {
        var team = try ManagerFixtures.team()
        var model = team.model()
        #expect(press([.character("a")], &model, team.context(readOnly: "journals/rep-ann.journal is damaged")).isEmpty)
        #expect(model.status.hasPrefix("read-only: journals/rep-ann.journal is damaged"))
        team.state = DeskState()
        #expect(press([.character("a")], &model, team.context()).isEmpty)
        #expect(model.status.contains("the pool is empty"))
        #expect(press([.character("A")], &model, team.context()).isEmpty)
    }

    @Test("? shows the manager's keys; any key but a scroll key closes it")
    func help() throws {
        let team = try ManagerFixtures.team()
        var model = team.model()
        _ = press([.character("?")], &model, team.context())
        #expect(model.showingHelp)
        let text = ManagerRenderer.render(model, context: team.context(), width: 120, height: 40).buffer.lines().joined(separator: "\n")
        for binding in ManagerKeyBindings.all { #expect(text.contains(binding.help), "help lacks \(binding.help)") }
        _ = press([.character("x")], &model, team.context())
        #expect(!model.showingHelp)
    }

    @Test("no manager key is bound twice")
    func unique() {
        var seen: [Key] = []
        for binding in ManagerKeyBindings.all {
            for key in binding.keys {
                #expect(!seen.contains(key), "\(key) bound twice")
                seen.append(key)
            }
        }
    }
}

@Suite("Manager screen snapshots as text")
struct ManagerSnapshotTests {
    @Test("the team screen: board with sparklines, report, pool", arguments: [(120, 40), (80, 24), (60, 15)])
    func team(width: Int, height: Int) throws {
        let team = try ManagerFixtures.team()
        let lines = ManagerRenderer.render(team.model(), context: team.context(), width: width, height: height).buffer.lines()
        Snapshot.check(lines, named: "manager-\(width)x\(height)")
        #expect(lines.count == height)
        #expect(lines[0].contains("Beback · mia · manager · Mon 23 Nov 10:42"))
        let text = lines.joined(separator: "\n")
        #expect(text.contains("> ann") && text.contains("  ben"))
        #expect(lines.allSatisfy { SafeText.displayWidth($0) <= width })
    }

    @Test("the team screen's report lists a lead that needs a working number: who, which lead, since when")
    func findWorkingNumber() throws {
        let team = try ManagerFixtures.team()
        var state = team.state
        state.apply(
            Event(
                id: "hunt1", at: Fixtures.at("2026-11-20 11:00", ManagerFixtures.zone), actor: "ben", lead: team.benLead,
                payload: .touched(Touch(outcome: .badNumber))))
        state.apply(
            Event(
                id: "hunt2", at: Fixtures.at("2026-11-20 11:00", ManagerFixtures.zone), actor: "ben", lead: team.benLead,
                payload: .scheduled(
                    FollowUp(
                        due: Fixtures.at("2026-11-23 11:00", ManagerFixtures.zone), kind: .manual,
                        purpose: CadenceEngine.findNumberPurpose)!)))
        let context = ManagerContext(
            state: state, now: ManagerFixtures.now, manager: "mia", config: ManagerFixtures.config,
            timeZone: TimeZone(identifier: ManagerFixtures.zone)!, scripts: DeskFixtures.scripts)
        let lines = ManagerRenderer.reportLines(context, width: 100).map(\.0)
        let heading = try #require(lines.firstIndex(of: "Find a working number (no other way to reach them)"))
        #expect(lines[heading + 1] == "  ben: Owen Hale (ben01) · since Fri 20 Nov 11:00 · due Mon 23 Nov 11:00")
    }

    @Test("the pool and the report panes at 80x24 (tabs)")
    func panes() throws {
        let team = try ManagerFixtures.team()
        var model = team.model()
        _ = model.update(.key(.tab), context: team.context())
        let pool = ManagerRenderer.render(model, context: team.context(), width: 80, height: 24).buffer.lines()
        Snapshot.check(pool, named: "manager-pool-80x24")
        #expect(pool.joined().contains("Kenji Sato") && pool.joined().contains("a gives it to ann"))
        _ = model.update(.key(.tab), context: team.context())
        let report = ManagerRenderer.render(model, context: team.context(), width: 80, height: 24).buffer.lines()
        Snapshot.check(report, named: "manager-report-80x24")
        #expect(report.joined().contains("Practice compliance") && report.joined().contains("price"))
        #expect(report.contains { $0.contains("ann: Ivy Idle · 5d past due · escalated, reclaimed in 2") })
    }

    @Test("ben's calendar, read-only, with the rep's panes and the way back on the key bar")
    func calendar() throws {
        let team = try ManagerFixtures.team()
        var model = team.model()
        _ = model.update(.key(.character("j")), context: team.context())
        _ = model.update(.key(.enter), context: team.context())
        let opened = ManagerRenderer.render(model, context: team.context(), width: 100, height: 30).buffer.lines()
        #expect(opened[29].contains("mia (manager) looking at ben's calendar: read-only"))
        _ = model.update(.key(.character("7")), context: team.context())
        let lines = ManagerRenderer.render(model, context: team.context(), width: 100, height: 30).buffer.lines()
        Snapshot.check(lines, named: "manager-calendar-ben-100x30")
        #expect(lines[0].contains("Beback · ben") && lines[0].contains("READ-ONLY"))
        #expect(lines[28].contains("Esc team"))
        #expect(lines[29].contains("read-only: ben's calendar"))
        #expect(lines.joined().contains("Owen Hale") && !lines.joined().contains("Priya Raman"))
    }
}
