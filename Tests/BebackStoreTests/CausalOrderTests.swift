import BebackCodec
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// Nothing acknowledged is dropped or misapplied by replay order: an entry written after its writer
/// saw another is replayed after it, whatever the two clocks said (`EntryOrder`).
@Suite("Causal order across journals")
struct CausalOrderTests {
    /// `count` handles on one desk, as that many processes would have.
    func handles(_ kind: StoreKind, count: Int) throws -> [any EventStore] {
        switch kind {
        case .memory:
            let first = InMemoryEventStore()
            return [first] + (1..<count).map { _ in InMemoryEventStore(sharing: first) }
        case .files:
            let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("desk"))
            return try (0..<count).map { _ in try FileEventStore(folder: folder) }
        #if Postgres
            case .postgres:
                let (first, second) = try PostgresStorePair.make()
                return [first, second]
        #endif
        }
    }

    @Test(
        "a dealing in the same second as the capture it deals, and a touch typed with an old time, apply after the capture",
        arguments: StoreKind.allCases)
    func dealingAfterCapture(kind: StoreKind) throws {
        let stores = try handles(kind, count: 2)
        let (rep, manager) = (stores[0], stores[1])
        let second = Date(timeIntervalSince1970: 1_790_000_000)
        let profile = Fixtures.profile(name: "Pool lead", owner: "pool")
        let capture = Event(id: "capture-1", at: second, actor: "mia", lead: "poola", payload: .captured(profile, wants: "", holdingBack: ""))
        _ = try rep.append([capture], to: .rep("mia"))
        // The manager's process reads the desk, then deals the lead in the same second; a rep's
        // touch on it carries a time from long before (a wrong clock, a mistyped --at).
        _ = try manager.load()
        let deal = Event(id: "deal-1", at: second, actor: "mia", lead: "poola", payload: .reassigned(to: "ann"))
        _ = try manager.append([deal], to: .desk)
        _ = try rep.poll()
        let touch = Event(
            id: "touch-1", at: Date(timeIntervalSince1970: 1_000_000_000), actor: "ann", lead: "poola",
            payload: .touched(Touch(channel: .phone, outcome: .noAnswer)))
        _ = try rep.append([touch], to: .rep("ann"))

        let loaded = try stores[0].load().events
        #expect(loaded.map(\.event.id) == ["capture-1", "deal-1", "touch-1"])
        let state = DeskState(replaying: loaded.map(\.event))
        #expect(state.leads["poola"]?.profile.owner == "ann", "the dealing applied after the capture")
        #expect(state.leads["poola"]?.touchCount == 1, "the old-clock touch is counted")
        #expect(state.orphanEvents.isEmpty)
    }

    @Test(
        "random interleavings of writers over three journals in one second: replay is the order of acknowledgement",
        arguments: [StoreKind.memory, .files])
    func interleavings(kind: StoreKind) throws {
        let seeds = Torture.size(short: 12, full: 300)
        let steps = Torture.size(short: 40, full: 200)
        for seed in 0..<UInt64(seeds) {
            var random = SplitMix(seed: 0xC4A5_0000 + seed)
            let stores = try handles(kind, count: 3)
            let journals: [JournalName] = [.rep("ann"), .rep("ben"), .desk]
            let second = 1_790_000_000.0
            var acknowledged: [EventID] = []
            for step in 0..<steps {
                let writer = Int(random.next() % 3)
                // Each writer reads what the others acknowledged before it writes (as a desk polls).
                _ = try stores[writer].poll()
                // Mostly the same second; now and then a clock minutes behind or ahead.
                let skew = random.next() % 4 == 0 ? Double(Int(random.next() % 600) - 300) : 0
                let id = EventID("s\(seed)-\(step)")
                let event = Event(
                    id: id, at: Date(timeIntervalSince1970: second + skew), actor: "ann", lead: LeadID("l\(step % 5)"), payload: .noted("step \(step)"))
                _ = try stores[writer].append([event], to: journals[writer])
                acknowledged.append(id)
            }
            let replayed = try stores[0].load().events.map(\.event.id)
            #expect(replayed == acknowledged, "seed \(seed)")
            if replayed != acknowledged { return }
        }
    }

    @Test("an entry keeps its order in the journal only when it is not its own time, and reads back with it")
    func encodedOrder() throws {
        let event = Event(id: "e1", at: Date(timeIntervalSince1970: 1_790_000_000), actor: "ann", lead: "l1", payload: .noted("n"))
        let plain = try EventCodec.encode(event, order: 1_790_000_000_000)
        #expect(!String(decoding: plain, as: UTF8.self).contains("order"), "an order equal to the time is not written")
        let bumped = try EventCodec.encode(event, order: 1_790_000_000_007)
        #expect(String(decoding: bumped, as: UTF8.self).hasPrefix("{\"order\":1790000000007,\"at\":1790000000,"))
        let decoded = try bumped.withUnsafeBytes { try EventCodec.decodeStamped($0) }
        #expect(decoded.event == event)
        #expect(decoded.order == 1_790_000_000_007)
        let digest = try bumped.withUnsafeBytes { try EventDigest.read($0) }
        #expect(digest.order == 1_790_000_000_007)
        #expect(bumped.withUnsafeBytes { EventDigest.quickFields($0) }?.order == 1_790_000_000_007, "the quick path reads it")
        #expect(try EventCodec.decodeWithFoundation(bumped) == event, "an older reader ignores it")
    }

    @Test("a hostile entry at the top of the clock cannot make the next writer's entries unreadable", arguments: [StoreKind.memory, .files])
    func orderCap(kind: StoreKind) throws {
        let stores = try handles(kind, count: 2)
        let far = Event(id: "far-1", at: Date(timeIntervalSince1970: 9e15), actor: "ben", lead: "l1", payload: .noted("far"))
        _ = try stores[0].append([far], to: .rep("ben"))
        _ = try stores[1].load()
        let next = Event(id: "next-1", at: Date(timeIntervalSince1970: 1_790_000_000), actor: "ann", lead: "l1", payload: .noted("after"))
        let stored = try stores[1].append([next], to: .rep("ann"))
        #expect(stored.first?.order == EntryOrder.maximum)
        let loaded = try stores[0].load()
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(loaded.events.map(\.event.id) == ["next-1", "far-1"] || loaded.events.map(\.event.id) == ["far-1", "next-1"])
        #expect(loaded.events.count == 2)
    }
}
