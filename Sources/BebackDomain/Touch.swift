import Foundation

/// One contact attempt on one channel, with its outcome.
public struct Touch: Equatable, Sendable, Codable {
    public var channel: Channel
    public var outcome: Disposition
    public var note: String
    public var lostReason: LostReason?
    /// The number dialled, when it was a call.
    public var number: String?
    /// How long the call lasted, when known.
    public var durationSeconds: Int?

    public init(
        channel: Channel = .phone, outcome: Disposition, note: String = "", lostReason: LostReason? = nil,
        number: String? = nil, durationSeconds: Int? = nil
    ) {
        self.channel = channel
        self.outcome = outcome
        self.note = note
        self.lostReason = lostReason
        self.number = number
        self.durationSeconds = durationSeconds
    }
}
