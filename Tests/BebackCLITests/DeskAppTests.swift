@testable import BebackCLI
import BebackDomain
import BebackStore
import BebackCells
import BebackTerminal
import BebackTestSupport
import Foundation
import Testing

@Suite("The desk's run loop performs what the model asks")
struct DeskAppTests {
    @Test("two objections logged on one lead within the same second are saved with two ids, and the lead shows both")
    func twoObjectionsInOneSecond() throws {
        let zone = "Europe/London"
        let store = InMemoryEventStore()
        var harness = DeskHarness()
        let lead = try harness.capture(Fixtures.profile(name: "Priya Raman"), at: Fixtures.at("2026-11-20 10:00", zone))
        _ = try store.append(harness.events, to: .rep("ann"))
        let session = try DeskSession(
            store: store, rep: "ann", clock: FixedClock(Fixtures.at("2026-11-23 10:42", zone)),
            deskTimeZone: TimeZone(identifier: zone)!, idSeed: 7)
        session.config = DeskConfig(members: [TeamMember(name: "ann", role: .rep)])
        let app = DeskApp(session: session)
        app.open()
        #expect(app.model.selectedLead == lead)
        for (category, words) in [("p", "more than we planned"), ("t", "not before spring")] {
            // The form opens on their words (the first empty required field); the category follows.
            for key in [Key.character("o")] + words.map({ Key.character($0) }) + [.tab, .character(Character(category)), .enter] {
                app.handle(key)
            }
            #expect(app.model.status.contains("saved: objection"), "\(app.model.status)")
        }
        let objections = try #require(session.state.leads[lead]?.objections)
        #expect(objections.map(\.words) == ["more than we planned", "not before spring"])
        #expect(Set(objections.map(\.id)).count == 2)
        #expect(objections.allSatisfy { $0.id.hasPrefix("obj-") })
    }
}
