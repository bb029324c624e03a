import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing
#if Postgres
    import BebackPostgres
#endif

/// A rep's desk on PostgreSQL opened on the rep's and the pool's summary rows (the file store's
/// snapshot sections, `SnapshotSectionsTests`, on the query model): the same view as a full replay,
/// leads moved in and out after the open, the find index and the desk-wide do-not-contact list.
@Suite(
    "A rep's desk on PostgreSQL reads the rep's and the pool's rows", .serialized,
    .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresRepDeskTests {
    #if Postgres
        static let owners: [RepName] = ["ann", "ben", "chen", DeskConfig.poolOwner]

        /// A desk of `count` leads spread over ann, ben, chen and the pool, with touches, a note
        /// and a lead of ben's that asked not to be contacted (its number returned).
        func spreadEvents(count: Int, seed: UInt64) throws -> (events: [Event], doNotContact: LeadID, number: String) {
            var desk = DeskHarness()
            desk.ids = SeededIDGenerator(seed: seed)
            var random = SeededRandom(seed: seed)
            let start = Fixtures.at("2026-11-02 09:00", DeskHarness.busyZone)
            var leads: [LeadID] = []
            for index in 0..<count {
                let at = start.addingTimeInterval(Double(index) * 600)
                leads.append(
                    try desk.capture(
                        Fixtures.profile(name: "Lead Name\(index)x", email: "lead\(index)@example.com", phones: ["+44 20 7946 \(1000 + index)"]), at: at))
            }
            for (index, lead) in leads.enumerated() where random.next() % 3 == 0 {
                let outcome: Disposition = random.next() % 2 == 0 ? .voicemail : .noAnswer
                try desk.record(OutcomeRequest(lead: lead, outcome: outcome, note: "try \(index)"), at: start.addingTimeInterval(Double(count + index) * 600))
            }
            // Every owner gets leads; the manager (ann's harness) moves them.
            for (index, lead) in leads.enumerated() {
                let owner = Self.owners[(index + Int(random.next() % 2)) % Self.owners.count]
                guard owner != "ann" else { continue }
                let at = start.addingTimeInterval(Double(2 * count + index) * 600)
                desk.apply([Event(id: EventID("spread-\(seed)-\(index)"), at: at, actor: "ann", lead: lead, payload: .reassigned(to: owner))])
            }
            let target = try #require(leads.first { desk.state.leads[$0]?.profile.owner == "ben" })
            let number = "+1 555 0100 777"
            var profile = desk.lead(target).profile
            profile.contact.phones = [PhoneNumber(number)]
            let late = start.addingTimeInterval(Double(3 * count) * 600)
            desk.apply([
                Event(id: EventID("spread-dnc-1-\(seed)"), at: late, actor: "ben", lead: target, payload: .profileUpdated(profile)),
                Event(
                    id: EventID("spread-dnc-2-\(seed)"), at: late, actor: "ben", lead: target, payload: .touched(Touch(channel: .phone, outcome: .doNotContact))
                )
            ])
            return (desk.events, target, number)
        }

        /// What a rep's desk shows: the due entries, list lines and whole leads of the rep's and the pool's leads.
        func repView(_ state: DeskState, of rep: RepName) -> [String] {
            let owners: Set<RepName> = [rep, DeskConfig.poolOwner]
            let dues = state.leads.dueEntries().filter { owners.contains($0.owner) }.map { "\($0.id) \($0.owner) \($0.due.timeIntervalSince1970)" }.sorted()
            let own = state.leads.ids.sorted().filter { state.leads.summary($0).map { owners.contains($0.owner) } == true }
            return dues + own.map { "\(state.leads.summary($0).map { "\($0)" } ?? "")" } + own.map { "\(state.leads[$0].map { "\($0)" } ?? "missing")" }
        }

        func newDesk(_ label: String, _ events: [Event]) throws -> (PostgresDeskAddress, PostgresEventStore) {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL(label))
            let store = try PostgresEventStore.create(at: address)
            // Each run of entries by one actor goes in that actor's journal, in order.
            var start = 0
            while start < events.count {
                let actor = events[start].actor
                let end = events[start...].firstIndex { $0.actor != actor } ?? events.count
                _ = try store.append(Array(events[start..<end]), to: .rep(actor))
                start = end
            }
            return (address, store)
        }

        func openRep(_ rep: RepName, at address: PostgresDeskAddress) throws -> (PostgresEventStore, DeskLoad) {
            let store = try PostgresEventStore(address: address)
            store.openFocus = rep
            // Only a notification wakes the poll (no timed check): the change comes by LISTEN/NOTIFY.
            store.checkInterval = 3600
            return (store, try #require(try store.openDesk(appVersion: "test")))
        }

        func fullReplay(_ store: PostgresEventStore) throws -> DeskState {
            DeskState(replaying: try store.load().events.map(\.event))
        }

        @Test("a rep's view opened on the rep's and the pool's rows equals the full replay's", arguments: [1, 2, 3] as [UInt64])
        func repViewEqualsFullReplay(seed: UInt64) throws {
            let (address, store) = try newDesk("repdesk", try spreadEvents(count: 24, seed: seed).events)
            defer { store.close() }
            let full = try fullReplay(store)
            for rep in ["ann", "ben", "chen"] as [RepName] {
                let (reader, opened) = try openRep(rep, at: address)
                defer { reader.close() }
                let archive = try #require(opened.archive)
                #expect(archive.holdsPartOfDesk)
                // Only the rep's and the pool's rows were read.
                #expect(archive.directory.allSatisfy { $0.owner == rep || $0.owner == DeskConfig.poolOwner }, "seed \(seed) \(rep)")
                #expect(archive.directory.count < full.leads.count, "seed \(seed) \(rep)")
                #expect(repView(opened.state, of: rep) == repView(full, of: rep), "seed \(seed) \(rep)")
                #expect(archive.problems.isEmpty, "\(archive.problems)")
            }
        }

        @Test("a lead the manager moves to ben after ben's desk opened shows on it (by LISTEN/NOTIFY); one moved away leaves it")
        func reassignedAfterTheOpen() throws {
            let (address, store) = try newDesk("repdesk-move", try spreadEvents(count: 20, seed: 7).events)
            defer { store.close() }
            let before = try fullReplay(store)
            let open = { (owner: RepName) in
                before.leads.ids.sorted().first { before.leads.summary($0)?.owner == owner && before.leads.summary($0)?.isOpen == true }
            }
            let toBen = try #require(open("ann")), fromBen = try #require(open("ben"))
            let (ben, opened) = try openRep("ben", at: address)
            defer { ben.close() }
            #expect(opened.archive?.directory.contains { $0.id == toBen } == false)
            let at = Fixtures.at("2026-12-01 09:00", DeskHarness.busyZone)
            _ = try store.append(
                [
                    Event(id: EventID("move-1"), at: at, actor: "ann", lead: toBen, payload: .reassigned(to: "ben")),
                    Event(id: EventID("move-2"), at: at.addingTimeInterval(1), actor: "ann", lead: fromBen, payload: .reassigned(to: "chen"))
                ], to: .rep("ann"))
            var folded = opened.state
            var seen = 0
            #expect(
                try PostgresTestServer.eventually {
                    let fresh = try ben.poll()
                    for stored in fresh { folded.apply(stored.event) }
                    seen += fresh.count
                    return seen >= 2
                })
            let after = try fullReplay(store)
            #expect(folded.leads.summary(toBen)?.owner == "ben")
            #expect(folded.leads.dueEntries().contains { $0.id == toBen && $0.owner == "ben" } == (after.leads.nextFollowUp(toBen) != nil))
            #expect(folded.leads[toBen] == after.leads[toBen])
            #expect(!folded.leads.dueEntries().contains { $0.id == fromBen && $0.owner == "ben" })
            #expect(folded.leads.summary(fromBen)?.owner == "chen")
            #expect(repView(folded, of: "ben") == repView(after, of: "ben"))
            #expect(opened.archive?.problems.isEmpty == true)
        }

        @Test("a rep's desk still finds every lead and keeps the whole desk's do-not-contact list")
        func findAndDoNotContact() throws {
            let (events, target, number) = try spreadEvents(count: 30, seed: 11)
            let (address, store) = try newDesk("repdesk-find", events)
            defer { store.close() }
            let full = try fullReplay(store)
            let (ann, opened) = try openRep("ann", at: address)
            defer { ann.close() }
            let archive = try #require(opened.archive)
            #expect(!archive.directory.contains { $0.id == target })
            let list = DoNotContactList(state: opened.state)
            #expect(list.count == DoNotContactList(state: full).count)
            #expect(list.count > 0)
            #expect(list.holder(ofPhone: number) == target)
            // The find index is built off the desk's thread, as the desk builds it (the archive's second connection).
            let table = opened.state.leads
            let finder = try #require(OffThread.run { LeadFinder(table: table) })
            #expect(finder.count == full.leads.count)
            for owner in Self.owners {
                let lead = try #require(full.leads.ids.sorted().first { full.leads.summary($0)?.owner == owner }, "\(owner)")
                let name = try #require(full.leads.summary(lead)?.name)
                #expect(finder.find(name).leads == [lead], "\(owner) \(name)")
            }
            #expect(archive.problems.isEmpty, "\(archive.problems)")
        }
    #endif
}

/// Runs a body on a thread of its own and waits for its result.
enum OffThread {
    /// Holds the body's result across the threads (written once before the semaphore signals).
    final class Box<T>: @unchecked Sendable { var value: T? }

    static func run<T: Sendable>(_ body: @escaping @Sendable () -> T) -> T? {
        let box = Box<T>()
        let done = DispatchSemaphore(value: 0)
        let thread = Thread {
            box.value = body()
            done.signal()
        }
        thread.start()
        done.wait()
        return box.value
    }
}
