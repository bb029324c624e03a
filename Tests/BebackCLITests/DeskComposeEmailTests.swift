import BebackCells
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

@testable import BebackCLI

@Suite("the desk's compose-email key, in process")
struct DeskComposeEmailTests {
    @Test("M with an editor that fails leaves nothing sent and says why; with no [mail] command it says so")
    func composeRefusals() throws {
        let zone = "Europe/London"
        let store = InMemoryEventStore()
        var harness = DeskHarness()
        var profile = Fixtures.profile(name: "Priya Raman")
        profile.contact.email = "priya@example.com"
        let lead = try harness.capture(profile, at: Fixtures.at("2026-11-20 10:00", zone))
        _ = try store.append(harness.events, to: .rep("ann"))
        let session = try DeskSession(
            store: store, rep: "ann", clock: FixedClock(Fixtures.at("2026-11-23 10:42", zone)),
            deskTimeZone: TimeZone(identifier: zone)!, idSeed: 7)
        session.config = DeskConfig(members: [TeamMember(name: "ann", role: .rep)])
        let app = DeskApp(session: session)
        app.open()
        #expect(app.model.selectedLead == lead)
        app.handle(.character("M"))
        #expect(app.model.status.contains("desk.conf has no [mail] command"), "\(app.model.status)")
    }
}
