import Foundation

/// A lead asked not to be reached on some channels (a `channel-block` entry), or such a request
/// was taken back (`lifted`). Who recorded it is the entry's author; `reason` says why.
///
/// Only calls, texts and email can be blocked (`ChannelBlock.blockable`); a whole-lead
/// do-not-contact (the outcome) still blocks every channel and closes the lead. "Do not call"
/// blocks calls and texts: a text reaches the same phone, and telemarketing rules (the FCC's
/// do-not-call rules among them) count a text as a call; an email opt-out blocks email only.
public struct ChannelBlock: Equatable, Sendable, Codable {
    /// The channels it blocks (or unblocks), in `blockable` order, each once.
    public var channels: [Channel]
    /// Whether this entry takes the block back rather than setting it.
    public var lifted: Bool
    public var reason: String

    /// The channels a lead can ask not to be reached on.
    public static let blockable: [Channel] = [.phone, .text, .email]
    /// What "do not call" blocks: calls and texts.
    public static let doNotCall: Set<Channel> = [.phone, .text]

    /// A block (or lift) of `channels`; channels that cannot be blocked are left out.
    public init(channels: some Sequence<Channel>, lifted: Bool = false, reason: String) {
        let wanted = Set(channels)
        self.channels = Self.blockable.filter(wanted.contains)
        self.lifted = lifted
        self.reason = reason
    }

    enum CodingKeys: String, CodingKey { case channels, lifted, reason }

    /// Read as written (`lifted` absent reads as false); channels that cannot be blocked are left out.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(
            channels: try container.decode([Channel].self, forKey: .channels),
            lifted: try container.decodeIfPresent(Bool.self, forKey: .lifted) ?? false,
            reason: try container.decodeIfPresent(String.self, forKey: .reason) ?? "")
    }

    /// How a set of blocked channels reads: "no calls, texts or email".
    public static func describe(_ channels: Set<Channel>) -> String {
        let words = blockable.filter(channels.contains).map(word)
        guard let last = words.last else { return "" }
        return "no " + (words.count == 1 ? last : words.dropLast().joined(separator: ", ") + " or " + last)
    }

    /// One channel as a block names it ("calls", "texts", "email").
    public static func word(_ channel: Channel) -> String {
        switch channel {
        case .phone: return "calls"
        case .text: return "texts"
        case .email: return "email"
        default: return channel.label
        }
    }
}

extension LeadState {
    /// Whether the lead may not be reached on `channel`: it asked not to be contacted at all, or
    /// not on that channel.
    public func blocks(_ channel: Channel) -> Bool {
        doNotContact || blockedChannels.contains(channel)
    }

    /// The channels the lead may not be reached on, as the desk and `show` print them ("no calls
    /// or texts"); empty when none is blocked. A whole-lead do-not-contact says so elsewhere.
    public var blockedChannelsText: String { ChannelBlock.describe(blockedChannels) }
}

/// Writing and lifting per-channel blocks: the entries a block makes, the plan moved off a blocked
/// channel, and a block that leaves no way to reach the lead becoming a whole-lead do-not-contact.
public enum ChannelBlocking {
    /// The channels of `contact` a lead could be reached on at all: calls and texts with a number, email with an address.
    public static func reachable(_ contact: ContactPoints) -> Set<Channel> {
        var channels: Set<Channel> = []
        if !contact.phones.isEmpty { channels.formUnion([.phone, .text]) }
        if !(contact.email ?? "").trimmingCharacters(in: .whitespaces).isEmpty { channels.insert(.email) }
        return channels
    }

    /// Whether blocking `blocked` leaves the lead no way to be reached: every blockable channel, or
    /// every channel its contact details give.
    public static func leavesNoWay(_ blocked: Set<Channel>, contact: ContactPoints) -> Bool {
        if ChannelBlock.blockable.allSatisfy(blocked.contains) { return true }
        let reachable = reachable(contact)
        return !reachable.isEmpty && reachable.isSubset(of: blocked)
    }

    /// The channel to use instead of `wanted` when the lead blocks it: email, then a call, then a
    /// text, among those its contact details give and it does not block; `wanted` itself when it
    /// is not blocked; nil when nothing is left.
    public static func allowed(_ wanted: Channel, contact: ContactPoints, blocked: Set<Channel>) -> Channel? {
        guard blocked.contains(wanted) else { return wanted }
        let reachable = reachable(contact)
        return [Channel.email, .phone, .text].first { reachable.contains($0) && !blocked.contains($0) }
    }

    /// A step's purpose once it moved off a call to `channel`: "first call from a list: …" reads
    /// "first email from a list: …"; any other purpose is kept as written.
    public static func purpose(_ purpose: String, movedTo channel: Channel) -> String {
        guard channel != .phone, purpose.hasPrefix("first call") else { return purpose }
        return "first \(channel.label)" + purpose.dropFirst("first call".count)
    }

    /// The entries that block `channels` on `lead`, by whoever writes them: the block, then the
    /// next step moved to a channel still open when it was on a blocked one. When the block would
    /// leave no way to reach the lead, it is a whole-lead do-not-contact instead (the touch and the
    /// end of the plan, as the outcome writes them). Empty when every channel is already blocked.
    public static func blockPayloads(_ channels: Set<Channel>, reason: String, on lead: LeadState) -> [EventPayload] {
        let block = ChannelBlock(channels: channels.subtracting(lead.blockedChannels), reason: reason)
        guard !block.channels.isEmpty, !lead.doNotContact else { return [] }
        let after = lead.blockedChannels.union(block.channels)
        if leavesNoWay(after, contact: lead.profile.contact) {
            return [
                .touched(Touch(channel: block.channels[0], outcome: .doNotContact, note: reason)),
                .unscheduled(reason: "asked not to be contacted (\(ChannelBlock.describe(after)))")
            ]
        }
        var payloads: [EventPayload] = [.channelBlocked(block)]
        if let next = lead.next, after.contains(next.channel),
            let channel = allowed(next.channel, contact: lead.profile.contact, blocked: after)
        {
            let purpose = purpose(next.purpose, movedTo: channel)
            payloads.append(.scheduled(FollowUp(restoring: next.due, kind: next.kind, channel: channel, checkedPurpose: purpose)))
        }
        return payloads
    }

    /// The entry that takes back the blocks of `channels` on `lead` (nil when none of them is blocked).
    public static func liftPayload(_ channels: Set<Channel>, reason: String, on lead: LeadState) -> EventPayload? {
        let lift = ChannelBlock(channels: channels.intersection(lead.blockedChannels), lifted: true, reason: reason)
        return lift.channels.isEmpty ? nil : .channelBlocked(lift)
    }
}
