@testable import BebackDesk
import BebackDomain
import BebackCells
import BebackTestSupport
import Foundation
import Testing

@Suite("Power dialling: an outcome moves to the next lead and dials it after a countdown; Esc cancels")
struct PowerSessionTests {
    func session(_ desk: DeskFixtures.Desk, at now: Date = DeskFixtures.now, countdown: Int = 3) -> DeskContext {
        var context = desk.context()
        context.now = now
        context.dialCommand = "softphone {tel}"
        context.session.countdownSeconds = countdown
        return context
    }

    /// The model in session mode after an outcome on the selected lead was saved.
    func afterOutcome(_ desk: DeskFixtures.Desk, _ context: DeskContext) -> (DeskModel, first: LeadID, effects: [DeskEffect]) {
        var model = desk.model()
        _ = model.update(.key(.character("P")), context: context)
        let first = model.selectedLead!
        let group = DeskModel.SavedGroup(events: [], outcome: .noAnswer, label: "no answer", lead: first, touchedLeads: [])
        let effects = model.update(.saved(group, at: context.now), context: context)
        return (model, first, effects)
    }

    @Test("P is in the key table and turns the mode on and off; turning it on dials nothing")
    func toggle() throws {
        #expect(KeyBindings.action(for: .character("P")) == .powerSession)
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = session(desk)
        #expect(model.update(.key(.character("P")), context: context).isEmpty)
        #expect(model.powerDialling)
        #expect(model.countdown == nil)
        #expect(DeskRenderer.render(model, context: context, width: 80, height: 24).buffer.lines()[0].contains("session"))
        _ = model.update(.key(.character("P")), context: context)
        #expect(!model.powerDialling)
    }

    @Test("after an outcome the next lead is selected, the countdown shows on the status line, and it dials at zero, once")
    func countdownDials() throws {
        let desk = try DeskFixtures.desk()
        let context = session(desk)
        var (model, first, effects) = afterOutcome(desk, context)
        #expect(effects.isEmpty)
        let next = try #require(model.selectedLead)
        #expect(next != first)
        #expect(model.countdown?.lead == next)
        #expect(model.status.contains("dialling") && model.status.contains("3s") && model.status.contains("Esc"))
        #expect(model.update(.tick(uptime: 100), context: context).isEmpty)
        #expect(model.update(.tick(uptime: 101.2), context: context).isEmpty)
        #expect(model.status.contains("in 2s"))
        let dialled = model.update(.tick(uptime: 103), context: context)
        #expect(dialled == [.dial(lead: next, number: "+44 20 7946 0003")])
        #expect(model.countdown == nil)
        #expect(model.update(.tick(uptime: 104), context: context).isEmpty)
    }

    @Test("Esc cancels the countdown: the lead stays selected and is not dialled")
    func escapeCancels() throws {
        let desk = try DeskFixtures.desk()
        let context = session(desk)
        var (model, _, _) = afterOutcome(desk, context)
        let next = model.selectedLead
        _ = model.update(.tick(uptime: 10), context: context)
        #expect(model.update(.key(.escape), context: context).isEmpty)
        #expect(model.countdown == nil)
        #expect(model.selectedLead == next)
        #expect(model.status.contains("cancelled"))
        #expect(model.update(.tick(uptime: 20), context: context).isEmpty)
        #expect(model.powerDialling)
    }

    @Test("x in a session skips to the next lead (the skipped one stays in the queue) and counts down to it")
    func skipCountsDown() throws {
        let desk = try DeskFixtures.desk()
        let context = session(desk)
        var (model, _, _) = afterOutcome(desk, context)
        let skipped = try #require(model.selectedLead)
        _ = model.update(.key(.character("x")), context: context)
        #expect(model.selectedLead != skipped)
        #expect(model.due.last?.lead == skipped)
        #expect(model.countdown?.lead == model.selectedLead)
    }

    @Test("outside the lead's calling hours the next lead is selected but not dialled, and the status says so")
    func outsideHours() throws {
        let desk = try DeskFixtures.desk()
        let context = session(desk, at: Fixtures.at("2026-11-23 21:30", DeskFixtures.zone))
        let (model, _, effects) = afterOutcome(desk, context)
        #expect(effects.isEmpty)
        #expect(model.countdown == nil)
        #expect(model.status.contains("outside calling hours") && model.status.contains("not dialled"))
    }

    @Test("a number on the do-not-contact list is never dialled")
    func doNotContact() throws {
        var desk = try DeskFixtures.desk()
        // Every fixture lead has the same number: one lead asking not to be called puts it on the list.
        try desk.harness.record(OutcomeRequest(lead: desk.wang, outcome: .doNotContact), at: Fixtures.at("2026-11-23 09:00", DeskFixtures.zone))
        let context = session(desk)
        let (model, _, effects) = afterOutcome(desk, context)
        #expect(effects.isEmpty)
        #expect(model.countdown == nil)
        #expect(model.status.contains("do-not-contact"))
    }

    @Test("a countdown of 0 dials the next lead at once; without a dial command the next lead is only selected")
    func zeroAndNoCommand() throws {
        let desk = try DeskFixtures.desk()
        let (model, _, effects) = afterOutcome(desk, session(desk, countdown: 0))
        #expect(effects == [.dial(lead: model.selectedLead!, number: "+44 20 7946 0003")])
        var plain = session(desk)
        plain.dialCommand = nil
        let (quiet, first, none) = afterOutcome(desk, plain)
        #expect(none.isEmpty && quiet.countdown == nil && quiet.selectedLead != first)
    }
}
