import Foundation

/// One phone number of a lead, with what it is (mobile, work, home).
public struct PhoneNumber: Hashable, Sendable, Codable {
    public var number: String
    public var label: String
    public init(_ number: String, label: String = "mobile") {
        self.number = number
        self.label = label
    }

    /// The fewest digits a phone number can have and still be dialled (the shortest national numbers have four).
    public static let minimumDigits = 4

    /// How many digits the number holds (spaces, dashes, brackets and a `+` do not count).
    public var digitCount: Int {
        if ASCIIText.isASCII(number) { return number.utf8.reduce(0) { $0 + ($1 >= 0x30 && $1 <= 0x39 ? 1 : 0) } }
        return number.reduce(0) { $0 + ($1.isASCII && $1.isNumber ? 1 : 0) }
    }

    /// Whether the number has enough digits to be dialled (`minimumDigits`): '' and 'abc' do not.
    public var hasEnoughDigits: Bool { digitCount >= Self.minimumDigits }

    /// The digits (and a leading +) only, for matching duplicates and dialling.
    public var normalized: String {
        var result = ""
        for (index, character) in number.enumerated() {
            if character.isASCII, character.isNumber { result.append(character) } else if character == "+", index == 0 { result.append(character) }
        }
        return result
    }
}

/// The part of the day a lead said suits them best.
public enum BestTime: String, Sendable, Codable, CaseIterable {
    case anytime, morning, afternoon, evening

    /// The local minutes of the day this preference covers (start inclusive, end exclusive).
    public var minutes: Range<Int> {
        switch self {
        case .anytime: return 0..<(24 * 60)
        case .morning: return (9 * 60)..<(12 * 60)
        case .afternoon: return (12 * 60)..<(17 * 60)
        case .evening: return (17 * 60)..<(21 * 60)
        }
    }
}

/// How to reach a lead: numbers, email, preferred channel, best time and the lead's time zone.
public struct ContactPoints: Equatable, Sendable, Codable {
    public var phones: [PhoneNumber]
    public var email: String?
    public var preferredChannel: Channel
    public var bestTime: BestTime
    /// An IANA time zone name such as `Europe/London`; the lead's own clock.
    public var timeZoneID: String

    public init(
        phones: [PhoneNumber] = [], email: String? = nil, preferredChannel: Channel = .phone,
        bestTime: BestTime = .anytime, timeZoneID: String = "UTC"
    ) {
        self.phones = phones
        self.email = email
        self.preferredChannel = preferredChannel
        self.bestTime = bestTime
        self.timeZoneID = timeZoneID
    }

    /// The lead's time zone (UTC when the stored name is unknown).
    public var timeZone: TimeZone { TimeZone(identifier: timeZoneID) ?? TimeZone(identifier: "UTC")! }

    /// Whether there is any way at all to reach the person.
    public var isReachable: Bool { !phones.isEmpty || !(email ?? "").isEmpty }
}
