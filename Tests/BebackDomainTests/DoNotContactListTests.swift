import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("The desk-wide do-not-contact list: numbers and addresses, normalized, kept up to date")
struct DoNotContactListTests {
    let zone = "Europe/London"

    @Test("a number matches however it is written, an address whatever its case; open leads are not on the list")
    func normalized() throws {
        var desk = DeskHarness()
        let old = try desk.capture(
            Fixtures.profile(name: "Old Tenant", email: "Tenant@Example.com", phones: ["+44 20 7946 0003"]),
            at: Fixtures.at("2026-11-01 10:00", zone))
        _ = try desk.capture(
            Fixtures.profile(name: "Open Lead", email: "open@example.com", phones: ["+44 20 7946 0999"]), at: Fixtures.at("2026-11-01 10:00", zone))
        try desk.record(OutcomeRequest(lead: old, outcome: .doNotContact), at: Fixtures.at("2026-11-02 10:00", zone))
        let list = DoNotContactList(state: desk.state)
        #expect(list.count == 2)
        #expect(list.holder(ofPhone: "020 7946 0003") == old)
        #expect(list.holder(ofPhone: "0044 (20) 7946-0003") == old)
        #expect(list.holder(ofPhone: "+44 20 7946 0999") == nil)
        let byMail = list.match(ContactPoints(email: "  tenant@EXAMPLE.com "))
        #expect(byMail?.holder == old)
        #expect(byMail?.entry == .email("tenant@example.com"))
        #expect(list.match(ContactPoints(phones: [PhoneNumber("020 7946 0003")]), except: old) == nil)
        #expect(list.holder(ofPhone: "12345") == nil)
    }

    @Test("kept up to date lead by lead: a new mark adds its entries, an undo or an edit takes them away")
    func keptUpToDate() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(name: "Old Tenant", email: nil, phones: ["+44 20 7946 0003"]), at: Fixtures.at("2026-11-01 10:00", zone))
        var list = DoNotContactList(state: desk.state)
        #expect(list.count == 0)
        try desk.record(OutcomeRequest(lead: lead, outcome: .doNotContact), at: Fixtures.at("2026-11-02 10:00", zone))
        list.update(lead, in: desk.state)
        #expect(list.holder(ofPhone: "020 7946 0003") == lead)
        var profile = desk.lead(lead).profile
        profile.contact.phones = [PhoneNumber("+44 20 7946 0004")]
        desk.apply([try desk.actions.event(.profileUpdated(profile), on: lead, state: desk.state, at: Fixtures.at("2026-11-03 10:00", zone), ids: &desk.ids)])
        list.update(lead, in: desk.state)
        #expect(list.holder(ofPhone: "020 7946 0003") == nil)
        #expect(list.holder(ofPhone: "020 7946 0004") == lead)
        #expect(list == DoNotContactList(state: desk.state))
    }
}
