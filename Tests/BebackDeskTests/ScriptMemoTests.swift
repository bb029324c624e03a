@testable import BebackDesk
import BebackDomain
import BebackTestSupport
import Foundation
import Testing

/// The script pane's memo gives what filling the script at the start of the minute gives, and fills
/// it again when the lead, the minute, the variant or the templates change.
@Suite("The script pane's memo")
struct ScriptMemoTests {
    let scripts = ScriptFixtures.bundled()
    let zone = "Europe/London"

    func lead() throws -> (desk: DeskHarness, id: LeadID) {
        var desk = DeskHarness()
        let id = try desk.capture(Fixtures.profile(name: "Priya Raman", bestTime: .afternoon), at: Fixtures.at("2026-11-13 11:00", zone))
        try desk.record(OutcomeRequest(lead: id, outcome: .voicemail), at: Fixtures.at("2026-11-14 10:00", zone))
        return (desk, id)
    }

    func filled(_ lead: LeadState, at now: Date, variant: ScriptVariant = .followUp) -> FilledScript? {
        CallScriptBuilder.script(for: lead, rep: "ann", now: now, variant: variant, templates: scripts)
    }

    @Test("a kept script is the one filled at the start of the minute; a later minute is filled anew")
    func minute() throws {
        let (desk, id) = try lead()
        let memo = ScriptMemo()
        let early = Fixtures.at("2026-11-23 10:42", zone)
        let first = memo.script(for: desk.lead(id), rep: "ann", now: early.addingTimeInterval(5), variant: .followUp, policy: .standard, templates: scripts)
        let again = memo.script(for: desk.lead(id), rep: "ann", now: early.addingTimeInterval(50), variant: .followUp, policy: .standard, templates: scripts)
        #expect(first == filled(desk.lead(id), at: early))
        #expect(again == first)
        // Two hours on: the lead's local time in the script moves on with it.
        let later = early.addingTimeInterval(2 * 3600)
        let moved = memo.script(for: desk.lead(id), rep: "ann", now: later, variant: .followUp, policy: .standard, templates: scripts)
        #expect(moved == filled(desk.lead(id), at: later))
        #expect(moved != first)
    }

    @Test("a lead changed since (a new touch), another variant or other templates fill the script again")
    func changes() throws {
        var (desk, id) = try lead()
        let memo = ScriptMemo()
        let now = Fixtures.at("2026-11-23 10:42", zone)
        let before = memo.script(for: desk.lead(id), rep: "ann", now: now, variant: .followUp, policy: .standard, templates: scripts)
        try desk.record(OutcomeRequest(lead: id, outcome: .voicemail), at: Fixtures.at("2026-11-20 10:00", zone))
        let after = memo.script(for: desk.lead(id), rep: "ann", now: now, variant: .followUp, policy: .standard, templates: scripts)
        #expect(after == filled(desk.lead(id), at: now))
        #expect(after != before)
        let voicemail = memo.script(for: desk.lead(id), rep: "ann", now: now, variant: .followUp.voicemail, policy: .standard, templates: scripts)
        #expect(voicemail == filled(desk.lead(id), at: now, variant: .followUp.voicemail))
        let none = memo.script(for: desk.lead(id), rep: "ann", now: now, variant: .followUp, policy: .standard, templates: ScriptTemplateSet())
        #expect(none == nil)
        #expect(memo.count == 1)
    }
}
