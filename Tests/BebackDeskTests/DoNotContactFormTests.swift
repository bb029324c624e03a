@testable import BebackDesk
import BebackDomain
import BebackCells
import BebackTestSupport
import Foundation
import Testing

/// The desk's capture form (`c`) and contact edit (`e`) refuse a number or address on the
/// desk-wide do-not-contact list: nothing is written, the form stays open with the reason.
@Suite("The do-not-contact list in the desk's forms")
struct DoNotContactFormTests {
    func press(_ keys: [Key], _ model: inout DeskModel, _ context: DeskContext) -> [DeskEffect] {
        var effects: [DeskEffect] = []
        for key in keys { effects += model.update(.key(key), context: context) }
        return effects
    }

    func type(_ text: String) -> [Key] { text.map { Key.character($0) } }

    /// The fixture desk with Old Tenant marked do-not-contact (a number and an address).
    func desk() throws -> DeskFixtures.Desk {
        var desk = try DeskFixtures.desk()
        let old = try desk.harness.capture(
            Fixtures.profile(name: "Old Tenant", email: "tenant@example.com", phones: ["020 7946 0777"]),
            at: Fixtures.at("2026-11-01 10:00", DeskFixtures.zone))
        try desk.harness.record(OutcomeRequest(lead: old, outcome: .doNotContact), at: Fixtures.at("2026-11-02 10:00", DeskFixtures.zone))
        return desk
    }

    @Test("c: a walkout whose number is on the list is not captured; another number is")
    func capture() throws {
        let desk = try desk()
        let context = desk.context()
        var model = desk.model()
        var effects = press([.character("c")] + type("New Person") + [.tab, .tab] + type("+44 20 7946 0777") + [.enter], &model, context)
        #expect(effects.isEmpty)
        guard case .form(let form) = model.mode else { Issue.record("the form closed"); return }
        #expect(form.error?.contains("+44 20 7946 0777 is on the do-not-contact list") == true, "\(form.error ?? "")")
        #expect(form.error?.contains("Old Tenant") == true)
        effects = press(Array(repeating: .backspace, count: 3) + type("888") + [.enter], &model, context)
        guard case .capture(let profile, _, _) = effects.first else { Issue.record("not captured: \(effects)"); return }
        #expect(profile.contact.phones.map(\.number) == ["+44 20 7946 0888"])
    }

    @Test("e: adding an address on the list is refused; editing a lead that keeps its own numbers is not")
    func edit() throws {
        let desk = try desk()
        let context = desk.context()
        var model = desk.model()
        #expect(model.selectedLead == desk.priya)
        _ = press([.character("e")], &model, context)
        guard case .form(var form) = model.mode, let email = form.fields.firstIndex(where: { $0.name == .email }) else { Issue.record("no form"); return }
        form.fields[email].kind = .text(LineEditor("TENANT@example.com"))
        #expect(
            DeskFormFactory.effect(of: form, context: context)
                == .failure(
                    .invalid(
                        "TENANT@example.com is on the do-not-contact list (lead \(try #require(context.doNotContactMatch(ContactPoints(email: "tenant@example.com"))).holder), Old Tenant): not saved"
                    )))
        form.fields[email].kind = .text(LineEditor("priya@new.example.com"))
        guard case .success(.append(let payloads, _, _)) = DeskFormFactory.effect(of: form, context: context) else { Issue.record("not saved"); return }
        #expect(payloads.count == 1)
    }
}
