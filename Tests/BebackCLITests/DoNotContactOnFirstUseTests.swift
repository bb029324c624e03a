@testable import BebackCLI
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("The desk builds its do-not-contact list when a key needs it, not at open")
struct DoNotContactOnFirstUseTests {
    @Test("not built at open; built by the first dial, capture or edit key; kept up to date as entries fold")
    func builtOnFirstUse() throws {
        let store = InMemoryEventStore()
        var harness = DeskHarness()
        let at = Date(timeIntervalSince1970: 1_790_000_000)
        let old = try harness.capture(Fixtures.profile(name: "Old Tenant", phones: ["+44 20 7946 0003"]), at: at)
        _ = try harness.record(OutcomeRequest(lead: old, outcome: .doNotContact), at: at.addingTimeInterval(60))
        let other = try harness.capture(Fixtures.profile(name: "Late Mark", phones: ["+44 20 7946 0777"]), at: at.addingTimeInterval(120))
        _ = try store.append(harness.events, to: .rep("ann"))
        let session = try DeskSession(store: store, rep: "ann", clock: FixedClock(at.addingTimeInterval(600)), idSeed: 5)
        session.config = DeskConfig(members: [TeamMember(name: "ann", role: .rep)])
        let app = DeskApp(session: session)
        app.open()
        #expect(session.doNotContactIfBuilt == nil, "an opening desk does not read every closed lead")
        app.handle(.character("c"))
        let list = try #require(session.doNotContactIfBuilt, "the capture key built it")
        #expect(list.holder(ofPhone: "020 7946 0003") == old)
        app.handle(.escape)
        // A lead marked do-not-contact afterwards is on the list as its entries fold.
        let marked = try session.withIDs { ids in
            try session.actions.record(OutcomeRequest(lead: other, outcome: .doNotContact), state: session.state, at: session.now, ids: &ids)
        }
        try session.save(marked.events)
        #expect(session.doNotContactIfBuilt?.holder(ofPhone: "+44 20 7946 0777") == other)
    }
}
