import Foundation

/// A short, typeable lead id such as `k7q2m`, unique within a desk.
public struct LeadID: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
    public static func < (lhs: LeadID, rhs: LeadID) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The id of one journal entry; an undo names the entry it compensates by this id.
public struct EventID: Hashable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
}

/// A sales rep's name on the desk (their login by default); each rep owns one lead calendar.
public struct RepName: Hashable, Comparable, Sendable, Codable, CustomStringConvertible, ExpressibleByStringLiteral {
    public let rawValue: String
    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }
    public init(from decoder: any Decoder) throws { rawValue = try decoder.singleValueContainer().decode(String.self) }
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }
    public var description: String { rawValue }
    public static func < (lhs: RepName, rhs: RepName) -> Bool { lhs.rawValue < rhs.rawValue }

    /// Whether a rep name is safe to use as part of a journal file name.
    public var isValid: Bool {
        !rawValue.isEmpty && rawValue.count <= 32
            && rawValue.unicodeScalars.allSatisfy { CharacterSet.alphanumerics.contains($0) && $0.isASCII || $0 == "-" || $0 == "_" || $0 == "." }
            && !rawValue.hasPrefix(".")
    }
}

/// Makes new ids; injected so that tests and seeded demos are deterministic.
public protocol IDGenerator {
    /// A new short lead id, not in `taken`.
    mutating func newLeadID(avoiding taken: (LeadID) -> Bool) -> LeadID
    /// A new event id.
    mutating func newEventID() -> EventID
    /// A new objection id.
    mutating func newObjectionID() -> String
}

/// The alphabet of lead ids: lowercase letters and digits without look-alikes (0/o, 1/l/i).
public enum LeadIDAlphabet {
    public static let characters: [Character] = Array("23456789abcdefghjkmnpqrstuvwxyz")
    /// The same alphabet as bytes.
    static let bytes: [UInt8] = Array("23456789abcdefghjkmnpqrstuvwxyz".utf8)
    public static let length = 5
}

/// Ids drawn from a seeded pseudo-random generator: the same seed gives the same ids.
public struct SeededIDGenerator: IDGenerator {
    private var random: SeededRandom
    private var eventCounter: UInt64 = 0
    private let prefix: String

    public init(seed: UInt64) {
        random = SeededRandom(seed: seed)
        var prefixRandom = SeededRandom(seed: seed ^ 0x9E37_79B9_7F4A_7C15)
        prefix = String(prefixRandom.next() & 0xFFFF_FFFF, radix: 36)
    }

    public mutating func newLeadID(avoiding taken: (LeadID) -> Bool) -> LeadID {
        while true {
            let alphabet = LeadIDAlphabet.bytes
            var text: [UInt8] = []
            text.reserveCapacity(LeadIDAlphabet.length)
            for _ in 0..<LeadIDAlphabet.length {
                text.append(alphabet[Int(random.next() % UInt64(alphabet.count))])
            }
            let id = LeadID(String(decoding: text, as: UTF8.self))
            if !taken(id) { return id }
        }
    }

    public mutating func newEventID() -> EventID {
        eventCounter += 1
        return EventID(prefix + "-" + String(eventCounter, radix: 36))
    }

    public mutating func newObjectionID() -> String {
        "obj-" + String(random.next() & 0xFF_FFFF_FFFF, radix: 36)
    }
}

/// A small deterministic pseudo-random generator (SplitMix64) for seeded demos and ids.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64
    public init(seed: UInt64) { state = seed }
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var value = state
        value = (value ^ (value >> 30)) &* 0xBF58_476D_1CE4_E5B9
        value = (value ^ (value >> 27)) &* 0x94D0_49BB_1331_11EB
        return value ^ (value >> 31)
    }
}
