@testable import BebackCodec
import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Entry digests: what an indexed open reads of each entry, quick path and strict reader agreeing")
struct EventDigestTests {
    /// The digest the whole entry implies.
    func expected(_ event: Event) -> EventDigest {
        let effect: EventDigest.Effect
        switch event.payload {
        case .captured(let profile, _, _): effect = .captured(owner: profile.owner)
        case .profileUpdated(let profile): effect = .profile(owner: profile.owner)
        case .touched(let touch): effect = .touched(touch.outcome)
        case .scheduled(let followUp): effect = .scheduled(due: followUp.due)
        case .unscheduled: effect = .unscheduled
        case .reassigned(let rep): effect = .reassigned(to: rep)
        case .reclaimed: effect = .reclaimed
        case .reopened: effect = .reopened
        case .revoked(let target, _): effect = .revoked(target)
        case .unknown: effect = .unknown
        default: effect = .other
        }
        return EventDigest(id: event.id, at: event.at, lead: event.lead, effect: effect)
    }

    func read(_ bytes: [UInt8]) throws -> EventDigest { try bytes.withUnsafeBytes { try EventDigest.read($0) } }
    func strict(_ bytes: [UInt8]) throws -> EventDigest { try bytes.withUnsafeBytes { try EventDigest.readStrictly($0) } }
    func canonical(_ bytes: [UInt8]) -> EventDigest? {
        bytes.withUnsafeBytes {
            var scanner = DigestScanner($0); return scanner.canonicalDigest()
        }
    }

