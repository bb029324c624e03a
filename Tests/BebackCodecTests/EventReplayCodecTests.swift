import BebackCodec
import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Journal payloads replay as the events written")
struct EventReplayCodecTests {
    @Test("events survive encoding and decoding unchanged, so a replay from disk matches too")
    func codecRoundTrip() throws {
        let desk = try DeskHarness.busy()
        let decoded = try desk.events.map { try EventCodec.decode(EventCodec.encode($0)) }
        #expect(decoded == desk.events)
        #expect(DeskState(replaying: decoded) == desk.state)
    }

    @Test("an entry of an unknown kind reads back as unknown, and the fold counts and ignores it")
    func unknownKind() throws {
        var state = DeskState()
        let json = #"{"v":1,"id":"x1","at":1700000000,"by":"ann","lead":"zzzzz","kind":"hologram","body":{"beam":true}}"#
        let event = try EventCodec.decode(Array(json.utf8))
        #expect(event.payload == .unknown(kind: "hologram"))
        state.apply(event)
        #expect(state.unknownEventCount == 1)
        #expect(state.leads.isEmpty)
    }

    @Test("a payload from a newer version is refused, not misread")
    func newerPayload() {
        let json = #"{"v":9,"id":"x1","at":1700000000,"by":"ann","lead":"k","kind":"note","body":{"text":"hi"}}"#
        #expect(throws: (any Error).self) { try EventCodec.decode(Array(json.utf8)) }
    }
}
