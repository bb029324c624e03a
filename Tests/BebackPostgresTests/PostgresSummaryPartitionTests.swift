import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing
#if Postgres
    @testable import BebackPostgres
#endif

#if Postgres
    /// A store handed to another thread, used only there.
    final class StoreBox: @unchecked Sendable {
        let store: PostgresEventStore
        init(_ store: PostgresEventStore) { self.store = store }
    }
#endif

/// What a thread's `finishSummaries` came to.
final class FinishOutcome: @unchecked Sendable {
    private let lock = NSLock()
    private var outcome: Result<Void, any Error>?
    func set(_ result: Result<Void, any Error>) { lock.withLock { outcome = result } }
    var result: Result<Void, any Error>? { lock.withLock { outcome } }
}

@Suite(
    "A migrated desk's own summary and tally partitions", .serialized,
    .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresSummaryPartitionTests {
    #if Postgres
        func value(_ sql: String) throws -> String {
            let result = try PostgresTestServer.psql(sql)
            #expect(result.status == 0, "\(result.errors)")
            return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Whether the table exists, and whether it is a partition of another.
        func table(_ quoted: String) throws -> (exists: Bool, attached: Bool) {
            let found = try value("SELECT coalesce((SELECT relispartition::text FROM pg_class WHERE oid = to_regclass('\(quoted)')), 'none')")
            return (found != "none", found == "true")
        }

        /// A folder desk: ann's busy desk (captures, calls, outcomes: a tally to keep) and ben's `captures`;
        /// and how many leads a replay of it gives.
        func folderDesk(ben captures: Int) throws -> (DeskFolder, leads: Int) {
            let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("source"))
            let store = try FileEventStore(folder: folder)
            let busy = try DeskHarness.busy().events
            let ben = try capturedEvents(rep: "ben", count: captures, start: 100)
            _ = try store.append(busy, to: .rep("ann"))
            _ = try store.append(ben, to: .rep("ben"))
            return (folder, DeskState(replaying: busy + ben).leads.count)
        }

        /// What `beback migrate` does with a folder: the entries in their partition, the summary rows and
        /// tally folded, written into the desk's new tables by COPY, read back, indexed and attached.
        func migrate(_ folder: DeskFolder, into store: PostgresEventStore) throws -> Int {
            try store.clearSummaries()
            let loaded = try FolderImport.load(folder, journals: try folder.journals(), into: store, keep: .all) { _ in }
            let leads = try store.foldAndWrite(loaded.kept)
            try store.indexSummaries(merging: false)
            try store.finishSummaries(count: leads)
            return leads
        }

        @Test("the summary rows and tally land in the desk's own attached partitions, equal a full replay, and appends go on updating them")
        func loadsIntoOwnPartitions() throws {
            let (folder, leads) = try folderDesk(ben: 4)
            let store = try PostgresEventStore.create(at: PostgresDeskAddress(PostgresTestServer.freshDeskURL("sumpart")), allowExisting: true)
            defer { store.close() }
            let desk = store.address.desk
            #expect(try migrate(folder, into: store) == leads)
            #expect(try table(PostgresSummaryPartitionSchema.partition(desk: desk)) == (true, true))
            #expect(try table(PostgresSummaryPartitionSchema.tallyPartition(desk: desk)) == (true, true))
            #expect(try value("SELECT count(*) FROM \(PostgresSummaryPartitionSchema.partition(desk: desk))") == "\(leads)")
            #expect(try value("SELECT count(*) FROM beback_leads_shared WHERE desk = '\(desk)'") == "0")
            #expect(try value("SELECT count(*) FROM beback_rep_work WHERE desk = '\(desk)'") != "0")
            // The keys the screens read by came with the partition (built before the attach, not again).
            #expect(try value("SELECT count(*) FROM pg_index WHERE indrelid = to_regclass('\(PostgresSummaryPartitionSchema.partition(desk: desk))')") == "5")
            #expect(try value("SELECT summarized AND boarded FROM beback_desks WHERE desk = '\(desk)'") == "t")
            // A rep's role reaches the rows only through the partitioned tables (their policies), never the partitions.
            for partition in [PostgresSummaryPartitionSchema.partition(desk: desk), PostgresSummaryPartitionSchema.tallyPartition(desk: desk)] {
                #expect(try value("SELECT has_table_privilege('beback_desk', '\(partition)', 'SELECT, INSERT, UPDATE, DELETE')") == "f")
                #expect(try value("SELECT relrowsecurity FROM pg_class WHERE oid = '\(partition)'::regclass") == "t")
            }
            // A rebuild finds nothing to mend: the rows and the tally are a full replay's.
            let rebuilt = try store.rebuildSummaries()
            #expect(rebuilt.leads == leads)
            #expect(rebuilt.differences.isEmpty, "\(rebuilt.differences)")
            // An append writes its lead's row in the partition, through the partitioned table.
            _ = try store.append(try capturedEvents(rep: "ben", count: 1, start: 150), to: .rep("ben"))
            #expect(try value("SELECT count(*) FROM \(PostgresSummaryPartitionSchema.partition(desk: desk))") == "\(leads + 1)")
            #expect(try store.summaryRows(owners: ["ben"]).count >= 5)
            // A second desk's rows stay out of the first's partition (the default partition takes them).
            let other = try PostgresEventStore.create(at: PostgresDeskAddress(PostgresTestServer.freshDeskURL("sumpart")))
            defer { other.close() }
            _ = try other.append(try capturedEvents(rep: "ann", count: 2), to: .rep("ann"))
            #expect(try value("SELECT count(*) FROM beback_leads_shared WHERE desk = '\(other.address.desk)'") == "2")
        }

        @Test("summary rows in shares: the tally of each share is added up into one row per rep and quarter hour")
        func mergesTallyShares() throws {
            let (folder, total) = try folderDesk(ben: 5)
            let store = try PostgresEventStore.create(at: PostgresDeskAddress(PostgresTestServer.freshDeskURL("sumshare")), allowExisting: true)
            defer { store.close() }
            try store.clearSummaries()
            let loaded = try FolderImport.load(folder, journals: try folder.journals(), into: store, keep: .all) { _ in }
            // Three shares by lead: the same reps' quarter hours come up in more than one share.
            var leads = 0
            for share in 0..<3 {
                let events = loaded.kept.filter { abs($0.event.lead.rawValue.hashValue) % 3 == share }
                leads += try store.foldAndWrite(events)
            }
            #expect(leads == total)
            try store.indexSummaries(merging: true)
            try store.finishSummaries(count: leads)
            let whole = WorkTally(leads: DeskState(replaying: loaded.kept.sorted(by: StoredEvent.replayOrder).map(\.event)).leads.values)
            #expect(!whole.counts.isEmpty)
            #expect(try store.storedTally() == whole)
            #expect(try store.rebuildSummaries().differences.isEmpty)
        }

        @Test("a migrate that failed leaves no table behind, and the desk it created is gone; a desk that was there stays")
        func discardsAFailedLoad() throws {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL("sumfail"))
            let store = try PostgresEventStore.create(at: address, allowExisting: true)
            defer { store.close() }
            let desk = address.desk
            try store.clearSummaries()
            #expect(try table(PostgresSummaryPartitionSchema.partition(desk: desk)) == (true, false))
            // Kept for a desk that was there before the migrate.
            try store.discardLoad(dropDesk: false)
            #expect(try table(PostgresSummaryPartitionSchema.partition(desk: desk)).exists == false)
            #expect(try table(PostgresSummaryPartitionSchema.tallyPartition(desk: desk)).exists == false)
            #expect(try value("SELECT count(*) FROM beback_desks WHERE desk = '\(desk)'") == "1")
            try store.clearSummaries()
            try store.discardLoad(dropDesk: true)
            #expect(try table(PostgresSummaryPartitionSchema.partition(desk: desk)).exists == false)
            #expect(try value("SELECT count(*) FROM beback_desks WHERE desk = '\(desk)'") == "0")
        }

        @Test("the attach waits for another migrate's hold on the desks' table holding nothing: other desks' summary rows stay writable")
        func attachHoldsNothingWhileItWaits() throws {
            let (folder, leads) = try folderDesk(ben: 3)
            let store = try PostgresEventStore.create(at: PostgresDeskAddress(PostgresTestServer.freshDeskURL("sumlock")), allowExisting: true)
            defer { store.close() }
            try store.clearSummaries()
            let loaded = try FolderImport.load(folder, journals: try folder.journals(), into: store, keep: .all) { _ in }
            #expect(try store.foldAndWrite(loaded.kept) == leads)
            try store.indexSummaries(merging: false)
            let pid = try #require(try store.link.run("SELECT pg_backend_pid()").first?.decode(Int32.self))
            // Another desk, appended to entry by entry: its rows are in the default partitions.
            let other = try PostgresEventStore.create(at: PostgresDeskAddress(PostgresTestServer.freshDeskURL("sumlock")))
            defer { other.close() }
            _ = try other.append(try capturedEvents(rep: "ann", count: 1), to: .rep("ann"))
            // A migrate's transaction holds the desks' table (as `loadPartition` does from its first statement).
            let migrating = PostgresLink(address: other.address, listening: false)
            defer { migrating.close() }
            try migrating.run("BEGIN")
            try migrating.run("UPDATE beback_desks SET summarized = summarized WHERE desk = \(other.address.desk)")
            let finished = FinishOutcome()
            let box = StoreBox(store)
            let thread = Thread { finished.set(Result { try box.store.finishSummaries(count: leads) }) }
            thread.start()
            // Until the finish waits on a lock; then it must hold no lock on either default partition.
            #expect(
                try PostgresTestServer.eventually {
                    try value("SELECT count(*) FROM pg_locks WHERE pid = \(pid) AND NOT granted") != "0"
                })
            let held = try value(
                """
                SELECT count(*) FROM pg_locks WHERE pid = \(pid) AND granted
                   AND relation IN ('beback_leads_shared'::regclass, 'beback_rep_work_shared'::regclass)
                """)
            #expect(held == "0")
            // So another desk's append (its summary row and tally in the default partitions) goes through meanwhile.
            let appending = try PostgresEventStore(address: other.address)
            defer { appending.close() }
            appending.link.statementTimeout = .seconds(5)
            _ = try appending.append(try capturedEvents(rep: "ann", count: 1, start: 40), to: .rep("ann"))
            try migrating.run("COMMIT")
            #expect(PostgresTestServer.eventually { finished.result != nil })
            try finished.result?.get()
            #expect(try table(PostgresSummaryPartitionSchema.partition(desk: store.address.desk)) == (true, true))
        }

        @Test("a migrate that died after storing the entries: the desk replays them, and rebuild writes the rows and drops the unattached tables")
        func rebuildAfterAMigrateDied() throws {
            let (folder, leads) = try folderDesk(ben: 2)
            let store = try PostgresEventStore.create(at: PostgresDeskAddress(PostgresTestServer.freshDeskURL("sumdied")), allowExisting: true)
            defer { store.close() }
            let desk = store.address.desk
            try store.clearSummaries()
            // The entries are committed; the process dies before the summary rows are attached.
            let loaded = try FolderImport.load(folder, journals: try folder.journals(), into: store, keep: .all) { _ in }
            _ = try store.foldAndWrite(loaded.kept)
            #expect(try value("SELECT summarized FROM beback_desks WHERE desk = '\(desk)'") == "f")
            #expect(try table(PostgresSummaryPartitionSchema.partition(desk: desk)) == (true, false))
            let rebuilt = try store.rebuildSummaries()
            #expect(rebuilt.leads == leads && rebuilt.remaining.isEmpty)
            #expect(try table(PostgresSummaryPartitionSchema.partition(desk: desk)).exists == false)
            #expect(try table(PostgresSummaryPartitionSchema.tallyPartition(desk: desk)).exists == false)
            #expect(try value("SELECT count(*) FROM beback_leads WHERE desk = '\(desk)'") == "\(leads)")
            #expect(try value("SELECT summarized FROM beback_desks WHERE desk = '\(desk)'") == "t")
        }

        @Test("a desk with entries is never dropped by a failed migrate's clean-up")
        func keepsADeskWithEntries() throws {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL("sumkeep"))
            let store = try PostgresEventStore.create(at: address)
            defer { store.close() }
            _ = try store.append(try capturedEvents(rep: "ann", count: 2), to: .rep("ann"))
            try store.discardLoad(dropDesk: true)
            #expect(try value("SELECT count(*) FROM beback_desks WHERE desk = '\(address.desk)'") == "1")
            #expect(try store.load().events.count == 2)
        }

        @Test(
            "a schema-9 database is upgraded in place: its summary rows and tally become the default partitions, kept, under the same rules, with no foreign key"
        )
        func upgradesSchemaNine() throws {
            let server = try #require(PostgresTestServer.url)
            let database = "beback_up9_\(UUID().uuidString.prefix(8).lowercased())"
            #expect(try PostgresTestServer.psql("CREATE DATABASE \(database)").status == 0)
            defer { _ = try? PostgresTestServer.psql("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
            let base = String(server[..<(server.lastIndex(of: "/") ?? server.endIndex)]) + "/" + database
            func sql(_ text: String) throws -> (status: Int32, output: String, errors: String) { try PostgresTestServer.psql(url: base, text) }
            // Schema 9 as the last stop installed it, and a desk whose appends wrote summary rows and tally.
            let nine = try sql(
                (PostgresSchema.tables + PostgresBoardSchema.statements + PostgresPartitionSchema.statements + PostgresCopiedAppendSchema.statements
                    + [
                        "DELETE FROM beback_schema", "INSERT INTO beback_schema (version) VALUES (9)",
                        "INSERT INTO beback_desks (desk, summarized, boarded) VALUES ('old', true, true)"
                    ]).joined(separator: ";\n"))
            try #require(nine.status == 0, "\(nine.errors)")
            let old = try PostgresEventStore(address: PostgresDeskAddress(base + "?desk=old"))
            _ = try old.append(try capturedEvents(rep: "ann", count: 3), to: .rep("ann"))
            let rowsBefore = try old.summaryRows()
            let tallyBefore = try old.storedTally()
            old.close()
            try #require(try sql("SELECT relkind FROM pg_class WHERE relname = 'beback_leads'").output.hasPrefix("r"))
            try PostgresEventStore.create(at: PostgresDeskAddress(base + "?desk=new")).close()
            for (parent, shared, policies) in [("beback_leads", "beback_leads_shared", 4), ("beback_rep_work", "beback_rep_work_shared", 3)] {
                #expect(try sql("SELECT relkind FROM pg_class WHERE relname = '\(parent)'").output.hasPrefix("p"), "\(parent)")
                #expect(try sql("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = '\(shared)'").output.hasPrefix("DEFAULT"))
                #expect(try sql("SELECT count(*) FROM pg_policy WHERE polrelid = '\(parent)'::regclass").output.hasPrefix("\(policies)"), "\(parent)")
                #expect(try sql("SELECT count(*) FROM pg_policy WHERE polrelid = '\(shared)'::regclass").output.hasPrefix("0"), "\(shared)")
                #expect(try sql("SELECT has_table_privilege('beback_desk', '\(parent)', 'SELECT, INSERT, UPDATE')").output.hasPrefix("t"))
                #expect(try sql("SELECT has_table_privilege('beback_desk', '\(shared)', 'SELECT')").output.hasPrefix("f"), "\(shared)")
                #expect(try sql("SELECT count(*) FROM pg_constraint WHERE conrelid = '\(parent)'::regclass AND contype = 'p'").output.hasPrefix("1"))
                // Schema 11: no foreign key to the desk (the rows are derived, written by Beback alone).
                #expect(try sql("SELECT count(*) FROM pg_constraint WHERE conrelid = '\(parent)'::regclass AND contype = 'f'").output.hasPrefix("0"))
            }
            let reopened = try PostgresEventStore(address: PostgresDeskAddress(base + "?desk=old"))
            defer { reopened.close() }
            #expect(try reopened.summaryRows() == rowsBefore)
            #expect(try reopened.storedTally() == tallyBefore)
            _ = try reopened.append(try capturedEvents(rep: "ann", count: 1, start: 10), to: .rep("ann"))
            #expect(try reopened.summaryRows().count == 4)
            #expect(try reopened.rebuildSummaries().differences.isEmpty)
            // A duplicate lead row is still refused across the whole table (the key holds on the partitioned table).
            let duplicate = try sql("INSERT INTO beback_leads SELECT * FROM beback_leads WHERE desk = 'old' LIMIT 1")
            #expect(duplicate.status != 0 && duplicate.errors.contains("beback_leads_pkey"), "\(duplicate.errors)")
        }
    #endif
}
