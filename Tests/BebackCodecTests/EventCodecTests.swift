@testable import BebackCodec
import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("The replay decoder agrees with the Codable form")
struct EventCodecTests {
    /// Events of every kind, with hostile and wide text.
    func everyKind() throws -> [Event] {
        var desk = DeskHarness()
        let zone = "America/New_York"
        var profile = Fixtures.profile(
            name: "Evil\u{1b}[31m \"quoted\" \\ back/slash 王小明 😀 \u{202E}rtl", zone: zone, phones: ["+1 212 555 0100", "+1 212 555 0101"])
        profile.company = "Tab\tNew\nline"
        let lead = try desk.capture(profile, at: Fixtures.at("2026-11-02 10:00", zone))
        try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail, note: "left a message; \"call back\""), at: Fixtures.at("2026-11-03 10:00", zone))
        let agreement = Agreement(
            callbackAt: Fixtures.at("2026-11-06 15:00", zone), number: nil, subject: "quote", customerAction: "ask Tom",
            madeAt: Fixtures.at("2026-11-04 10:00", zone))
        try desk.record(OutcomeRequest(lead: lead, outcome: .reached, details: OutcomeDetails(agreement: agreement)), at: Fixtures.at("2026-11-04 10:00", zone))
        try desk.record(OutcomeRequest(lead: lead, outcome: .lost, details: OutcomeDetails(lostReason: .competitor)), at: Fixtures.at("2026-11-05 10:00", zone))
        let now = Fixtures.at("2026-11-06 10:00", zone)
        let payloads: [EventPayload] = [
            .profileUpdated(profile),
            .decisionProcess(DecisionProcess(otherDeciders: "Tom", criteria: "price", informationNeeded: "quote", reviewTime: "a week")),
            .feedback(Feedback(likes: "oak", comfort: "high", priceFit: "tight")),
            .objectionLogged(Objection(id: "obj-1", category: .decisionMaker, words: "ask my wife", answer: "", loggedAt: now)),
            .objectionUpdated(id: "obj-1", answer: "call with both", status: .recurring),
            .noted("multi\nline ☎️ note"),
            .delivered,
            .reopened(reason: "new budget"),
            .contactLifted(entry: "+1 212 555 0100", reason: "number reassigned \"to\" 王小明"),
            .channelBlocked(ChannelBlock(channels: [.email, .phone, .text], reason: "DONOTCALL \"true\" 王")),
            .channelBlocked(ChannelBlock(channels: [.email], lifted: true, reason: "")),
            .reassigned(to: "ben"),
            .unscheduled(reason: "closed"),
            .snoozed(Snooze(until: now.addingTimeInterval(2 * 86_400), from: now.addingTimeInterval(-3600), reason: "on holiday \"until\" Monday 王")),
            .revoked("x-1", reason: "undo"),
            .scheduled(FollowUp(due: now.addingTimeInterval(0.5), kind: .manual, channel: .text, purpose: "half a second")!),
            .touched(Touch(channel: .email, outcome: .noAnswer, note: "", lostReason: nil, number: "+1 212", durationSeconds: 95)),
            .idleFlagged(IdleMark(due: now.addingTimeInterval(-3 * 86_400), days: 3, owner: "ann")),
            .escalated(IdleMark(due: now.addingTimeInterval(-5 * 86_400), days: 5, owner: "ann")),
            .reclaimed(IdleMark(due: now.addingTimeInterval(-7 * 86_400), days: 7, owner: "ann")),
            .sessionRecorded(
                SessionRecord(
                    started: now.addingTimeInterval(-3600), ended: now, calls: 12, contacts: 4, voicemails: 5, appointments: 1, wins: 1, lost: 2,
                    notNow: 1, talkSeconds: 1830, goalCalls: 40, goalContacts: nil, goalAppointments: 3)),
            .sessionRecorded(SessionRecord(started: now.addingTimeInterval(-60), ended: now, calls: 1, contacts: 0))
        ]
        for payload in payloads {
            desk.events.append(Event(id: desk.ids.newEventID(), at: now, actor: "ann", lead: lead, payload: payload))
        }
        return desk.events
    }

    @Test("every kind decodes the same with the fast reader and with JSONDecoder")
    func agreement() throws {
        for event in try everyKind() {
            let bytes = try EventCodec.encode(event)
            let fast = try EventCodec.decode(bytes)
            let reference = try EventCodec.decodeWithFoundation(bytes)
            #expect(fast == reference, "\(event.payload.kind)")
            #expect(fast == event || event.at.timeIntervalSince1970.rounded(.down) != event.at.timeIntervalSince1970, "\(event.payload.kind)")
        }
    }

    @Test("a session record is written as kind session under the reserved lead, goals left out when unset, and read back the same")
    func sessionRecord() throws {
        let record = SessionRecord(
            started: Date(timeIntervalSince1970: 1_790_000_000), ended: Date(timeIntervalSince1970: 1_790_003_600), calls: 3, contacts: 1,
            talkSeconds: 95, goalCalls: 40)
        let event = Event(id: "e-1", at: record.ended, actor: "ann", lead: SessionRecord.lead, payload: .sessionRecorded(record))
        let bytes = try EventCodec.encode(event)
        let text = String(decoding: bytes, as: UTF8.self)
        #expect(text.contains(#""kind":"session","lead":"-session""#), "\(text)")
        #expect(text.contains(#""goalCalls":40"#) && !text.contains("goalContacts"), "\(text)")
        #expect(try EventCodec.decode(bytes) == event)
        #expect(try EventCodec.decodeWithFoundation(bytes) == event)
        #expect(record.callsPerHour == 3)
        #expect(record.goalsMet == (0, 1))
    }

    @Test("a lifted do-not-contact entry is written as kind dnc-lifted with the entry and the reason, and read back the same")
    func liftedEntry() throws {
        let event = Event(
            id: "e-1", at: Date(timeIntervalSince1970: 1_790_000_000), actor: "mia", lead: "k1",
            payload: .contactLifted(entry: "020 7946 0003", reason: "number reassigned"))
        let bytes = try EventCodec.encode(event)
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == #"{"at":1790000000,"body":{"entry":"020 7946 0003","reason":"number reassigned"},"by":"mia","id":"e-1","kind":"dnc-lifted","lead":"k1","v":1}"#
        )
        #expect(try EventCodec.decode(bytes) == event)
        #expect(try EventCodec.decodeWithFoundation(bytes) == event)
    }

    @Test("a channel block is written as kind channel-block with its channels in fixed order, and read back the same")
    func channelBlock() throws {
        let event = Event(
            id: "e-1", at: Date(timeIntervalSince1970: 1_790_000_000), actor: "ann", lead: "k1",
            payload: .channelBlocked(ChannelBlock(channels: [.text, .phone, .mail], reason: "DONOTCALL")))
        let bytes = try EventCodec.encode(event)
        #expect(
            String(decoding: bytes, as: UTF8.self)
                == #"{"at":1790000000,"body":{"channels":["phone","text"],"lifted":false,"reason":"DONOTCALL"},"by":"ann","id":"e-1","kind":"channel-block","lead":"k1","v":1}"#
        )
        #expect(try EventCodec.decode(bytes) == event)
        #expect(try EventCodec.decodeWithFoundation(bytes) == event)
        // Written by hand (no `lifted`, another key order): both readers agree.
        let typed = Array(
            #"{"v":1,"id":"e-2","at":1790000000,"by":"ann","lead":"k1","kind":"channel-block","body":{"reason":"opted out","channels":["email"]}}"#.utf8)
        let expected = Event(
            id: "e-2", at: Date(timeIntervalSince1970: 1_790_000_000), actor: "ann", lead: "k1",
            payload: .channelBlocked(ChannelBlock(channels: [.email], reason: "opted out")))
        #expect(try EventCodec.decode(typed) == expected)
        #expect(try EventCodec.decodeWithFoundation(typed) == expected)
    }

    @Test("escapes, surrogate pairs and unknown keys are read as JSON says")
    func escapes() throws {
        let json =
            #"{"v":1,"id":"e1","at":1700000000,"by":"ann","lead":"k","kind":"note","extra":[1,{"a":null}],"body":{"text":"a\u001b[31m \ud83d\ude00 \" \\ \/ \n","more":true}}"#
        let event = try EventCodec.decode(Array(json.utf8))
        #expect(event.payload == .noted("a\u{1b}[31m 😀 \" \\ / \n"))
    }

    @Test(
        "broken payloads are refused with a reason, never misread",
        arguments: [
            #"{"v":1,"id":"e1","at":1700000000,"by":"ann","lead":"k","kind":"note","body":{"text":"unterminated}}"#,
            #"{"v":1,"id":"e1","by":"ann","lead":"k","kind":"note","body":{"text":"x"}}"#,
            #"{"v":1,"id":"e1","at":1700000000,"by":"ann","lead":"k","kind":"touch","body":{"outcome":"maybe"}}"#,
            #"{"v":1,"id":"e1","at":1700000000,"by":"ann","lead":"k","kind":"scheduled","body":{"due":1,"kind":"retry","channel":"phone","purpose":""}}"#,
            #"[1,2,3]"#,
            ""
        ])
    func refuses(json: String) {
        #expect(throws: (any Error).self) { try EventCodec.decode(Array(json.utf8)) }
    }

    @Test("an entry laid out as beback writes it reads the same by its quick envelope as by the strict reader, whole or damaged")
    func canonicalAgreesWithStrict() throws {
        var compared = 0, refused = 0
        for (number, event) in try everyKind().enumerated() {
            for order in [nil, UInt64(1_700_000_000_000 + number), 9_999_999_999_999_999] as [UInt64?] {
                let bytes = try EventCodec.encode(event, order: order)
                var variants = [bytes]
                // Each byte in turn dropped, doubled, or made a quote, a brace or a backslash (every
                // third position: the envelope's fields, the body's edges and its strings all get hit).
                for position in stride(from: 0, to: bytes.count, by: 3) {
                    var dropped = bytes
                    dropped.remove(at: position)
                    var doubled = bytes
                    doubled.insert(bytes[position], at: position)
                    variants += [dropped, doubled]
                    for byte in [UInt8(ascii: "\""), UInt8(ascii: "}"), UInt8(ascii: "\\"), UInt8(ascii: "9")] {
                        var changed = bytes
                        changed[position] = byte
                        variants.append(changed)
                    }
                }
                for variant in variants {
                    let quick = variant.withUnsafeBytes { try? FastEventDecoder.decodeStamped($0) }
                    let strict = variant.withUnsafeBytes { try? FastEventDecoder.decodeStrictly($0) }
                    #expect(quick?.event == strict?.event && quick?.order == strict?.order, "\(String(decoding: variant, as: UTF8.self))")
                    compared += 1
                    if strict == nil { refused += 1 }
                }
            }
        }
        #expect(compared > 1_000 && refused > 100)
    }
}
