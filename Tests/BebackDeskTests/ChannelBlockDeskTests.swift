@testable import BebackDesk
import BebackDomain
import BebackCells
import BebackTestSupport
import Foundation
import Testing

/// A lead that asked not to be reached one way (`ChannelBlock`): the desk never dials, texts or
/// emails it that way, never offers an attempt there, passes it over in a call session, and says so.
@Suite("Channel blocks on the desk: d, T, M, the outcome forms, the session and the lead pane")
struct ChannelBlockDeskTests {
    func press(_ keys: [Key], _ model: inout DeskModel, _ context: DeskContext) -> [DeskEffect] {
        var effects: [DeskEffect] = []
        for key in keys { effects += model.update(.key(key), context: context) }
        return effects
    }

    /// The fixture desk with `channels` blocked on `lead` (Priya when nil).
    func desk(blocking channels: Set<Channel>, on lead: KeyPath<DeskFixtures.Desk, LeadID> = \.priya) throws -> DeskFixtures.Desk {
        var desk = try DeskFixtures.desk()
        let id = desk[keyPath: lead]
        let harness = desk.harness
        desk.harness.apply(
            try harness.actions.blockChannels(channels, reason: "asked", on: id, state: harness.state, at: DeskFixtures.now, ids: &desk.harness.ids))
        return desk
    }

    func dialling(_ desk: DeskFixtures.Desk) -> DeskContext {
        var context = desk.context()
        context.dialCommand = "softphone {tel}"
        return context
    }

    @Test("d on a lead that asked not to be called dials nothing and says why and how the next step goes")
    func dialRefused() throws {
        let desk = try desk(blocking: ChannelBlock.doNotCall)
        var model = desk.model()
        #expect(model.selectedLead == desk.priya)
        #expect(press([.character("d")], &model, dialling(desk)).isEmpty)
        #expect(model.statusIsError)
        #expect(model.status.contains("asked not to be called (no calls or texts)"), "\(model.status)")
        #expect(model.status.contains("next step is by email"), "\(model.status)")
        // An email opt-out does not stop a call.
        let other = try self.desk(blocking: [.email])
        var dialler = other.model()
        #expect(press([.character("d")], &dialler, dialling(other)) == [.dial(lead: other.priya, number: "+44 20 7946 0003")])
    }

    @Test("M and T refuse only the channel the lead blocked")
    func compose() throws {
        let desk = try desk(blocking: [.email])
        var model = desk.model()
        #expect(press([.character("M")], &model, desk.context()).isEmpty)
        #expect(model.status.contains("asked not to be sent email"), "\(model.status)")
        #expect(press([.character("T")], &model, desk.context()) == [.composeText(lead: desk.priya)])
        let texts = try self.desk(blocking: [.text])
        var other = texts.model()
        #expect(press([.character("T")], &other, texts.context()).isEmpty)
        #expect(press([.character("M")], &other, texts.context()) == [.composeEmail(lead: texts.priya)])
    }

    @Test("the no-answer form offers no blocked channel and says the next try goes by email")
    func outcomeForm() throws {
        let desk = try desk(blocking: ChannelBlock.doNotCall)
        let lead = desk.harness.lead(desk.priya)
        let form = DeskFormFactory.outcome(.noAnswer, lead: lead, context: desk.context())
        let channel = try #require(form.fields.first { $0.name == .channel })
        guard case .choice(let options, let selected) = channel.kind else { Issue.record("no choice"); return }
        #expect(!options.map(\.value).contains("phone") && !options.map(\.value).contains("text"))
        #expect(options[selected].value == "email")
        #expect(form.plan?.next?.channel == .email)
        #expect(form.fields.first { $0.name == .next }?.hint.contains("by email") == true)
        // Without a block the same form offers a call first.
        let open = DeskFormFactory.outcome(.noAnswer, lead: desk.harness.lead(desk.owen), context: desk.context())
        guard case .choice(let all, let first)? = open.fields.first(where: { $0.name == .channel })?.kind else { Issue.record("no choice"); return }
        #expect(all[first].value == "phone")
    }

