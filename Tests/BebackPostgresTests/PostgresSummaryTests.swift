import BebackCodec
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing
#if Postgres
    import BebackPostgres
#endif

/// The query model: `beback_leads` against a full replay of the entries, after every kind of append,
/// after a failed one, after tampering, and as the desk opens from it.
@Suite(
    "The lead summary table on PostgreSQL", .serialized, .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresSummaryTests {
    #if Postgres
        /// A busy desk, then a touch undone, a lead moved to ben, a do-not-contact and a capture undone.
        func busyEvents() throws -> (events: [Event], state: DeskState, removed: LeadID) {
            var desk = try DeskHarness.busy()
            let at = Fixtures.at("2026-11-06 09:00", DeskHarness.busyZone)
            let leads = desk.state.leads.ids.sorted()
            let touch = try #require(desk.events.last { if case .touched = $0.payload { return $0.lead == leads[0] } else { return false } })
            desk.apply([try desk.actions.event(.revoked(touch.id, reason: "wrong lead"), on: leads[0], state: desk.state, at: at, ids: &desk.ids)])
            desk.apply([try desk.actions.event(.reassigned(to: "ben"), on: leads[1], state: desk.state, at: at.addingTimeInterval(60), ids: &desk.ids)])
            let third = try desk.capture(Fixtures.profile(name: "Ola Nordmann"), at: at.addingTimeInterval(120))
            try desk.record(OutcomeRequest(lead: third, outcome: .doNotContact, note: "asked us to stop"), at: at.addingTimeInterval(180))
            let fourth = try desk.capture(Fixtures.profile(name: "Typo Lead"), at: at.addingTimeInterval(240))
            let capture = try #require(desk.events.first { $0.lead == fourth })
            desk.apply([
                try desk.actions.event(.revoked(capture.id, reason: "duplicate"), on: fourth, state: desk.state, at: at.addingTimeInterval(300), ids: &desk.ids)
            ])
            return (desk.events, desk.state, fourth)
        }

        func newDesk(_ label: String) throws -> (PostgresDeskAddress, PostgresEventStore) {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL(label))
            return (address, try PostgresEventStore.create(at: address))
        }

        func replayRows(_ store: PostgresEventStore) throws -> [PostgresLeadRow] {
            PostgresEventStore.summaryRows(replaying: try store.load().events)
        }

        @Test("after each append, one at a time, the summary table equals a full replay of the entries")
        func summaryFollowsEveryAppend() throws {
            let (_, store) = try newDesk("summary")
            defer { store.close() }
            let (events, state, removed) = try busyEvents()
            for event in events { _ = try store.append([event], to: .rep("ann")) }
            let rows = try store.summaryRows()
            #expect(PostgresEventStore.compare(expected: try replayRows(store), actual: rows).isEmpty)
            #expect(rows.map(\.lead) == state.leads.ids.map(\.rawValue).sorted())
            #expect(!rows.contains { $0.lead == removed.rawValue })
            for row in rows {
                let lead = try #require(state.leads[LeadID(row.lead)])
                #expect(row.summary == lead.summary)
            }
            #expect(rows.contains { $0.owner == "ben" })
            #expect(rows.contains { !$0.isOpen && $0.stage == LeadStage.doNotContact.rawValue })
        }

        @Test("an append whose summary cannot be written saves no entry: both are one transaction")
        func entryAndSummaryAreOneTransaction() throws {
            let (address, store) = try newDesk("summary-tx")
            defer { store.close() }
            let (events, _, _) = try busyEvents()
            _ = try store.append(Array(events.prefix(3)), to: .rep("ann"))
            let desk = address.desk
            // A fault between the entry and its summary: the summary's write fails after the entry went in.
            let fault = try PostgresTestServer.psql(
                """
                CREATE OR REPLACE FUNCTION beback_test_fault() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN IF NEW.desk = '\(desk)' THEN RAISE EXCEPTION 'summary write fails'; END IF; RETURN NEW; END $$;
                CREATE TRIGGER beback_test_fault BEFORE INSERT OR UPDATE ON beback_leads FOR EACH ROW EXECUTE FUNCTION beback_test_fault();
                """)
            try #require(fault.status == 0, "\(fault.errors)")
            defer { _ = try? PostgresTestServer.psql("DROP TRIGGER IF EXISTS beback_test_fault ON beback_leads") }
            #expect(throws: (any Error).self) { _ = try store.append([events[3]], to: .rep("ann")) }
            #expect(try store.rawJournals().first?.records.count == 3)
            #expect(PostgresEventStore.compare(expected: try replayRows(store), actual: try store.summaryRows()).isEmpty)
            _ = try PostgresTestServer.psql("DROP TRIGGER beback_test_fault ON beback_leads")
            _ = try store.append(Array(events.dropFirst(3)), to: .rep("ann"))
            #expect(try store.rawJournals().first?.records.count == events.count)
            #expect(PostgresEventStore.compare(expected: try replayRows(store), actual: try store.summaryRows()).isEmpty)
        }

        @Test("rebuild finds a row changed behind the store's back, names it, and writes the replay's rows")
        func rebuildRepairs() throws {
            let (address, store) = try newDesk("summary-rebuild")
            defer { store.close() }
            let (events, _, _) = try busyEvents()
            _ = try store.append(events, to: .rep("ann"))
            let victim = try #require(try store.summaryRows().first)
            let changed = try PostgresTestServer.psql(
                "UPDATE beback_leads SET touches = 99 WHERE desk = '\(address.desk)' AND lead = '\(victim.lead)'; "
                    + "INSERT INTO beback_leads VALUES ('\(address.desk)', 'ghost', 'ann', 'new', true, NULL, NULL, NULL, NULL, 0, 'G', '', '', 0)")
            try #require(changed.status == 0, "\(changed.errors)")
            let rebuilt = try store.rebuildSummaries()
            #expect(rebuilt.differences.count == 2)
            #expect(rebuilt.differences.contains { $0.contains(victim.lead) && $0.contains("touches") })
            #expect(rebuilt.differences.contains { $0.contains("ghost") })
            #expect(rebuilt.remaining.isEmpty)
            #expect(PostgresEventStore.compare(expected: try replayRows(store), actual: try store.summaryRows()).isEmpty)
        }

        @Test("a desk opened from the summary table has the replay's leads; one rep's open reads only that rep's")
        func openFromSummaries() throws {
            let (address, store) = try newDesk("summary-open")
            defer { store.close() }
            let (events, state, _) = try busyEvents()
            _ = try store.append(events, to: .rep("ann"))
            let reader = try PostgresEventStore(address: address)
            defer { reader.close() }
            let opened = try #require(try reader.openDesk(appVersion: "test"))
            #expect(opened.state.leads.ids.sorted() == state.leads.ids.sorted())
            for id in state.leads.ids {
                #expect(opened.state.leads.summary(id) == state.leads.summary(id))
                #expect(opened.state.leads[id] == state.leads[id])
            }
            let annOnly = try PostgresEventStore(address: address)
            defer { annOnly.close() }
            annOnly.openFocus = "ann"
            let ann = try #require(try annOnly.openDesk(appVersion: "test"))
            #expect(ann.state.leads.ids.sorted() == state.leads(ownedBy: "ann").map(\.id).sorted())
            // Entries written after the open arrive by poll, folded on top of the lead as it was read.
            var desk = try DeskHarness.busy()
            let lead = try #require(state.leads(ownedBy: "ann").first { !$0.isClosed && !$0.doNotContact }?.id)
            desk.state = state
            desk.ids = SeededIDGenerator(seed: 991)
            let (more, _) = try desk.actions.record(
                OutcomeRequest(lead: lead, outcome: .voicemail), state: state, at: Fixtures.at("2026-11-07 10:00", DeskHarness.busyZone), ids: &desk.ids)
            _ = try store.append(more, to: .rep("ann"))
            var folded = ann.state
            #expect(
                try PostgresTestServer.eventually {
                    let fresh = try annOnly.poll()
                    for stored in fresh { folded.apply(stored.event) }
                    return !fresh.isEmpty
                })
            var expected = state
            for event in more { expected.apply(event) }
            #expect(folded.leads[lead] == expected.leads[lead])
        }

        @Test("an append from a journal end another process moved: the guard refuses it, it is saved from the locked end, nothing lost")
        func appendAfterAnotherWriter() throws {
            let (address, owner) = try newDesk("summary-stale")
            defer { owner.close() }
            let (events, _, _) = try busyEvents()
            _ = try owner.append(Array(events.prefix(3)), to: .rep("ann"))
            let first = try PostgresEventStore(address: address)
            defer { first.close() }
            #expect(try first.openDesk(appVersion: "test") != nil)
            // From the end as loaded: no lock and no read before the insert.
            _ = try first.append([events[3]], to: .rep("ann"))
            let second = try PostgresEventStore(address: address)
            defer { second.close() }
            _ = try second.load()
            _ = try second.append([events[4]], to: .rep("ann"))
            // `first` still has the end before `second`'s entry: refused by the guard, then saved after it.
            let saved = try first.append([events[5]], to: .rep("ann"))
            #expect(saved.map(\.sequence) == [6])
            _ = try first.append(Array(events[6...]), to: .rep("ann"))
            let loaded = try PostgresEventStore(address: address).load()
            #expect(loaded.problems.isEmpty)
            #expect(loaded.events.map(\.sequence) == Array(1...UInt64(events.count)))
            #expect(loaded.events.map(\.event.id) == events.map(\.id))
            #expect(PostgresEventStore.compare(expected: try replayRows(owner), actual: try owner.summaryRows()).isEmpty)
            // `first` brings in `second`'s entry and none of its own.
            first.checkInterval = 0
            let polled = try first.poll()
            #expect(polled.map(\.event.id) == [events[4].id])
            #expect(try first.poll().isEmpty)
        }

        @Test("an append waits while another transaction holds one of its leads, then folds the summary after it")
        func appendWaitsForItsLead() throws {
            let (address, owner) = try newDesk("summary-leadlock")
            defer { owner.close() }
            let (events, _, _) = try busyEvents()
            _ = try owner.append(Array(events.prefix(3)), to: .rep("ann"))
            let lead = events[3].lead.rawValue
            // Another session holds the lead's lock in an open transaction, as another journal's append would.
            let holder = try LeadLockHolder(desk: address.desk, lead: lead)
            let done = DispatchSemaphore(value: 0)
            let failure = LockedError()
            // The store is used by this other thread alone until `done`.
            nonisolated(unsafe) let writer = owner
            DispatchQueue.global().async {
                do { _ = try writer.append([events[3]], to: .rep("ann")) } catch { failure.set(error) }
                done.signal()
            }
            // The append's session waits for that lock, and does not finish while it is held.
            let waiting = try PostgresTestServer.eventually {
                try PostgresTestServer.psql("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").output
                    .trimmingCharacters(in: .whitespacesAndNewlines) == "1"
            }
            #expect(waiting)
            #expect(done.wait(timeout: .now()) == .timedOut)
            try holder.commit()
            #expect(done.wait(timeout: .now() + 30) == .success)
            #expect(failure.error == nil, "\(String(describing: failure.error))")
            #expect(try owner.load().events.count == 4)
            #expect(PostgresEventStore.compare(expected: try replayRows(owner), actual: try owner.summaryRows()).isEmpty)
        }

        @Test("a lock held past lock_timeout fails the append with the database's error, saving nothing; once let go, it saves")
        func appendGivesUpOnAHeldLead() throws {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL("summary-locktimeout") + "&lock_timeout=1")
            #expect(address.lockTimeoutSeconds == 1)
            let owner = try PostgresEventStore.create(at: address)
            defer { owner.close() }
            let (events, _, _) = try busyEvents()
            _ = try owner.append(Array(events.prefix(3)), to: .rep("ann"))
            let holder = try LeadLockHolder(desk: address.desk, lead: events[3].lead.rawValue)
            #expect(throws: (any Error).self) { try owner.append([events[3]], to: .rep("ann")) }
            #expect(try owner.load().events.count == 3)
            try holder.commit()
            _ = try owner.append([events[3]], to: .rep("ann"))
            #expect(try owner.load().events.count == 4)
            #expect(PostgresEventStore.compare(expected: try replayRows(owner), actual: try owner.summaryRows()).isEmpty)
        }

        /// A psql session holding one lead's lock in an open transaction until `commit()`.
        final class LeadLockHolder {
            let process = Process()
            let input = Pipe(), output = Pipe()

            init(desk: String, lead: String) throws {
                process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
                process.arguments = ["psql", try #require(PostgresTestServer.url), "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1"]
                process.standardInput = input
                process.standardOutput = output
                try process.run()
                input.fileHandleForWriting.write(
                    Data("BEGIN;\nSELECT pg_advisory_xact_lock(hashtextextended('\(desk)/\(lead)', 0));\nSELECT 'held';\n".utf8))
                var said = Data()
                while !String(decoding: said, as: UTF8.self).contains("held") {
                    let more = output.fileHandleForReading.availableData
                    try #require(!more.isEmpty, "psql ended before taking the lock")
                    said += more
                }
            }

            func commit() throws {
                input.fileHandleForWriting.write(Data("COMMIT;\n".utf8))
                try input.fileHandleForWriting.close()
                process.waitUntilExit()
            }
        }

        /// An error set on another thread.
        final class LockedError: @unchecked Sendable {
            private let lock = NSLock()
            private var stored: (any Error)?
            var error: (any Error)? { lock.withLock { stored } }
            func set(_ error: any Error) { lock.withLock { stored = error } }
        }

        @Test("leads read off the desk's thread (a pass over every lead, reading ahead) while the desk's thread reads: each equals the replay's")
        func readsOffTheDeskThread() throws {
            let (address, store) = try newDesk("summary-threads")
            defer { store.close() }
            let (events, state, _) = try busyEvents()
            _ = try store.append(events, to: .rep("ann"))
            let reader = try PostgresEventStore(address: address)
            defer { reader.close() }
            let opened = try #require(try reader.openDesk(appVersion: "test"))
            let table = opened.state.leads
            let ids = state.leads.ids.sorted()
            let found = LockedStrings()
            // One iteration runs on this (the desk's) thread through the store's connection, the other
            // on another thread through the archive's own, at the same time.
            DispatchQueue.concurrentPerform(iterations: 2) { turn in
                if turn == 0 {
                    for id in ids where table[id] != state.leads[id] { found.append("desk thread: \(id) differs") }
                } else {
                    table.readAhead(ids.reversed())
                    var seen = 0
                    table.forEachLead { lead in
                        seen += 1
                        if lead != state.leads[lead.id] { found.append("pass: \(lead.id) differs") }
                    }
                    if seen != ids.count { found.append("pass: \(seen) leads, not \(ids.count)") }
                }
            }
            #expect(found.values.isEmpty)
            #expect(opened.state.leads.ids.sorted() == ids)
            #expect(opened.state.leads.all == state.leads.all)
        }

        @Test("a lead the desk waits for comes with its neighbours in the desk's list, in one read")
        func neighboursComeAlong() throws {
            let (address, store) = try newDesk("summary-neighbours")
            defer { store.close() }
            let events = try capturedEvents(rep: "ann", count: 12)
            _ = try store.append(events, to: .rep("ann"))
            let state = DeskState(replaying: events)
            let reader = try PostgresEventStore(address: address)
            defer { reader.close() }
            let table = try #require(try reader.openDesk(appVersion: "test")).state.leads
            // Listed in an order other than the archive's (lead ids).
            let listed = Array(state.leads.ids.sorted().reversed())
            try #require(listed.count == 12)
            table.listOrder(listed)
            let before = reader.leadReadsOnDeskThread
            #expect(table[listed[4]] == state.leads[listed[4]])
            #expect(reader.leadReadsOnDeskThread == before + 1)
            // Two above it and six below came in the same read.
            for id in listed[2...10] { #expect(table[id] == state.leads[id]) }
            #expect(reader.leadReadsOnDeskThread == before + 1)
            #expect(table[listed[1]] == state.leads[listed[1]])
            #expect(table[listed[0]] == state.leads[listed[0]])
            #expect(table[listed[11]] == state.leads[listed[11]])
            #expect(reader.leadReadsOnDeskThread == before + 3)
        }

        @Test("a rep's role writes the summary rows only of the leads it appends to")
        func summaryRowsFollowRoles() throws {
            let (address, owner) = try newDesk("summary-roles")
            defer { owner.close() }
            let suffix = address.desk.replacingOccurrences(of: "-", with: "_")
            let ann = "ann_\(suffix)"
            try #require(try PostgresTestServer.psql("CREATE ROLE \(ann) LOGIN").status == 0)
            try owner.bind(.rep("ann"), toRole: ann)
            var address2 = address
            address2.user = ann
            let annStore = try PostgresEventStore(address: address2)
            defer { annStore.close() }
            _ = try annStore.append(try capturedEvents(rep: "ann", count: 2), to: .rep("ann"))
            let rows = try annStore.summaryRows()
            #expect(rows.count == 2)
            let forged = try PostgresTestServer.psql(
                "UPDATE beback_leads SET touches = 5 WHERE desk = '\(address.desk)' AND lead = '\(rows[0].lead)'", user: ann)
            // Row-level security hides the row from the update: nothing changes (checked below).
            #expect(forged.status == 0, "\(forged.errors)")
            let planted = try PostgresTestServer.psql(
                "INSERT INTO beback_leads VALUES ('\(address.desk)', 'ghost', 'ann', 'new', true, NULL, NULL, NULL, NULL, 0, 'G', '', '', 0)", user: ann)
            #expect(planted.status != 0 && planted.errors.contains("row-level security"), "\(planted.errors)")
            #expect(try annStore.summaryRows() == rows)
        }
    #endif
}
