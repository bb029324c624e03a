import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Lead actions: what a rep does, as events")
struct LeadActionsTests {
    @Test("two objections logged on one lead at the same instant get two ids, and the lead keeps both")
    func objectionsAtOneInstant() throws {
        var desk = DeskHarness()
        let now = Fixtures.at("2026-11-23 10:42")
        let lead = try desk.capture(Fixtures.profile(name: "Priya Raman"), at: Fixtures.at("2026-11-20 10:00"))
        desk.apply([try desk.actions.logObjection(.price, words: "more than we planned", answer: "", on: lead, state: desk.state, at: now, ids: &desk.ids)])
        desk.apply([
            try desk.actions.logObjection(
                .timing, words: "not before spring", answer: "call in March", on: lead, state: desk.state,
                at: now, ids: &desk.ids)
        ])
        let objections = desk.lead(lead).objections
        #expect(objections.map(\.words) == ["more than we planned", "not before spring"])
        #expect(Set(objections.map(\.id)).count == 2)
        #expect(objections.map(\.status) == [.open, .answered])
    }

    @Test("an objection on another rep's lead is refused")
    func objectionOnAnotherRepsLead() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(name: "Priya Raman"), at: Fixtures.at("2026-11-20 10:00"))
        #expect(throws: LeadActionError.self) {
            try LeadActions(rep: "ben").logObjection(
                .price, words: "too dear", answer: "", on: lead, state: desk.state,
                at: Fixtures.at("2026-11-23 10:42"), ids: &desk.ids)
        }
    }
}
