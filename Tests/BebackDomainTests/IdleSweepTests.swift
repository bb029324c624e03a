import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Rule 10: idle leads are flagged, escalated and reclaimed, counted in working days")
struct IdleSweepTests {
    /// A lead of ann's whose follow-up was due Thursday 19 Nov 2026 10:00 UTC and was never touched.
    func idleDesk() -> DeskState {
        var journal = TeamJournal()
        journal.capture("idle1", owner: "ann", at: "2026-11-16 10:00")
        journal.schedule("idle1", "2026-11-17 10:00", by: "ann", due: "2026-11-19 10:00")
        return journal.state
    }

    func sweep(_ state: DeskState, at text: String) -> [Event] {
        var ids = SeededIDGenerator(seed: 7)
        return IdleSweep(policy: .standard, actor: "mia").events(for: state, at: TeamJournal.t(text), ids: &ids)
    }

    @Test(
        "working days past due skip the weekend",
        arguments: [
            ("2026-11-20 09:00", 1), ("2026-11-21 18:00", 1), ("2026-11-22 18:00", 1), ("2026-11-23 08:00", 2),
            ("2026-11-27 10:00", 6), ("2026-11-29 23:00", 6), ("2026-11-30 00:30", 7)
        ])
    func workingDays(now: String, expected: Int) {
        let counter = WorkingDays(policy: .standard, timeZone: TimeZone(identifier: "UTC")!)
        #expect(counter.count(after: TeamJournal.t("2026-11-19 10:00"), through: TeamJournal.t(now)) == expected)
    }

    @Test(
        "the status counts down across a weekend",
        arguments: [
            ("2026-11-23 12:00", IdleStatus.fresh),
            ("2026-11-24 09:00", IdleStatus.flagged(daysPastDue: 3, daysUntilReclaim: 4)),
            ("2026-11-26 09:00", IdleStatus.escalated(daysPastDue: 5, daysUntilReclaim: 2)),
            ("2026-11-28 12:00", IdleStatus.escalated(daysPastDue: 6, daysUntilReclaim: 1)),
            ("2026-11-29 23:59", IdleStatus.escalated(daysPastDue: 6, daysUntilReclaim: 1)),
            ("2026-11-30 09:00", IdleStatus.reclaimable(daysPastDue: 7))
        ])
    func countdown(now: String, status: IdleStatus) {
        let lead = idleDesk().leads["idle1"]!
        #expect(IdleStatus.of(lead, at: TeamJournal.t(now), policy: .standard) == status)
    }

    @Test("each step is written once, in order, and a reclaim moves the lead to the pool with its history")
    func stepsOnce() {
        var state = idleDesk()
        #expect(sweep(state, at: "2026-11-23 12:00").isEmpty)
        let flag = sweep(state, at: "2026-11-24 09:00")
        #expect(flag.map(\.payload.kind) == ["idle-flagged"])
        #expect(flag.first?.payload == .idleFlagged(IdleMark(due: TeamJournal.t("2026-11-19 10:00"), days: 3, owner: "ann")))
        for event in flag { state.apply(event) }
        #expect(sweep(state, at: "2026-11-24 17:00").isEmpty, "a second run the same day writes nothing")
        #expect(sweep(state, at: "2026-11-28 12:00").map(\.payload.kind) == ["escalated"], "escalated on Thursday, still not reclaimed over the weekend")
        for event in sweep(state, at: "2026-11-26 09:00") { state.apply(event) }
        #expect(sweep(state, at: "2026-11-29 23:59").isEmpty)
        let reclaim = sweep(state, at: "2026-11-30 09:00")
        #expect(reclaim.map(\.payload.kind) == ["reclaimed"])
        let historyBefore = state.leads["idle1"]!.events.count
        for event in reclaim { state.apply(event) }
        let lead = state.leads["idle1"]!
        #expect(lead.profile.owner == DeskConfig.poolOwner)
        #expect(lead.reclaimedFrom == "ann")
        #expect(lead.events.count == historyBefore + 1)
        #expect(sweep(state, at: "2026-12-30 09:00").isEmpty, "a pool lead is never idle")
    }

    @Test("a sweep that did not run for a while writes the missed steps too")
    func catchUp() {
        #expect(sweep(idleDesk(), at: "2026-12-01 09:00").map(\.payload.kind) == ["idle-flagged", "escalated", "reclaimed"])
    }

    @Test("a touch ends the episode; the next missed follow-up starts a new one")
    func newEpisode() {
        var state = idleDesk()
        for event in sweep(state, at: "2026-11-24 09:00") { state.apply(event) }
        var journal = TeamJournal()
        journal.touch("idle1", "2026-11-24 10:00", by: "ann", .noAnswer)
        journal.schedule("idle1", "2026-11-24 10:00", by: "ann", due: "2026-11-26 10:00")
        for event in journal.events { state.apply(event) }
        #expect(sweep(state, at: "2026-11-27 09:00").isEmpty)
        #expect(sweep(state, at: "2026-12-01 09:00").map(\.payload.kind) == ["idle-flagged"])
    }

    @Test("the idle days follow desk.conf")
    func configured() throws {
        let config = try DeskConfigParser.parse("[policy]\nidle_flag_days = 1\nidle_escalate_days = 2\nidle_reclaim_days = 3\n")
        var ids = SeededIDGenerator(seed: 1)
        let events = IdleSweep(policy: config.policy, actor: "mia").events(for: idleDesk(), at: TeamJournal.t("2026-11-24 09:00"), ids: &ids)
        #expect(events.map(\.payload.kind) == ["idle-flagged", "escalated", "reclaimed"])
    }
}

@Suite("Reclaim and the board ask LeadLifecycle whether a lead is open")
struct IdleSweepLifecycleTests {
    @Test("a do-not-contact lead with a stray later touch (an older build's entry) is never idle, reclaimed or counted open")
    func doNotContactStaysClosed() throws {
        let zone = "Europe/London"
        let lead = LeadID("dnc01")
        func event(_ id: String, _ at: String, _ payload: EventPayload) -> Event {
            Event(id: EventID(id), at: Fixtures.at(at, zone), actor: "ann", lead: lead, payload: payload)
        }
        let state = DeskState(replaying: [
            event("e1", "2026-11-02 10:00", .captured(Fixtures.profile(name: "Asked Not", owner: "ann"), wants: "", holdingBack: "")),
            event("e2", "2026-11-03 10:00", .touched(Touch(outcome: .doNotContact))),
            event("e3", "2026-11-04 10:00", .touched(Touch(outcome: .reached))),
            event("e4", "2026-11-04 10:00", .scheduled(FollowUp(due: Fixtures.at("2026-11-05 10:00", zone), kind: .nurture, purpose: "the quote")!))
        ])
        let found = try #require(state.leads[lead])
        #expect(LeadLifecycle.stage(of: found) == .doNotContact)
        let now = Fixtures.at("2026-11-30 10:00", zone)
        #expect(IdleStatus.of(found, at: now, policy: CadencePolicy()) == .fresh)
        var ids = SeededIDGenerator(seed: 1)
        #expect(IdleSweep(policy: CadencePolicy(), actor: "mia").events(for: state, at: now, ids: &ids).isEmpty)
        let config = DeskConfig(members: [TeamMember(name: "ann", role: .rep), TeamMember(name: "mia", role: .manager)])
        let board = TeamBoard(state: state, config: config, period: TeamPeriod.thisWeek(now, timeZone: TimeZone(identifier: zone)!))
        #expect(board.team.openLeads == 0 && board.team.idle == 0)
    }
}
