import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing
#if Postgres
    import BebackPostgres
#endif

/// An owner's large import into a desk whose rows are in the shared partitions: the desk moves into
/// partitions of its own in the import's transaction, its earlier rows kept as stored, or nothing
/// happens at all.
@Suite(
    "A large import moves a desk into partitions of its own", .serialized,
    .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresOwnPartitionsTests {
    #if Postgres
        func value(_ text: String) throws -> String {
            let result = try PostgresTestServer.psql(text)
            try #require(result.status == 0, "\(result.errors)")
            return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// A desk holding 300 of ann's entries and 200 of ben's, appended one small batch at a time (so in the shared partitions).
        func deskWithEarlierEntries(_ label: String) throws -> (PostgresDeskAddress, PostgresEventStore, [Event]) {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL(label))
            try PostgresEventStore.create(at: address).close()
            let store = try PostgresEventStore(address: address)
            let ann = try capturedEvents(rep: "ann", count: 300)
            let ben = try capturedEvents(rep: "ben", count: 200, start: 50_000)
            for part in stride(from: 0, to: ann.count, by: 100) { _ = try store.append(Array(ann[part..<part + 100]), to: .rep("ann")) }
            _ = try store.append(ben, to: .rep("ben"))
            return (address, store, ann + ben)
        }

        /// Each stored row of the desk as its columns say who saved it, when, and what (one line per row).
        func storedRows(_ desk: String) throws -> String {
            try value(
                """
                SELECT string_agg(journal || ' ' || seq || ' ' || saved_at || ' ' || saved_by || ' ' || md5(payload), E'\\n' ORDER BY journal, seq)
                FROM beback_entries WHERE desk = '\(desk)'
                """)
        }

        @Test(
            "the owner's import of 24,000 entries into a desk of 500: its own partitions attached, the earlier rows as stored, summaries and tally a replay's")
        func importMovesTheDesk() throws {
            let (address, store, earlier) = try deskWithEarlierEntries("own-move")
            defer { store.close() }
            let desk = address.desk
            let before = try storedRows(desk)
            #expect(before.split(separator: "\n").count == 500)
            #expect(try value("SELECT count(*) FROM beback_entries_shared WHERE desk = '\(desk)'") == "500")

            let imported = try capturedEvents(rep: "ann", count: 24_000, start: 100_000)
            _ = try store.append(imported, to: .rep("ann"))

            for table in ["beback_entries@\(desk)", "beback_leads@\(desk)"] {
                #expect(try value("SELECT relispartition FROM pg_class WHERE oid = to_regclass('\"\(table)\"')") == "t", "\(table)")
            }
            #expect(try value("SELECT count(*) FROM beback_entries_shared WHERE desk = '\(desk)'") == "0")
            #expect(try value("SELECT count(*) FROM beback_leads_shared WHERE desk = '\(desk)'") == "0")
            #expect(try value("SELECT count(*) FROM \"beback_entries@\(desk)\"") == "24500")
            // The earlier rows moved with every column as it was stored.
            let after = try storedRows(desk).split(separator: "\n")
            #expect(Array(after.prefix(300)) + after.suffix(200) == before.split(separator: "\n"))

            let reader = try PostgresEventStore(address: address)
            defer { reader.close() }
            let loaded = try reader.load()
            #expect(loaded.problems.isEmpty)
            #expect(Set(loaded.events.map(\.event.id)) == Set((earlier + imported).map(\.id)))
            for raw in try reader.rawJournals() {
                let scan = JournalScan.scan(raw.fileBytes)
                #expect(scan.problems.isEmpty && scan.tornTail == nil, "\(raw.journal)")
            }
            let rows = try reader.summaryRows()
            #expect(PostgresEventStore.compare(expected: PostgresEventStore.summaryRows(replaying: loaded.events), actual: rows).isEmpty)
            #expect(try reader.storedTally() == WorkTally(leads: DeskState(replaying: loaded.events.map(\.event)).leads.values))

            // The desk goes on in its own partitions: a small append, then a large one (indexed rows).
            _ = try store.append(try capturedEvents(rep: "ben", count: 10, start: 200_000), to: .rep("ben"))
            _ = try store.append(try capturedEvents(rep: "ann", count: 2_500, start: 300_000), to: .rep("ann"))
            #expect(try value("SELECT count(*) FROM \"beback_entries@\(desk)\"") == "27010")
            #expect(try value("SELECT count(*) FROM beback_entries_shared WHERE desk = '\(desk)'") == "0")
            let again = try PostgresEventStore(address: address)
            defer { again.close() }
            let reloaded = try again.load()
            #expect(reloaded.problems.isEmpty && reloaded.events.count == 27_010)
            #expect(PostgresEventStore.compare(expected: PostgresEventStore.summaryRows(replaying: reloaded.events), actual: try again.summaryRows()).isEmpty)
        }

        @Test("an import whose move fails at its last step (the attach) stores nothing: the desk stays in the shared partitions as it was")
        func failedMoveStoresNothing() throws {
            let (address, store, _) = try deskWithEarlierEntries("own-fail")
            defer { store.close() }
            let desk = address.desk
            let before = try storedRows(desk)
            // Refuses the last statement before the attach: the removal of the desk's summary rows from the shared partition.
            let made = try PostgresTestServer.psql(
                """
                CREATE FUNCTION beback_test_refuse_move() RETURNS trigger LANGUAGE plpgsql AS $f$
                BEGIN IF OLD.desk = '\(desk)' THEN RAISE EXCEPTION 'refused for the test'; END IF; RETURN OLD; END $f$;
                CREATE TRIGGER beback_test_refuse_move BEFORE DELETE ON beback_leads_shared FOR EACH ROW EXECUTE FUNCTION beback_test_refuse_move();
                """)
            try #require(made.status == 0, "\(made.errors)")
            defer {
                _ = try? PostgresTestServer.psql(
                    "DROP TRIGGER IF EXISTS beback_test_refuse_move ON beback_leads_shared; DROP FUNCTION IF EXISTS beback_test_refuse_move()")
            }
            #expect(throws: (any Error).self) { try store.append(try capturedEvents(rep: "ann", count: 24_000, start: 100_000), to: .rep("ann")) }
            #expect(try storedRows(desk) == before)
            #expect(try value("SELECT count(*) FROM beback_entries_shared WHERE desk = '\(desk)'") == "500")
            #expect(try value("SELECT count(*) FROM beback_leads_shared WHERE desk = '\(desk)'") == "500")
            #expect(try value("SELECT count(*) FROM pg_class WHERE relname IN ('beback_entries@\(desk)', 'beback_leads@\(desk)')") == "0")
            #expect(try value("SELECT last_seq FROM beback_journals WHERE desk = '\(desk)' AND journal = 'rep-ann.journal'") == "300")
            // The guard of the shared partition is on again: a row of the desk cannot be deleted there.
            #expect(try PostgresTestServer.psql("DELETE FROM beback_entries_shared WHERE desk = '\(desk)' AND seq = 1").status != 0)
        }

        @Test("a summary table a crashed import left behind (never attached) is dropped by the next import, which moves the desk all the same")
        func leftoverSummaryTableIsDropped() throws {
            let (address, store, _) = try deskWithEarlierEntries("own-left")
            defer { store.close() }
            let desk = address.desk
            // What a crash between the staged summary table's commit and the import's commit leaves: the table, unattached.
            let made = try PostgresTestServer.psql(
                """
                CREATE TABLE "beback_leads@\(desk)" (LIKE beback_leads INCLUDING DEFAULTS INCLUDING CONSTRAINTS);
                INSERT INTO "beback_leads@\(desk)" (desk, lead, owner, stage, is_open, touches, name, company, phone_digits, last_order)
                    VALUES ('\(desk)', 'stale', 'ann', 'new', true, 0, 'Stale Row', '', '', 0);
                """)
            try #require(made.status == 0, "\(made.errors)")
            _ = try store.append(try capturedEvents(rep: "ann", count: 24_000, start: 100_000), to: .rep("ann"))
            #expect(try value("SELECT relispartition FROM pg_class WHERE oid = to_regclass('\"beback_leads@\(desk)\"')") == "t")
            #expect(try value("SELECT count(*) FROM beback_leads WHERE desk = '\(desk)' AND lead = 'stale'") == "0")
            let reader = try PostgresEventStore(address: address)
            defer { reader.close() }
            let loaded = try reader.load()
            #expect(PostgresEventStore.compare(expected: PostgresEventStore.summaryRows(replaying: loaded.events), actual: try reader.summaryRows()).isEmpty)
        }

        @Test("a desk holding more than a quarter of an import's rows, or one the import is too small for, stays in the shared partitions")
        func smallImportOrLargeDeskStays() throws {
            let (address, store, _) = try deskWithEarlierEntries("own-stay")
            defer { store.close() }
            let desk = address.desk
            _ = try store.append(try capturedEvents(rep: "ann", count: 1_900, start: 100_000), to: .rep("ann"))
            #expect(try value("SELECT count(*) FROM beback_entries_shared WHERE desk = '\(desk)'") == "2400")
            _ = try store.append(try capturedEvents(rep: "ann", count: 9_000, start: 200_000), to: .rep("ann"))
            #expect(try value("SELECT count(*) FROM beback_entries_shared WHERE desk = '\(desk)'") == "11400")
            #expect(try value("SELECT count(*) FROM pg_class WHERE relname = 'beback_entries@\(desk)'") == "0")
        }
    #endif
}
