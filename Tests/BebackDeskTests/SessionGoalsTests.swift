@testable import BebackDesk
import BebackDomain
import BebackCells
import BebackText
import BebackTestSupport
import Foundation
import Testing

@Suite("Session goals on the status line, the talk time and the summary at quit")
struct SessionGoalsTests {
    static let goals = SessionSettings(calls: 40, contacts: 10, appointments: 3)

    func counters(calls: Int, reached: Int, appointments: Int) -> SessionCounters {
        var counters = SessionCounters()
        counters.calls = calls
        counters.reached = reached
        counters.appointments = appointments
        return counters
    }

    @Test("each goal is a bar with its count; narrower screens get shorter bars, then numbers; a met goal is marked")
    func progressTiers() throws {
        let counters = counters(calls: 12, reached: 3, appointments: 3)
        let wide = try #require(StatusBar.progress(counters, goals: Self.goals, width: 78))
        #expect(wide.contains("calls ▕") && wide.contains("12/40") && wide.contains("contacts ▕") && wide.contains("appts ▕") && wide.contains("3/3✓"))
        let sixty = try #require(StatusBar.progress(counters, goals: Self.goals, width: 58))
        #expect(sixty.contains("12/40") && sixty.contains("3/10") && sixty.contains("3/3"))
        #expect(sixty.contains("▕"), "at 60 columns the bars still show: \(sixty)")
        let narrow = try #require(StatusBar.progress(counters, goals: Self.goals, width: 24))
        #expect(narrow == "C 12/40 · R 3/10 · A 3/3")
        #expect(StatusBar.progress(counters, goals: Self.goals, width: 10) == nil)
        for width in [78, 58, 40, 30, 24] {
            let text = StatusBar.progress(counters, goals: Self.goals, width: width) ?? ""
            #expect(SafeText.displayWidth(text) <= width, "\(width): \(text)")
        }
    }

    @Test("the desk's bottom line shows the goals at 60 and 80 columns, and the plain counters without goals")
    func bottomLine() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        model.counters = counters(calls: 12, reached: 3, appointments: 1)
        var context = desk.context()
        context.session = Self.goals
        for width in [60, 80] {
            let lines = DeskRenderer.render(model, context: context, width: width, height: 20).buffer.lines()
            let bottom = try #require(lines.last)
            #expect(bottom.contains("12/40") && bottom.contains("3/10") && bottom.contains("1/3"), "\(width): \(bottom)")
        }
        let plain = DeskRenderer.render(model, context: desk.context(), width: 80, height: 20).buffer.lines().last ?? ""
        #expect(plain.contains("this session: 12 calls"))
    }

    @Test("an outcome's call length adds to the talk time, and its undo takes it back; lost and not now are counted")
    func talkTime() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        let touch = Event(
            id: "t-1", at: DeskFixtures.now, actor: "ann", lead: desk.priya,
            payload: .touched(Touch(channel: .phone, outcome: .notNow, durationSeconds: 125)))
        _ = model.update(
            .saved(DeskModel.SavedGroup(events: [touch], outcome: .notNow, label: "not now", lead: desk.priya), at: DeskFixtures.now), context: context)
        _ = model.update(.saved(DeskModel.SavedGroup(events: [], outcome: .lost, label: "lost", lead: desk.owen), at: DeskFixtures.now), context: context)
        #expect(model.counters.talkSeconds == 125 && model.counters.notNow == 1 && model.counters.lost == 1 && model.counters.calls == 2)
        _ = model.update(.undone(at: DeskFixtures.now), context: context)
        _ = model.update(.undone(at: DeskFixtures.now), context: context)
        #expect(model.counters == SessionCounters())
    }

    @Test("the summary at quit adds lost, not now, talk time, calls per hour and the goals met")
    func quitSummary() {
        var counters = counters(calls: 12, reached: 10, appointments: 1)
        counters.lost = 2
        counters.notNow = 1
        counters.talkSeconds = 1830
        let start = DeskFixtures.now
        let record = counters.record(started: start, ended: start.addingTimeInterval(2 * 3600), goals: Self.goals)
        #expect(record.goalCalls == 40 && record.talkSeconds == 1830 && record.contacts == 10)
        let text = SessionCounters.quitSummary(record)
        #expect(text.hasPrefix("12 calls · 10 reached"))
        #expect(text.contains("2 lost") && text.contains("1 not now") && text.contains("talk 30m30s"), "\(text)")
        #expect(text.contains("6.0 calls/hour"), "\(text)")
        #expect(text.contains("goals met 1 of 3") && text.contains("contacts 10/10 ✓"), "\(text)")
    }
}
