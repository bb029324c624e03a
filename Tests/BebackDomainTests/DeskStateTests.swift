import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("State is a fold over events")
struct DeskStateTests {
    let zone = "Europe/London"

    @Test("replaying the journal gives exactly the state live use gave")
    func replayEqualsLive() throws {
        let desk = try DeskHarness.busy()
        #expect(DeskState(replaying: desk.events) == desk.state)
    }

    @Test("the folded lead carries history, agreement, objections and notes")
    func foldedLead() throws {
        let desk = try DeskHarness.busy()
        let lead = try #require(desk.state.leads.values.first { $0.profile.name == "Priya Raman" })
        #expect(lead.touches.map(\.touch.outcome) == [.voicemail, .reached])
        #expect(lead.agreement?.subject == "the quote")
        #expect(lead.objections.first?.status == .answered)
        #expect(lead.objections.first?.answer == "spread over 12 months")
        #expect(lead.notes.map(\.text) == ["left message", "wants oak"])
        #expect(lead.stage == .considering)
        #expect(lead.next?.kind == .agreedCallback)
    }

    @Test("undo is a compensating event: revoking an outcome's entries restores the lead, and the journal keeps both")
    func undoRestores() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-02 10:00", zone))
        let before = desk.lead(lead)
        let (events, _) = try desk.actions.record(
            OutcomeRequest(lead: lead, outcome: .voicemail), state: desk.state,
            at: Fixtures.at("2026-11-03 10:00", zone), ids: &desk.ids)
        desk.apply(events)
        #expect(desk.lead(lead).touchCount == 1)
        let undo = try events.reversed().map { try desk.actions.undo($0, state: desk.state, at: Fixtures.at("2026-11-03 10:01", zone), ids: &desk.ids) }
        desk.apply(undo)
        let after = desk.lead(lead)
        #expect(after.touchCount == 0)
        #expect(after.next == before.next)
        #expect(desk.events.count == 2 + events.count + undo.count)
        #expect(DeskState(replaying: desk.events) == desk.state)
    }

    @Test("an event of an unknown kind is counted and ignored; an event for an unknown lead is reported")
    func unknownAndOrphan() throws {
        var state = DeskState()
        // An entry of a kind this build does not know reads back as `.unknown` (EventReplayCodecTests).
        state.apply(Event(id: "x1", at: Date(timeIntervalSince1970: 1_700_000_000), actor: "ann", lead: "zzzzz", payload: .unknown(kind: "hologram")))
        state.apply(Event(id: "x2", at: Date(timeIntervalSince1970: 1_700_000_100), actor: "ann", lead: "zzzzz", payload: .noted("hello")))
        #expect(state.unknownEventCount == 1)
        #expect(state.orphanEvents == ["x2"])
        #expect(state.leads.isEmpty)
    }

    @Test("lead ids are short, typeable, unique, and found by prefix")
    func leadIDs() throws {
        var ids = SeededIDGenerator(seed: 3)
        var seen = Set<LeadID>()
        for _ in 0..<2000 {
            let id = ids.newLeadID { seen.contains($0) }
            #expect(id.rawValue.count == 5)
            #expect(id.rawValue.allSatisfy { LeadIDAlphabet.characters.contains($0) })
            seen.insert(id)
        }
        #expect(seen.count == 2000)
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-02 10:00", zone))
        #expect(desk.state.lead(matching: String(lead.rawValue.prefix(4)))?.id == lead)
    }
}
