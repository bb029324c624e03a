import BebackDomain
import BebackExchange
import BebackTestSupport
import Foundation
import Testing

@Suite("An import becomes journal entries grouped by owner")
struct ImportEventsTests {
    @Test("each new lead is captured with the cadence's first follow-up, its notes, and its owner's journal")
    func capturedWithFirstFollowUp() throws {
        let plan = try ExchangeFixtures.plan("crm-export.csv")
        let (state, events) = ExchangeFixtures.apply(plan, to: DeskState())
        #expect(Set(events.byOwner.keys) == ["ann", "ben"])
        #expect(events.byOwner["ben"]?.allSatisfy { $0.actor == "ann" } == true)
        let priya = try #require(state.leads.values.first { $0.profile.name == "Priya Raman" })
        #expect(priya.next?.kind == .first)
        #expect(priya.notes.map(\.text) == ["Wants an oak kitchen"])
        let owen = try #require(state.leads.values.first { $0.profile.name == "Owen Hale" })
        #expect(owen.profile.owner == "ben")
        #expect(owen.next?.kind == .manual)
        #expect(owen.next?.due == Fixtures.at("2026-12-01 10:00", "Europe/London"))
        #expect(owen.notes.map(\.text) == ["Met at the fair.\nCall after \"the move\"", "imported with status: Working"])
        #expect(owen.events.contains { if case .scheduled(let f) = $0.payload { return f.kind == .first } else { return false } })
    }

    @Test("a do-not-contact status is recorded as such, and nothing is scheduled")
    func doNotContact() throws {
        let plan = try ExchangeFixtures.plan("crm-export.csv")
        let (state, _) = ExchangeFixtures.apply(plan, to: DeskState())
        let mia = try #require(state.leads.values.first { $0.profile.name == "Mia Chen" })
        #expect(mia.doNotContact)
        #expect(mia.stage == .doNotContact)
        #expect(mia.next == nil)
        #expect(mia.profile.contact.timeZoneID == "America/New_York")
    }

    @Test("10,000 generated rows: every one a lead with its own id and first follow-up, grouped by owner")
    func tenThousandRows() throws {
        let rows = 10_000
        let reader = try LeadFileReader(name: "generated.csv", bytes: Data(ExchangeFixtures.generatedCSV(rows: rows).utf8))
        let plan = ExchangeFixtures.plan(reader)
        #expect(plan.rejects.isEmpty)
        #expect(plan.drafts.count == rows)
        let (state, events) = ExchangeFixtures.apply(plan, to: DeskState())
        #expect(state.leads.count == rows)
        #expect(Set(events.newLeads).count == rows)
        #expect(events.byOwner.count == 3)
        #expect(state.leads.values.allSatisfy { $0.next?.kind == .first })
        #expect(state.leads.values.filter { !$0.notes.isEmpty }.count == (rows + 6) / 7)
        let again = ExchangeFixtures.plan(
            try LeadFileReader(name: "generated.csv", bytes: Data(ExchangeFixtures.generatedCSV(rows: rows).utf8)),
            state: state, policy: .merge)
        #expect(again.drafts.isEmpty)
        #expect(again.merges.isEmpty)
        #expect(again.count(.unchanged) == rows)
    }
}
