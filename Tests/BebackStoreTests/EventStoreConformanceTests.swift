import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// How to make a pair of stores on one desk (as two processes would have).
enum StoreKind: String, CaseIterable, CustomTestStringConvertible {
    case memory, files
    #if Postgres
        case postgres
    #endif
    var testDescription: String { rawValue }

    /// PostgreSQL joins when the test server is up; `PostgresConformanceTests` is skipped, loudly, when it is not.
    static var allCases: [StoreKind] {
        #if Postgres
            return PostgresTestServer.isAvailable ? [.memory, .files, .postgres] : [.memory, .files]
        #else
            return [.memory, .files]
        #endif
    }

    func makePair() throws -> (any EventStore, any EventStore) {
        switch self {
        case .memory:
            let first = InMemoryEventStore()
            return (first, InMemoryEventStore(sharing: first))
        case .files:
            let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("desk"))
            return (try FileEventStore(folder: folder), try FileEventStore(folder: folder))
        #if Postgres
            case .postgres:
                return try PostgresStorePair.make()
        #endif
        }
    }
}

func sampleEvents(rep: RepName = "ann", count: Int = 3, start: Int = 0) throws -> [Event] {
    var desk = DeskHarness(rep: rep)
    desk.ids = SeededIDGenerator(seed: UInt64(start + 1))
    var events: [Event] = []
    for index in 0..<count {
        let at = Date(timeIntervalSince1970: 1_790_000_000 + Double(start + index) * 60)
        var profile = Fixtures.profile(name: "Lead \(start + index)", owner: rep)
        profile.interest = "item \(index)"
        events += try desk.actions.capture(profile, wants: "", holdingBack: "", state: desk.state, at: at, ids: &desk.ids).prefix(1)
    }
    return events
}

@Suite("One conformance suite for every event store")
struct EventStoreConformanceTests {
    @Test("appended events load back in replay order, equal", arguments: StoreKind.allCases)
    func appendAndLoad(kind: StoreKind) throws {
        let (store, _) = try kind.makePair()
        let events = try sampleEvents(count: 5)
        let stored = try store.append(events, to: .rep("ann"))
        #expect(stored.map(\.sequence) == [1, 2, 3, 4, 5])
        let loaded = try store.load()
        #expect(loaded.events.map(\.event) == events)
        #expect(loaded.problems.isEmpty)
    }

    @Test("journals of writers that never saw each other merge by time, then journal, then sequence", arguments: StoreKind.allCases)
    func mergeOrder(kind: StoreKind) throws {
        let (store, other) = try kind.makePair()
        let ann = try sampleEvents(rep: "ann", count: 3, start: 0)
        let ben = try sampleEvents(rep: "ben", count: 3, start: 1)
        // Two processes, neither having read the other's entries: nothing orders one after the other but their times.
        _ = try other.append(ben, to: .rep("ben"))
        _ = try store.append(ann, to: .rep("ann"))
        let loaded = try store.load().events
        let expected = (ann.map { ($0, "rep-ann") } + ben.map { ($0, "rep-ben") })
            .sorted { ($0.0.at, $0.1) < ($1.0.at, $1.1) }.map(\.0)
        #expect(loaded.map(\.event) == expected)
    }

    @Test("another handle's appends show up on poll, our own do not come back twice", arguments: StoreKind.allCases)
    func pollSeesOthers(kind: StoreKind) throws {
        let (first, second) = try kind.makePair()
        _ = try first.load()
        _ = try second.load()
        let mine = try sampleEvents(rep: "ann", count: 2)
        let theirs = try sampleEvents(rep: "ben", count: 2, start: 10)
        _ = try first.append(mine, to: .rep("ann"))
        _ = try second.append(theirs, to: .rep("ben"))
        #expect(try first.poll().map(\.event) == theirs)
        #expect(try second.poll().map(\.event) == mine)
        #expect(try first.poll().isEmpty)
    }

    @Test("state folded from a reload equals the state folded live", arguments: StoreKind.allCases)
    func reloadEqualsLive(kind: StoreKind) throws {
        let (store, _) = try kind.makePair()
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-02 10:00", "Europe/London"))
        try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail), at: Fixtures.at("2026-11-03 10:00", "Europe/London"))
        _ = try store.append(desk.events, to: .rep("ann"))
        #expect(try store.load().state == desk.state)
    }

    @Test(
        "after a batch of more entries than milliseconds, the desk's last entry time is the entries' latest own time, replayed or opened",
        arguments: StoreKind.allCases)
    func lastEventTimeAfterALargeBatch(kind: StoreKind) throws {
        let (store, _) = try kind.makePair()
        // 1,200 entries at one instant: their places in replay order run more than a second past it.
        let instant = Date(timeIntervalSince1970: 1_790_000_000)
        let batch = try sampleEvents(count: 1_200).map { event in
            var atOnce = event
            atOnce.at = instant
            return atOnce
        }
        let earlier = try sampleEvents(rep: "ben", count: 1, start: 5_000).map { event in
            var before = event
            before.at = instant.addingTimeInterval(-3_600)
            return before
        }
        let stored = try store.append(batch, to: .rep("ann")) + store.append(earlier, to: .rep("ben"))
        #expect(stored.map(\.order).max().map { $0 > UInt64(instant.timeIntervalSince1970 + 1) * 1_000 } == true)
        #expect(try store.load().state.lastEventAt == instant)
        if let opened = try store.openDesk(appVersion: "test") {
            #expect(opened.problems.isEmpty)
            #expect(opened.state.lastEventAt == instant)
            // A snapshot written from that open (files) opens with the same time.
            if let chunks = try opened.snapshotChunks(appVersion: "test") {
                try store.writeSnapshot(chunks: chunks)
                #expect(try store.openDesk(appVersion: "test")?.state.lastEventAt == instant)
            }
        }
    }

    @Test("a session record loads back equal, belongs to no lead and is no orphan, replayed or opened the store's way", arguments: StoreKind.allCases)
    func sessionRecord(kind: StoreKind) throws {
        let (store, _) = try kind.makePair()
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-02 10:00", "Europe/London"))
        try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail), at: Fixtures.at("2026-11-02 10:05", "Europe/London"))
        let record = SessionRecord(
            started: Fixtures.at("2026-11-02 09:55", "Europe/London"), ended: Fixtures.at("2026-11-02 10:30", "Europe/London"), calls: 1,
            contacts: 0, voicemails: 1, talkSeconds: 42, goalCalls: 40)
        let session = Event(
            id: "session-1", at: Fixtures.at("2026-11-02 10:30", "Europe/London"), actor: "ann", lead: SessionRecord.lead, payload: .sessionRecorded(record))
        _ = try store.append(desk.events + [session], to: .rep("ann"))
        let loaded = try store.load()
        #expect(loaded.events.map(\.event) == desk.events + [session])
        #expect(loaded.state.orphanEvents.isEmpty)
        #expect(loaded.state.leads.count == 1 && loaded.state.leads[SessionRecord.lead] == nil)
        #expect(loaded.state.leads[lead] == desk.state.leads[lead])
        if let opened = try store.openDesk(appVersion: "test") {
            #expect(opened.problems.isEmpty)
            #expect(opened.state.orphanEvents.isEmpty)
            #expect(opened.state.leads.count == 1 && opened.state.leads[SessionRecord.lead] == nil)
        }
    }
}
