@testable import BebackCLI
import BebackDomain
import BebackStore
import BebackCells
import BebackTerminal
import BebackTestSupport
import Foundation
import Testing

@Suite("The desk's run loop saves the whole practice through the one write gate")
struct DeskAppPracticeTests {
    static let zone = "Europe/London"

    func app(_ prepare: (inout DeskHarness, LeadID) throws -> Void = { _, _ in }) throws -> (DeskApp, DeskSession, LeadID) {
        let store = InMemoryEventStore()
        var harness = DeskHarness()
        let lead = try harness.capture(Fixtures.profile(name: "Priya Raman"), at: Fixtures.at("2026-11-10 10:00", Self.zone))
        try prepare(&harness, lead)
        _ = try store.append(harness.events, to: .rep("ann"))
        let session = try DeskSession(
            store: store, rep: "ann", clock: FixedClock(Fixtures.at("2026-11-23 10:42", Self.zone)),
            deskTimeZone: TimeZone(identifier: Self.zone)!, idSeed: 7)
        session.config = DeskConfig(members: [TeamMember(name: "ann", role: .rep)])
        let app = DeskApp(session: session)
        app.open()
        return (app, session, lead)
    }

    func press(_ keys: [Key], _ app: DeskApp) { for key in keys { app.handle(key) } }
    func type(_ text: String) -> [Key] { text.map { Key.character($0) } }

    @Test("p and F save through the effect loop; the lead folds what was typed")
    func decisionAndFeedback() throws {
        let (app, session, lead) = try app()
        #expect(app.model.selectedLead == lead)
        press([.character("p")] + type("Tom (husband)") + [.tab, .tab] + type("the written quote") + [.enter], app)
        #expect(app.model.status == "saved: decision process · Priya Raman", "\(app.model.status)")
        press([.character("F")] + type("the oak") + [.tab, .tab] + type("a stretch") + [.enter], app)
        #expect(app.model.status == "saved: feedback · Priya Raman", "\(app.model.status)")
        let folded = try #require(session.state.leads[lead])
        #expect(folded.decisionProcess == DecisionProcess(otherDeciders: "Tom (husband)", informationNeeded: "the written quote"))
        #expect(folded.feedback == Feedback(likes: "the oak", priceFit: "a stretch"))
        // One undo takes the last entry back.
        press([.character("u")], app)
        #expect(session.state.leads[lead]?.feedback == Feedback())
    }

    @Test("a save the write gate refuses writes nothing, says NOT saved and puts the form back with what was typed")
    func writeGate() throws {
        let (app, session, lead) = try app()
        session.writeRefusal = "--at is refused for writes on a shared host"
        let before = session.state.leads[lead]?.events.count
        press([.character("p")] + type("Tom") + [.enter], app)
        #expect(app.model.status == "NOT saved: --at is refused for writes on a shared host", "\(app.model.status)")
        guard case .form(let form) = app.model.mode else { Issue.record("the form was not put back"); return }
        #expect(form.value(.deciders) == "Tom")
        #expect(session.state.leads[lead]?.events.count == before)
        #expect(session.state.leads[lead]?.decisionProcess.isEmpty == true)
    }

    @Test("after calls without contact, the saved line carries the cadence's channel suggestion, as beback log prints it")
    func channelSuggestionOnSave() throws {
        let (app, session, lead) = try app { harness, lead in
            _ = try harness.record(OutcomeRequest(lead: lead, outcome: .noAnswer), at: Fixtures.at("2026-11-12 10:00", Self.zone))
            _ = try harness.record(OutcomeRequest(lead: lead, outcome: .noAnswer), at: Fixtures.at("2026-11-16 10:00", Self.zone))
        }
        #expect(app.model.selectedLead == lead)
        press([.character("3"), .enter], app)
        #expect(app.model.status.contains("several calls without contact: try email next"), "\(app.model.status)")
        #expect(session.state.leads[lead]?.next?.channel == .email)
    }
}
