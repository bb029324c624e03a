import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("A manager assigns pool leads by hand or round-robin")
struct AssignmentTests {
    let config = DeskConfig(members: [
        TeamMember(name: "ann", role: .rep), TeamMember(name: "joe", role: .rep, absent: true),
        TeamMember(name: "ben", role: .rep), TeamMember(name: "mia", role: .manager)
    ])

    /// Four leads reclaimed to the pool (due times a, b, c, d in that order) and one of ann's.
    func poolDesk() -> DeskState {
        var journal = TeamJournal()
        for (index, lead) in ["p4", "p3", "p2", "p1"].enumerated() {
            journal.capture(LeadID(lead), owner: "joe", at: "2026-11-0\(index + 2) 10:00")
            journal.add(
                LeadID(lead), "2026-11-20 10:00", by: "mia", .reclaimed(IdleMark(due: TeamJournal.t("2026-11-0\(index + 3) 10:00"), days: 7, owner: "joe")))
        }
        journal.capture("own1", owner: "ann", at: "2026-11-10 10:00")
        return journal.state
    }

    @Test("round-robin deals the pool, oldest due first, in desk.conf order, skipping absent reps")
    func roundRobin() throws {
        var state = poolDesk()
        var ids = SeededIDGenerator(seed: 3)
        let now = TeamJournal.t("2026-11-23 09:00")
        let (events, given) = try Assignment(config: config, actor: "mia").roundRobin(state, at: now, ids: &ids)
        #expect(given.map(\.0) == ["p4", "p3", "p2", "p1"])
        #expect(given.map(\.1) == ["ann", "ben", "ann", "ben"])
        for event in events { state.apply(event) }
        #expect(state.leads(ownedBy: DeskConfig.poolOwner).isEmpty)
        #expect(state.leads(ownedBy: "joe").isEmpty)
        let p4 = try #require(state.leads["p4"])
        #expect(p4.profile.owner == "ann")
        #expect(p4.events.first.map { if case .captured = $0.payload { true } else { false } } == true, "the history stays with the lead")
        #expect(p4.next?.due == now)
        #expect(p4.next?.purpose == "taken over from the pool (was joe's): read the history, then pick up where it stopped")
        #expect(IdleStatus.of(p4, at: now.addingTimeInterval(86_400), policy: .standard) == .fresh, "the idle clock restarts")
    }

    @Test("assigning by hand: to a listed rep, never to the pool or a stranger")
    func byHand() throws {
        let state = poolDesk()
        var ids = SeededIDGenerator(seed: 3)
        let assignment = Assignment(config: config, actor: "mia")
        let lead = try #require(state.leads["p1"])
        let events = try assignment.assign(lead, to: "joe", at: TeamJournal.t("2026-11-23 09:00"), ids: &ids)
        #expect(events.map(\.payload.kind) == ["reassigned", "scheduled"])
        #expect(throws: AssignmentError.toPool) { try assignment.assign(lead, to: DeskConfig.poolOwner, at: Date(), ids: &ids) }
        #expect(throws: AssignmentError.self) { try assignment.assign(lead, to: "zed", at: Date(), ids: &ids) }
        #expect(throws: AssignmentError.alreadyOwned("own1", "ann")) { try assignment.assign(state.leads["own1"]!, to: "ann", at: Date(), ids: &ids) }
    }

    @Test("with everyone absent, round-robin refuses")
    func nobody() {
        var ids = SeededIDGenerator(seed: 3)
        let away = DeskConfig(members: [TeamMember(name: "ann", role: .rep, absent: true), TeamMember(name: "mia", role: .manager)])
        #expect(throws: AssignmentError.nobodyPresent) { try Assignment(config: away, actor: "mia").roundRobin(poolDesk(), at: Date(), ids: &ids) }
    }
}
