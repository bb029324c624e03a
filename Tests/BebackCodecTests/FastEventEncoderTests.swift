@testable import BebackCodec
import BebackDomain
import Foundation
import Testing

@Suite("The quick entry writer: byte for byte what JSONEncoder writes")
struct FastEventEncoderTests {
    /// Text pieces that try every escape: quotes, backslashes, every control character, a slash,
    /// DEL, non-ASCII, a bidi override, line and paragraph separators, emoji, combining marks.
    static let pieces: [String] =
        ["\"", "\\", "/", "\u{7F}", "é", "漢字", "🙂", "\u{202E}", "\u{2028}", "\u{2029}", "e\u{301}", "a", " ", "ann", "+44 20 7946 0958", ""]
        + (0..<32).map { String(UnicodeScalar(UInt8($0))) }

    static func text(_ random: inout SeededRandom) -> String {
        (0..<Int(random.next() % 7)).map { _ in pieces[Int(random.next() % UInt64(pieces.count))] }.joined()
    }

    static func pick<T>(_ items: [T], _ random: inout SeededRandom) -> T { items[Int(random.next() % UInt64(items.count))] }

    /// A time: whole seconds mostly, sometimes a fraction, far past or far future.
    static func time(_ random: inout SeededRandom) -> Date {
        let whole = Double(Int64(random.next() % 8_000_000_000) - 2_000_000_000)
        switch random.next() % 6 {
        case 0: return Date(timeIntervalSince1970: whole + Double(random.next() % 1000) / 1000)
        case 1: return Date(timeIntervalSince1970: 0)
        default: return Date(timeIntervalSince1970: whole)
        }
    }

    static func event(_ random: inout SeededRandom) -> Event {
        let payload: EventPayload
        switch random.next() % 7 {
        case 0:
            let phones = (0..<Int(random.next() % 3)).map { _ in PhoneNumber(text(&random), label: text(&random)) }
            let contact = ContactPoints(
                phones: phones, email: random.next() % 2 == 0 ? nil : text(&random), preferredChannel: pick(Channel.allCases, &random),
                bestTime: pick(BestTime.allCases, &random), timeZoneID: text(&random))
            let profile = LeadProfile(
                name: text(&random), company: text(&random), contact: contact, source: pick(LeadSource.allCases, &random),
                owner: RepName(text(&random)), interest: text(&random), salesCycleDays: Int(random.next() % 4000) - 10)
            payload = .captured(profile, wants: text(&random), holdingBack: text(&random))
        case 1:
            let followUp = FollowUp(
                due: time(&random), kind: pick(FollowUpKind.allCases, &random), channel: pick(Channel.allCases, &random), purpose: "p" + text(&random))
            payload = .scheduled(followUp!)
        case 2:
            payload = .touched(
                Touch(
                    channel: pick(Channel.allCases, &random), outcome: pick(Disposition.allCases, &random), note: text(&random),
                    lostReason: random.next() % 2 == 0 ? nil : pick(LostReason.allCases, &random), number: random.next() % 2 == 0 ? nil : text(&random),
                    durationSeconds: random.next() % 2 == 0 ? nil : Int(random.next() % 100_000)))
        case 3: payload = .noted(text(&random))
        case 4: payload = .unscheduled(reason: text(&random))
        case 5:
            let channels = (0..<Int(random.next() % 4)).map { _ in pick(Channel.allCases, &random) }
            payload = .channelBlocked(ChannelBlock(channels: channels, lifted: random.next() % 2 == 0, reason: text(&random)))
        default: payload = .delivered
        }
        return Event(id: EventID(text(&random)), at: time(&random), actor: RepName(text(&random)), lead: LeadID(text(&random)), payload: payload)
    }

    @Test("5,000 random entries of every kind it writes, hostile text and odd times included, encode as JSONEncoder does")
    func sameBytes() throws {
        var random = SeededRandom(seed: 22)
        var quick = 0
        for _ in 0..<5000 {
            let event = Self.event(&random)
            let reference = try EventCodec.encodeWithFoundation(event)
            if let fast = FastEventEncoder.encode(event) {
                quick += 1
                #expect(fast == reference, "\(event)\n\(String(decoding: fast, as: UTF8.self))\n\(String(decoding: reference, as: UTF8.self))")
            }
            // What the journal holds reads back as the same entry.
            #expect(try EventCodec.decodeWithFoundation(try EventCodec.encode(event)) == EventCodec.decodeWithFoundation(reference))
        }
        // Most of them went the quick way (a delivery or a fractional due time does not).
        #expect(quick > 3500)
    }
}
