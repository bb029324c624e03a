import BebackCodec
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing
#if Postgres
    import BebackPostgres
#endif

/// Sample captures by `rep`, one a minute from `start`.
func capturedEvents(rep: RepName, count: Int, start: Int = 0) throws -> [Event] {
    var desk = DeskHarness(rep: rep)
    desk.ids = SeededIDGenerator(seed: UInt64(start + 7) &* 31 &+ UInt64(rep.rawValue.count))
    var events: [Event] = []
    for index in 0..<count {
        let at = Date(timeIntervalSince1970: 1_790_000_000 + Double(start + index) * 60)
        let profile = Fixtures.profile(name: "Lead \(start + index)", owner: rep)
        events += try desk.actions.capture(profile, wants: "", holdingBack: "", state: desk.state, at: at, ids: &desk.ids).prefix(1)
    }
    return events
}

@Suite("The journal on PostgreSQL", .serialized, .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresEventStoreTests {
    #if Postgres
        func newDesk(_ label: String = "store") throws -> PostgresDeskAddress {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL(label))
            try PostgresEventStore.create(at: address).close()
            return address
        }

        func sql(_ text: String) throws -> (status: Int32, output: String, errors: String) { try PostgresTestServer.psql(text) }

        @Test("records keep the file journal's sequence, checksum, chain and offsets: the rebuilt file scans clean")
        func sameRecordsAsFiles() throws {
            let address = try newDesk()
            let store = try PostgresEventStore(address: address)
            let events = try capturedEvents(rep: "ann", count: 4)
            _ = try store.append(Array(events.prefix(1)), to: .rep("ann"))
            let stored = try store.append(Array(events.dropFirst()), to: .rep("ann"))
            let raw = try #require(try store.rawJournals().first)
            let scan = JournalScan.scan(raw.fileBytes)
            #expect(scan.problems.isEmpty)
            #expect(scan.tornTail == nil)
            #expect(scan.records.map(\.sequence) == [1, 2, 3, 4])
            #expect(scan.records.map(\.offset) == raw.records.map(\.offset))
            #expect(Array(scan.records.suffix(3).map(\.offset)) == stored.map(\.offset))
            let decoded = try scan.records.map { try EventCodec.decode(Array(raw.fileBytes[$0.payload])) }
            #expect(decoded == events)
        }

        @Test("the database itself refuses a wrong sequence, a broken chain, another rep's entry, updates and deletes")
        func databaseEnforcesTheJournal() throws {
            let address = try newDesk("rules")
            let store = try PostgresEventStore(address: address)
            _ = try store.append(try capturedEvents(rep: "ann", count: 2), to: .rep("ann"))
            let desk = address.desk
            let copyLast = """
                INSERT INTO beback_entries (desk, journal, seq, len, crc, prev, chain, off, event_id, actor, payload)
                SELECT desk, journal, %SEQ%, len, crc, %PREV%, chain, %OFF%, event_id || 'x', actor, payload
                FROM beback_entries WHERE desk = '\(desk)' AND seq = 2
                """
            func attempt(_ sequence: String, _ previous: String, _ offset: String) throws -> String {
                let statement = copyLast.replacingOccurrences(of: "%SEQ%", with: sequence)
                    .replacingOccurrences(of: "%PREV%", with: previous).replacingOccurrences(of: "%OFF%", with: offset)
                let result = try sql(statement)
                #expect(result.status != 0)
                return result.errors
            }
            let lastEnd = "(SELECT last_end FROM beback_journals WHERE desk = '\(desk)' AND journal = 'rep-ann.journal')"
            let lastChain = "(SELECT last_chain FROM beback_journals WHERE desk = '\(desk)' AND journal = 'rep-ann.journal')"
            #expect(try attempt("5", lastChain, lastEnd).contains("expects sequence 3, not 5"))
            #expect(try attempt("3", "prev", lastEnd).contains("hash chain"))
            #expect(try attempt("2", "prev", "off").contains("expects sequence 3, not 2"))
            // An entry by ben cannot go in ann's journal, even with a correct sequence and chain.
            let ben = try #require(try capturedEvents(rep: "ben", count: 1).first)
            #expect(throws: PostgresStoreError.self) { _ = try store.append([ben], to: .rep("ann")) }
            let refused = try sql("UPDATE beback_entries SET payload = payload WHERE desk = '\(desk)'")
            #expect(refused.status != 0 && refused.errors.contains("append-only"))
            let deleted = try sql("DELETE FROM beback_entries WHERE desk = '\(desk)'")
            #expect(deleted.status != 0 && deleted.errors.contains("append-only"))
            let moved = try sql("UPDATE beback_journals SET last_seq = 0 WHERE desk = '\(desk)'")
            #expect(moved.status != 0 && moved.errors.contains("only by appending"))
            // No foreign key: the guard itself refuses an entry of a journal the desk does not have, and journal rows stay.
            let orphan = try sql(
                copyLast.replacingOccurrences(of: "SELECT desk, journal,", with: "SELECT desk, 'rep-zed.journal',")
                    .replacingOccurrences(of: "%SEQ%", with: "1").replacingOccurrences(of: "%PREV%", with: "prev").replacingOccurrences(
                        of: "%OFF%", with: "off"))
            #expect(orphan.status != 0 && orphan.errors.contains("has no journal rep-zed.journal"), "\(orphan.errors)")
            let truncated = try sql("TRUNCATE beback_journals CASCADE")
            #expect(truncated.status != 0 && truncated.errors.contains("append-only"), "\(truncated.errors)")
            #expect(try sql("SELECT count(*) FROM beback_entries WHERE desk = '\(desk)'").output.trimmingCharacters(in: .whitespacesAndNewlines) == "2")
            #expect(try store.load().problems.isEmpty)
        }

        @Test("a rep bound to a database role: only members of that role write the rep's journal")
        func rolesBindReps() throws {
            let address = try newDesk("roles")
            let suffix = address.desk.replacingOccurrences(of: "-", with: "_")
            let annRole = "ann_\(suffix)", benRole = "ben_\(suffix)"
            for role in [annRole, benRole] {
                let made = try sql("CREATE ROLE \(role) LOGIN IN ROLE beback_desk")
                try #require(made.status == 0, "\(made.errors)")
            }
            try #require(try sql("INSERT INTO beback_rep_roles (desk, rep, db_role) VALUES ('\(address.desk)', 'ann', '\(annRole)')").status == 0)
            var asBen = address
            asBen.user = benRole
            var asAnn = address
            asAnn.user = annRole
            let events = try capturedEvents(rep: "ann", count: 1)
            let benStore = try PostgresEventStore(address: asBen)
            do {
                _ = try benStore.append(events, to: .rep("ann"))
                Issue.record("ben's database user wrote ann's journal")
            } catch let error as PostgresStoreError {
                #expect(error.description.contains("may not write rep-ann.journal"))
            }
            let annStore = try PostgresEventStore(address: asAnn)
            #expect(try annStore.append(events, to: .rep("ann")).map(\.sequence) == [1])
            // The group role may read and append, but not rewrite.
            let rewrite = try PostgresTestServer.psql("DELETE FROM beback_entries WHERE desk = '\(address.desk)'", user: annRole)
            #expect(rewrite.status != 0 && rewrite.errors.contains("permission denied"))
        }

        @Test("two connections appending to one journal at once: every entry kept, sequences 1...n without a gap, the chain whole")
        func concurrentAppends() throws {
            let address = try newDesk("race")
            let batches = 15
            let sources = try (0..<2).map { writer in
                try (0..<batches).map { try capturedEvents(rep: "ann", count: 2, start: 1000 * writer + 10 * $0) }
            }
            let failures = LockedStrings()
            DispatchQueue.concurrentPerform(iterations: 2) { writer in
                do {
                    let store = try PostgresEventStore(address: address)
                    for batch in sources[writer] { _ = try store.append(batch, to: .rep("ann")) }
                } catch {
                    failures.append("\(error)")
                }
            }
            #expect(failures.values.isEmpty)
            let loaded = try PostgresEventStore(address: address).load()
            #expect(loaded.problems.isEmpty)
            #expect(loaded.events.map(\.sequence).sorted() == Array(1...UInt64(4 * batches)))
            #expect(Set(loaded.events.map(\.event.id)) == Set(sources.joined().joined().map(\.id)))
            let raw = try #require(try PostgresEventStore(address: address).rawJournals().first)
            #expect(JournalScan.scan(raw.fileBytes).problems.isEmpty)
        }

        @Test("a record changed behind the store's back fails its checksum on load, and the desk turns read-only")
        func tamperingShows() throws {
            let address = try newDesk("tamper")
            let store = try PostgresEventStore(address: address)
            _ = try store.append(try capturedEvents(rep: "ann", count: 3), to: .rep("ann"))
            let desk = address.desk
            let tampered = try sql(
                """
                ALTER TABLE beback_entries DISABLE TRIGGER beback_entries_append_only;
                UPDATE beback_entries SET payload = overlay(payload placing 'X'::bytea from 20 for 1) WHERE desk = '\(desk)' AND seq = 2;
                ALTER TABLE beback_entries ENABLE TRIGGER beback_entries_append_only;
                """)
            try #require(tampered.status == 0, "\(tampered.errors)")
            let loaded = try PostgresEventStore(address: address).load()
            let problem = try #require(loaded.problems.first)
            #expect(problem.problem.kind == .corruptRecord)
            #expect(problem.description.contains("rep-ann.journal"))
            #expect(problem.description.contains("checksum mismatch"))
        }

        @Test("an entry saved on one connection reaches another through NOTIFY alone (the periodic check is off)")
        func notifyWakesTheOtherDesk() throws {
            let address = try newDesk("notify")
            let writer = try PostgresEventStore(address: address)
            let reader = try PostgresEventStore(address: address)
            reader.checkInterval = 3600  // only a notification can bring the entry in
            _ = try reader.load()
            #expect(try reader.poll().isEmpty)
            let events = try capturedEvents(rep: "ben", count: 1)
            let saved = Date()
            _ = try writer.append(events, to: .rep("ben"))
            var seen: [StoredEvent] = []
            let arrived = try PostgresTestServer.eventually(seconds: 5) {
                seen += try reader.poll()
                return !seen.isEmpty
            }
            let latency = Date().timeIntervalSince(saved)
            print("PostgreSQL NOTIFY: an entry reached the other connection in \(Int(latency * 1000)) ms")
            #expect(arrived)
            #expect(seen.map(\.event) == events)
        }

        @Test("the database going away: append throws and saves nothing, the store is read-only; back again, a retry works")
        func serverGoesAway() throws {
            let desk = try newDesk("outage")
            let proxy = try PostgresTestProxy()
            let address = try PostgresDeskAddress(proxy.url(desk: desk.desk))
            let store = try PostgresEventStore(address: address)
            store.reconnectInterval = 0.1
            _ = try store.load()
            let before = try capturedEvents(rep: "ann", count: 1)
            _ = try store.append(before, to: .rep("ann"))
            proxy.cut()
            let lost = try capturedEvents(rep: "ann", count: 1, start: 5)
            #expect(throws: (any Error).self) { _ = try store.append(lost, to: .rep("ann")) }
            #expect(store.readOnlyReason?.contains("unreachable") == true)
            #expect(try store.poll().isEmpty)
            #expect(store.readOnlyReason != nil)
            // Nothing of the failed append reached the database.
            #expect(try sql("SELECT count(*) FROM beback_entries WHERE desk = '\(desk.desk)'").output.hasPrefix("1"))
            try proxy.restore()
            let back = try PostgresTestServer.eventually(seconds: 10) {
                _ = try store.poll()
                return store.readOnlyReason == nil
            }
            #expect(back)
            let retried = try store.append(lost, to: .rep("ann"))
            #expect(retried.map(\.sequence) == [2])
            let reloaded = try PostgresEventStore(address: desk).load()
            #expect(reloaded.events.map(\.event) == before + lost)
            #expect(reloaded.problems.isEmpty)
        }

        @Test("the server shut down mid-session (its own cluster): append throws and saves nothing, read-only; restarted, a retry works")
        func serverShutsDown() throws {
            let server = try PostgresOwnServer()
            let address = try PostgresDeskAddress(server.url(desk: "shutdown"))
            let store = try PostgresEventStore.create(at: address)
            store.reconnectInterval = 0.1
            store.maximumReconnectInterval = 0.2
            _ = try store.load()
            let before = try capturedEvents(rep: "ann", count: 2)
            _ = try store.append(before, to: .rep("ann"))
            try server.stop()
            let lost = try capturedEvents(rep: "ann", count: 1, start: 9)
            do {
                _ = try store.append(lost, to: .rep("ann"))
                Issue.record("an append succeeded with the server down")
            } catch let error as PostgresStoreError {
                #expect(error.isOutage)
                #expect(error.description.contains("nothing was saved"))
            }
            #expect(store.readOnlyReason?.contains("is unreachable") == true)
            #expect(try store.poll().isEmpty)
            try server.start()
            let back = try PostgresTestServer.eventually(seconds: 10) {
                _ = try store.poll()
                return store.readOnlyReason == nil
            }
            #expect(back)
            #expect(try store.append(lost, to: .rep("ann")).map(\.sequence) == [3])
            let reloaded = try PostgresEventStore(address: address).load()
            #expect(reloaded.events.map(\.event) == before + lost)
        }

        @Test("opening a desk the database does not hold says so and creates nothing")
        func missingDesk() throws {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL("absent"))
            #expect(throws: PostgresStoreError.noDesk(address: address.description)) { _ = try PostgresEventStore(address: address) }
            #expect(try sql("SELECT count(*) FROM beback_desks WHERE desk = '\(address.desk)'").output.hasPrefix("0"))
        }

        @Test("a file desk copied into PostgreSQL and back is byte for byte the same")
        func copyRoundTrip() throws {
            let root = Fixtures.temporaryFolder()
            let folder = try DeskFolder.create(at: root.appendingPathComponent("source"))
            let files = try FileEventStore(folder: folder)
            _ = try files.append(try capturedEvents(rep: "ann", count: 5), to: .rep("ann"))
            _ = try files.append(try capturedEvents(rep: "ben", count: 3, start: 2), to: .rep("ben"))
            let source = try FileJournalCopy.read(folder)
            let address = try newDesk("copy")
            let store = try PostgresEventStore(address: address)
            for journal in source { try store.importJournal(journal, batch: 2) }
            let copied = try store.rawJournals()
            #expect(FileJournalCopy.difference(source, copied) == nil)
            let back = try FileJournalCopy.write(copied, to: root.appendingPathComponent("back"))
            for journal in try folder.journals() {
                #expect(FileManager.default.contents(atPath: folder.journalPath(journal)) == FileManager.default.contents(atPath: back.journalPath(journal)))
            }
            #expect(try store.load().events == (try files.load().events))
            // The journals' rows keep the entries' latest time: the desk opened from the summary table says it.
            _ = try store.rebuildSummaries()
            let last = try files.load().state.lastEventAt
            #expect(last != nil)
            #expect(try store.openDesk(appVersion: "test")?.state.lastEventAt == last)
        }
    #endif
}

/// Error texts collected from several threads.
final class LockedStrings: @unchecked Sendable {
    private let lock = NSLock()
    private var items: [String] = []
    func append(_ text: String) { lock.withLock { items.append(text) } }
    var values: [String] { lock.withLock { items } }
}
