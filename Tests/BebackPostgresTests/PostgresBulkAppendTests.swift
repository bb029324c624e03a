import BebackCodec
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing
#if Postgres
    import BebackPostgres
#endif

/// Large appends (an import of thousands of leads) on PostgreSQL: one lock on the desk instead of one
/// per lead, the rows by COPY through a temporary table and the same guard, the journal's row moved
/// once per statement; and the guard checking every row of a many-row statement against the row before it.
@Suite(
    "Large appends on PostgreSQL", .serialized, .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresBulkAppendTests {
    #if Postgres
        func newDesk(_ label: String) throws -> PostgresDeskAddress {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL(label))
            try PostgresEventStore.create(at: address).close()
            return address
        }

        func value(_ text: String) throws -> String {
            let result = try PostgresTestServer.psql(text)
            try #require(result.status == 0, "\(result.errors)")
            return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// Appends `first` then `second` (each one statement of many rows) through `store`, then checks,
        /// through a second store, that every entry is kept in order with the chain whole, that the journal's
        /// row ends at the last, that the summary rows are a replay's, and that `savedBy` (SQL) saved every row.
        func appendTwiceAndCheck(_ store: PostgresEventStore, _ address: PostgresDeskAddress, first: Int, second: Int, savedBy: String) throws {
            let one = try capturedEvents(rep: "ann", count: first)
            let two = try capturedEvents(rep: "ann", count: second, start: first)
            _ = try store.append(one, to: .rep("ann"))
            let stored = try store.append(two, to: .rep("ann"))
            #expect(stored.map(\.sequence) == Array(UInt64(first + 1)...UInt64(first + second)))

            let reader = try PostgresEventStore(address: address)
            defer { reader.close() }
            let loaded = try reader.load()
            #expect(loaded.problems.isEmpty)
            #expect(loaded.events.map(\.event) == one + two)
            let raw = try #require(try reader.rawJournals().first { $0.journal == .rep("ann") })
            let scan = JournalScan.scan(raw.fileBytes)
            #expect(scan.problems.isEmpty && scan.tornTail == nil)
            #expect(scan.records.map(\.sequence) == Array(1...UInt64(first + second)))
            // What the append returned is what the journal holds: each entry at its record's offset.
            #expect(stored.map(\.offset) == scan.records.suffix(second).map(\.offset))
            #expect(stored.map(\.event) == two)
            let journalRow = try value(
                "SELECT last_seq || ' ' || last_end || ' ' || last_at FROM beback_journals WHERE desk = '\(address.desk)' AND journal = 'rep-ann.journal'")
            let latest = Int((two.map(\.at.timeIntervalSince1970).max() ?? 0).rounded(.down))
            #expect(journalRow == "\(first + second) \(raw.fileBytes.count) \(latest)")
            let rows = try reader.summaryRows()
            #expect(rows.count == Set((one + two).map(\.lead)).count && rows.count > (first + second) * 99 / 100)
            #expect(PostgresEventStore.compare(expected: PostgresEventStore.summaryRows(replaying: loaded.events), actual: rows).isEmpty)
            #expect(try value("SELECT count(*) FROM beback_entries WHERE desk = '\(address.desk)' AND saved_by <> \(savedBy)") == "0")
            #expect(
                try value(
                    "SELECT count(*) FROM beback_entries WHERE desk = '\(address.desk)' AND lead IS DISTINCT FROM convert_from(payload, 'UTF8')::jsonb->>'lead'"
                ) == "0")
        }

        @Test("the tables' owner appends 27,000 new leads at once, then 3,000: every entry kept in order, the chain whole, the summaries a replay's")
        func ownerAppendsManyLeads() throws {
            let address = try newDesk("bulk-owner")
            let store = try PostgresEventStore(address: address)
            defer { store.close() }
            // More leads than the server's lock table holds locks (some thousands by default): one lock per
            // lead failed with "out of shared memory".
            try appendTwiceAndCheck(store, address, first: 27_000, second: 3_000, savedBy: "current_user")
        }

        @Test("a large append onto leads already stored (outcomes on 2,500 of them) folds each with its earlier entries: rows and tally a replay's")
        func largeAppendOntoStoredLeads() throws {
            let address = try newDesk("bulk-onto")
            let store = try PostgresEventStore(address: address)
            defer { store.close() }
            let captured = try capturedEvents(rep: "ann", count: 3_000)
            _ = try store.append(captured, to: .rep("ann"))
            var desk = DeskHarness(rep: "ann")
            desk.apply(captured)
            desk.ids = SeededIDGenerator(seed: 991)
            let leads = Array(Set(captured.map(\.lead))).sorted().prefix(2_500)
            var outcomes: [Event] = []
            for (index, lead) in leads.enumerated() {
                let at = Date(timeIntervalSince1970: 1_790_500_000 + Double(index) * 60)
                let outcome: Disposition = index % 3 == 0 ? .noAnswer : index % 3 == 1 ? .voicemail : .busy
                outcomes += try desk.actions.record(
                    OutcomeRequest(lead: lead, outcome: outcome, note: "call \(index)"), state: desk.state, at: at, ids: &desk.ids
                ).events
            }
            #expect(outcomes.count >= 2_500)
            _ = try store.append(outcomes, to: .rep("ann"))

            let reader = try PostgresEventStore(address: address)
            defer { reader.close() }
            let loaded = try reader.load()
            #expect(loaded.problems.isEmpty)
            let rows = try reader.summaryRows()
            #expect(rows.count == 3_000)
            #expect(PostgresEventStore.compare(expected: PostgresEventStore.summaryRows(replaying: loaded.events), actual: rows).isEmpty)
            #expect(rows.filter { $0.touches > 0 }.count == 2_500)
            let whole = WorkTally(leads: DeskState(replaying: loaded.events.map(\.event)).leads.values)
            #expect(!whole.counts.isEmpty)
            #expect(try reader.storedTally() == whole)
        }

        @Test("the owner's copied append refuses rows stored otherwise than sent (a payload byte, a chain link, an offset): nothing is saved")
        func ownerCopyRefusesAlteredRows() throws {
            let address = try newDesk("bulk-tamper")
            let desk = address.desk
            let store = try PostgresEventStore(address: address)
            defer { store.close() }
            _ = try store.append(try capturedEvents(rep: "ann", count: 3), to: .rep("ann"))
            let changes = [
                "NEW.payload := overlay(NEW.payload placing '\\x20'::bytea from 3 for 1)",
                "NEW.prev := NEW.prev + 1",
                "NEW.off := NEW.off + 1"
            ]
            for (index, change) in changes.enumerated() {
                // Alters one row of this desk as the database stores it (a stand-in for a bug between the
                // encoder and the table): the guard is off during the owner's COPY, the check must see it.
                let made = try PostgresTestServer.psql(
                    """
                    CREATE FUNCTION beback_test_alter_\(index)() RETURNS trigger LANGUAGE plpgsql AS $f$
                    BEGIN IF NEW.desk = '\(desk)' AND NEW.seq = 2000 THEN \(change); END IF; RETURN NEW; END $f$;
                    CREATE TRIGGER beback_test_alter_\(index) BEFORE INSERT ON beback_entries_shared FOR EACH ROW EXECUTE FUNCTION beback_test_alter_\(index)();
                    """)
                try #require(made.status == 0, "\(made.errors)")
                defer {
                    _ = try? PostgresTestServer.psql(
                        "DROP TRIGGER IF EXISTS beback_test_alter_\(index) ON beback_entries_shared; DROP FUNCTION IF EXISTS beback_test_alter_\(index)()")
                }
                let events = try capturedEvents(rep: "ann", count: 2_500, start: 10 + index * 3_000)
                #expect(throws: (any Error).self, "\(change)") { try store.append(events, to: .rep("ann")) }
                #expect(try value("SELECT count(*) FROM beback_entries WHERE desk = '\(desk)'") == "3", "\(change)")
                #expect(try value("SELECT last_seq FROM beback_journals WHERE desk = '\(desk)' AND journal = 'rep-ann.journal'") == "3", "\(change)")
                #expect(try value("SELECT count(*) FROM beback_leads WHERE desk = '\(desk)'") == "3", "\(change)")
            }
            // Unaltered, the same append is taken.
            _ = try store.append(try capturedEvents(rep: "ann", count: 2_500, start: 20_000), to: .rep("ann"))
            #expect(try value("SELECT count(*) FROM beback_entries WHERE desk = '\(desk)'") == "2503")
        }

        @Test("a large append tells its progress as its pieces go to the server, up to every entry, and nothing once let go")
        func largeAppendReportsProgress() throws {
            let address = try newDesk("bulk-progress")
            let store = try PostgresEventStore(address: address)
            defer { store.close() }
            final class Counts: @unchecked Sendable {
                private let lock = NSLock()
                private var values: [Int] = []
                func add(_ value: Int) { lock.withLock { values.append(value) } }
                var all: [Int] { lock.withLock { values } }
            }
            let counts = Counts()
            store.appendProgress = { done in counts.add(done) }
            _ = try store.append(try capturedEvents(rep: "ann", count: 5_000), to: .rep("ann"))
            #expect(counts.all == [2_000, 4_000, 5_000])
            store.appendProgress = nil
            _ = try store.append(try capturedEvents(rep: "ann", count: 2_500, start: 5_000), to: .rep("ann"))
            #expect(counts.all == [2_000, 4_000, 5_000])
        }

        @Test("a rep's role appends 4,000 new leads at once, then 2,500, through the guard: the same")
        func repAppendsManyLeads() throws {
            let address = try newDesk("bulk-rep")
            let suffix = address.desk.replacingOccurrences(of: "-", with: "_")
            let ann = "ann_\(suffix)"
            try #require(try PostgresTestServer.psql("CREATE ROLE \(ann) LOGIN").status == 0)
            let owner = try PostgresEventStore(address: address)
            defer { owner.close() }
            try owner.bind(.rep("ann"), toRole: ann)
            var annAddress = address
            annAddress.user = ann
            let store = try PostgresEventStore(address: annAddress)
            defer { store.close() }
            try appendTwiceAndCheck(store, address, first: 4_000, second: 2_500, savedBy: "'\(ann)'")
        }

        @Test("a rep's role calling the set-wise append by hand: another rep's journal, a gap, a forged id or another author are refused")
        func copiedAppendRefusesForgeries() throws {
            let address = try newDesk("bulk-hostile")
            let desk = address.desk
            let suffix = desk.replacingOccurrences(of: "-", with: "_")
            let (ann, ben) = ("ann_\(suffix)", "ben_\(suffix)")
            for role in [ann, ben] { try #require(try PostgresTestServer.psql("CREATE ROLE \(role) LOGIN").status == 0) }
            let owner = try PostgresEventStore(address: address)
            defer { owner.close() }
            try owner.bind(.rep("ann"), toRole: ann)
            try owner.bind(.rep("ben"), toRole: ben)
            for (rep, role, start) in [("ann", ann, 0), ("ben", ben, 100)] {
                var login = address
                login.user = role
                let store = try PostgresEventStore(address: login)
                _ = try store.append(try capturedEvents(rep: RepName(rep), count: 2, start: start), to: .rep(RepName(rep)))
                store.close()
            }
            let ownerRole = try value("SELECT relowner::regrole::text FROM pg_class WHERE oid = 'beback_entries'::regclass")
            /// ann's session: the temporary table filled by `rows` (a SELECT of its columns), handed to the function for `journal`.
            func call(_ journal: String, _ rows: String) throws -> (status: Int32, errors: String) {
                let result = try PostgresTestServer.psql(
                    """
                    BEGIN;
                    CREATE TEMPORARY TABLE beback_appending (seq bigint, len integer, crc bigint, prev bigint, chain bigint, off bigint,
                                                            event_id text, actor text, payload bytea) ON COMMIT DROP;
                    INSERT INTO beback_appending \(rows);
                    GRANT SELECT ON beback_appending TO \(ownerRole);
                    SELECT beback_append_copied('\(desk)', '\(journal)');
                    COMMIT;
                    """, user: ann)
                return (result.status, result.errors)
            }
            /// The next entry of ann's journal, right in sequence, link and offset, with this id, author and payload.
            func next(id: String, by actor: String, payload: String, sequence: String = "last_seq + 1") -> String {
                """
                SELECT \(sequence), octet_length(convert_to(\(payload), 'UTF8')), 0, last_chain, 9, last_end, '\(id)', '\(actor)', convert_to(\(payload), 'UTF8')
                FROM beback_journals WHERE desk = '\(desk)' AND journal = 'rep-ann.journal'
                """
            }
            let bens = try call(
                "rep-ben.journal",
                "SELECT seq + 2, len, crc, prev, chain, off, event_id || 'x', actor, payload FROM beback_entries WHERE desk = '\(desk)' AND journal = 'rep-ben.journal'"
            )
            #expect(bens.status != 0 && bens.errors.contains("may not write rep-ben.journal"), "\(bens.errors)")
            let gap = try call("rep-ann.journal", next(id: "g1", by: "ann", payload: "'{\"id\":\"g1\",\"by\":\"ann\"}'", sequence: "last_seq + 3"))
            #expect(gap.status != 0 && gap.errors.contains("expects sequence 3, not 5"), "\(gap.errors)")
            let forged = try call("rep-ann.journal", next(id: "f1", by: "ann", payload: "'{\"id\":\"other\",\"by\":\"ann\"}'"))
            #expect(forged.status != 0 && forged.errors.contains("is not as its columns say (columns)"), "\(forged.errors)")
            let foreign = try call("rep-ann.journal", next(id: "b1", by: "ben", payload: "'{\"id\":\"b1\",\"by\":\"ben\"}'"))
            #expect(foreign.status != 0 && foreign.errors.contains("by another author"), "\(foreign.errors)")
            // The setting the function uses, set by ann herself, vouches for nothing: her own insert meets the guard.
            let direct = try PostgresTestServer.psql(
                "SET beback.bulk = 'on'; INSERT INTO beback_entries (desk, journal, seq, len, crc, prev, chain, off, event_id, actor, payload) "
                    + "SELECT '\(desk)', 'rep-ann.journal', x.* FROM ("
                    + next(id: "d1", by: "ann", payload: "'{\"id\":\"d1\",\"by\":\"ann\"}'", sequence: "last_seq + 4") + ") x", user: ann)
            #expect(direct.status != 0 && direct.errors.contains("expects sequence 3, not 6"), "\(direct.errors)")
            #expect(try value("SELECT count(*) FROM beback_entries WHERE desk = '\(desk)'") == "4")
            #expect(try value("SELECT string_agg(last_seq::text, ' ' ORDER BY journal) FROM beback_journals WHERE desk = '\(desk)'") == "2 2")
        }

        @Test("in one statement of many rows, each row must follow the one before it: a gap, a broken link or a wrong offset refuses them all")
        func guardChecksEveryRowOfAStatement() throws {
            let source = try newDesk("bulk-source")
            let store = try PostgresEventStore(address: source)
            _ = try store.append(try capturedEvents(rep: "ann", count: 4), to: .rep("ann"))
            store.close()
            let target = try newDesk("bulk-target")
            let (from, to) = (source.desk, target.desk)
            // ann's journal in the target, starting where the source's starts (same header, same first link).
            _ = try value(
                """
                INSERT INTO beback_journals (desk, journal, owner, salt, created, header, last_chain)
                SELECT '\(to)', journal, owner, salt, created, header,
                       (SELECT prev FROM beback_entries WHERE desk = '\(from)' AND journal = 'rep-ann.journal' AND seq = 1)
                FROM beback_journals WHERE desk = '\(from)' AND journal = 'rep-ann.journal'
                """)
            func copy(_ sequences: String, prev: String = "prev", off: String = "off") throws -> (status: Int32, errors: String) {
                let result = try PostgresTestServer.psql(
                    """
                    INSERT INTO beback_entries (desk, journal, seq, len, crc, prev, chain, off, event_id, actor, payload)
                    SELECT '\(to)', journal, seq, len, crc, \(prev), chain, \(off), event_id, actor, payload
                    FROM beback_entries WHERE desk = '\(from)' AND journal = 'rep-ann.journal' AND seq IN (\(sequences)) ORDER BY seq
                    """)
                return (result.status, result.errors)
            }
            let entries = "SELECT count(*) FROM beback_entries WHERE desk = '\(to)'"
            let gap = try copy("1, 3")
            #expect(gap.status != 0 && gap.errors.contains("expects sequence 1, not 3"), "\(gap.errors)")
            let link = try copy("1, 2, 3", prev: "CASE WHEN seq = 3 THEN prev + 1 ELSE prev END")
            #expect(link.status != 0 && link.errors.contains("entry 3 does not follow"), "\(link.errors)")
            let offset = try copy("1, 2", off: "CASE WHEN seq = 2 THEN off + 1 ELSE off END")
            #expect(offset.status != 0 && offset.errors.contains("entry 2 of rep-ann.journal claims offset"), "\(offset.errors)")
            #expect(try value(entries) == "0")
            #expect(try value("SELECT last_seq FROM beback_journals WHERE desk = '\(to)'") == "0")
            // The same rows, whole and in order, go in; the journal's row then ends where the source's does.
            let whole = try copy("1, 2, 3, 4")
            #expect(whole.status == 0, "\(whole.errors)")
            #expect(try value(entries) == "4")
            let ends =
                "SELECT last_seq || ' ' || last_chain || ' ' || last_end || ' ' || last_at FROM beback_journals WHERE journal = 'rep-ann.journal' AND desk = "
            #expect(try value(ends + "'\(to)'") == (try value(ends + "'\(from)'")))
            let again = try copy("4")
            #expect(again.status != 0 && again.errors.contains("expects sequence 5, not 4"), "\(again.errors)")
        }
    #endif
}
