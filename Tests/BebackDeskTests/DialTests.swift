@testable import BebackDesk
import BebackDomain
import BebackCells
import BebackTestSupport
import Foundation
import Testing

@Suite("d dials: refusals, the calling-hours question, and the call's length in the outcome")
struct DialTests {
    func press(_ keys: [Key], _ model: inout DeskModel, _ context: DeskContext) -> [DeskEffect] {
        var effects: [DeskEffect] = []
        for key in keys { effects += model.update(.key(key), context: context) }
        return effects
    }

    func dialling(_ desk: DeskFixtures.Desk, at now: Date = DeskFixtures.now, readOnly: String? = nil) -> DeskContext {
        var context = desk.context(readOnly: readOnly)
        context.now = now
        context.dialCommand = "softphone {tel}"
        return context
    }

    @Test("d and w are in the key table: d dials, w is the advance step's other-decider branch")
    func keys() {
        #expect(KeyBindings.action(for: .character("d")) == .dial)
        #expect(KeyBindings.action(for: .character("w")) == .scriptBranch(.otherDecider))
        #expect(KeyBindings.all.contains { $0.action == .dial && $0.help.contains("dial") && $0.label == "d" })
    }

    @Test("without a dial command, d says how to set one in desk.conf and asks for nothing")
    func noCommand() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let effects = press([.character("d")], &model, desk.context())
        #expect(effects.isEmpty)
        #expect(model.statusIsError)
        #expect(model.status.contains("[dial]") && model.status.contains("desk.conf"))
        #expect(model.call == nil)
    }

    @Test("d on the selected lead asks to dial the agreed number; the call is timed into the outcome form and the touch")
    func dialAndRecord() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = dialling(desk)
        #expect(model.selectedLead == desk.priya)
        let effects = press([.character("d")], &model, context)
        #expect(effects == [.dial(lead: desk.priya, number: "+44 20 7946 0003")])
        _ = model.update(.dialled(lead: desk.priya, number: "+44 20 7946 0003", at: DeskFixtures.now), context: context)
        #expect(model.call == CallInProgress(lead: desk.priya, number: "+44 20 7946 0003", startedAt: DeskFixtures.now))
        #expect(model.status.contains("dialling +44 20 7946 0003") && model.status.contains("Priya Raman"))

        let later = dialling(desk, at: DeskFixtures.now.addingTimeInterval(192))
        _ = press([.character("3")], &model, later)
        guard case .form(let form) = model.mode else { Issue.record("no form: \(model.mode)"); return }
        #expect(form.value(.call) == "3m12s")
        let saved = press([.enter], &model, later)
        guard case .record(let request) = saved.first else { Issue.record("no record: \(saved)"); return }
        #expect(request.durationSeconds == 192)
        #expect(request.number == "+44 20 7946 0003")
        #expect(request.outcome == .noAnswer)

        // The run loop saves it; the call ends with the outcome on its lead.
        _ = model.update(.saved(DeskModel.SavedGroup(events: [], outcome: .noAnswer, label: "no answer", lead: desk.priya), at: later.now), context: later)
        #expect(model.call == nil)
    }

    @Test("snapshot: the call's length in the outcome form and on the header while the call runs")
    func snapshot() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = dialling(desk)
        _ = press([.character("d")], &model, context)
        _ = model.update(.dialled(lead: desk.priya, number: "+44 20 7946 0003", at: DeskFixtures.now), context: context)
        let later = dialling(desk, at: DeskFixtures.now.addingTimeInterval(75))
        let running = DeskRenderer.render(model, context: later, width: 80, height: 24).buffer.lines()
        #expect(running[0].contains("on call 1m15s"))
        _ = press([.character("2")], &model, later)
        let lines = DeskRenderer.render(model, context: later, width: 80, height: 24).buffer.lines()
        Snapshot.check(lines, named: "form-call-80x24")
        #expect(lines.contains { $0.contains("Call") && $0.contains("1m15s") })
    }

    @Test("the rep may correct the call's length; a length that is not one is refused in the form")
    func editedLength() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = dialling(desk)
        _ = press([.character("d")], &model, context)
        _ = model.update(.dialled(lead: desk.priya, number: "+44 20 7946 0003", at: DeskFixtures.now), context: context)
        _ = press([.character("2")], &model, context)
        guard case .form(var form) = model.mode else { Issue.record("no form"); return }
        try #require(form.has(.call))
        form.focus(on: .call)
        model.mode = .form(form)
        _ = press([.control("u")] + "oops".map { Key.character($0) } + [.enter], &model, context)
        guard case .form(let refused) = model.mode else { Issue.record("the form closed"); return }
        #expect(refused.error?.contains("call: cannot read 'oops'") == true)
        _ = press([.control("u")] + "4:05".map { Key.character($0) } + [.enter], &model, context)
        #expect(model.mode == .normal)
    }

    @Test("another lead's outcome carries no call length: the call belongs to the lead dialled")
    func otherLead() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = dialling(desk)
        _ = press([.character("d")], &model, context)
        _ = model.update(.dialled(lead: desk.priya, number: "+44 20 7946 0003", at: DeskFixtures.now), context: context)
        _ = press([.character("j"), .character("2")], &model, context)
        guard case .form(let form) = model.mode else { Issue.record("no form"); return }
        #expect(!form.has(.call))
        let saved = press([.enter], &model, context)
        guard case .record(let request) = saved.first else { Issue.record("no record"); return }
        #expect(request.durationSeconds == nil && request.number == nil)
    }

    @Test("a number on the do-not-contact list is never dialled, even on another lead")
    func doNotContact() throws {
        var desk = try DeskFixtures.desk()
        let old = try desk.harness.capture(
            Fixtures.profile(name: "Old Tenant", phones: ["020 7946 0003"]), at: Fixtures.at("2026-11-01 10:00", DeskFixtures.zone))
        try desk.harness.record(OutcomeRequest(lead: old, outcome: .doNotContact), at: Fixtures.at("2026-11-02 10:00", DeskFixtures.zone))
        var model = desk.model()
        let effects = press([.character("d")], &model, dialling(desk))
        #expect(effects.isEmpty)
        #expect(model.statusIsError)
        #expect(model.status.contains("do-not-contact list") && model.status.contains("Old Tenant"))
        #expect(model.call == nil)
    }

    @Test("outside the lead's calling hours d asks first: Esc does not dial, y dials")
    func outsideHours() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let evening = dialling(desk, at: Fixtures.at("2026-11-23 21:30", DeskFixtures.zone))
        model.reload(evening)
        let lead = try #require(model.selectedLead)
        #expect(press([.character("d")], &model, evening).isEmpty)
        guard case .confirming = model.mode else { Issue.record("no question: \(model.mode)"); return }
        #expect(model.status.contains("outside calling hours (their time 21:30)") && model.status.contains("y = dial"))
        #expect(press([.escape], &model, evening).isEmpty)
        #expect(model.mode == .normal && model.status == "not dialled")
        _ = press([.character("d")], &model, evening)
        let effects = press([.character("y")], &model, evening)
        guard case .dial(let dialled, _) = effects.first else { Issue.record("no dial: \(effects)"); return }
        #expect(dialled == lead)
    }

    @Test("a read-only desk does not dial")
    func readOnly() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        #expect(press([.character("d")], &model, dialling(desk, readOnly: "ben's calendar (manager's view)")).isEmpty)
        #expect(model.status.hasPrefix("read-only: ben's calendar"))
    }
}
