@testable import BebackCLI
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("The manager's screen as a program of the run loop")
struct ManagerAppTests {
    @Test("entries that apply to no lead are said on the manager's screen as it opens, with what lists them")
    func orphansSurface() throws {
        let store = InMemoryEventStore()
        var harness = DeskHarness()
        _ = try harness.capture(Fixtures.profile(name: "Priya Raman"), at: Date(timeIntervalSince1970: 1_790_000_000))
        let stray = Event(id: "stray-1", at: Date(timeIntervalSince1970: 1_790_000_100), actor: "ann", lead: "nolead", payload: .noted("on no lead"))
        _ = try store.append(harness.events + [stray], to: .rep("ann"))
        let config = DeskConfig(members: [TeamMember(name: "ann", role: .rep), TeamMember(name: "mia", role: .manager)])
        let session = try DeskSession(store: store, rep: "mia", clock: FixedClock(Date(timeIntervalSince1970: 1_790_000_200)), idSeed: 3)
        session.config = config
        session.access = try DeskAccess.resolve("mia", config: config, asManager: true)
        let app = try ManagerApp(session: session)
        app.open()
        #expect(app.model.status.contains("1 entry applies to no lead"), "\(app.model.status)")
        #expect(app.model.statusIsError)

        let clean = try DeskSession(store: InMemoryEventStore(), rep: "mia", clock: FixedClock(Date(timeIntervalSince1970: 1_790_000_200)), idSeed: 3)
        clean.config = config
        clean.access = session.access
        let quiet = try ManagerApp(session: clean)
        quiet.open()
        #expect(!quiet.model.status.contains("no lead"))
    }

    @Test("the manager's screen shows the store's outage as a read-only banner while it lasts, as a rep's desk does")
    func outageBanner() throws {
        let store = InMemoryEventStore()
        let config = DeskConfig(members: [TeamMember(name: "ann", role: .rep), TeamMember(name: "mia", role: .manager)])
        let session = try DeskSession(store: store, rep: "mia", clock: FixedClock(Date(timeIntervalSince1970: 1_790_000_200)), idSeed: 3)
        session.config = config
        session.access = try DeskAccess.resolve("mia", config: config, asManager: true)
        let app = try ManagerApp(session: session)
        app.open()
        func header() -> String { app.render(width: 160, height: 30).buffer.lines()[0] }
        #expect(!header().contains("READ-ONLY"))
        store.readOnlyReason = "PostgreSQL at db:5432 is unreachable; retrying, nothing is saved until it is back"
        for message in app.idle() { app.send(message) }
        #expect(header().contains("READ-ONLY: PostgreSQL at db:5432 is unreachable"), "\(header())")
        store.readOnlyReason = nil
        for message in app.idle() { app.send(message) }
        #expect(!header().contains("READ-ONLY"), "\(header())")
    }
}
