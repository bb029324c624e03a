import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing
#if Postgres
    import BebackPostgres
#endif

/// An owner's large first import into a desk with no entry: the desk gets partitions of its own in
/// the import's transaction, or nothing happens at all; a desk holding entries stays where it is.
@Suite(
    "A large first import gives a desk partitions of its own", .serialized,
    .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresOwnPartitionsTests {
    #if Postgres
        func value(_ text: String) throws -> String {
            let result = try PostgresTestServer.psql(text)
            try #require(result.status == 0, "\(result.errors)")
            return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        func newDesk(_ label: String) throws -> (PostgresDeskAddress, PostgresEventStore) {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL(label))
            try PostgresEventStore.create(at: address).close()
            return (address, try PostgresEventStore(address: address))
        }

        func attached(_ table: String) throws -> String {
            try value("SELECT coalesce((SELECT relispartition::text FROM pg_class WHERE oid = to_regclass('\"\(table)\"')), 'none')")
        }

        @Test(
            "the owner's first import of 24,000 entries: the desk's own partitions attached, owned by the tables' owner, entries, summaries and tally a replay's"
        )
        func firstImportGivesOwnPartitions() throws {
            let (address, store) = try newDesk("own-move")
            defer { store.close() }
            let desk = address.desk
            let imported = try capturedEvents(rep: "ann", count: 24_000, start: 100_000)
            let stored = try store.append(imported, to: .rep("ann"))
            #expect(stored.map(\.event) == imported)

            for table in ["beback_entries@\(desk)", "beback_leads@\(desk)"] {
                #expect(try attached(table) == "true", "\(table)")
                #expect(
                    try value(
                        "SELECT relowner = (SELECT relowner FROM pg_class WHERE oid = 'beback_entries'::regclass) FROM pg_class WHERE relname = '\(table)'")
                        == "t")
            }
            #expect(try value("SELECT count(*) FROM beback_entries_shared WHERE desk = '\(desk)'") == "0")
            #expect(try value("SELECT count(*) FROM beback_leads_shared WHERE desk = '\(desk)'") == "0")
            #expect(try value("SELECT count(*) FROM \"beback_entries@\(desk)\"") == "24000")

            let reader = try PostgresEventStore(address: address)
            defer { reader.close() }
            let loaded = try reader.load()
            #expect(loaded.problems.isEmpty)
            #expect(loaded.events.map(\.event) == imported)
            for raw in try reader.rawJournals() {
                let scan = JournalScan.scan(raw.fileBytes)
                #expect(scan.problems.isEmpty && scan.tornTail == nil, "\(raw.journal)")
                #expect(scan.records.map(\.offset) == stored.map(\.offset))
            }
            #expect(PostgresEventStore.compare(expected: PostgresEventStore.summaryRows(replaying: loaded.events), actual: try reader.summaryRows()).isEmpty)
            #expect(try reader.storedTally() == WorkTally(leads: DeskState(replaying: loaded.events.map(\.event)).leads.values))

            // The desk goes on in its own partitions: a small append, then a large one (the guard off in that partition alone).
            _ = try store.append(try capturedEvents(rep: "ben", count: 10, start: 200_000), to: .rep("ben"))
            _ = try store.append(try capturedEvents(rep: "ann", count: 2_500, start: 300_000), to: .rep("ann"))
            #expect(try value("SELECT count(*) FROM \"beback_entries@\(desk)\"") == "26510")
            #expect(try value("SELECT count(*) FROM beback_entries_shared WHERE desk = '\(desk)'") == "0")
            #expect(try value("SELECT count(*) FROM pg_trigger WHERE tgname = 'beback_entry_guard' AND NOT tgenabled = 'O'") == "0")
            let again = try PostgresEventStore(address: address)
            defer { again.close() }
            let reloaded = try again.load()
            #expect(reloaded.problems.isEmpty && reloaded.events.count == 26_510)
            #expect(PostgresEventStore.compare(expected: PostgresEventStore.summaryRows(replaying: reloaded.events), actual: try again.summaryRows()).isEmpty)
        }

        @Test("an import whose last step fails (the summary table's attach) stores nothing: no entry, no table left, the desk in the shared partitions")
        func failedAttachStoresNothing() throws {
            let (address, store) = try newDesk("own-fail")
            defer { store.close() }
            let desk = address.desk
            // Refuses the attach of the desk's summary table, the last statement of the move.
            let made = try PostgresTestServer.psql(
                """
                CREATE FUNCTION beback_test_refuse_attach() RETURNS event_trigger LANGUAGE plpgsql AS $f$
                BEGIN
                    IF EXISTS (SELECT 1 FROM pg_event_trigger_ddl_commands() WHERE object_identity LIKE '%beback_leads@\(desk)%') THEN
                        RAISE EXCEPTION 'refused for the test';
                    END IF;
                END $f$;
                CREATE EVENT TRIGGER beback_test_refuse_attach ON ddl_command_end WHEN TAG IN ('ALTER TABLE') EXECUTE FUNCTION beback_test_refuse_attach();
                """)
            try #require(made.status == 0, "\(made.errors)")
            defer {
                _ = try? PostgresTestServer.psql("DROP EVENT TRIGGER IF EXISTS beback_test_refuse_attach; DROP FUNCTION IF EXISTS beback_test_refuse_attach()")
            }
            #expect {
                try store.append(try capturedEvents(rep: "ann", count: 24_000, start: 100_000), to: .rep("ann"))
            } throws: { error in
                "\(error)".contains("refused for the test")
            }
            #expect(try value("SELECT count(*) FROM beback_entries WHERE desk = '\(desk)'") == "0")
            #expect(try value("SELECT count(*) FROM beback_leads WHERE desk = '\(desk)'") == "0")
            #expect(try value("SELECT count(*) FROM pg_class WHERE relname IN ('beback_entries@\(desk)', 'beback_leads@\(desk)')") == "0")
            #expect(try value("SELECT coalesce(max(last_seq), 0) FROM beback_journals WHERE desk = '\(desk)'") == "0")
            _ = try PostgresTestServer.psql("DROP EVENT TRIGGER IF EXISTS beback_test_refuse_attach")
            // The same import then goes through.
            _ = try store.append(try capturedEvents(rep: "ann", count: 24_000, start: 100_000), to: .rep("ann"))
            #expect(try attached("beback_leads@\(desk)") == "true")
        }

        @Test("a summary table a crashed import left behind (never attached) is dropped by the next import, which moves the desk all the same")
        func leftoverSummaryTableIsDropped() throws {
            let (address, store) = try newDesk("own-left")
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
            #expect(try attached("beback_leads@\(desk)") == "true")
            #expect(try value("SELECT count(*) FROM beback_leads WHERE desk = '\(desk)' AND lead = 'stale'") == "0")
            let reader = try PostgresEventStore(address: address)
            defer { reader.close() }
            let loaded = try reader.load()
            #expect(PostgresEventStore.compare(expected: PostgresEventStore.summaryRows(replaying: loaded.events), actual: try reader.summaryRows()).isEmpty)
        }

        @Test("a desk that holds entries, or an import under 20,000 entries, stays in the shared partitions")
        func deskWithEntriesOrSmallImportStays() throws {
            let (address, store) = try newDesk("own-stay")
            defer { store.close() }
            let desk = address.desk
            _ = try store.append(try capturedEvents(rep: "ben", count: 5), to: .rep("ben"))
            _ = try store.append(try capturedEvents(rep: "ann", count: 24_000, start: 100_000), to: .rep("ann"))
            #expect(try value("SELECT count(*) FROM beback_entries_shared WHERE desk = '\(desk)'") == "24005")
            #expect(try attached("beback_entries@\(desk)") == "none")

            let (small, smallStore) = try newDesk("own-small")
            defer { smallStore.close() }
            _ = try smallStore.append(try capturedEvents(rep: "ann", count: 9_000), to: .rep("ann"))
            #expect(try value("SELECT count(*) FROM beback_entries_shared WHERE desk = '\(small.desk)'") == "9000")
            #expect(try attached("beback_entries@\(small.desk)") == "none")
        }
    #endif
}
