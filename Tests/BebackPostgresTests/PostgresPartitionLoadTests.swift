import BebackCodec
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing
#if Postgres
    @testable import BebackPostgres
#endif

@Suite(
    "A migrated desk's own partition", .serialized,
    .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresPartitionLoadTests {
    #if Postgres
        func newDesk(_ label: String = "part") throws -> PostgresEventStore {
            try PostgresEventStore.create(at: PostgresDeskAddress(PostgresTestServer.freshDeskURL(label)))
        }

        /// The journal files of a folder desk holding these reps' entries, read as a migration reads them.
        func source(_ reps: [(RepName, Int)]) throws -> [RawJournal] {
            let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("source"))
            let store = try FileEventStore(folder: folder)
            for (index, (rep, count)) in reps.enumerated() {
                _ = try store.append(try capturedEvents(rep: rep, count: count, start: index * 100), to: .rep(rep))
            }
            return try FileJournalCopy.read(folder)
        }

        /// A journal's batches of `size` records, encoded as a migration encodes them.
        func batches(_ raw: RawJournal, desk: String, size: Int) throws -> [JournalImportBatch] {
            let file = raw.fileBytes
            let scan = file.withUnsafeBytes { JournalScan.scan($0) }
            return try file.withUnsafeBytes { bytes in
                try JournalImportBatch.batches(
                    journal: raw.journal, salt: raw.salt, created: raw.created, desk: desk, file: bytes, records: scan.records[...], batch: size)
            }
        }

        func value(_ sql: String) throws -> String {
            let result = try PostgresTestServer.psql(sql)
            #expect(result.status == 0, "\(result.errors)")
            return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func partitionExists(_ desk: String) throws -> Bool {
            try value("SELECT to_regclass('\(PostgresPartitionSchema.partition(desk: desk))') IS NOT NULL") == "t"
        }

        func entries(_ desk: String) throws -> String { try value("SELECT count(*) FROM beback_entries WHERE desk = '\(desk)'") }

        @Test("journals go into the desk's own partition, attached once checked: they read back record for record, and appends go on under the guard")
        func loadsIntoItsOwnPartition() throws {
            let store = try newDesk()
            defer { store.close() }
            let desk = store.address.desk
            let journals = try source([("ann", 7), ("ben", 4)])
            try store.loadPartition { add in
                for journal in journals { for batch in try batches(journal, desk: desk, size: 3) { try add(batch) } }
            }
            #expect(try partitionExists(desk))
            #expect(
                try value("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE oid = '\(PostgresPartitionSchema.partition(desk: desk))'::regclass")
                    == "FOR VALUES IN ('\(desk)')")
            #expect(try value("SELECT count(*) FROM \(PostgresPartitionSchema.partition(desk: desk))") == "11")
            #expect(try value("SELECT count(*) FROM beback_entries_shared WHERE desk = '\(desk)'") == "0")
            #expect(FileJournalCopy.difference(journals, try store.rawJournals()) == nil)
            let loaded = try store.load()
            #expect(loaded.problems.isEmpty)
            #expect(loaded.events.count == 11)
            // The partitioned table's rules hold in the new partition: a wrong sequence, an update, a delete
            // and a truncate are refused; an append in sequence goes in.
            let wrong = try PostgresTestServer.psql(
                """
                INSERT INTO beback_entries (desk, journal, seq, len, crc, prev, chain, off, event_id, actor, payload)
                SELECT desk, journal, seq + 5, len, crc, prev, chain, off, event_id || 'x', actor, payload
                FROM beback_entries WHERE desk = '\(desk)' AND journal = 'rep-ann.journal' AND seq = 7
                """)
            #expect(wrong.status != 0 && wrong.errors.contains("expects sequence 8"), "\(wrong.errors)")
            for statement in [
                "UPDATE beback_entries SET actor = 'ben' WHERE desk = '\(desk)'", "DELETE FROM beback_entries WHERE desk = '\(desk)'",
                "TRUNCATE \(PostgresPartitionSchema.partition(desk: desk))"
            ] {
                let refused = try PostgresTestServer.psql(statement)
                #expect(refused.status != 0 && refused.errors.contains("append-only"), "\(statement): \(refused.errors)")
            }
            _ = try store.append(try capturedEvents(rep: "ann", count: 1, start: 20), to: .rep("ann"))
            #expect(try value("SELECT count(*) FROM \(PostgresPartitionSchema.partition(desk: desk))") == "12")
            #expect(try store.load().problems.isEmpty)
        }

        @Test("a batch changed on the way, or out of sequence, is refused by the check before the attach: no partition, no entry, no journal")
        func refusesATamperedLoad() throws {
            let store = try newDesk()
            defer { store.close() }
            let desk = store.address.desk
            let journals = try source([("ann", 6), ("ben", 3)])
            // "Lead 2" becomes "Lead 9" in ann's first batch: same length, so only the digest can tell.
            var tampered = try journals.map { try batches($0, desk: desk, size: 4) }
            let needle = Array("Lead 2".utf8)
            let rows = tampered[0][0].rows
            let at = try #require((0...(rows.count - needle.count)).first { Array(rows[$0..<($0 + needle.count)]) == needle })
            tampered[0][0].rows[at + 5] = UInt8(ascii: "9")
            // ann's second batch left out: her third does not continue the journal.
            var gap = try journals.map { try batches($0, desk: desk, size: 2) }
            gap[0].remove(at: 1)
            for (label, sent, refusal) in [("one byte", tampered, "other than it was sent"), ("a gap", gap, "out of sequence or chain")] {
                var refused: (any Error)?
                do { try store.loadPartition { add in for batch in sent.joined() { try add(batch) } } } catch { refused = error }
                #expect(refused.map { "\($0)".contains(refusal) } == true, "\(label): \(String(describing: refused))")
                #expect(try !partitionExists(desk), "\(label)")
                #expect(try entries(desk) == "0", "\(label)")
                #expect(try value("SELECT count(*) FROM beback_journals WHERE desk = '\(desk)'") == "0", "\(label)")
            }
            // The same journals as encoded go in.
            try store.loadPartition { add in for batch in try journals.flatMap({ try batches($0, desk: desk, size: 4) }) { try add(batch) } }
            #expect(try entries(desk) == "9")
        }

        @Test("a crash between the load and the attach leaves the desk with no entry and no partition; a migrate again succeeds")
        func crashBeforeAttach() throws {
            let store = try newDesk()
            defer { store.close() }
            let desk = store.address.desk
            let journals = try source([("ann", 5)])
            try store.clearSummaries()
            var hooks = PostgresEventStore.PartitionLoadHooks()
            var reached = false
            hooks.beforeAttach = { link throws(PostgresStoreError) in
                // The rows are in and checked, the journal rows set: the connection drops as a killed process's would.
                reached = true
                link.close()
                throw .unreachable(address: "test", detail: "the process died")
            }
            #expect(throws: PostgresStoreError.self) {
                try store.loadPartition(hooks: hooks) { add in for batch in try batches(journals[0], desk: desk, size: 2) { try add(batch) } }
            }
            #expect(reached)
            #expect(try !partitionExists(desk))
            #expect(try entries(desk) == "0")
            #expect(try value("SELECT coalesce(max(last_seq), 0) FROM beback_journals WHERE desk = '\(desk)'") == "0")
            #expect(try value("SELECT summarized FROM beback_desks WHERE desk = '\(desk)'") == "f")
            try store.loadPartition { add in for batch in try batches(journals[0], desk: desk, size: 2) { try add(batch) } }
            #expect(try entries(desk) == "5")
            #expect(FileJournalCopy.difference(journals, try store.rawJournals()) == nil)
        }

        @Test("another session holding the default partition past lock_timeout fails the attach with a clear error; nothing is stored")
        func attachWaitsNoLongerThanLockTimeout() throws {
            let server = try #require(PostgresTestServer.url)
            let store = try PostgresEventStore.create(at: PostgresDeskAddress(PostgresTestServer.freshDeskURL("part") + "&lock_timeout=1"))
            defer { store.close() }
            let desk = store.address.desk
            let journals = try source([("ann", 3)])
            // Another desk's session reads the default partition, and keeps its transaction open for a while.
            let holder = Process()
            holder.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            holder.arguments = ["psql", server, "-X", "-q", "-c", "BEGIN; LOCK TABLE beback_entries_shared IN ACCESS SHARE MODE; SELECT pg_sleep(4); COMMIT;"]
            holder.standardOutput = FileHandle.nullDevice
            try holder.run()
            defer { holder.waitUntilExit() }
            var held = false
            for _ in 0..<100 where !held {
                held =
                    try value(
                        "SELECT count(*) FROM pg_locks WHERE relation = 'beback_entries_shared'::regclass AND granted AND pid <> pg_backend_pid()") != "0"
                if !held { Thread.sleep(forTimeInterval: 0.05) }
            }
            try #require(held)
            var refused: (any Error)?
            do { try store.loadPartition { add in for batch in try batches(journals[0], desk: desk, size: 2) { try add(batch) } } } catch {
                refused = error
            }
            #expect(refused.map { "\($0)".contains("lock_timeout") } == true, "\(String(describing: refused))")
            #expect(try !partitionExists(desk))
            #expect(try entries(desk) == "0")
        }

        @Test("a schema-8 database is upgraded in place: its entries become the default partition, kept, and every rule still holds")
        func upgradesSchemaEight() throws {
            let server = try #require(PostgresTestServer.url)
            let database = "beback_up8_\(UUID().uuidString.prefix(8).lowercased())"
            #expect(try PostgresTestServer.psql("CREATE DATABASE \(database)").status == 0)
            defer { _ = try? PostgresTestServer.psql("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
            let base = String(server[..<(server.lastIndex(of: "/") ?? server.endIndex)]) + "/" + database
            func sql(_ text: String) throws -> (status: Int32, output: String, errors: String) { try PostgresTestServer.psql(url: base, text) }
            // Schema 8 as main installed it: the tables, the board's, the version; and a desk with entries.
            let eight = try sql(
                (PostgresSchema.tables + PostgresBoardSchema.statements + [
                    "DELETE FROM beback_schema", "INSERT INTO beback_schema (version) VALUES (8)",
                    "INSERT INTO beback_desks (desk, summarized, boarded) VALUES ('old', true, true)"
                ]).joined(separator: ";\n"))
            try #require(eight.status == 0, "\(eight.errors)")
            try #require(try sql("SELECT relkind FROM pg_class WHERE relname = 'beback_entries'").output.hasPrefix("r"))
            let old = try PostgresEventStore(address: PostgresDeskAddress(base + "?desk=old"))
            let events = try capturedEvents(rep: "ann", count: 3)
            _ = try old.append(events, to: .rep("ann"))
            old.close()
            // Any install of this build upgrades it.
            try PostgresEventStore.create(at: PostgresDeskAddress(base + "?desk=new")).close()
            #expect(try sql("SELECT max(version) FROM beback_schema").output.hasPrefix("\(PostgresSchema.version)"))
            #expect(try sql("SELECT relkind FROM pg_class WHERE relname = 'beback_entries'").output.hasPrefix("p"))
            #expect(
                try sql("SELECT pg_get_expr(relpartbound, oid) FROM pg_class WHERE relname = 'beback_entries_shared'").output.hasPrefix("DEFAULT"))
            #expect(try sql("SELECT count(*) FROM beback_entries_shared WHERE desk = 'old'").output.hasPrefix("3"))
            let reopened = try PostgresEventStore(address: PostgresDeskAddress(base + "?desk=old"))
            defer { reopened.close() }
            #expect(try reopened.load().events.map(\.event) == events)
            // The guard (sequence), one event id per desk, append-only and no truncate, on the table and its partition.
            let wrong = try sql(
                """
                INSERT INTO beback_entries (desk, journal, seq, len, crc, prev, chain, off, event_id, actor, payload)
                SELECT desk, journal, seq + 2, len, crc, prev, chain, off, event_id || 'x', actor, payload FROM beback_entries WHERE desk = 'old' AND seq = 3
                """)
            #expect(wrong.status != 0 && wrong.errors.contains("expects sequence 4"), "\(wrong.errors)")
            let again = try sql(
                """
                INSERT INTO beback_entries (desk, journal, seq, len, crc, prev, chain, off, event_id, actor, payload)
                SELECT desk, journal, seq + 1, len, crc, (SELECT last_chain FROM beback_journals WHERE desk = 'old'), chain,
                       (SELECT last_end FROM beback_journals WHERE desk = 'old'), event_id, actor, payload
                FROM beback_entries WHERE desk = 'old' AND seq = 3
                """)
            #expect(again.status != 0 && again.errors.contains("beback_entries_event_id_desk_key"), "\(again.errors)")
            for statement in [
                "UPDATE beback_entries SET actor = 'ben'", "DELETE FROM beback_entries_shared", "TRUNCATE beback_entries", "TRUNCATE beback_entries_shared"
            ] {
                let refused = try sql(statement)
                #expect(refused.status != 0 && refused.errors.contains("append-only"), "\(statement): \(refused.errors)")
            }
            // The group role reads through the partitioned table (its policies) and not the partition itself.
            #expect(try sql("SELECT has_table_privilege('beback_desk', 'beback_entries', 'SELECT, INSERT')").output.hasPrefix("t"))
            #expect(try sql("SELECT has_table_privilege('beback_desk', 'beback_entries_shared', 'SELECT')").output.hasPrefix("f"))
            #expect(try sql("SELECT relrowsecurity FROM pg_class WHERE relname = 'beback_entries'").output.hasPrefix("t"))
            #expect(try sql("SELECT count(*) FROM pg_policy WHERE polrelid = 'beback_entries'::regclass").output.hasPrefix("2"))
            _ = try reopened.append(try capturedEvents(rep: "ann", count: 1, start: 10), to: .rep("ann"))
            #expect(try reopened.load().events.count == 4)
        }
    #endif
}
