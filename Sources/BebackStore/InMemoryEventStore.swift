import BebackCodec
import BebackDomain
import Foundation

/// An event store that keeps everything in memory: for tests and for trying the desk without files.
/// Two stores made with `sharing:` see one set of journals, as two processes on one desk folder would.
public final class InMemoryEventStore: EventStore {
    private final class Backing {
        var journals: [JournalName: Int] = [:]
        var order: [StoredEvent] = []
        /// Each journal's last entry's causal order.
        var lastOrders: [JournalName: UInt64] = [:]
    }

    private let backing: Backing
    private var delivered = 0
    private var ownEvents: Set<EventID> = []
    /// The latest causal order this handle has read or written (`EntryOrder`).
    private var latestOrder: UInt64 = 0
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
        var latest = max(latestOrder, backing.lastOrders[journal, default: 0])
        for event in events {
            count += 1
            latest = EntryOrder.next(at: event.at, after: latest)
            stored.append(StoredEvent(event: event, journal: journal, sequence: UInt64(count), offset: 0, order: latest))
            ownEvents.insert(event.id)
        }
        backing.journals[journal] = count
        backing.lastOrders[journal] = latest
        latestOrder = latest
        backing.order.append(contentsOf: stored)
        return stored
    }

    public func load() throws -> LoadResult {
        delivered = backing.order.count
        let events = backing.order.sorted(by: StoredEvent.replayOrder)
        latestOrder = max(latestOrder, events.last?.order ?? 0)
        return LoadResult(events: events)
    }

    public func poll() throws -> [StoredEvent] {
        let fresh = backing.order[delivered...].filter { !ownEvents.contains($0.event.id) }.sorted(by: StoredEvent.replayOrder)
        delivered = backing.order.count
        latestOrder = max(latestOrder, fresh.last?.order ?? 0)
        return fresh
    }
}
