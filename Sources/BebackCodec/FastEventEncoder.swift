import BebackDomain
import Foundation

/// Writes the entries an import and a day at the desk write most (a capture, a plan, a touch, a
/// note, an unplanning) straight into bytes: the same bytes `JSONEncoder` (sorted keys, slashes
/// unescaped, dates in seconds) writes for them, a property test holds it to that, at a fraction of
/// its cost. Any other kind, or a due time that is not a whole second, is left to `JSONEncoder` (nil).
enum FastEventEncoder {
    static func encode(_ event: Event) -> [UInt8]? {
        // `at` is written as whole seconds, rounded down (`Event.encode(to:)`).
        let seconds = event.at.timeIntervalSince1970.rounded(.down)
        guard abs(seconds) < 1e15 else { return nil }
        let at = Int64(seconds)
        var out = JSONBytes()
        out.raw("{\"at\":")
        out.integer(at)
        out.raw(",\"body\":")
        switch event.payload {
        case .captured(let profile, let wants, let holdingBack):
            out.raw("{\"holdingBack\":")
            out.string(holdingBack)
            out.raw(",\"profile\":")
            profileBody(profile, into: &out)
            out.raw(",\"wants\":")
            out.string(wants)
            out.raw("}")
        case .scheduled(let followUp):
            guard let due = wholeSeconds(followUp.due) else { return nil }
            out.raw("{\"channel\":")
            out.string(followUp.channel.rawValue)
            out.raw(",\"due\":")
            out.integer(due)
            out.raw(",\"kind\":")
            out.string(followUp.kind.rawValue)
            out.raw(",\"purpose\":")
            out.string(followUp.purpose)
            out.raw("}")
        case .touched(let touch):
            out.raw("{\"channel\":")
            out.string(touch.channel.rawValue)
            if let seconds = touch.durationSeconds {
                out.raw(",\"durationSeconds\":")
                out.integer(Int64(seconds))
            }
            if let reason = touch.lostReason {
                out.raw(",\"lostReason\":")
                out.string(reason.rawValue)
            }
            out.raw(",\"note\":")
            out.string(touch.note)
            if let number = touch.number {
                out.raw(",\"number\":")
                out.string(number)
            }
            out.raw(",\"outcome\":")
            out.string(touch.outcome.rawValue)
            out.raw("}")
        case .noted(let text):
            out.raw("{\"text\":")
            out.string(text)
            out.raw("}")
        case .unscheduled(let reason):
            out.raw("{\"reason\":")
            out.string(reason)
            out.raw("}")
        case .channelBlocked(let block):
            out.raw("{\"channels\":[")
            for (index, channel) in block.channels.enumerated() {
                if index > 0 { out.raw(",") }
                out.string(channel.rawValue)
            }
            out.raw(block.lifted ? "],\"lifted\":true,\"reason\":" : "],\"lifted\":false,\"reason\":")
            out.string(block.reason)
            out.raw("}")
        default:
            return nil
        }
        out.raw(",\"by\":")
        out.string(event.actor.rawValue)
        out.raw(",\"id\":")
        out.string(event.id.rawValue)
        out.raw(",\"kind\":")
        out.string(event.payload.kind)
        out.raw(",\"lead\":")
        out.string(event.lead.rawValue)
        out.raw(",\"v\":")
        out.integer(Int64(Event.payloadVersion))
        out.raw("}")
        return out.bytes
    }

    private static func profileBody(_ profile: LeadProfile, into out: inout JSONBytes) {
        let contact = profile.contact
        out.raw("{\"company\":")
        out.string(profile.company)
        out.raw(",\"contact\":{\"bestTime\":")
        out.string(contact.bestTime.rawValue)
        if let email = contact.email {
            out.raw(",\"email\":")
            out.string(email)
        }
        out.raw(",\"phones\":[")
        for (index, phone) in contact.phones.enumerated() {
            out.raw(index == 0 ? "{\"label\":" : ",{\"label\":")
            out.string(phone.label)
            out.raw(",\"number\":")
            out.string(phone.number)
            out.raw("}")
        }
        out.raw("],\"preferredChannel\":")
        out.string(contact.preferredChannel.rawValue)
        out.raw(",\"timeZoneID\":")
        out.string(contact.timeZoneID)
        out.raw("},\"interest\":")
        out.string(profile.interest)
        out.raw(",\"name\":")
        out.string(profile.name)
        out.raw(",\"owner\":")
        out.string(profile.owner.rawValue)
        out.raw(",\"salesCycleDays\":")
        out.integer(Int64(profile.salesCycleDays))
        out.raw(",\"source\":")
        out.string(profile.source.rawValue)
        out.raw("}")
    }

    /// A date's seconds since 1970 when they are whole (as `JSONEncoder` writes a whole double: no
    /// fraction, no exponent); nil otherwise.
    private static func wholeSeconds(_ date: Date) -> Int64? {
        let seconds = date.timeIntervalSince1970
        guard seconds == seconds.rounded(.towardZero), abs(seconds) < 1e15, !(seconds == 0 && seconds.sign == .minus) else { return nil }
        return Int64(seconds)
    }
}

/// JSON text as bytes: strings escaped as `JSONEncoder` escapes them.
struct JSONBytes {
    var bytes: [UInt8] = []

    init() { bytes.reserveCapacity(512) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func integer(_ value: Int64) {
        bytes.append(contentsOf: String(value).utf8)
    }

    mutating func string(_ text: String) {
        bytes.append(0x22)
        var text = text
        text.withUTF8 { utf8 in
            for byte in utf8 {
                switch byte {
                case 0x22: bytes.append(contentsOf: [0x5C, 0x22])
                case 0x5C: bytes.append(contentsOf: [0x5C, 0x5C])
                case 0x0A: bytes.append(contentsOf: [0x5C, 0x6E])
                case 0x0D: bytes.append(contentsOf: [0x5C, 0x72])
                case 0x09: bytes.append(contentsOf: [0x5C, 0x74])
                case 0x08: bytes.append(contentsOf: [0x5C, 0x62])
                case 0x0C: bytes.append(contentsOf: [0x5C, 0x66])
                case 0..<0x20:
                    let hex: [UInt8] = Array("0123456789abcdef".utf8)
                    bytes.append(contentsOf: [0x5C, 0x75, 0x30, 0x30, hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]])
                default: bytes.append(byte)
                }
            }
        }
        bytes.append(0x22)
    }
}
