import BebackDomain
import Foundation

/// What opening a desk needs of one journal entry to know which leads exist, whose they are,
/// whether they are open and when they are due: read from the entry's bytes without decoding the
/// entry whole (no profile, note or objection text is made). The lead's history is decoded only
/// when the lead is shown (`DigestFold`, and the store's journal archive).
public struct EventDigest: Equatable, Sendable {
    /// How the entry changes what a list line shows of its lead.
    public enum Effect: Equatable, Sendable {
        /// A new lead (or a capture that replaces one), owned by `owner`.
        case captured(owner: RepName)
        /// The lead's profile was rewritten; its owner is now `owner`.
        case profile(owner: RepName)
        case touched(Disposition)
        case scheduled(due: Date)
        case unscheduled
        case reassigned(to: RepName)
        /// Taken back to the pool.
        case reclaimed
        /// A closed lead is worked again.
        case reopened
        case revoked(EventID)
        /// A kind this build knows that changes nothing a list line shows.
        case other
        /// A kind this build does not know.
        case unknown
    }

    public var id: EventID
    public var at: Date
    public var lead: LeadID
    public var effect: Effect
    /// The entry's place in replay order, in milliseconds (`EntryOrder`): its order, or its time for
    /// an entry written without one.
    public var order: UInt64

    public init(id: EventID, at: Date, lead: LeadID, effect: Effect, order: UInt64? = nil) {
        self.id = id
        self.at = at
        self.lead = lead
        self.effect = effect
        self.order = order ?? EntryOrder.milliseconds(at.timeIntervalSince1970)
    }

    /// The key replay sorts by (seconds, milliseconds as the fraction).
    public var replayTime: Double { EntryOrder.seconds(order) }

    /// The digest of one journal payload; throws where the payload is not a readable entry
    /// (a missing field, a newer payload version, JSON that does not hold together).
    ///
    /// Entries laid out as beback writes them take a quick path (`DigestScanner`) that skips the
    /// parts it does not need without checking their grammar; any other layout, and anything unusual
    /// (an escape in a needed value, a fraction, a value of the wrong type), is read by the strict
    /// reader instead. Whole
    /// entries are decoded, grammar and all, by the desk's idle check of each journal.
    public static func read(_ bytes: UnsafeRawBufferPointer) throws -> EventDigest {
        var scanner = DigestScanner(bytes)
        return try scanner.canonicalDigest() ?? readStrictly(bytes)
    }

    /// The quick path alone, as byte ranges of `bytes` (nil: the entry needs the strict reader,
    /// `read`). Made for a reader that keeps its own tables of leads and names.
    public static func quickFields(_ bytes: UnsafeRawBufferPointer) -> RawEventDigest? {
        var scanner = DigestScanner(bytes)
        return scanner.canonicalFields()
    }

    /// The digest the quick path's ranges of `bytes` stand for.
    init(_ raw: RawEventDigest, in bytes: UnsafeRawBufferPointer) {
        func text(_ range: Range<Int>) -> String { String(decoding: UnsafeRawBufferPointer(rebasing: bytes[range]), as: UTF8.self) }
        let effect: Effect
        switch raw.effect {
        case .captured(let owner): effect = .captured(owner: RepName(text(owner)))
        case .profile(let owner): effect = .profile(owner: RepName(text(owner)))
        case .touched(let outcome): effect = .touched(outcome)
        case .scheduled(let due): effect = .scheduled(due: Date(timeIntervalSince1970: due))
        case .unscheduled: effect = .unscheduled
        case .reassigned(let rep): effect = .reassigned(to: RepName(text(rep)))
        case .reclaimed: effect = .reclaimed
        case .reopened: effect = .reopened
        case .revoked(let target): effect = .revoked(EventID(text(target)))
        case .other: effect = .other
        case .unknown: effect = .unknown
        }
        self.init(id: EventID(text(raw.id)), at: Date(timeIntervalSince1970: raw.at), lead: LeadID(text(raw.lead)), effect: effect, order: raw.order)
    }

    /// The digest by the strict reader (`JSONCursor`), which checks the whole entry's JSON grammar.
    static func readStrictly(_ bytes: UnsafeRawBufferPointer) throws -> EventDigest {
        let envelope = try FastEventDecoder.envelope(bytes)
        var reader = JSONCursor(bytes, at: envelope.body.lowerBound)
        let effect = try Self.effect(kind: envelope.kind, cursor: &reader)
        return EventDigest(
            id: EventID(envelope.id), at: Date(timeIntervalSince1970: envelope.at), lead: LeadID(envelope.lead), effect: effect,
            order: envelope.order)
    }

