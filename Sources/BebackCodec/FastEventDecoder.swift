import BebackDomain
import Foundation

/// Decodes a journal payload into an `Event` without `JSONDecoder`: the replay path reads a million
/// entries, and this reader is several times faster. It accepts everything the `Codable` form writes
/// (a test checks both agree); text fields missing from older entries read as empty.
enum FastEventDecoder {
    struct Missing: Error, CustomStringConvertible {
        let field: String
        var description: String { "missing field '\(field)'" }
    }

    /// The fields every entry has, and where its body is.
    struct Envelope {
        var id: String
        var at: Double
        var actor: String
        var lead: String
        var kind: String
        var body: Range<Int>
        /// The entry's place in the causal order (milliseconds), when it was written with one.
        var order: UInt64?
    }

    /// Reads an entry's envelope; throws on a missing field or a newer payload version.
    static func envelope(_ bytes: UnsafeRawBufferPointer) throws -> Envelope {
        var cursor = JSONCursor(bytes)
        var version = 1
        var id: String?, actor: String?, lead: String?, kind: String?
        var at: Double?
        var body: Range<Int>?
        var order: UInt64?
        try cursor.object { cursor, key in
            if cursor.key(key, is: "v") {
                version = try cursor.int()
            } else if cursor.key(key, is: "order") {
                let value = try cursor.double()
                guard value >= 0, value <= Double(EntryOrder.maximum), value.rounded(.down) == value else {
                    throw cursor.failure("order must be a whole number of milliseconds")
                }
                order = UInt64(value)
            } else if cursor.key(key, is: "id") {
                id = try cursor.string()
            } else if cursor.key(key, is: "at") {
                at = try cursor.double()
            } else if cursor.key(key, is: "by") {
                actor = try cursor.string()
            } else if cursor.key(key, is: "lead") {
                lead = try cursor.string()
            } else if cursor.key(key, is: "kind") {
                kind = try cursor.string()
            } else if cursor.key(key, is: "body") {
                body = try cursor.skipValue()
            } else {
                try cursor.skipValue()
            }
        }
        guard version <= Event.payloadVersion else {
            throw JSONCursor.Failure(offset: 0, reason: "payload version \(version) is newer than this build reads (\(Event.payloadVersion))")
        }
        guard let id else { throw Missing(field: "id") }
        guard let at else { throw Missing(field: "at") }
        guard let actor else { throw Missing(field: "by") }
        guard let lead else { throw Missing(field: "lead") }
        guard let kind else { throw Missing(field: "kind") }
        guard let body else { throw Missing(field: "body") }
        return Envelope(id: id, at: at, actor: actor, lead: lead, kind: kind, body: body, order: order)
    }

    static func decode(_ bytes: UnsafeRawBufferPointer) throws -> Event {
        try decodeStamped(bytes).event
    }

    /// The entry and its order (nil when it was written without one).
    static func decodeStamped(_ bytes: UnsafeRawBufferPointer) throws -> (event: Event, order: UInt64?) {
        if let quick = canonical(bytes) { return quick }
        return try decodeStrictly(bytes)
    }

    /// `decodeStamped` by the strict envelope, whatever the layout (what says why an entry is refused).
    static func decodeStrictly(_ bytes: UnsafeRawBufferPointer) throws -> (event: Event, order: UInt64?) {
        let envelope = try envelope(bytes)
        var reader = JSONCursor(bytes, at: envelope.body.lowerBound)
        let payload = try Self.payload(kind: envelope.kind, from: &reader)
        let event = Event(
            id: EventID(envelope.id), at: Date(timeIntervalSince1970: envelope.at), actor: RepName(envelope.actor),
            lead: LeadID(envelope.lead), payload: payload)
        return (event, envelope.order)
    }

