import BebackDomain
import Foundation

/// The fields every journal entry has (id, author, lead, time and place in replay order), read
/// without decoding its body: what a bulk copy needs of each entry for the database's columns.
public struct EntryEnvelope: Sendable, Equatable {
    public var id: String
    public var actor: String
    public var lead: String
    /// The entry's own time (seconds since 1970).
    public var at: Double
    /// Its place in replay order (`EntryOrder`): its order, or its time for an entry written without one.
    public var order: UInt64

    public init(id: String, actor: String, lead: String, at: Double, order: UInt64) {
        self.id = id
        self.actor = actor
        self.lead = lead
        self.at = at
        self.order = order
    }

    /// Reads the envelope of a payload; throws as a decode does on a missing field or a newer version.
    public static func read(_ bytes: UnsafeRawBufferPointer) throws -> EntryEnvelope {
        let envelope = try FastEventDecoder.envelope(bytes)
        return EntryEnvelope(
            id: envelope.id, actor: envelope.actor, lead: envelope.lead, at: envelope.at,
            order: envelope.order ?? EntryOrder.milliseconds(envelope.at))
    }
}
