@testable import BebackCLI
import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("The demo desk")
struct DemoGeneratorTests {
    let now = Fixtures.at("2026-11-23 10:42", "Europe/London")

    @Test("the same seed and clock give the same desk; another seed another")
    func deterministic() {
        let first = DemoGenerator(leads: 40, seed: 5, now: now).events()
        let again = DemoGenerator(leads: 40, seed: 5, now: now).events()
        let other = DemoGenerator(leads: 40, seed: 6, now: now).events()
        #expect(first == again)
        #expect(first != other)
    }

    @Test("a demo has several reps and the variety a rep meets: voicemails, appointments, objections, wins, long-term leads")
    func variety() {
        let byRep = DemoGenerator(leads: 120, seed: 1, now: now).events()
        #expect(byRep.keys.count >= 3)
        let events = byRep.values.flatMap { $0 }
        let state = DeskState(replaying: events.sorted { $0.at < $1.at })
        #expect(state.leads.count == 120)
        let outcomes = Set(state.leads.values.flatMap { $0.touches.map(\.touch.outcome) })
        for expected in [Disposition.voicemail, .noAnswer, .reached, .appointment, .won, .notNow] {
            #expect(outcomes.contains(expected), "no \(expected) in the demo")
        }
        #expect(state.leads.values.contains { !$0.objections.isEmpty })
        #expect(state.leads.values.contains { $0.stage == .longTerm })
        #expect(state.leads.values.contains { $0.agreement != nil })
        let due = DueListBuilder(timeZone: TimeZone(identifier: "Europe/London")!).build(from: state, at: now, rep: "ann")
        #expect(due.contains { $0.bucket == .overdue })
        #expect(!due.isEmpty)
        #expect(state.orphanEvents.isEmpty)
    }
}