    @Test("0 then c records 'no calls or texts' only: the lead stays open and its next step moves to email")
    func doNotCallOutcome() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        _ = press([.character("0")], &model, context)
        guard case .form(let form) = model.mode else { Issue.record("no form: \(model.mode)"); return }
        #expect(form.fields.first?.name == .blocks)
        let effects = press([.character("c"), .enter], &model, context)
        guard case .append(let payloads, let lead, let summary) = effects.first else { Issue.record("not appended: \(effects)"); return }
        #expect(lead == desk.priya)
        #expect(summary == "asked: no calls or texts")
        #expect(payloads.contains(.channelBlocked(ChannelBlock(channels: [.phone, .text], reason: "asked: no calls or texts"))))
        #expect(!payloads.contains { if case .touched = $0 { true } else { false } })
        var state = desk.harness.state
        for payload in payloads { state.apply(Event(id: EventID("x-\(payload.kind)"), at: DeskFixtures.now, actor: "ann", lead: lead, payload: payload)) }
        #expect(state.leads[lead]?.doNotContact == false)
        #expect(state.leads[lead]?.next?.channel == .email)
    }

    @Test("0 then Enter still closes the lead as do not contact (every channel)")
    func wholeLead() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let effects = press([.character("0"), .enter], &model, desk.context())
        guard case .record(let request) = effects.first else { Issue.record("not recorded: \(effects)"); return }
        #expect(request.outcome == .doNotContact)
    }

    @Test("the call session passes over a lead that asked not to be called, and says so")
    func sessionSkips() throws {
        let plain = try DeskFixtures.desk()
        var probe = plain.model()
        var context = dialling(plain)
        _ = probe.update(.key(.character("P")), context: context)
        let first = try #require(probe.selectedLead)
        _ = probe.update(.saved(DeskModel.SavedGroup(events: [], outcome: .noAnswer, label: "no answer", lead: first), at: context.now), context: context)
        let second = try #require(probe.selectedLead)
        #expect(probe.countdown?.lead == second)

        // The same session with the second lead blocked: the countdown is for the one after it.
        var blocked = plain
        let harness = blocked.harness
        blocked.harness.apply(
            try harness.actions.blockChannels(
                ChannelBlock.doNotCall, reason: "", on: second, state: harness.state, at: DeskFixtures.now, ids: &blocked.harness.ids))
        var model = blocked.model()
        context = dialling(blocked)
        _ = model.update(.key(.character("P")), context: context)
        #expect(model.selectedLead == first)
        _ = model.update(.saved(DeskModel.SavedGroup(events: [], outcome: .noAnswer, label: "no answer", lead: first), at: context.now), context: context)
        let name = try #require(blocked.harness.state.leads[second]?.profile.name)
        #expect(model.status.contains("skipped \(name) (asked not to be called, next step by email)"), "\(model.status)")
        #expect(model.countdown != nil && model.countdown?.lead != second && model.countdown?.lead != first)
    }

    @Test("the lead pane shows the blocked channels, and the next step's channel")
    func pane() throws {
        let desk = try desk(blocking: ChannelBlock.doNotCall)
        let lines = LeadPane.lines(for: desk.harness.lead(desk.priya), context: desk.context(), width: 200).map(\.0)
        #expect(lines.contains { $0.contains("NO CALLS OR TEXTS (asked)") }, "\(lines)")
        #expect(lines.contains { $0.contains("Next") && $0.contains("email") }, "\(lines)")
        #expect(!lines.contains { $0.contains("DO NOT CONTACT") })
        let plain = try DeskFixtures.desk()
        #expect(!LeadPane.lines(for: plain.harness.lead(plain.priya), context: plain.context(), width: 200).contains { $0.0.contains("(asked)") })
    }
}
