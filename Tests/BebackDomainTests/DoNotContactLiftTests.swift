import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("A manager lifts a do-not-contact entry, with a reason")
struct DoNotContactLiftTests {
    let zone = "Europe/London"

    /// Two leads that asked not to be contacted, sharing a number; one also has an address.
    func desk() throws -> (DeskHarness, LeadID, LeadID) {
        var desk = DeskHarness()
        let first = try desk.capture(
            Fixtures.profile(name: "Old Tenant", email: "Tenant@Example.com", phones: ["+44 20 7946 0003"]),
            at: Fixtures.at("2026-11-01 10:00", zone))
        let second = try desk.capture(Fixtures.profile(name: "Old Flatmate", email: nil, phones: ["020 7946 0003"]), at: Fixtures.at("2026-11-01 11:00", zone))
        try desk.record(OutcomeRequest(lead: first, outcome: .doNotContact), at: Fixtures.at("2026-11-02 10:00", zone))
        try desk.record(OutcomeRequest(lead: second, outcome: .doNotContact), at: Fixtures.at("2026-11-02 10:00", zone))
        return (desk, first, second)
    }

    @Test("lifting a number writes one dnc-lifted entry on every lead holding it; the number leaves the list, the address stays, the leads stay do-not-contact")
    func lift() throws {
        var (desk, first, second) = try desk()
        #expect(DoNotContactList(state: desk.state).holder(ofPhone: "07946 0003") != nil)
        let events = try DoNotContactLift.events(
            lifting: " 0044 20 7946 0003 ", reason: "number reassigned to a new customer", state: desk.state,
            actor: "mia", at: Fixtures.at("2026-11-20 10:00", zone), ids: &desk.ids)
        #expect(events.map(\.lead) == [first, second].sorted())
        #expect(events.map(\.payload) == Array(repeating: .contactLifted(entry: "0044 20 7946 0003", reason: "number reassigned to a new customer"), count: 2))
        desk.apply(events)
        let list = DoNotContactList(state: desk.state)
        #expect(list.holder(ofPhone: "+44 20 7946 0003") == nil)
        #expect(list.match(ContactPoints(email: "tenant@example.com"))?.holder == first)
        #expect(list.entries.map(\.entry) == [.email("tenant@example.com")])
        #expect(desk.lead(first).doNotContact && desk.lead(second).doNotContact)
        #expect(LeadLifecycle.stage(of: desk.lead(first)) == .doNotContact)
    }

    @Test("a list kept up to date drops a lifted entry; undoing the lift puts it back")
    func keptUpToDate() throws {
        var (desk, first, second) = try desk()
        var list = DoNotContactList(state: desk.state)
        let events = try DoNotContactLift.events(
            lifting: "tenant@example.COM", reason: "typed by mistake", state: desk.state, actor: "mia",
            at: Fixtures.at("2026-11-20 10:00", zone), ids: &desk.ids)
        #expect(events.map(\.lead) == [first])
        desk.apply(events)
        list.update(first, in: desk.state)
        #expect(list.match(ContactPoints(email: "tenant@example.com")) == nil)
        #expect(list == DoNotContactList(state: desk.state))
        desk.apply([
            Event(
                id: desk.ids.newEventID(), at: Fixtures.at("2026-11-21 10:00", zone), actor: "mia", lead: first,
                payload: .revoked(events[0].id, reason: "undo"))
        ])
        list.update(first, in: desk.state)
        #expect(list.match(ContactPoints(email: "tenant@example.com"))?.holder == first)
        _ = second
    }

    @Test("refused with one line: no reason, not a number or address, not on the list")
    func refusals() throws {
        var (desk, _, _) = try desk()
        let at = Fixtures.at("2026-11-20 10:00", zone)
        #expect(throws: DoNotContactLift.Refusal.noReason) {
            try DoNotContactLift.events(lifting: "020 7946 0003", reason: "  ", state: desk.state, actor: "mia", at: at, ids: &desk.ids)
        }
        #expect(throws: DoNotContactLift.Refusal.notANumberOrAddress("12")) {
            try DoNotContactLift.events(lifting: "12", reason: "r", state: desk.state, actor: "mia", at: at, ids: &desk.ids)
        }
        #expect(throws: DoNotContactLift.Refusal.notListed("020 7946 0999")) {
            try DoNotContactLift.events(lifting: "020 7946 0999", reason: "r", state: desk.state, actor: "mia", at: at, ids: &desk.ids)
        }
        #expect(DoNotContactLift.Refusal.notListed("020 7946 0999").description == "020 7946 0999 is not on the do-not-contact list: nothing to lift")
        // Lifted once, it is no longer listed: a second lift is refused the same way.
        desk.apply(try DoNotContactLift.events(lifting: "020 7946 0003", reason: "r", state: desk.state, actor: "mia", at: at, ids: &desk.ids))
        #expect(throws: DoNotContactLift.Refusal.notListed("020 7946 0003")) {
            try DoNotContactLift.events(lifting: "020 7946 0003", reason: "r", state: desk.state, actor: "mia", at: at, ids: &desk.ids)
        }
    }
}
