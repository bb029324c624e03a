@testable import BebackDesk
import BebackDomain
import BebackCells
import BebackTestSupport
import Foundation
import Testing

@Suite("Reminders: an agreed callback coming due rings once before and once at its time, pinned and in the header")
struct ReminderTests {
    /// Priya's agreed callback in the fixtures is today at 15:00 (London).
    static let callback = Fixtures.at("2026-11-23 15:00", DeskFixtures.zone)

    func at(_ desk: DeskFixtures.Desk, _ offset: TimeInterval, quiet: Bool = false) -> DeskContext {
        var context = desk.context()
        context.now = Self.callback.addingTimeInterval(offset)
        context.reminders.quiet = quiet
        return context
    }

    /// A tick at the context's time; the due list is rebuilt first, as the run loop does each minute.
    func tick(_ model: inout DeskModel, _ context: DeskContext) -> [DeskEffect] {
        model.reload(context)
        return model.update(.tick(uptime: 0), context: context)
    }

    func reminders(_ effects: [DeskEffect]) -> [Reminder] {
        effects.compactMap { if case .remind(let reminder) = $0 { return reminder } else { return nil } }
    }

    @Test("five minutes before: one reminder, the lead pinned at the top, the header says so; again at the time, once")
    func beforeAndAt() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        #expect(tick(&model, at(desk, -6 * 60)).isEmpty)
        #expect(model.reminder == nil)
        let early = reminders(tick(&model, at(desk, -5 * 60)))
        #expect(early.map(\.lead) == [desk.priya] && early.first?.atTime == false)
        #expect(model.due.first?.lead == desk.priya)
        let context = at(desk, -5 * 60)
        let header = DeskRenderer.render(model, context: context, width: 120, height: 24).buffer.lines()[0]
        #expect(header.contains("callback with Priya Raman at 15:00 (in 5 min)"), "\(header)")
        // Every tick and every minute's reload after it: no second ring.
        #expect(tick(&model, at(desk, -4 * 60)).isEmpty)
        #expect(tick(&model, at(desk, -1)).isEmpty)
        #expect(model.due.first?.lead == desk.priya)
        let onTime = reminders(tick(&model, at(desk, 0)))
        #expect(onTime.map(\.lead) == [desk.priya] && onTime.first?.atTime == true)
        #expect(tick(&model, at(desk, 1)).isEmpty)
        #expect(tick(&model, at(desk, 60)).isEmpty)
    }

    @Test("the reminded row is marked ▶ and underlined, visible without colour")
    func highlight() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        _ = tick(&model, at(desk, -2 * 60))
        _ = model.update(.key(.character("j")), context: at(desk, -2 * 60))
        let frame = DeskRenderer.render(model, context: at(desk, -2 * 60), width: 100, height: 24).buffer
        let lines = frame.lines()
        let row = try #require(lines.firstIndex { $0.contains("▶ 15:00 call") })
        #expect(lines[row].contains("Priya Raman"))
        #expect(lines[0].contains("(in 2 min)"))
    }

    @Test("quiet policy: no bell and no command, but the header and the pin all the same")
    func quiet() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        #expect(tick(&model, at(desk, -3 * 60, quiet: true)).isEmpty)
        #expect(model.reminder?.lead == desk.priya)
        #expect(model.due.first?.lead == desk.priya)
    }

    @Test("a desk opened after the time rings nothing; an outcome on the lead ends the reminder; Esc dismisses it")
    func afterAndEnd() throws {
        let desk = try DeskFixtures.desk()
        var late = desk.model()
        #expect(tick(&late, at(desk, 10 * 60)).isEmpty)
        #expect(late.reminder == nil)

        var model = desk.model()
        _ = tick(&model, at(desk, -60))
        #expect(model.reminder != nil)
        let group = DeskModel.SavedGroup(events: [], outcome: .reached, label: "reached", lead: desk.priya)
        _ = model.update(.saved(group, at: DeskFixtures.now), context: at(desk, -30))
        #expect(model.reminder == nil)

        var other = desk.model()
        _ = tick(&other, at(desk, -60))
        _ = other.update(.key(.escape), context: at(desk, -50))
        #expect(other.reminder == nil)
        #expect(tick(&other, at(desk, -40)).isEmpty)
    }
}