    @Test("every kind, as beback writes it, digests by the quick path to what the whole entry says")
    func everyKind() throws {
        let events =
            try EventCodecTests().everyKind() + [
                Event(id: "u-1", at: Date(timeIntervalSince1970: 1_790_000_000), actor: "ann", lead: "k1", payload: .unknown(kind: "lead-score"))
            ]
        for event in events {
            // A kind this build does not know is written by a newer one: its bytes are made here.
            let bytes =
                if case .unknown = event.payload {
                    Array(#"{"at":1790000000,"body":{"score":7},"by":"ann","id":"u-1","kind":"lead-score","lead":"k1","v":1}"#.utf8)
                } else {
                    try EventCodec.encode(event)
                }
            var times = [event.at]
            if case .scheduled(let followUp) = event.payload { times.append(followUp.due) }
            let whole = times.allSatisfy { $0.timeIntervalSince1970.rounded(.down) == $0.timeIntervalSince1970 }
            if whole {
                #expect(canonical(bytes) == expected(event), "\(event.payload.kind): the quick path reads what beback writes")
                #expect(try read(bytes) == expected(event), "\(event.payload.kind)")
            } else {
                #expect(canonical(bytes) == nil, "a fraction of a second goes to the strict reader")
                #expect(try read(bytes) == expected(event))
            }
            #expect(try strict(bytes) == read(bytes), "\(event.payload.kind)")
        }
    }

    @Test(
        "other layouts (spaces, key order, escapes) give the same digest as the strict reader",
        arguments: [
            #"{ "v": 1, "kind": "touch", "id": "e1", "at": 1700000000, "by": "ann", "lead": "k", "body": { "outcome": "lost", "note": "a \"b\"" } }"#,
            #"{"at":1700000000,"body":{"outcome":"reached"},"by":"ann","id":"e\u0031","kind":"touch","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"due":1700086400.5,"kind":"retry","channel":"phone","purpose":"x"},"by":"ann","id":"e1","kind":"scheduled","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"profile":{"owner":"b\u00e9n","name":"x"}},"by":"ann","id":"e1","kind":"captured","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"to":"ben"},"by":"ann","id":"e1","kind":"reassigned","lead":"k","v":1,"extra":[1,{"a":"}"}]}"#,
            #"{"at":1700000000,"body":{"event":"x-1","reason":"undo"},"by":"ann","id":"e1","kind":"revoked","lead":"k"}"#,
            #"{"at":1700000000,"body":{"outcome":"reached","outcome":"lost"},"by":"ann","id":"e1","kind":"touch","lead":"k","v":1}"#
        ])
    func otherLayouts(json: String) throws {
        let bytes = Array(json.utf8)
        #expect(try read(bytes) == strict(bytes))
    }

    @Test(
        "a touch's outcome read from the end of its body is the one the strict reader keeps",
        arguments: [
            #"{"at":1700000000,"body":{"outcome":"won"},"by":"ann","id":"e1","kind":"touch","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"channel":"phone","note":"said \"outcome\":\"won\"","outcome":"lost"},"by":"ann","id":"e1","kind":"touch","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"channel":"phone","note":"x\",\"outcome\":\"won","outcome":"voicemail"},"by":"ann","id":"e1","kind":"touch","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"channel":"phone","note":"Zoë ✓","outcome":"reached"},"by":"ann","id":"e1","kind":"touch","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"outcome":"lost","outcome":"won"},"by":"ann","id":"e1","kind":"touch","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"outcome":"lost","x":{"outcome":"won"}},"by":"ann","id":"e1","kind":"touch","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"outcome":"won","zeta":"after"},"by":"ann","id":"e1","kind":"touch","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"channel":"phone","xoutcome":"won","outcome":"busy"},"by":"ann","id":"e1","kind":"touch","lead":"k","v":1}"#
        ])
    func touchFromTheEnd(json: String) throws {
        let bytes = Array(json.utf8)
        let reference = try strict(bytes)
        #expect(try read(bytes) == reference)
        if let quick = canonical(bytes) { #expect(quick == reference) }
    }

    @Test("the outcome is read from the end of a touch body that ends with it, and only there")
    func outcomeFromEnd() {
        func fromEnd(_ body: String) -> Disposition? {
            Array(body.utf8).withUnsafeBytes { DigestScanner($0).outcomeFromEnd(bodyStart: 0, tail: $0.count) }
        }
        #expect(fromEnd(#"{"outcome":"won"}"#) == .won)
        #expect(fromEnd(#"{"channel":"phone","note":"a long note, with "quotes"","outcome":"no-answer"}"#) == .noAnswer)
        #expect(fromEnd(#"{"channel":"phone","note":"Zoë","outcome":"voicemail"}"#) == .voicemail)
        #expect(fromEnd(#"{"outcome":"won","zeta":"x"}"#) == nil)
        #expect(fromEnd(#"{"channel":"phone","xoutcome":"won"}"#) == nil)
        #expect(fromEnd(#"{"channel":"phone","note":""outcome":"won""}"#) == nil)
        #expect(fromEnd(#"{"x":{"outcome":"won"}}"#) == nil)
        #expect(fromEnd(#"{"outcome":"maybe"}"#) == nil)
        #expect(fromEnd(#"{"outcome":"wön"}"#) == nil)
    }

    @Test(
        "a body whose last value only looks like an outcome is not read as one",
        arguments: [
            #"{"at":1700000000,"body":{"channel":"phone","xoutcome":"won"},"by":"ann","id":"e1","kind":"touch","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"channel":"phone","note":"\"outcome\":\"won\""},"by":"ann","id":"e1","kind":"touch","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"outcome":"maybe"},"by":"ann","id":"e1","kind":"touch","lead":"k","v":1}"#
        ])
    func notAnOutcome(json: String) {
        #expect(canonical(Array(json.utf8)) == nil)
        #expect(throws: (any Error).self) { try strict(Array(json.utf8)) }
    }

    @Test(
        "an id, lead, kind or author that is not plain ASCII goes to the strict reader, which reads it the same",
        arguments: [
            #"{"at":1700000000,"body":{"outcome":"reached"},"by":"ann","id":"e1","kind":"touch","lead":"x\#u{37E}","v":1}"#,
            #"{"at":1700000000,"body":{"outcome":"reached"},"by":"ann","id":"\#u{E9}1","kind":"touch","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"outcome":"reached"},"by":"zo\#u{EB}","id":"e1","kind":"touch","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"outcome":"reached"},"by":"ann","id":"e\#u{1}","kind":"touch","lead":"k","v":1}"#
        ])
    func nonASCIITail(json: String) {
        let bytes = Array(json.utf8)
        #expect(canonical(bytes) == nil)
        let quick = try? read(bytes), whole = try? strict(bytes)
        #expect(quick == whole)
        #expect(json.contains("\u{1}") || quick != nil, "a readable entry is read")
    }

    @Test(
        "a string after the body without its closing quote goes to the strict reader, which refuses it",
        arguments: [
            #"{"at":1700000000,"body":{"outcome":"reached"},"by":"ann","id":"e1,"kind":"touch","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"outcome":"reached"},"by":"ann","id":"e1","kind":"touch,"lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"outcome":"reached"},"by":"ann,"id":"e1","kind":"touch","lead":"k","v":1}"#
        ])
    func unclosedTailString(json: String) {
        let bytes = Array(json.utf8)
        #expect(canonical(bytes) == nil)
        #expect(throws: (any Error).self) { try read(bytes) }
        #expect(throws: (any Error).self) { try strict(bytes) }
    }

    @Test("special bytes (quote, backslash, control, not ASCII) are flagged exactly, byte by byte, in every position")
    func specialBytes() {
        var random = SeededRandom(seed: 5)
        let interesting: [UInt8] = [0x00, 0x01, 0x1F, 0x20, 0x21, 0x22, 0x23, 0x5B, 0x5C, 0x5D, 0x7E, 0x7F, 0x80, 0xC3, 0xFF, 0x61]
        for _ in 0..<20_000 {
            let bytes = (0..<8).map { _ in
                random.next() % 3 == 0 ? UInt8(truncatingIfNeeded: random.next()) : interesting[Int(random.next() % UInt64(interesting.count))]
            }
            let word = bytes.enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * UInt64($1.offset)) }
            let expected = bytes.enumerated().reduce(UInt64(0)) { flags, item in
                let special = item.element == 0x22 || item.element == 0x5C || item.element < 0x20 || item.element >= 0x80
                return special ? flags | 0x80 << (8 * UInt64(item.offset)) : flags
            }
            #expect(DigestScanner.specialBytes(word) == expected, "\(bytes)")
        }
    }

