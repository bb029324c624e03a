import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("State is a fold over events")
struct DeskStateTests {
    let zone = "Europe/London"

    /// A busy little desk: captures, touches of every kind, agreement, objections, notes.
    func busyDesk() throws -> DeskHarness {
        var desk = DeskHarness()
        let a = try desk.capture(Fixtures.profile(name: "Priya Raman"), at: Fixtures.at("2026-11-02 10:00", zone))
        let b = try desk.capture(Fixtures.profile(name: "王小明 😀"), at: Fixtures.at("2026-11-02 11:00", zone))
        try desk.record(OutcomeRequest(lead: a, outcome: .voicemail, note: "left message"), at: Fixtures.at("2026-11-03 10:00", zone))
        let agreement = Agreement(callbackAt: Fixtures.at("2026-11-06 15:00", zone), number: "+44 20 7946 0003", subject: "the quote",
                                  customerAction: "review with Tom", madeAt: Fixtures.at("2026-11-04 10:00", zone))
        try desk.record(OutcomeRequest(lead: a, outcome: .reached, note: "wants oak", details: OutcomeDetails(agreement: agreement)),
                        at: Fixtures.at("2026-11-04 10:00", zone))
        let objection = Objection(id: "obj-1", category: .price, words: "more than we planned", loggedAt: Fixtures.at("2026-11-04 10:05", zone))
        desk.apply([try desk.commands.event(.objectionLogged(objection), on: a, state: desk.state, at: Fixtures.at("2026-11-04 10:05", zone), ids: &desk.ids)])
        desk.apply([try desk.commands.event(.objectionUpdated(id: "obj-1", answer: "spread over 12 months", status: .answered), on: a,
                                            state: desk.state, at: Fixtures.at("2026-11-04 10:06", zone), ids: &desk.ids)])
        desk.apply([try desk.commands.event(.noted("prefers afternoons"), on: b, state: desk.state, at: Fixtures.at("2026-11-04 12:00", zone), ids: &desk.ids)])
        try desk.record(OutcomeRequest(lead: b, outcome: .notNow, details: OutcomeDetails(checkInReason: "new range")), at: Fixtures.at("2026-11-05 10:00", zone))
        return desk
    }

    @Test("replaying the journal gives exactly the state live use gave")
    func replayEqualsLive() throws {
        let desk = try busyDesk()
        #expect(DeskState(replaying: desk.events) == desk.state)
    }

    @Test("events survive encoding and decoding unchanged, so a replay from disk matches too")
    func codecRoundTrip() throws {
        let desk = try busyDesk()
        let decoded = try desk.events.map { try EventCodec.decode(EventCodec.encode($0)) }
        #expect(decoded == desk.events)
        #expect(DeskState(replaying: decoded) == desk.state)
    }

    @Test("the folded lead carries history, agreement, objections and notes")
    func foldedLead() throws {
        let desk = try busyDesk()
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
        let (events, _) = try desk.commands.record(OutcomeRequest(lead: lead, outcome: .voicemail), state: desk.state,
                                                   at: Fixtures.at("2026-11-03 10:00", zone), ids: &desk.ids)
        desk.apply(events)
        #expect(desk.lead(lead).touchCount == 1)
        let undo = try events.reversed().map { try desk.commands.undo($0, state: desk.state, at: Fixtures.at("2026-11-03 10:01", zone), ids: &desk.ids) }
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
        let json = #"{"v":1,"id":"x1","at":1700000000,"by":"ann","lead":"zzzzz","kind":"hologram","body":{"beam":true}}"#
        let event = try EventCodec.decode(Array(json.utf8))
        #expect(event.payload == .unknown(kind: "hologram"))
        state.apply(event)
        state.apply(Event(id: "x2", at: Date(timeIntervalSince1970: 1_700_000_100), actor: "ann", lead: "zzzzz", payload: .noted("hello")))
        #expect(state.unknownEventCount == 1)
        #expect(state.orphanEvents == ["x2"])
        #expect(state.leads.isEmpty)
    }

    @Test("a payload from a newer version is refused, not misread")
    func newerPayload() {
        let json = #"{"v":9,"id":"x1","at":1700000000,"by":"ann","lead":"k","kind":"note","body":{"text":"hi"}}"#
        #expect(throws: (any Error).self) { try EventCodec.decode(Array(json.utf8)) }
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
