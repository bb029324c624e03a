import BebackDomain

/// Finds a lead that an imported record duplicates: the same phone number once normalised to E.164
/// with the desk's country (`(617) 555-0142` is `+1 617 555 0142` on a US desk), or the same email
/// address (case ignored). It holds the desk's leads and the records taken from the file so far.
public struct DuplicateIndex: Sendable {
    /// The lead a record duplicates: one already on the desk, or an earlier record of the file.
    public enum Match: Hashable, Sendable {
        case desk(LeadID)
        case file(Int)
    }

    /// What the two have in common.
    public enum Reason: String, Sendable {
        case phone = "same phone"
        case email = "same email"
    }

    private var phones: [String: Match] = [:]
    private var emails: [String: Match] = [:]
    /// How numbers are reduced to their key.
    public let normalizer: PhoneNormalizer

    public init(normalizer: PhoneNormalizer = PhoneNormalizer(country: nil)) { self.normalizer = normalizer }

    /// An index of every lead on the desk, whoever owns it.
    public init(state: DeskState, normalizer: PhoneNormalizer = PhoneNormalizer(country: nil)) {
        self.normalizer = normalizer
        for lead in state.leads.values.sorted(by: { $0.id < $1.id }) {
            insert(lead.profile.contact, as: .desk(lead.id))
        }
    }

    /// The keys of a lead's contact points, worked out once for a match and then an insert.
    struct Keys: Sendable {
        var phones: [String]
        var email: String?
    }

    /// Makes room for the keys of about `leads` more leads (a phone and an email each).
    public mutating func reserveCapacity(_ leads: Int) {
        phones.reserveCapacity(phones.count + leads)
        emails.reserveCapacity(emails.count + leads)
    }

    /// The lead these contact points duplicate, if any (a phone match first).
    public func match(_ contact: ContactPoints) -> (Match, Reason)? { match(keys(contact)) }

    /// Remembers the contact points of a lead (keys already taken keep their first lead).
    public mutating func insert(_ contact: ContactPoints, as match: Match) { insert(keys(contact), as: match) }

    func keys(_ contact: ContactPoints) -> Keys { Self.keys(contact, normalizer: normalizer) }

    /// The keys of contact points with numbers reduced by `normalizer` (no index needed).
    static func keys(_ contact: ContactPoints, normalizer: PhoneNormalizer) -> Keys {
        Keys(phones: contact.phones.compactMap { normalizer.key($0.number) ?? phoneKey($0.number) }, email: contact.email.flatMap(emailKey))
    }

    func match(_ keys: Keys) -> (Match, Reason)? {
        for key in keys.phones {
            if let found = phones[key] { return (found, .phone) }
        }
        if let key = keys.email, let found = emails[key] { return (found, .email) }
        return nil
    }

    mutating func insert(_ keys: Keys, as match: Match) {
        // One lookup each: a key already taken keeps its lead, a new one gets this.
        for key in keys.phones { Self.keep(&phones[key, default: match]) }
        if let key = keys.email { Self.keep(&emails[key, default: match]) }
    }

    private static func keep(_ match: inout Match) {}

    /// A phone number's key: its E.164 form, else its digits (`+` kept); nil when it is no number.
    public func key(_ number: String) -> String? { normalizer.key(number) ?? Self.phoneKey(number) }

    /// A phone number reduced for matching without a country: `+44 20 7946 0003`, `+44 (20) 7946-0003` and
    /// `0044 20 7946 0003` match; nil when it has no digits.
    public static func phoneKey(_ number: String) -> String? {
        var key = [UInt8]()
        key.reserveCapacity(16)
        var seenDigit = false
        for byte in number.utf8 {
            if byte >= 0x30, byte <= 0x39 {
                key.append(byte)
                seenDigit = true
            } else if byte == UInt8(ascii: "+"), key.isEmpty {
                key.append(byte)
            }
        }
        guard seenDigit else { return nil }
        if key.starts(with: [0x30, 0x30]) { key.replaceSubrange(0..<2, with: [UInt8(ascii: "+")]) }
        return String(decoding: key, as: UTF8.self)
    }

    /// An email reduced for matching: trimmed, lower-case; nil when empty.
    public static func emailKey(_ email: String) -> String? {
        let key = ASCIIText.lowercased(email.trimmedCell)
        return key.isEmpty ? nil : key
    }
}
