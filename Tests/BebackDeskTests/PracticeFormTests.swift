@testable import BebackDesk
import BebackDomain
import BebackCells
import BebackTestSupport
import Foundation
import Testing

@Suite("The whole practice at the desk: decision process, feedback, objection status, a touch's channel")
struct PracticeFormTests {
    func press(_ keys: [Key], _ model: inout DeskModel, _ context: DeskContext) -> [DeskEffect] {
        var effects: [DeskEffect] = []
        for key in keys { effects += model.update(.key(key), context: context) }
        return effects
    }

    func type(_ text: String) -> [Key] { text.map { Key.character($0) } }

    @Test("p opens the decision process pre-filled; Enter asks for one entry with what was typed")
    func decisionProcess() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        #expect(model.selectedLead == desk.priya)
        _ = press([.character("p")], &model, context)
        guard case .form(let form) = model.mode else { Issue.record("no form"); return }
        #expect(form.value(.deciders) == "Tom (husband)")
        #expect(form.value(.criteria) == "oak finish")
        let effects = press([.tab, .tab] + type("the written quote") + [.tab] + type("a week") + [.enter], &model, context)
        let expected = DecisionProcess(otherDeciders: "Tom (husband)", criteria: "oak finish", informationNeeded: "the written quote", reviewTime: "a week")
        #expect(effects == [.append([.decisionProcess(expected)], lead: desk.priya, summary: "decision process")])
        #expect(model.mode == .normal)
    }

    @Test("an empty decision process or feedback is refused in the form, which stays open with what was typed")
    func emptyRefused() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        _ = press([.character("j"), .character("F")], &model, context)
        let effects = press([.enter], &model, context)
        #expect(effects.isEmpty)
        guard case .form(let form) = model.mode else { Issue.record("the form closed"); return }
        #expect(form.error?.contains("missing the feedback") == true, "\(form.error ?? "no error")")
    }

    @Test("F records feedback: what they like, comfort, how the price fits")
    func feedback() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        let keys = [Key.character("F")] + type("the oak") + [.tab] + type("sure of the layout") + [.tab] + type("a stretch") + [.enter]
        let effects = press(keys, &model, context)
        #expect(
            effects == [
                .append([.feedback(Feedback(likes: "the oak", comfort: "sure of the layout", priceFit: "a stretch"))], lead: desk.priya, summary: "feedback")
            ])
    }

    @Test("O picks the first objection not answered, proposes answered, and needs the answer")
    func objectionStatus() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        let objection = try #require(context.state.leads[desk.priya]?.objections.first)
        _ = press([.character("O")], &model, context)
        guard case .form(let form) = model.mode else { Issue.record("no form"); return }
        #expect(form.value(.objection) == objection.id)
        #expect(form.value(.status) == "answered")
        #expect(press([.enter], &model, context).isEmpty)
        let effects = press(type("spread over twelve months") + [.enter], &model, context)
        #expect(
            effects == [
                .append(
                    [.objectionUpdated(id: objection.id, answer: "spread over twelve months", status: .answered)], lead: desk.priya,
                    summary: "objection answered")
            ])
    }

    @Test("O on a lead with no objection says how to log one; a read-only desk refuses p before a form opens")
    func refusals() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        _ = press([.character("j"), .character("O")], &model, desk.context())
        #expect(model.mode == .normal)
        #expect(model.status == "no objection logged on Owen Hale: log one with o")
        var readOnly = desk.model()
        _ = press([.character("p")], &readOnly, desk.context(readOnly: "a fixed clock"))
        #expect(readOnly.mode == .normal)
        #expect(readOnly.status == "read-only: a fixed clock")
    }

    @Test("the outcome form offers only the channels the outcome can happen on; a picked channel goes into the request")
    func channel() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        _ = press([.character("j"), .character("2")], &model, context)
        guard case .form(let voicemail) = model.mode else { Issue.record("no form"); return }
        #expect(!voicemail.has(.channel), "a voicemail is only a call's")
        _ = press([.escape, .character("3")], &model, context)
        guard case .form(let noAnswer) = model.mode, let field = noAnswer.fields.first(where: { $0.name == .channel }) else {
            Issue.record("no channel field")
            return
        }
        guard case .choice(let options, _) = field.kind else { Issue.record("not a choice"); return }
        #expect(options.map(\.value) == ["phone", "email", "text", "mail", "social"])
        #expect(field.value == "phone")
        let effects = press([.tab, .character("t"), .enter], &model, context)
        guard case .record(let request) = effects.first else { Issue.record("no record effect: \(effects)"); return }
        #expect(request.channel == .text)
        #expect(request.outcome == .noAnswer)
        #expect(request.nextOverride == nil, "the proposal the form showed was not edited")
    }

    @Test("after calls without contact the form's next try and the lead pane carry the cadence's channel suggestion")
    func channelSuggestion() throws {
        var desk = try DeskFixtures.desk()
        let owen = desk.owen
        var minute = 0
        while desk.harness.lead(owen).phoneAttemptsWithoutContact < CadencePolicy.standard.switchChannelAfter - 1 {
            _ = try desk.harness.record(
                OutcomeRequest(lead: owen, outcome: .noAnswer), at: Fixtures.at("2026-11-23 09:00", DeskFixtures.zone).addingTimeInterval(Double(minute) * 60))
            minute += 5
        }
        let lead = desk.harness.lead(owen)
        let before = LeadPane.lines(for: lead, context: desk.context(), width: 200).map(\.0)
        #expect(!before.contains { $0.contains("several calls without contact") })
        let form = DeskFormFactory.outcome(.noAnswer, lead: lead, context: desk.context())
        let next = try #require(form.fields.first { $0.name == .next })
        #expect(next.hint.contains("several calls without contact: try email next"), "\(next.hint)")
        _ = try desk.harness.record(OutcomeRequest(lead: owen, outcome: .noAnswer), at: Fixtures.at("2026-11-23 10:30", DeskFixtures.zone))
        let after = LeadPane.lines(for: desk.harness.lead(owen), context: desk.context(), width: 200).map(\.0)
        #expect(after.contains { $0.contains("several calls without contact: try email next") }, "\(after)")
    }
}
