import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Snooze: the next step moves with a reason, journaled, and is not a touch")
struct SnoozeTests {
    let london = "Europe/London"

    @Test("a snooze moves the next step (kind, channel and purpose kept), records the reason and the time it had; touches stay")
    func movesTheStep() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-23 10:00", london))
        let before = try #require(desk.lead(lead).next)
        let until = Fixtures.at("2026-11-30 09:30", london)
        let events = try desk.actions.snooze(
            lead, until: until, reason: " on holiday ", state: desk.state, at: Fixtures.at("2026-11-23 11:00", london), ids: &desk.ids)
        #expect(events.map(\.payload.kind) == ["scheduled", "snoozed"])
        desk.apply(events)
        let after = desk.lead(lead)
        #expect(after.next?.due == until && after.next?.kind == before.kind && after.next?.purpose == before.purpose)
        #expect(after.snoozedFrom == before.due)
        #expect(after.touchCount == 0)
        guard case .snoozed(let snooze) = events[1].payload else { Issue.record("no snooze entry"); return }
        #expect(snooze.reason == "on holiday" && snooze.from == before.due && snooze.until == until)
        // A second snooze still remembers the time before the first.
        let again = try desk.actions.snooze(
            lead, until: Fixtures.at("2026-12-07 09:30", london), reason: "still away", state: desk.state, at: Fixtures.at("2026-11-24 11:00", london),
            ids: &desk.ids)
        desk.apply(again)
        #expect(desk.lead(lead).snoozedFrom == before.due)
        // A touch plans a new step: the snooze is over.
        try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail), at: Fixtures.at("2026-12-07 09:40", london))
        #expect(desk.lead(lead).snoozedFrom == nil)
    }

    @Test("refused without a reason, for a time not after now, on a closed lead, and on another rep's lead")
    func refusals() throws {
        var desk = DeskHarness()
        let now = Fixtures.at("2026-11-23 11:00", london)
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-23 10:00", london))
        let later = Fixtures.at("2026-11-30 09:30", london)
        #expect(throws: LeadActionError.missing("the reason to snooze the lead (why the step moves)")) {
            try desk.actions.snooze(lead, until: later, reason: "  ", state: desk.state, at: now, ids: &desk.ids)
        }
        #expect(throws: LeadActionError.self) { try desk.actions.snooze(lead, until: now, reason: "r", state: desk.state, at: now, ids: &desk.ids) }
        #expect(throws: LeadActionError.self) {
            try LeadActions(rep: "ben").snooze(lead, until: later, reason: "r", state: desk.state, at: now, ids: &desk.ids)
        }
        try desk.record(OutcomeRequest(lead: lead, outcome: .doNotContact), at: now)
        #expect(throws: LeadActionError.closed(lead, .doNotContact)) {
            try desk.actions.snooze(lead, until: later, reason: "r", state: desk.state, at: now, ids: &desk.ids)
        }
    }

    @Test("snoozing every open lead of the compliance journal changes no touch count, no compliance figure and no board touch")
    func notATouch() throws {
        let journal = ComplianceTests.journal()
        let state = journal.state
        let period = ComplianceTests.period
        let config = ComplianceTests.config
        var snoozed = state
        var ids = SeededIDGenerator(seed: 9)
        var count = 0
        for lead in state.leads.values.sorted(by: { $0.id < $1.id }) where lead.next != nil && !lead.isClosed {
            let events = try LeadActions(rep: lead.profile.owner).snooze(
                lead.id, until: TeamJournal.t("2026-12-20 10:00"), reason: "pushed", state: snoozed, at: TeamJournal.t("2026-11-25 11:00"), ids: &ids)
            for event in events { snoozed.apply(event) }
            count += 1
        }
        #expect(count >= 3, "the journal has open leads to snooze")
        #expect(Compliance(state: snoozed, config: config, period: period) == Compliance(state: state, config: config, period: period))
        for lead in state.leads.values { #expect(snoozed.leads[lead.id]?.touchCount == lead.touchCount) }
        let before = TeamBoard(state: state, config: config, period: period).rows.map(\.touches)
        #expect(TeamBoard(state: snoozed, config: config, period: period).rows.map(\.touches) == before)
    }
}