    private static func effect(kind: String, cursor: inout JSONCursor) throws -> Effect {
        if kind == "touch" {
            var outcome: Disposition?
            try cursor.object { cursor, key in
                if cursor.key(key, is: "outcome") {
                    let text = try cursor.string()
                    guard let value = Disposition(rawValue: text) else { throw cursor.failure("unknown outcome '\(text)'") }
                    outcome = value
                } else {
                    try cursor.skipValue()
                }
            }
            guard let outcome else { throw FastEventDecoder.Missing(field: "outcome") }
            return .touched(outcome)
        }
        if kind == "scheduled" {
            guard let due = try number(named: "due", in: &cursor) else { throw FastEventDecoder.Missing(field: "due") }
            return .scheduled(due: Date(timeIntervalSince1970: due))
        }
        if kind == "captured" {
            var owner: String?
            try cursor.object { cursor, key in
                if cursor.key(key, is: "profile") {
                    guard let found = try string(named: "owner", in: &cursor) else { throw FastEventDecoder.Missing(field: "owner") }
                    owner = found
                } else {
                    try cursor.skipValue()
                }
            }
            guard let owner else { throw FastEventDecoder.Missing(field: "profile") }
            return .captured(owner: RepName(owner))
        }
        if kind == "profile" {
            guard let owner = try string(named: "owner", in: &cursor) else { throw FastEventDecoder.Missing(field: "owner") }
            return .profile(owner: RepName(owner))
        }
        if kind == "unscheduled" { try cursor.skipValue(); return .unscheduled }
        if kind == "reassigned" {
            guard let rep = try string(named: "to", in: &cursor) else { throw FastEventDecoder.Missing(field: "to") }
            return .reassigned(to: RepName(rep))
        }
        if kind == "revoked" {
            guard let target = try string(named: "event", in: &cursor) else { throw FastEventDecoder.Missing(field: "event") }
            return .revoked(EventID(target))
        }
        if kind == "reclaimed" { try cursor.skipValue(); return .reclaimed }
        if kind == "reopened" { try cursor.skipValue(); return .reopened }
        try cursor.skipValue()
        return Self.otherKinds.contains(kind) ? .other : .unknown
    }

    /// The kinds this build decodes that change nothing a list line shows.
    private static let otherKinds: Set<String> = [
        "agreement", "decision", "feedback", "objection", "objection-update", "note",
        "delivered", "idle-flagged", "escalated", "dnc-lifted", "snoozed", "session",
        "channel-block"
    ]

    /// The last string value of `name` in the object at the cursor (nil when absent).
    private static func string(named name: StaticString, in cursor: inout JSONCursor) throws -> String? {
        var found: String?
        try cursor.object { cursor, key in
            if cursor.key(key, is: name) { found = try cursor.string() } else { try cursor.skipValue() }
        }
        return found
    }

    /// The last number value of `name` in the object at the cursor (nil when absent).
    private static func number(named name: StaticString, in cursor: inout JSONCursor) throws -> Double? {
        var found: Double?
        try cursor.object { cursor, key in
            if cursor.key(key, is: name) { found = try cursor.double() } else { try cursor.skipValue() }
        }
        return found
    }
}

/// An entry's digest as the quick path finds it (`EventDigest.quickFields`): times and outcomes
/// read, text left as byte ranges of the entry, so a reader with tables of the leads and names it
/// has seen makes no string for an entry whose lead it knows. The id, lead and kind are plain
/// printable ASCII without escapes (anything else goes to the strict reader).
public struct RawEventDigest: Sendable {
    /// `EventDigest.Effect`, with ranges where that holds text.
    public enum Effect: Sendable {
        case captured(owner: Range<Int>)
        case profile(owner: Range<Int>)
        case touched(Disposition)
        case scheduled(due: Double)
        case unscheduled
        case reassigned(to: Range<Int>)
        case reclaimed
        case reopened
        case revoked(Range<Int>)
        case other
        case unknown
    }

    /// Seconds since 1970 (a whole number).
    public var at: Double
    public var id: Range<Int>
    public var lead: Range<Int>
    public var effect: Effect
    /// The entry's order (milliseconds), when it was written with one.
    public var order: UInt64?

    /// The entry's place in replay order, in milliseconds.
    public var replayOrder: UInt64 { order ?? EntryOrder.milliseconds(at) }
    /// The same as seconds (milliseconds as the fraction): the key replay sorts by.
    public var replayTime: Double { EntryOrder.seconds(replayOrder) }
}
