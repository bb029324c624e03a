import Foundation

/// Why a follow-up was scheduled, which decides how the due list treats it.
public enum FollowUpKind: String, Sendable, Codable, CaseIterable {
    /// The first follow-up after the first conversation (rule 1).
    case first
    /// Another try after a voicemail, no answer or busy line (rules 2, 3).
    case retry
    /// A callback at the time the customer agreed (rule 4): due exactly then.
    case agreedCallback = "agreed-callback"
    /// An appointment: due exactly then.
    case appointment
    /// A follow-up after a conversation with no precise agreement.
    case nurture
    /// A long-term check-in after "not now" (rule 6).
    case longTerm = "long-term"
    /// The satisfaction call after a purchase (rule 9).
    case satisfaction
    /// A long-term check-in with a customer after the satisfaction call (post-purchase nurture).
    case customerCheckIn = "customer-check-in"
    /// A time the rep chose by hand.
    case manual

    /// Whether the lead is due at exactly this time (not "some time that day").
    public var isExact: Bool { self == .agreedCallback || self == .appointment }
}

/// The next planned touch of a lead: when, by which channel, and what for. It always has a purpose.
public struct FollowUp: Equatable, Sendable, Codable {
    public var due: Date
    public var kind: FollowUpKind
    public var channel: Channel
    public private(set) var purpose: String

    /// Fails when the purpose is empty: every follow-up says why we call.
    public init?(due: Date, kind: FollowUpKind, channel: Channel = .phone, purpose: String) {
        // Trimming goes through Foundation and is slow; most purposes need none (the replay path calls this a lot).
        let needsTrim = !Self.printableASCIIEnds(purpose) && (purpose.first?.isWhitespace == true || purpose.last?.isWhitespace == true)
        let trimmed = needsTrim ? purpose.trimmingCharacters(in: .whitespacesAndNewlines) : purpose
        guard !trimmed.isEmpty else { return nil }
        self.due = due
        self.kind = kind
        self.channel = channel
        self.purpose = trimmed
    }

    /// Whether the text starts and ends with a printable ASCII byte, so that neither its first nor
    /// its last character is whitespace, told without splitting it into characters (a compaction
    /// makes a follow-up from every planning entry of the desk). A character is whitespace when its
    /// first scalar is; one that ends with such a byte is that byte alone, or a prepended mark and it.
    static func printableASCIIEnds(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        return (0x21...0x7E).contains(first) && (0x21...0x7E).contains(last)
    }

    /// A follow-up read back from a snapshot: its purpose was checked and trimmed when it was first made
    /// (a snapshot's checksum vouches for the bytes), so opening a desk skips the whitespace scan.
    public init(restoring due: Date, kind: FollowUpKind, channel: Channel, checkedPurpose: String) {
        self.due = due
        self.kind = kind
        self.channel = channel
        self.purpose = checkedPurpose
    }

    /// The synthesized shape, with the one rule a decoded follow-up must keep too: it has a purpose.
    /// Plain `Codable` conformances of value types stay with their types in the domain (this one, and
    /// the identifiers' single-string form); how an event is laid out in a journal entry is BebackCodec's.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        due = try container.decode(Date.self, forKey: .due)
        kind = try container.decode(FollowUpKind.self, forKey: .kind)
        channel = try container.decode(Channel.self, forKey: .channel)
        let text = try container.decode(String.self, forKey: .purpose)
        guard !text.isEmpty else {
            throw DecodingError.dataCorruptedError(forKey: .purpose, in: container, debugDescription: "a follow-up needs a purpose")
        }
        purpose = text
    }
}
