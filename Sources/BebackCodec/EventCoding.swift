import BebackDomain
import Foundation

/// The JSON shape of an event inside a journal record:
/// `{"v":1,"id":"…","at":1700000000,"by":"ann","lead":"k7q2m","kind":"touch","body":{…}}`.
/// Times are whole seconds since 1970 (UTC), so a replay never parses date strings.
extension Event: Codable {
    /// The payload version this build writes; a newer one is opened read-only.
    public static let payloadVersion = 1

    enum CodingKeys: String, CodingKey {
        case version = "v", id, at, actor = "by", lead, kind, body
    }

    private struct CapturedBody: Codable {
        var profile: LeadProfile
        var wants: String
        var holdingBack: String
    }

    private struct ReasonBody: Codable { var reason: String }
    private struct LiftBody: Codable { var entry: String; var reason: String }
    private struct TextBody: Codable { var text: String }
    private struct ObjectionUpdateBody: Codable { var id: String; var answer: String; var status: ObjectionStatus }
    private struct ReassignBody: Codable { var to: RepName }
    private struct RevokeBody: Codable { var event: EventID; var reason: String }
    private struct EmptyBody: Codable {}

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let version = try container.decodeIfPresent(Int.self, forKey: .version) ?? 1
        guard version <= Event.payloadVersion else {
            throw DecodingError.dataCorruptedError(
                forKey: .version, in: container,
                debugDescription: "payload version \(version) is newer than this build reads (\(Event.payloadVersion))")
        }
        let id = try container.decode(EventID.self, forKey: .id)
        let at = Date(timeIntervalSince1970: try container.decode(Double.self, forKey: .at))
        let actor = try container.decode(RepName.self, forKey: .actor)
        let lead = try container.decode(LeadID.self, forKey: .lead)
        let kind = try container.decode(String.self, forKey: .kind)
        func body<T: Decodable>(_ type: T.Type) throws -> T { try container.decode(T.self, forKey: .body) }
        let payload: EventPayload
        switch kind {
        case "captured":
            let captured = try body(CapturedBody.self)
            payload = .captured(captured.profile, wants: captured.wants, holdingBack: captured.holdingBack)
        case "profile": payload = .profileUpdated(try body(LeadProfile.self))
        case "touch": payload = .touched(try body(Touch.self))
        case "scheduled": payload = .scheduled(try body(FollowUp.self))
        case "unscheduled": payload = .unscheduled(reason: try body(ReasonBody.self).reason)
        case "snoozed": payload = .snoozed(try body(Snooze.self))
        case "agreement": payload = .agreed(try body(Agreement.self))
        case "decision": payload = .decisionProcess(try body(DecisionProcess.self))
        case "feedback": payload = .feedback(try body(Feedback.self))
        case "objection": payload = .objectionLogged(try body(Objection.self))
        case "objection-update":
            let update = try body(ObjectionUpdateBody.self)
            payload = .objectionUpdated(id: update.id, answer: update.answer, status: update.status)
        case "note": payload = .noted(try body(TextBody.self).text)
        case "delivered": payload = .delivered
        case "reopened": payload = .reopened(reason: try body(ReasonBody.self).reason)
        case "dnc-lifted":
            let lift = try body(LiftBody.self)
            payload = .contactLifted(entry: lift.entry, reason: lift.reason)
        case "channel-block": payload = .channelBlocked(try body(ChannelBlock.self))
        case "reassigned": payload = .reassigned(to: try body(ReassignBody.self).to)
        case "revoked":
            let revoke = try body(RevokeBody.self)
            payload = .revoked(revoke.event, reason: revoke.reason)
        case "idle-flagged": payload = .idleFlagged(try body(IdleMark.self))
        case "escalated": payload = .escalated(try body(IdleMark.self))
        case "reclaimed": payload = .reclaimed(try body(IdleMark.self))
        case "session": payload = .sessionRecorded(try body(SessionRecord.self))
        default: payload = .unknown(kind: kind)
        }
        self.init(id: id, at: at, actor: actor, lead: lead, payload: payload)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(Event.payloadVersion, forKey: .version)
        try container.encode(id, forKey: .id)
        try container.encode(Int64(at.timeIntervalSince1970.rounded(.down)), forKey: .at)
        try container.encode(actor, forKey: .actor)
        try container.encode(lead, forKey: .lead)
        try container.encode(payload.kind, forKey: .kind)
        switch payload {
        case .captured(let profile, let wants, let holdingBack):
            try container.encode(CapturedBody(profile: profile, wants: wants, holdingBack: holdingBack), forKey: .body)
        case .profileUpdated(let profile): try container.encode(profile, forKey: .body)
        case .touched(let touch): try container.encode(touch, forKey: .body)
        case .scheduled(let followUp): try container.encode(followUp, forKey: .body)
        case .unscheduled(let reason): try container.encode(ReasonBody(reason: reason), forKey: .body)
        case .snoozed(let snooze): try container.encode(snooze, forKey: .body)
        case .agreed(let agreement): try container.encode(agreement, forKey: .body)
        case .decisionProcess(let process): try container.encode(process, forKey: .body)
        case .feedback(let feedback): try container.encode(feedback, forKey: .body)
        case .objectionLogged(let objection): try container.encode(objection, forKey: .body)
        case .objectionUpdated(let id, let answer, let status):
            try container.encode(ObjectionUpdateBody(id: id, answer: answer, status: status), forKey: .body)
        case .noted(let text): try container.encode(TextBody(text: text), forKey: .body)
        case .delivered: try container.encode(EmptyBody(), forKey: .body)
        case .reopened(let reason): try container.encode(ReasonBody(reason: reason), forKey: .body)
        case .contactLifted(let entry, let reason): try container.encode(LiftBody(entry: entry, reason: reason), forKey: .body)
        case .channelBlocked(let block): try container.encode(block, forKey: .body)
        case .reassigned(let rep): try container.encode(ReassignBody(to: rep), forKey: .body)
        case .revoked(let event, let reason): try container.encode(RevokeBody(event: event, reason: reason), forKey: .body)
        case .idleFlagged(let mark), .escalated(let mark), .reclaimed(let mark): try container.encode(mark, forKey: .body)
        case .sessionRecorded(let record): try container.encode(record, forKey: .body)
        case .unknown:
            throw EncodingError.invalidValue(
                payload,
                .init(
                    codingPath: encoder.codingPath,
                    debugDescription: "an event of an unknown kind is never written again; its original bytes are kept"))
        }
    }
}

