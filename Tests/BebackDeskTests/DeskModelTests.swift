@testable import BebackDesk
import BebackDomain
import BebackCells
import BebackTestSupport
import Foundation
import Testing

@Suite("Keys to actions to effects, with exact expected state")
struct DeskModelTests {
    func press(_ keys: [Key], _ model: inout DeskModel, _ context: DeskContext) -> [DeskEffect] {
        var effects: [DeskEffect] = []
        for key in keys { effects += model.update(.key(key), context: context) }
        return effects
    }

    func type(_ text: String) -> [Key] { text.map { Key.character($0) } }

    /// The record effect the desk must ask for: the request with the cadence's plan made once, at submit, in it.
    func planned(_ request: OutcomeRequest, _ context: DeskContext) throws -> DeskEffect {
        var request = request
        let lead = try #require(context.state.leads[request.lead])
        request.plan = CadenceEngine(policy: context.policy).plan(after: request.outcome, on: lead, details: request.details, at: context.now)
        return .record(request)
    }

    @Test("the due list opens on the appointment, and j/k/G/g move the cursor")
    func moving() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        #expect(model.due.map(\.lead) == [desk.priya, desk.owen, desk.wang, desk.evil, desk.ana])
        #expect(model.selectedLead == desk.priya)
        _ = press([.character("j"), .down], &model, context)
        #expect(model.selectedLead == desk.wang)
        _ = press([.character("G")], &model, context)
        #expect(model.selectedLead == desk.ana)
        _ = press([.character("j")], &model, context)
        #expect(model.selectedLead == desk.ana)
        _ = press([.character("k"), .character("g")], &model, context)
        #expect(model.selectedLead == desk.priya)
    }

    @Test("a voicemail is two keys: 2 opens the pre-filled form, Enter records it with the cadence's plan")
    func voicemailInTwoKeys() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        _ = press([.character("j")], &model, context)
        let opened = press([.character("2")], &model, context)
        #expect(opened.isEmpty)
        guard case .form(let form) = model.mode else { Issue.record("no form"); return }
        #expect(form.value(.next) == "2026-11-24 10:42")
        #expect(form.value(.purpose) == "make sure the voicemail reached them")
        let effects = press([.enter], &model, context)
        #expect(effects == [try planned(OutcomeRequest(lead: desk.owen, outcome: .voicemail), desk.context())])
        #expect(model.mode == .normal)
    }

    @Test("Esc cancels a form: nothing is asked of the run loop")
    func escapeCancels() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let effects = press([.character("3")] + type("hello") + [.escape], &model, desk.context())
        #expect(effects.isEmpty)
        #expect(model.mode == .normal)
        #expect(model.status == "cancelled: nothing was written")
    }

    @Test("a typed note and an edited next time go into the request; the edit replaces the proposal")
    func editedForm() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        _ = press([.character("j")], &model, context)
        var keys: [Key] = [.character("3")]
        keys += [.backTab, .backTab, .control("u")] + type("2026-11-25 16:00") + [.tab, .control("u")] + type("ask about the test drive")
        keys += [.tab] + type("rang twice") + [.enter]
        let effects = press(keys, &model, context)
        let due = Fixtures.at("2026-11-25 16:00", DeskFixtures.zone)
        let override = FollowUp(due: due, kind: .retry, channel: .phone, purpose: "ask about the test drive")
        #expect(effects == [try planned(OutcomeRequest(lead: desk.owen, outcome: .noAnswer, note: "rang twice", nextOverride: override), desk.context())])
    }

    @Test("an unreadable time keeps the form open with the reason")
    func badTime() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let effects = press([.character("7")] + type("someday") + [.enter], &model, desk.context())
        #expect(effects.isEmpty)
        guard case .form(let form) = model.mode else { Issue.record("form closed"); return }
        #expect(form.error == "When: cannot read 'someday' as a time (try 2026-11-27 15:00, tomorrow 10:00, +2d)")
    }

    @Test("an appointment with a time records exactly that time in the lead's zone")
    func appointment() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let effects = press([.character("7")] + type("2026-11-26 11:30") + [.tab, .control("u")] + type("showroom") + [.enter], &model, desk.context())
        let details = OutcomeDetails(appointmentAt: Fixtures.at("2026-11-26 11:30", DeskFixtures.zone), appointmentSubject: "showroom")
        #expect(effects == [try planned(OutcomeRequest(lead: desk.priya, outcome: .appointment, details: details), desk.context())])
    }

    @Test("closing as lost for silence under seven touches asks for y first")
    func lostNeedsConfirmation() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        let first = press([.character("9"), .enter], &model, context)
        #expect(first.isEmpty)
        guard case .form(let form) = model.mode else { Issue.record("form closed"); return }
        #expect(form.confirmation?.hasPrefix("only 3 touches so far") == true)
        let effects = press([.character("y")], &model, context)
        #expect(
            effects == [
                try planned(OutcomeRequest(lead: desk.priya, outcome: .lost, details: OutcomeDetails(lostReason: .silence), confirmed: true), desk.context())
            ])
    }

    @Test("a reached call with an agreed callback carries the agreement")
    func reachedWithAgreement() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let keys: [Key] = [.character("1")] + type("2026-11-27 15:00") + [.tab, .control("u")] + type("final numbers") + [.tab] + type("ask Tom") + [.enter]
        let effects = press(keys, &model, desk.context())
        guard case .record(let request) = effects.first else { Issue.record("no record effect"); return }
        #expect(request.outcome == .reached)
        #expect(request.details.agreement?.callbackAt == Fixtures.at("2026-11-27 15:00", DeskFixtures.zone))
        #expect(request.details.agreement?.subject == "final numbers")
        #expect(request.details.agreement?.customerAction == "ask Tom")
        #expect(request.nextOverride == nil)
    }

    @Test("n, o and c make a note, an objection and a new lead")
    func otherForms() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        let note = press([.character("n")] + type("prefers afternoons") + [.enter], &model, context)
        #expect(note == [.append([.noted("prefers afternoons")], lead: desk.priya, summary: "note")])
        let objection = press([.character("o")] + type("the other shop is cheaper") + [.tab, .character("c"), .enter], &model, context)
        #expect(objection == [.logObjection(lead: desk.priya, category: .competitor, words: "the other shop is cheaper", answer: "")])
        let capture = press(
            [.character("c")] + type("Kenji Sato") + [.tab, .tab] + type("+44 20 7946 0999") + [.tab, .tab, .tab] + type("sofa") + [.enter], &model, context)
        guard case .capture(let profile, let wants, _) = capture.first else { Issue.record("no capture"); return }
        #expect(profile.name == "Kenji Sato")
        #expect(profile.owner == "ann")
        #expect(profile.contact.phones.map(\.number) == ["+44 20 7946 0999"])
        #expect(wants == "sofa")
    }

    @Test("a save makes again only its leads' lines of the due list, and the list is the one a whole reload makes")
    func saveReloadsTouchedLeads() throws {
        var desk = try DeskFixtures.desk()
        var model = desk.model()
        let before = model.listedLeads
        // Owen (due now) is reached and agrees a callback at 11:30 today: his line moves up among the appointments.
        let callback = Agreement(
            callbackAt: Fixtures.at("2026-11-23 11:30", DeskFixtures.zone), number: "+44 20 7946 0004", subject: "the SUV",
            customerAction: "check the budget", madeAt: DeskFixtures.now)
        try desk.harness.record(OutcomeRequest(lead: desk.owen, outcome: .reached, details: OutcomeDetails(agreement: callback)), at: DeskFixtures.now)
        // Ana's voicemail plans her next try for later: she leaves the list.
        try desk.harness.record(OutcomeRequest(lead: desk.ana, outcome: .voicemail), at: DeskFixtures.now)
        let context = desk.context()
        _ = model.update(
            .saved(DeskModel.SavedGroup(events: [], outcome: .reached, label: "reached · Owen", touchedLeads: [desk.owen, desk.ana]), at: DeskFixtures.now),
            context: context)
        var whole = DeskModel()
        whole.reload(context)
        #expect(model.listedLeads == whole.listedLeads)
        #expect(model.listedLeads != before, "the save changed the list")
        #expect(!model.listedLeads.contains(desk.ana))
        #expect(model.listedLeads.firstIndex(of: desk.owen).map { $0 < 2 } == true, "Owen's callback is among today's appointments")
    }

    @Test("saved groups count in the session and undo asks to revoke exactly the last group")
    func countersAndUndo() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        func entry(_ id: EventID) -> Event { Event(id: id, at: DeskFixtures.now, actor: "ann", lead: desk.owen, payload: .noted("n")) }
        let (e1, e2, e3, e4) = (entry("e1"), entry("e2"), entry("e3"), entry("e4"))
        _ = model.update(.saved(DeskModel.SavedGroup(events: [e1, e2], outcome: .voicemail, label: "voicemail · Owen"), at: DeskFixtures.now), context: context)
        _ = model.update(
            .saved(DeskModel.SavedGroup(events: [e3, e4], outcome: .appointment, label: "appointment · Priya"), at: DeskFixtures.now), context: context)
        #expect(model.counters.calls == 2)
        #expect(model.counters.voicemails == 1)
        #expect(model.counters.appointments == 1)
        #expect(model.counters.reached == 1)
        let firstUndo = press([.character("u")], &model, context)
        #expect(firstUndo == [.undo([e3, e4])])
        _ = model.update(.undone(at: DeskFixtures.now), context: context)
        #expect(model.counters.calls == 1)
        #expect(model.counters.appointments == 0)
        let secondUndo = press([.character("u")], &model, context)
        #expect(secondUndo == [.undo([e1, e2])])
    }

    @Test("/ filters the due list by name, company or phone; Esc clears it")
    func filter() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        _ = press([.character("/")] + type("hale"), &model, context)
        #expect(model.due.map(\.lead) == [desk.owen])
        _ = press([.enter], &model, context)
        #expect(model.filter == "hale")
        _ = press([.character("/"), .escape], &model, context)
        #expect(model.due.count == 5)
        _ = press([.character("/")] + type("王"), &model, context)
        #expect(model.due.map(\.lead) == [desk.wang])
    }

    @Test("a read-only desk refuses to open outcome forms and says why")
    func readOnly() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let effects = press([.character("2")], &model, desk.context(readOnly: "rep-ann.journal: corrupt record at offset 120"))
        #expect(effects.isEmpty)
        #expect(model.mode == .normal)
        #expect(model.status == "read-only: rep-ann.journal: corrupt record at offset 120")
        #expect(model.statusIsError)
    }

    @Test("a failed save leaves everything as it was and says NOT saved")
    func failedSave() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let before = model
        _ = model.update(.failed("rep-ann.journal: write failed: No space left on device"), context: desk.context())
        #expect(model.status == "NOT saved: rep-ann.journal: write failed: No space left on device")
        #expect(model.due == before.due)
        #expect(model.counters == before.counters)
        #expect(model.undoStack.isEmpty)
    }

    @Test("a failed save puts the form back with what was typed and the reason; a later save clears it")
    func failedSaveKeepsTheForm() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        let effects = press([.character("n")] + type("she wants the oak one") + [.enter], &model, context)
        #expect(effects.count == 1)
        #expect(model.mode == .normal)
        _ = model.update(.failed("rep-ann.journal: write failed: No space left on device"), context: context)
        guard case .form(let form) = model.mode else {
            Issue.record("the form is gone after a failed save: \(model.mode)")
            return
        }
        #expect(form.value(.text) == "she wants the oak one")
        #expect(form.error == "NOT saved: rep-ann.journal: write failed: No space left on device")
        // Enter again asks for the same entries; this time they are saved and the form stays closed.
        let again = press([.enter], &model, context)
        #expect(again == effects)
        _ = model.update(.saved(DeskModel.SavedGroup(events: [], outcome: nil, label: "note"), at: DeskFixtures.now), context: context)
        _ = model.update(.failed("a later dial failed"), context: context)
        #expect(model.mode == .normal, "a failure after the save does not bring the saved form back")
    }

    @Test("after a save the cursor stays on the row, which is now the next due lead")
    func movesToNextLead() throws {
        var desk = try DeskFixtures.desk()
        var model = desk.model()
        _ = press([.character("j")], &model, desk.context())
        #expect(model.selectedLead == desk.owen)
        try desk.harness.record(OutcomeRequest(lead: desk.owen, outcome: .voicemail), at: DeskFixtures.now)
        _ = model.update(.saved(DeskModel.SavedGroup(events: [], outcome: .voicemail, label: "voicemail"), at: DeskFixtures.now), context: desk.context())
        #expect(model.selectedLead == desk.wang)
    }
}

@Suite("The filter's case-insensitive match")
struct DeskFilterMatchTests {
    @Test(
        "an ASCII needle matches as a lowercased search would; other needles too",
        arguments: [
            ("Ingrid Lima", "lim", true), ("Ingrid Lima", "LIMA", false), ("ingrid", "ingrid lima", false), ("Orchard Vets", "d v", true),
            ("王小明 Ltd", "ltd", true), ("Zoë Ähm", "zoë", true), ("Zoë Ähm", "äh", true), ("abc", "", true), ("", "a", false),
            ("O'Brien & Co", "'b", true), ("ABCDEF", "cdf", false)
        ])
    func contains(text: String, needle: String, expected: Bool) {
        let lowered = needle.lowercased()
        #expect(DeskModel.contains(text, lowered) == expected || needle != lowered)
        #expect(DeskModel.contains(text, lowered) == (lowered.isEmpty || text.lowercased().contains(lowered)))
    }
}
