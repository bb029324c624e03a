import BebackDomain
import BebackTestSupport
import Foundation
import Testing

/// What a typed or added lead must hold before it is saved, and how a typed id prefix finds a lead.
@Suite("Lead input: phones that can be dialled, field lengths, id prefixes")
struct LeadInputTests {
    let at = Fixtures.at("2026-11-23 10:42", "Europe/London")

    func refusal(_ profile: LeadProfile, wants: String = "", holdingBack: String = "") -> String? {
        var desk = DeskHarness()
        do {
            _ = try desk.actions.capture(profile, wants: wants, holdingBack: holdingBack, state: desk.state, at: at, ids: &desk.ids)
            return nil
        } catch {
            return "\(error)"
        }
    }

    @Test(
        "a phone without enough digits is refused, naming the field; a lead with no phone and no email is refused",
        arguments: [
            ([""], nil as String?, "phone: 0 digits is not a phone number (at least 4)"),
            (["abc"], "x@example.com", "phone: 0 digits is not a phone number (at least 4)"),
            (["+44 20 7946 0003", "12"], nil, "phone 2: 2 digits is not a phone number (at least 4)"),
            ([], nil, "missing a phone number or email to reach them"),
            ([], "", "missing a phone number or email to reach them")
        ])
    func unreachable(phones: [String], email: String?, message: String) {
        let reason = refusal(Fixtures.profile(email: email, phones: phones))
        #expect(reason?.hasPrefix(message) == true, "\(reason ?? "accepted")")
    }

    @Test(
        "a dialable phone, or an email alone, is enough",
        arguments: [
            (["+44 20 7946 0003"], nil as String?), (["555-0199"], nil), ([], "x@example.com")
        ])
    func reachable(phones: [String], email: String?) {
        #expect(refusal(Fixtures.profile(email: email, phones: phones)) == nil)
    }

    @Test("a field over 1,000 characters is refused with its name and length, as an import refuses it")
    func fieldLength() {
        let long = String(repeating: "a", count: 130_000)
        #expect(refusal(Fixtures.profile(name: long)) == "name is 130,000 characters long (at most 1,000)")
        #expect(refusal(Fixtures.profile(), wants: long) == "wants is 130,000 characters long (at most 1,000)")
        #expect(refusal(Fixtures.profile(phones: ["+44 " + String(repeating: "1", count: 1001)]))?.hasPrefix("phone is 1,005 characters long") == true)
        #expect(refusal(Fixtures.profile(name: String(repeating: "b", count: LeadProfile.maxFieldLength))) == nil)
    }

    @Test("an id prefix several leads share is called ambiguous, with some candidates; an unknown one is not found")
    func ambiguousPrefix() throws {
        var state = DeskState()
        let ids = ["9abcd", "9bcde", "9cdef", "9defg", "9efgh", "9fghi", "k7q2m"]
        for (index, id) in ids.enumerated() {
            state.apply(
                Event(
                    id: EventID("e\(index)"), at: at, actor: "ann", lead: LeadID(id),
                    payload: .captured(Fixtures.profile(name: "Lead \(id)"), wants: "", holdingBack: "")))
        }
        #expect(throws: LeadActionError.ambiguousLead("9", candidates: ids.prefix(6).map { LeadID($0) }, total: 6)) { try state.findLead("9") }
        #expect(
            "\(LeadActionError.ambiguousLead("9", candidates: ids.prefix(6).map { LeadID($0) }, total: 6))"
                == "lead id '9' is ambiguous: 6 leads start with it (9abcd, 9bcde, 9cdef, 9defg, 9efgh, ...); type more of the id")
        #expect(try state.findLead("9c").id == "9cdef")
        #expect(try state.findLead("k").id == "k7q2m")
        #expect(throws: LeadActionError.unknownLead("zz")) { try state.findLead("zz") }
        #expect(throws: LeadActionError.unknownLead("")) { try state.findLead("") }
        var desk = DeskHarness()
        desk.state = state
        #expect(throws: LeadActionError.ambiguousLead("9", candidates: ids.prefix(6).map { LeadID($0) }, total: 6)) {
            try desk.actions.ownLead("9", in: state)
        }
    }
}
