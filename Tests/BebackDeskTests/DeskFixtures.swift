import BebackDesk
import BebackDomain
import BebackTestSupport
import Foundation

/// A small desk for UI tests: an appointment today, an overdue lead, a due lead, a CJK-and-emoji name
/// and a name carrying a terminal escape sequence, all at a fixed instant in London.
enum DeskFixtures {
    static let zone = "Europe/London"
    static let now = Fixtures.at("2026-11-23 10:42", zone)
    /// The call scripts as shipped in `Resources/scripts`.
    static let scripts = ScriptFixtures.bundled()

    struct Desk {
        var harness: DeskHarness
        var priya: LeadID, owen: LeadID, ana: LeadID, wang: LeadID, evil: LeadID

        func context(readOnly: String? = nil) -> DeskContext {
            DeskContext(
                state: harness.state, now: DeskFixtures.now, rep: "ann", timeZone: TimeZone(identifier: DeskFixtures.zone)!,
                readOnlyReason: readOnly, scripts: DeskFixtures.scripts)
        }

        func model() -> DeskModel {
            var model = DeskModel()
            model.reload(context())
            return model
        }
    }

    static func desk() throws -> Desk {
        var desk = DeskHarness()
        let priya = try desk.capture(Fixtures.profile(name: "Priya Raman"), at: Fixtures.at("2026-11-13 11:00", zone), wants: "oak kitchen")
        try desk.record(OutcomeRequest(lead: priya, outcome: .voicemail), at: Fixtures.at("2026-11-14 10:00", zone))
        let agreement = Agreement(
            callbackAt: Fixtures.at("2026-11-23 15:00", zone), number: "+44 20 7946 0003", subject: "the quote",
            customerAction: "review it with Tom", madeAt: Fixtures.at("2026-11-16 10:00", zone))
        try desk.record(
            OutcomeRequest(lead: priya, outcome: .reached, note: "wants oak, quote sent", details: OutcomeDetails(agreement: agreement)),
            at: Fixtures.at("2026-11-16 10:00", zone))
        let objection = Objection(id: "obj-1", category: .price, words: "more than we planned", loggedAt: Fixtures.at("2026-11-16 10:05", zone))
        desk.apply([
            try desk.actions.event(.objectionLogged(objection), on: priya, state: desk.state, at: Fixtures.at("2026-11-16 10:05", zone), ids: &desk.ids)
        ])
        desk.apply([
            try desk.actions.event(
                .decisionProcess(DecisionProcess(otherDeciders: "Tom (husband)", criteria: "oak finish")), on: priya,
                state: desk.state, at: Fixtures.at("2026-11-16 10:06", zone), ids: &desk.ids)
        ])
        var owenProfile = Fixtures.profile(name: "Owen Hale")
        owenProfile.company = "Hale & Sons"
        let owen = try desk.capture(owenProfile, at: Fixtures.at("2026-11-19 10:00", zone), wants: "family SUV")
        let ana = try desk.capture(Fixtures.profile(name: "Ana Lima"), at: Fixtures.at("2026-11-22 09:00", zone), wants: "e-bike")
        let wang = try desk.capture(Fixtures.profile(name: "王小明 😀 Zoë"), at: Fixtures.at("2026-11-20 10:00", zone), wants: "钢琴课")
        let evil = try desk.capture(
            Fixtures.profile(name: "Evil\u{1b}[31mRed\u{1b}]0;pwned\u{07}"), at: Fixtures.at("2026-11-21 09:30", zone), wants: "trouble")
        return Desk(harness: desk, priya: priya, owen: owen, ana: ana, wang: wang, evil: evil)
    }
}
