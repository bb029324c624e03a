import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Channel blocks: a lead that asked not to be reached one way is still reached the others")
struct ChannelBlockTests {
    let captured = Fixtures.at("2026-11-23 10:00")
    let now = Fixtures.at("2026-11-24 10:00")

    func desk(email: String? = "priya@example.com", phones: [String] = ["+44 20 7946 0003"]) throws -> (DeskHarness, LeadID) {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(email: email, phones: phones), at: captured)
        return (desk, lead)
    }

    @Test("a block folds into the lead's blocked channels, and a lift takes only its own channels back")
    func foldAndLift() throws {
        var (desk, lead) = try desk()
        desk.apply(try desk.actions.blockChannels(ChannelBlock.doNotCall, reason: "", on: lead, state: desk.state, at: now, ids: &desk.ids))
        #expect(desk.lead(lead).blockedChannels == [.phone, .text])
        #expect(desk.lead(lead).blocks(.phone) && !desk.lead(lead).blocks(.email))
        #expect(desk.lead(lead).blockedChannelsText == "no calls or texts")
        #expect(!desk.lead(lead).doNotContact)
        desk.apply([try desk.actions.liftChannelBlock([.text], reason: "asked for texts again", on: lead, state: desk.state, at: now, ids: &desk.ids)])
        #expect(desk.lead(lead).blockedChannels == [.phone])
        #expect(throws: LeadActionError.self) {
            try desk.actions.liftChannelBlock([.email], reason: "never blocked", on: lead, state: desk.state, at: now, ids: &desk.ids)
        }
        #expect(DeskState(replaying: desk.events) == desk.state)
    }

    @Test("blocking the channel of the next step moves the step to a channel still open")
    func movesNextStep() throws {
        var (desk, lead) = try desk()
        let before = try #require(desk.lead(lead).next)
        #expect(before.channel == .phone)
        desk.apply(try desk.actions.blockChannels(ChannelBlock.doNotCall, reason: "DONOTCALL", on: lead, state: desk.state, at: now, ids: &desk.ids))
        let after = try #require(desk.lead(lead).next)
        #expect(after.channel == .email)
        #expect(after.due == before.due && after.purpose == before.purpose)
    }

    @Test("blocking every channel the lead has closes it as do not contact, with a reason, never silently")
    func noWayLeft() throws {
        var (desk, lead) = try desk(email: nil)
        let events = try desk.actions.blockChannels(ChannelBlock.doNotCall, reason: "DONOTCALL", on: lead, state: desk.state, at: now, ids: &desk.ids)
        desk.apply(events)
        #expect(desk.lead(lead).doNotContact)
        #expect(desk.lead(lead).next == nil)
        #expect(desk.lead(lead).unscheduledReason == "asked not to be contacted (no calls or texts)")
        #expect(throws: LeadActionError.self) {
            try desk.actions.blockChannels([.email], reason: "", on: lead, state: desk.state, at: now, ids: &desk.ids)
        }
    }

    @Test("the cadence never plans the next step on a blocked channel, nor suggests one")
    func cadenceAvoidsBlocked() throws {
        var (desk, lead) = try desk()
        desk.apply(try desk.actions.blockChannels([.email], reason: "opted out", on: lead, state: desk.state, at: now, ids: &desk.ids))
        for _ in 0..<3 {
            let plan = try desk.record(OutcomeRequest(lead: lead, outcome: .noAnswer, channel: .phone), at: now)
            #expect(plan.next?.channel != .email)
            #expect(!plan.warnings.contains(.tryAnotherChannel(.email)))
        }
        var (other, second) = try self.desk()
        other.apply(try other.actions.blockChannels(ChannelBlock.doNotCall, reason: "", on: second, state: other.state, at: now, ids: &other.ids))
        let plan = try other.actions.propose(OutcomeRequest(lead: second, outcome: .reached, channel: .email), state: other.state, at: now)
        #expect(plan.next?.channel == .email)
    }

    @Test("a plan with no channel left plans nothing and says why")
    func planWithNoChannel() throws {
        var lead = LeadState(id: "k1", profile: Fixtures.profile(email: nil), wants: "", holdingBack: "", capturedAt: captured)
        lead.blockedChannels = [.phone, .text]
        let plan = CadencePlan(next: FollowUp(due: now, kind: .retry, channel: .phone, purpose: "retry")!, warnings: [.tryAnotherChannel(.text)])
        let moved = CadenceEngine.avoidingBlocked(plan, lead: lead)
        #expect(moved.next == nil)
        #expect(moved.warnings.isEmpty)
        #expect(moved.unscheduledReason?.contains("no calls or texts") == true)
    }

    @Test("a first follow-up of an imported lead goes on a channel it did not block")
    func firstFollowUp() {
        let engine = CadenceEngine()
        let profile = Fixtures.profile()
        #expect(engine.firstFollowUp(for: profile, wants: "", at: now).channel == .phone)
        #expect(engine.firstFollowUp(for: profile, wants: "", at: now, blocked: ChannelBlock.doNotCall).channel == .email)
    }

    @Test("a call attempt on a channel the lead blocked is refused; an override there is moved off it")
    func recordRefusesBlocked() throws {
        var (desk, lead) = try desk()
        desk.apply(try desk.actions.blockChannels(ChannelBlock.doNotCall, reason: "", on: lead, state: desk.state, at: now, ids: &desk.ids))
        #expect(throws: LeadActionError.self) { try desk.record(OutcomeRequest(lead: lead, outcome: .noAnswer, channel: .phone), at: now) }
        var request = OutcomeRequest(lead: lead, outcome: .noAnswer, channel: .email)
        request.nextOverride = FollowUp(due: now.addingTimeInterval(86_400), kind: .manual, channel: .phone, purpose: "call them")
        let plan = try desk.record(request, at: now)
        #expect(plan.next?.channel == .email)
        #expect(desk.lead(lead).next?.channel == .email)
    }

    @Test("a first call moved to email reads as a first email; other purposes are kept")
    func movedPurpose() {
        #expect(ChannelBlocking.purpose("first call from a list: find out", movedTo: .email) == "first email from a list: find out")
        #expect(ChannelBlocking.purpose("first call from a list: find out", movedTo: .phone) == "first call from a list: find out")
        #expect(ChannelBlocking.purpose("retry: no answer", movedTo: .email) == "retry: no answer")
        var profile = Fixtures.profile()
        profile.source = .referral
        #expect(CadenceEngine().firstFollowUp(for: profile, wants: "", at: now, blocked: ChannelBlock.doNotCall).purpose.hasPrefix("first email on a referral"))
    }

    @Test(
        "the words for blocked channels",
        arguments: [
            ([Channel.phone], "no calls"), ([.phone, .text], "no calls or texts"), ([.email, .text, .phone], "no calls, texts or email"), ([], "")
        ])
    func words(channels: [Channel], text: String) {
        #expect(ChannelBlock.describe(Set(channels)) == text)
    }
}