    /// An entry laid out exactly as beback writes it (`DigestScanner.canonicalEnvelope`), its body
    /// read once (the strict envelope skips the body to reach the fields after it, then reads it
    /// again). Nil when it is laid out another way, or anything in it is off (the body not ending
    /// where the fields after it start, a body its kind refuses, an order out of range): the
    /// strict reader then reads it and says what is wrong, so both ways give the same.
    private static func canonical(_ bytes: UnsafeRawBufferPointer) -> (event: Event, order: UInt64?)? {
        var scanner = DigestScanner(bytes)
        guard let fields = scanner.canonicalEnvelope() else { return nil }
        if let order = fields.order, order < 0 || order > Double(EntryOrder.maximum) { return nil }
        func text(_ range: Range<Int>) -> String {
            guard let base = bytes.baseAddress, !range.isEmpty else { return "" }
            return String(decoding: UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self) + range.lowerBound, count: range.count), as: UTF8.self)
        }
        var reader = JSONCursor(bytes, at: fields.body.lowerBound)
        guard let payload = try? Self.payload(kind: text(fields.kind), from: &reader), reader.index == fields.body.upperBound else { return nil }
        let event = Event(
            id: EventID(text(fields.id)), at: Date(timeIntervalSince1970: fields.at), actor: RepName(text(fields.by)),
            lead: LeadID(text(fields.lead)), payload: payload)
        return (event, fields.order.map { UInt64($0) })
    }

    private static func payload(kind: String, from cursor: inout JSONCursor) throws -> EventPayload {
        switch kind {
        case "captured":
            var profile: LeadProfile?
            var wants = "", holdingBack = ""
            try cursor.object { cursor, key in
                if cursor.key(key, is: "profile") {
                    profile = try leadProfile(&cursor)
                } else if cursor.key(key, is: "wants") {
                    wants = try cursor.string()
                } else if cursor.key(key, is: "holdingBack") {
                    holdingBack = try cursor.string()
                } else {
                    try cursor.skipValue()
                }
            }
            guard let profile else { throw Missing(field: "profile") }
            return .captured(profile, wants: wants, holdingBack: holdingBack)
        case "profile": return .profileUpdated(try leadProfile(&cursor))
        case "touch": return .touched(try touch(&cursor))
        case "scheduled": return .scheduled(try followUp(&cursor))
        case "unscheduled": return .unscheduled(reason: try strings(&cursor, ["reason"])[0])
        case "snoozed": return .snoozed(try snooze(&cursor))
        case "agreement": return .agreed(try agreement(&cursor))
        case "decision":
            let values = try strings(&cursor, ["otherDeciders", "criteria", "informationNeeded", "reviewTime"])
            return .decisionProcess(DecisionProcess(otherDeciders: values[0], criteria: values[1], informationNeeded: values[2], reviewTime: values[3]))
        case "feedback":
            let values = try strings(&cursor, ["likes", "comfort", "priceFit"])
            return .feedback(Feedback(likes: values[0], comfort: values[1], priceFit: values[2]))
        case "objection": return .objectionLogged(try objection(&cursor))
        case "objection-update":
            let values = try strings(&cursor, ["id", "answer", "status"])
            guard let status = ObjectionStatus(rawValue: values[2]) else { throw Missing(field: "status") }
            return .objectionUpdated(id: values[0], answer: values[1], status: status)
        case "note": return .noted(try strings(&cursor, ["text"])[0])
        case "delivered":
            try cursor.skipValue()
            return .delivered
        case "reopened": return .reopened(reason: try strings(&cursor, ["reason"])[0])
        case "dnc-lifted":
            let values = try strings(&cursor, ["entry", "reason"])
            return .contactLifted(entry: values[0], reason: values[1])
        case "channel-block": return .channelBlocked(try channelBlock(&cursor))
        case "reassigned": return .reassigned(to: RepName(try strings(&cursor, ["to"])[0]))
        case "revoked":
            let values = try strings(&cursor, ["event", "reason"])
            return .revoked(EventID(values[0]), reason: values[1])
        case "idle-flagged": return .idleFlagged(try idleMark(&cursor))
        case "escalated": return .escalated(try idleMark(&cursor))
        case "reclaimed": return .reclaimed(try idleMark(&cursor))
        case "session": return .sessionRecorded(try sessionRecord(&cursor))
        default:
            return .unknown(kind: kind)
        }
    }

    /// A channel block: `{"channels":["phone","text"],"lifted":false,"reason":"…"}`.
    private static func channelBlock(_ cursor: inout JSONCursor) throws -> ChannelBlock {
        var channels: [Channel]?
        var lifted = false
        var reason = ""
        try cursor.object { cursor, key in
            if cursor.key(key, is: "channels") {
                var found: [Channel] = []
                try cursor.array { cursor in found.append(try enumValue(&cursor, Channel.self, field: "channel")) }
                channels = found
            } else if cursor.key(key, is: "lifted") {
                lifted = try cursor.bool()
            } else if cursor.key(key, is: "reason") {
                reason = try cursor.string()
            } else {
                try cursor.skipValue()
            }
        }
        guard let channels else { throw Missing(field: "channels") }
        return ChannelBlock(channels: channels, lifted: lifted, reason: reason)
    }

    /// An object of text fields, in the order asked (absent ones empty).
    private static func strings(_ cursor: inout JSONCursor, _ names: [StaticString]) throws -> [String] {
        var values = [String](repeating: "", count: names.count)
        try cursor.object { cursor, key in
            for (index, name) in names.enumerated() where cursor.key(key, is: name) {
                values[index] = try cursor.string()
                return
            }
            try cursor.skipValue()
        }
        return values
    }

    private static func enumValue<T: RawRepresentable>(_ cursor: inout JSONCursor, _ type: T.Type, field: String) throws -> T where T.RawValue == String {
        let text = try cursor.string()
        guard let value = T(rawValue: text) else { throw JSONCursor.Failure(offset: cursor.index, reason: "unknown \(field) '\(text)'") }
        return value
    }

    private static func optionalString(_ cursor: inout JSONCursor) throws -> String? {
        cursor.null() ? nil : try cursor.string()
    }

    static func leadProfile(_ cursor: inout JSONCursor) throws -> LeadProfile {
        var name: String?, owner: String?
        var company = "", interest = ""
        var contact = ContactPoints()
        var source = LeadSource.other
        var cycle = 30
        try cursor.object { cursor, key in
            if cursor.key(key, is: "name") {
                name = try cursor.string()
            } else if cursor.key(key, is: "owner") {
                owner = try cursor.string()
            } else if cursor.key(key, is: "company") {
                company = try cursor.string()
            } else if cursor.key(key, is: "interest") {
                interest = try cursor.string()
            } else if cursor.key(key, is: "source") {
                source = try enumValue(&cursor, LeadSource.self, field: "source")
            } else if cursor.key(key, is: "salesCycleDays") {
                cycle = try cursor.int()
            } else if cursor.key(key, is: "contact") {
                contact = try contactPoints(&cursor)
            } else {
                try cursor.skipValue()
            }
        }
        guard let name else { throw Missing(field: "name") }
        guard let owner else { throw Missing(field: "owner") }
        return LeadProfile(name: name, company: company, contact: contact, source: source, owner: RepName(owner), interest: interest, salesCycleDays: cycle)
    }

    static func contactPoints(_ cursor: inout JSONCursor) throws -> ContactPoints {
        var contact = ContactPoints()
        try cursor.object { cursor, key in
            if cursor.key(key, is: "phones") {
                var phones: [PhoneNumber] = []
                try cursor.array { cursor in
                    let values = try strings(&cursor, ["number", "label"])
                    phones.append(PhoneNumber(values[0], label: values[1]))
                }
                contact.phones = phones
            } else if cursor.key(key, is: "email") {
                contact.email = try optionalString(&cursor)
            } else if cursor.key(key, is: "preferredChannel") {
                contact.preferredChannel = try enumValue(&cursor, Channel.self, field: "channel")
            } else if cursor.key(key, is: "bestTime") {
                contact.bestTime = try enumValue(&cursor, BestTime.self, field: "best time")
            } else if cursor.key(key, is: "timeZoneID") {
                contact.timeZoneID = try cursor.string()
            } else {
                try cursor.skipValue()
            }
        }
        return contact
    }

    static func touch(_ cursor: inout JSONCursor) throws -> Touch {
        var touch = Touch(outcome: .reached)
        var sawOutcome = false
        try cursor.object { cursor, key in
            if cursor.key(key, is: "channel") {
                touch.channel = try enumValue(&cursor, Channel.self, field: "channel")
            } else if cursor.key(key, is: "outcome") {
                touch.outcome = try enumValue(&cursor, Disposition.self, field: "outcome"); sawOutcome = true
            } else if cursor.key(key, is: "note") {
                touch.note = try cursor.string()
            } else if cursor.key(key, is: "lostReason") {
                touch.lostReason = cursor.null() ? nil : try enumValue(&cursor, LostReason.self, field: "lost reason")
            } else if cursor.key(key, is: "number") {
                touch.number = try optionalString(&cursor)
            } else if cursor.key(key, is: "durationSeconds") {
                touch.durationSeconds = cursor.null() ? nil : try cursor.int()
            } else {
                try cursor.skipValue()
            }
        }
        guard sawOutcome else { throw Missing(field: "outcome") }
        return touch
    }

    static func followUp(_ cursor: inout JSONCursor) throws -> FollowUp {
        var due: Double?
        var kind: FollowUpKind?
        var channel = Channel.phone
        var purpose = ""
        try cursor.object { cursor, key in
            if cursor.key(key, is: "due") {
                due = try cursor.double()
            } else if cursor.key(key, is: "kind") {
                kind = try enumValue(&cursor, FollowUpKind.self, field: "follow-up kind")
            } else if cursor.key(key, is: "channel") {
                channel = try enumValue(&cursor, Channel.self, field: "channel")
            } else if cursor.key(key, is: "purpose") {
                purpose = try cursor.string()
            } else {
                try cursor.skipValue()
            }
        }
        guard let due else { throw Missing(field: "due") }
        guard let kind else { throw Missing(field: "kind") }
        guard let followUp = FollowUp(due: Date(timeIntervalSince1970: due), kind: kind, channel: channel, purpose: purpose) else {
            throw Missing(field: "purpose")
        }
        return followUp
    }

    static func snooze(_ cursor: inout JSONCursor) throws -> Snooze {
        var until: Double?, from: Double?
        var reason = ""
        try cursor.object { cursor, key in
            if cursor.key(key, is: "until") {
                until = try cursor.double()
            } else if cursor.key(key, is: "from") {
                from = try cursor.double()
            } else if cursor.key(key, is: "reason") {
                reason = try cursor.string()
            } else {
                try cursor.skipValue()
            }
        }
        guard let until else { throw Missing(field: "until") }
        guard let from else { throw Missing(field: "from") }
        return Snooze(until: Date(timeIntervalSince1970: until), from: Date(timeIntervalSince1970: from), reason: reason)
    }

    /// A session record's body: two times and whole numbers (the goals may be absent).
    static func sessionRecord(_ cursor: inout JSONCursor) throws -> SessionRecord {
        var times: [String: Double] = [:]
        var numbers: [String: Int] = [:]
        let timeKeys: [StaticString] = ["started", "ended"]
        let numberKeys: [StaticString] = [
            "calls", "contacts", "voicemails", "appointments", "wins", "lost", "notNow", "talkSeconds", "goalCalls", "goalContacts", "goalAppointments"
        ]
        try cursor.object { cursor, key in
            if let name = timeKeys.first(where: { cursor.key(key, is: $0) }) {
                times[name.description] = try cursor.double()
            } else if let name = numberKeys.first(where: { cursor.key(key, is: $0) }) {
                numbers[name.description] = try cursor.int()
            } else {
                try cursor.skipValue()
            }
        }
        guard let started = times["started"] else { throw Missing(field: "started") }
        guard let ended = times["ended"] else { throw Missing(field: "ended") }
        guard let calls = numbers["calls"] else { throw Missing(field: "calls") }
        guard let contacts = numbers["contacts"] else { throw Missing(field: "contacts") }
        return SessionRecord(
            started: Date(timeIntervalSince1970: started), ended: Date(timeIntervalSince1970: ended), calls: calls, contacts: contacts,
            voicemails: numbers["voicemails"] ?? 0, appointments: numbers["appointments"] ?? 0, wins: numbers["wins"] ?? 0, lost: numbers["lost"] ?? 0,
            notNow: numbers["notNow"] ?? 0, talkSeconds: numbers["talkSeconds"] ?? 0, goalCalls: numbers["goalCalls"],
            goalContacts: numbers["goalContacts"], goalAppointments: numbers["goalAppointments"])
    }

    static func idleMark(_ cursor: inout JSONCursor) throws -> IdleMark {
        var due: Double?, days: Int?, owner: String?
        try cursor.object { cursor, key in
            if cursor.key(key, is: "due") {
                due = try cursor.double()
            } else if cursor.key(key, is: "days") {
                days = try cursor.int()
            } else if cursor.key(key, is: "owner") {
                owner = try cursor.string()
            } else {
                try cursor.skipValue()
            }
        }
        guard let due else { throw Missing(field: "due") }
        guard let days else { throw Missing(field: "days") }
        guard let owner else { throw Missing(field: "owner") }
        return IdleMark(due: Date(timeIntervalSince1970: due), days: days, owner: RepName(owner))
    }

    static func agreement(_ cursor: inout JSONCursor) throws -> Agreement {
        var callbackAt: Double?, madeAt: Double?
        var number: String?
        var subject = "", customerAction = ""
        try cursor.object { cursor, key in
            if cursor.key(key, is: "callbackAt") {
                callbackAt = try cursor.double()
            } else if cursor.key(key, is: "madeAt") {
                madeAt = try cursor.double()
            } else if cursor.key(key, is: "number") {
                number = try optionalString(&cursor)
            } else if cursor.key(key, is: "subject") {
                subject = try cursor.string()
            } else if cursor.key(key, is: "customerAction") {
                customerAction = try cursor.string()
            } else {
                try cursor.skipValue()
            }
        }
        guard let callbackAt else { throw Missing(field: "callbackAt") }
        guard let madeAt else { throw Missing(field: "madeAt") }
        return Agreement(
            callbackAt: Date(timeIntervalSince1970: callbackAt), number: number, subject: subject,
            customerAction: customerAction, madeAt: Date(timeIntervalSince1970: madeAt))
    }

    static func objection(_ cursor: inout JSONCursor) throws -> Objection {
        var id: String?, loggedAt: Double?
        var category = ObjectionCategory.other
        var status = ObjectionStatus.open
        var words = "", answer = ""
        try cursor.object { cursor, key in
            if cursor.key(key, is: "id") {
                id = try cursor.string()
            } else if cursor.key(key, is: "loggedAt") {
                loggedAt = try cursor.double()
            } else if cursor.key(key, is: "category") {
                category = try enumValue(&cursor, ObjectionCategory.self, field: "category")
            } else if cursor.key(key, is: "status") {
                status = try enumValue(&cursor, ObjectionStatus.self, field: "status")
            } else if cursor.key(key, is: "words") {
                words = try cursor.string()
            } else if cursor.key(key, is: "answer") {
                answer = try cursor.string()
            } else {
                try cursor.skipValue()
            }
        }
        guard let id else { throw Missing(field: "id") }
        guard let loggedAt else { throw Missing(field: "loggedAt") }
        return Objection(id: id, category: category, words: words, answer: answer, status: status, loggedAt: Date(timeIntervalSince1970: loggedAt))
    }
}
