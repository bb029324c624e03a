@testable import BebackCLI
import BebackDomain
import BebackStore
import BebackCells
import BebackTestSupport
import Foundation
import Testing

@Suite("The session record at quit goes through the desk's write gate")
struct DeskSessionRecordTests {
    func app(goals: SessionSettings = SessionSettings(calls: 40)) throws -> (DeskApp, DeskSession, InMemoryEventStore) {
        let zone = "Europe/London"
        let store = InMemoryEventStore()
        var harness = DeskHarness()
        _ = try harness.capture(Fixtures.profile(name: "Priya Raman"), at: Fixtures.at("2026-11-20 10:00", zone))
        _ = try store.append(harness.events, to: .rep("ann"))
        let session = try DeskSession(
            store: store, rep: "ann", clock: FixedClock(Fixtures.at("2026-11-23 10:42", zone)), deskTimeZone: TimeZone(identifier: zone)!, idSeed: 7)
        var config = DeskConfig(members: [TeamMember(name: "ann", role: .rep)])
        config.session = goals
        session.config = config
        let app = DeskApp(session: session)
        app.open()
        return (app, session, store)
    }

    func sessionEntries(_ store: InMemoryEventStore) throws -> [Event] {
        try store.load().events.map(\.event).filter { if case .sessionRecorded = $0.payload { return true } else { return false } }
    }

    @Test("an outcome, then quit: one session entry by the rep, under the reserved lead, with the counts and the goals")
    func journaled() throws {
        let (app, session, store) = try app()
        for key in [Key.character("3"), .enter] { app.handle(key) }
        #expect(app.model.counters.calls == 1, "\(app.model.status)")
        #expect(app.journalSession() == nil)
        let entries = try sessionEntries(store)
        #expect(entries.count == 1)
        let entry = try #require(entries.first)
        #expect(entry.actor == "ann" && entry.lead == SessionRecord.lead)
        guard case .sessionRecorded(let record) = entry.payload else { return }
        #expect(record.calls == 1 && record.goalCalls == 40)
        #expect(session.state.orphanEvents.isEmpty && session.state.leads[SessionRecord.lead] == nil)
    }

    @Test("a session without a call writes nothing; a desk that cannot write writes none and says why")
    func emptyAndReadOnly() throws {
        let (empty, _, emptyStore) = try app()
        #expect(empty.journalSession() == nil)
        #expect(try sessionEntries(emptyStore).isEmpty)

        let (app, session, store) = try app()
        for key in [Key.character("3"), .enter] { app.handle(key) }
        session.writeRefusal = "read-only for this test"
        let failure = try #require(app.journalSession())
        #expect(failure.contains("not journaled") && failure.contains("read-only for this test"))
        #expect(try sessionEntries(store).isEmpty)
    }
}