    @Test("the quick path's key words spell the canonical layout's keys")
    func keyWords() {
        #expect(DigestScanner.atKey == DigestScanner.word(#"{"at":"#, length: 6))
        #expect(DigestScanner.bodyKey == DigestScanner.word(#","body":"#))
        #expect(DigestScanner.versionTail == DigestScanner.word(#"","v":1}"#))
        #expect(DigestScanner.leadKey == DigestScanner.word(#","lead":"#))
        #expect(DigestScanner.kindKey == DigestScanner.word(#","kind":"#))
        #expect(DigestScanner.idKey == DigestScanner.word(#","id":"#, length: 6))
        #expect(DigestScanner.byKey == DigestScanner.word(#","by":"#, length: 6))
    }

    @Test(
        "entries that are not readable are refused, as the whole decoder refuses them",
        arguments: [
            #"{"v":1,"id":"e1","by":"ann","lead":"k","kind":"note","body":{"text":"x"}}"#,
            #"{"at":1700000000,"body":{"outcome":"maybe"},"by":"ann","id":"e1","kind":"touch","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"kind":"retry"},"by":"ann","id":"e1","kind":"scheduled","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{"profile":{"name":"x"}},"by":"ann","id":"e1","kind":"captured","lead":"k","v":1}"#,
            #"{"at":1700000000,"body":{},"by":"ann","id":"e1","kind":"note","lead":"k","v":2}"#,
            #"{"at":1700000000,"body":{},"id":"e1","kind":"note","lead":"k","v":1}"#,
            #"[1,2,3]"#,
            ""
        ])
    func refuses(json: String) {
        #expect(throws: (any Error).self) { try read(Array(json.utf8)) }
    }

    static let damage = Array(#"",:{}[]\ 09"#.utf8)

    @Test("damaged entries never crash the quick path, and whatever the strict reader reads it reads the same")
    func damaged() throws {
        var random = SeededRandom(seed: 11)
        for event in try EventCodecTests().everyKind() {
            let original = try EventCodec.encode(event)
            for _ in 0..<300 {
                var bytes = original
                switch random.next() % 3 {
                case 0: bytes[Int(random.next() % UInt64(bytes.count))] = UInt8(truncatingIfNeeded: random.next())
                case 1: bytes.removeLast(Int(random.next() % UInt64(bytes.count)))
                default: bytes.insert(Self.damage[Int(random.next() % UInt64(Self.damage.count))], at: Int(random.next() % UInt64(bytes.count)))
                }
                let quick = try? read(bytes)
                if let reference = try? strict(bytes) { #expect(quick == reference, "\(String(decoding: bytes, as: UTF8.self))") }
            }
        }
    }
}
