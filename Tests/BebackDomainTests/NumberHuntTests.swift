import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Leads that need a working number, as the manager sees them")
struct NumberHuntTests {
    let london = "Europe/London"

    @Test("a bad number with no other way to reach them is listed with its owner and since when; a lead with an address, or fixed, is not")
    func listed() throws {
        var desk = DeskHarness()
        let lost = try desk.capture(Fixtures.profile(name: "No Line", email: nil), at: Fixtures.at("2026-11-26 10:00", london))
        let mailable = try desk.capture(Fixtures.profile(name: "Has Mail", email: "m@example.com"), at: Fixtures.at("2026-11-26 10:00", london))
        #expect(NumberHunt.all(in: desk.state).isEmpty)
        try desk.record(OutcomeRequest(lead: lost, outcome: .badNumber), at: Fixtures.at("2026-11-27 15:00", london))
        try desk.record(OutcomeRequest(lead: mailable, outcome: .badNumber), at: Fixtures.at("2026-11-27 15:00", london))
        let hunts = NumberHunt.all(in: desk.state)
        #expect(hunts.map(\.lead) == [lost])
        #expect(hunts.first?.owner == "ann")
        #expect(hunts.first?.name == "No Line")
        #expect(hunts.first?.since == Fixtures.at("2026-11-27 15:00", london))
        #expect(hunts.first.map { Fixtures.local($0.due, london) } == "2026-11-30 15:00 Mon")
        // Tried again and still a bad number: still listed, still since the first time.
        try desk.record(OutcomeRequest(lead: lost, outcome: .badNumber), at: Fixtures.at("2026-11-30 15:00", london))
        #expect(NumberHunt.all(in: desk.state).map(\.since) == [Fixtures.at("2026-11-27 15:00", london)])
        #expect(NumberHunt.all(in: desk.state, only: "ben").isEmpty)
        // Reached after all (a number was found): no longer listed.
        try desk.record(OutcomeRequest(lead: lost, outcome: .reached), at: Fixtures.at("2026-12-01 15:00", london))
        #expect(NumberHunt.all(in: desk.state).isEmpty)
    }
}