/// Turns events into journal payload bytes and back.
///
/// An entry whose place in the desk's causal order is not its own time starts with it:
/// `{"order":1795689000001,"at":1795689000,...}`. The order is a hybrid logical clock in
/// milliseconds: at least the entry's own time, and above every entry its writer had seen
/// (`EntryOrder`). Replay sorts by it, so an entry always applies after the entries it was
/// written after, whatever their clocks said. An entry without one (most entries, and every entry
/// written before orders were kept) is ordered by its time (`at` in milliseconds).
public enum EventCodec {
    public static func encode(_ event: Event, order: UInt64? = nil) throws -> [UInt8] {
        let json = try FastEventEncoder.encode(event) ?? encodeWithFoundation(event)
        // An order that is the entry's own time goes without saying (and reads the same in older builds).
        guard let order, order != EntryOrder.milliseconds(event.at.timeIntervalSince1970.rounded(.down)) else { return json }
        // The order leads the entry, so the quick readers find it at a fixed place.
        return Array("{\"order\":\(order),".utf8) + json.dropFirst()
    }

    /// The entry's JSON as `JSONEncoder` writes it (the reference the fast writer is tested against).
    public static func encodeWithFoundation(_ event: Event) throws -> [UInt8] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .secondsSince1970
        return Array(try encoder.encode(event))
    }

    /// Whether the quick writer writes this entry (the rest go through `JSONEncoder`).
    public static func hasFastEncoding(_ event: Event) -> Bool { FastEventEncoder.encode(event) != nil }

    /// Decodes a payload in place with its order (nil for an entry written before orders were kept).
    public static func decodeStamped(_ bytes: UnsafeRawBufferPointer) throws -> (event: Event, order: UInt64?) {
        try FastEventDecoder.decodeStamped(bytes)
    }

    /// An entry's place in replay order, in milliseconds: its order, or its time for an entry without one.
    public static func order(of bytes: UnsafeRawBufferPointer) throws -> UInt64 {
        let envelope = try FastEventDecoder.envelope(bytes)
        return envelope.order ?? EntryOrder.milliseconds(envelope.at)
    }

    /// Decodes a payload with the fast replay reader.
    public static func decode(_ bytes: some Collection<UInt8>) throws -> Event {
        if let result = try bytes.withContiguousStorageIfAvailable({ try FastEventDecoder.decode(UnsafeRawBufferPointer($0)) }) {
            return result
        }
        return try Array(bytes).withUnsafeBytes { try FastEventDecoder.decode($0) }
    }

    /// Decodes a payload in place (no copy), for the replay path.
    public static func decode(_ bytes: UnsafeRawBufferPointer) throws -> Event {
        try FastEventDecoder.decode(bytes)
    }

    /// Decodes a payload with Foundation's `JSONDecoder` (the reference the fast reader is tested against).
    public static func decodeWithFoundation(_ bytes: some Collection<UInt8>) throws -> Event {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .secondsSince1970
        return try decoder.decode(Event.self, from: Data(bytes))
    }
}
