import BebackCodec
import BebackDomain
import Foundation

/// An event store that keeps everything in memory: for tests and for trying the desk without files.
/// Two stores made with `sharing:` see one set of journals, as two processes on one desk folder would.
public final class InMemoryEventStore: EventStore {
    private final class Backing {
        var journals: [JournalName: Int] = [:]
        var order: [StoredEvent] = []
    }

    private let backing: Backing
    private var delivered = 0
    private var ownEvents: Set<EventID> = []
    /// Set to make appends fail, as a full disk would.
    public var failure: StoreError?
    public var readOnlyReason: String?

    public init() { backing = Backing() }

    /// A second handle on the same journals.
    public init(sharing other: InMemoryEventStore) { backing = other.backing }

    public func append(_ events: [Event], to journal: JournalName) throws -> [StoredEvent] {
        if let readOnlyReason { throw StoreError.readOnly(readOnlyReason) }
        if let failure { throw failure }
        for event in events { _ = try EventCodec.encode(event) }
        var count = backing.journals[journal, default: 0]
        var stored: [StoredEvent] = []
        for event in events {
            count += 1
            stored.append(StoredEvent(event: event, journal: journal, sequence: UInt64(count), offset: 0))
            ownEvents.insert(event.id)
        }
        backing.journals[journal] = count
        backing.order.append(contentsOf: stored)
        return stored
    }

    public func load() throws -> LoadResult {
        delivered = backing.order.count
        return LoadResult(events: backing.order.sorted(by: StoredEvent.replayOrder))
    }

    public func poll() throws -> [StoredEvent] {
        let fresh = backing.order[delivered...].filter { !ownEvents.contains($0.event.id) }
        delivered = backing.order.count
        return fresh.sorted(by: StoredEvent.replayOrder)
    }
}
