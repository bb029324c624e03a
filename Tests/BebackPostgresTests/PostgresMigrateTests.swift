import BebackCodec
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing
#if Postgres
    @testable import BebackPostgres
#endif

@Suite("Migrating into PostgreSQL", .serialized, .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresMigrateTests {
    #if Postgres
        func newDesk(_ label: String = "migrate") throws -> PostgresEventStore {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL(label))
            return try PostgresEventStore.create(at: address)
        }

        /// A journal file of `rep` holding `events`, as read for a migration.
        func journal(_ rep: RepName, _ events: [Event]) throws -> (raw: RawJournal, file: [UInt8], scan: JournalScan) {
            let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("source"))
            _ = try FileEventStore(folder: folder).append(events, to: .rep(rep))
            let raw = try #require(try FileJournalCopy.read(folder).first)
            let file = raw.fileBytes
            return (raw, file, file.withUnsafeBytes { JournalScan.scan($0) })
        }

        /// One batch of these records of the journal, encoded as a migration encodes it.
        func batch(_ source: (raw: RawJournal, file: [UInt8], scan: JournalScan), _ records: [ScannedRecord], desk: String) throws -> JournalImportBatch {
            try source.file.withUnsafeBytes { file in
                try JournalImportBatch.encode(
                    journal: source.raw.journal, salt: source.raw.salt, created: source.raw.created, desk: desk, file: file, records: records[...],
                    isFirst: true
                ) { record in try JournalImportBatch.envelope(of: record, in: file, journal: source.raw.journal) }
            }
        }

        func storedCount(_ store: PostgresEventStore) throws -> String {
            try PostgresTestServer.psql("SELECT count(*) FROM beback_entries WHERE desk = '\(store.address.desk)'").output
                .trimmingCharacters(in: .whitespacesAndNewlines)
        }

        @Test("a journal goes in batch by batch as it is: the copy reads back record for record, and the desk loads clean")
        func batchesGoInWhole() throws {
            let store = try newDesk()
            let source = try journal("ann", try capturedEvents(rep: "ann", count: 7))
            var seen: [Int] = []
            try store.importJournal(source.raw, batch: 3) { seen.append($0) }
            #expect(seen == [3, 6, 7])
            #expect(FileJournalCopy.difference([source.raw], try store.rawJournals()) == nil)
            let loaded = try store.load()
            #expect(loaded.problems.isEmpty)
            #expect(loaded.events.count == 7)
        }

        @Test("rows the database reads back other than they were sent (one payload byte) are refused by the digest: nothing is stored")
        func digestCatchesAChangedRow() throws {
            let store = try newDesk()
            let source = try journal("ann", try capturedEvents(rep: "ann", count: 4))
            var sent = try batch(source, source.scan.records, desk: store.address.desk)
            // "Lead 2" becomes "Lead 9": same length, so only the digest can tell.
            let needle = Array("Lead 2".utf8)
            let at = try #require((0...(sent.rows.count - needle.count)).first { Array(sent.rows[$0..<($0 + needle.count)]) == needle })
            sent.rows[at + 5] = UInt8(ascii: "9")
            #expect {
                try store.importBatch(sent)
            } throws: { error in
                "\(error)".contains("reads back from the database other than it was sent")
            }
            #expect(try storedCount(store) == "0")
            // The same rows, as encoded, go in.
            try store.importBatch(try batch(source, source.scan.records, desk: store.address.desk))
            #expect(try storedCount(store) == "4")
        }

        @Test("the database's batch check refuses a sequence gap, a broken chain link and a batch that does not start at the end")
        func batchCheckRefusesGapsAndBreaks() throws {
            let store = try newDesk()
            let source = try journal("ann", try capturedEvents(rep: "ann", count: 5))
            let records = source.scan.records
            var gap = records
            gap.remove(at: 2)
            var broken = records
            broken[1].chainHash ^= 1
            let late = Array(records.dropFirst())
            for (label, rows) in [("gap", gap), ("chain", broken), ("late start", late)] {
                #expect(throws: PostgresStoreError.self, "\(label)") { try store.importBatch(try batch(source, rows, desk: store.address.desk)) }
                #expect(try storedCount(store) == "0", "\(label)")
            }
            let row = try PostgresTestServer.psql(
                "SELECT coalesce(max(last_seq), 0) FROM beback_journals WHERE desk = '\(store.address.desk)' AND journal = 'rep-ann.journal'")
            #expect(row.output.trimmingCharacters(in: .whitespacesAndNewlines) == "0")
        }

        @Test("an entry by ann in ben's journal is refused by the database's batch check: nothing of the journal is stored")
        func batchCheckRefusesAnotherAuthor() throws {
            let store = try newDesk()
            var harness = DeskHarness(rep: "ann")
            let captured = try harness.actions.capture(
                Fixtures.profile(name: "Ben's Lead", owner: "ben"), wants: "", holdingBack: "",
                state: harness.state, at: Fixtures.at("2026-11-20 10:00"), ids: &harness.ids)
            let source = try journal("ben", try capturedEvents(rep: "ben", count: 2) + captured)
            #expect {
                try store.importJournal(source.raw)
            } throws: { error in
                "\(error)".contains("by another author")
            }
            #expect(try storedCount(store) == "0")
        }

        @Test("a database whose entry keys lead with the desk (schema 7) is upgraded in place: keys rebuilt, entries kept, rules enforced")
        func upgradesSchemaSeven() throws {
            let server = try #require(PostgresTestServer.url)
            let database = "beback_up_\(UUID().uuidString.prefix(8).lowercased())"
            #expect(try PostgresTestServer.psql("CREATE DATABASE \(database)").status == 0)
            defer { _ = try? PostgresTestServer.psql("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
            let base = String(server[..<(server.lastIndex(of: "/") ?? server.endIndex)]) + "/" + database
            func sql(_ text: String) throws -> (status: Int32, output: String, errors: String) {
                try PostgresTestServer.psql(url: base, text)
            }
            // The tables as schema 7 made them: every key of the entries led by the desk.
            let old = try PostgresEventStore.create(at: PostgresDeskAddress(base + "?desk=old"))
            let seven = try sql(
                """
                ALTER TABLE beback_entries DROP CONSTRAINT beback_entries_pkey, ADD CONSTRAINT beback_entries_pkey PRIMARY KEY (desk, journal, seq);
                ALTER TABLE beback_entries DROP CONSTRAINT beback_entries_event_id_desk_key,
                    ADD CONSTRAINT beback_entries_desk_event_id_key UNIQUE (desk, event_id);
                DROP INDEX beback_entries_lead_desk;
                CREATE INDEX beback_entries_lead ON beback_entries (desk, lead);
                UPDATE beback_schema SET version = 7;
                """)
            try #require(seven.status == 0, "\(seven.errors)")
            let events = try capturedEvents(rep: "ann", count: 3)
            _ = try old.append(events, to: .rep("ann"))
            old.close()
            // Any install of this build upgrades it.
            let fresh = try PostgresEventStore.create(at: PostgresDeskAddress(base + "?desk=new"))
            fresh.close()
            let indexes = try sql("SELECT indexname || ' ' || indexdef FROM pg_indexes WHERE tablename = 'beback_entries' ORDER BY indexname")
            let lines = indexes.output.split(separator: "\n").map(String.init)
            #expect(lines.count == 3, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("beback_entries_pkey ") && $0.hasSuffix("(journal, desk, seq)") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("beback_entries_event_id_desk_key ") && $0.hasSuffix("(event_id, desk)") }, "\(lines)")
            #expect(lines.contains { $0.hasPrefix("beback_entries_lead_desk ") && $0.hasSuffix("(lead, desk)") }, "\(lines)")
            #expect(try sql("SELECT max(version) FROM beback_schema").output.hasPrefix("\(PostgresSchema.version)"))
            // The old desk's entries are all there, and the rules still hold: an event id once per desk, appends in sequence.
            let reopened = try PostgresEventStore(address: PostgresDeskAddress(base + "?desk=old"))
            defer { reopened.close() }
            #expect(try reopened.load().events.map(\.event) == events)
            let again = try sql(
                """
                INSERT INTO beback_entries (desk, journal, seq, len, crc, prev, chain, off, event_id, actor, payload)
                SELECT desk, journal, seq + 1, len, crc, (SELECT last_chain FROM beback_journals WHERE desk = 'old'), chain,
                       (SELECT last_end FROM beback_journals WHERE desk = 'old'), event_id, actor, payload
                FROM beback_entries WHERE desk = 'old' AND seq = 3
                """)
            // (The entries table is partitioned since schema 9: the index that refuses it is its partition's.)
            #expect(again.status != 0 && again.errors.contains("event_id_desk_key"), "\(again.errors)")
            _ = try reopened.append(try capturedEvents(rep: "ann", count: 1, start: 10), to: .rep("ann"))
            #expect(try reopened.load().events.count == 4)
        }
    #endif
}
