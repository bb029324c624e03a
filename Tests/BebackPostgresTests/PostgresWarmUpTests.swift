import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing
#if Postgres
    import BebackPostgres
#endif

/// A desk's connection warmed as the desk opens by an append that is rolled back
/// (`PostgresEventStore.prepareToAppend`): nothing of it is ever stored or seen.
@Suite(
    "Readying a PostgreSQL desk's first save", .serialized,
    .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresWarmUpTests {
    #if Postgres
        func count(_ table: String, _ desk: String) throws -> String {
            let result = try PostgresTestServer.psql("SELECT count(*) FROM \(table) WHERE desk = '\(desk)'")
            try #require(result.status == 0, "\(result.errors)")
            return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        @Test("the rolled-back append leaves no entry, journal row, summary row or tally, sends no notification, and the next save follows on")
        func writesNothing() throws {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL("warm"))
            try PostgresEventStore.create(at: address).close()
            let store = try PostgresEventStore(address: address)
            defer { store.close() }
            _ = try store.load()
            let watcher = try PostgresEventStore(address: address)
            defer { watcher.close() }
            _ = try watcher.load()

            // A rep with no journal yet: the journal row the append makes goes with the rollback.
            store.prepareToAppend(to: .rep("ann"), by: "ann")
            for table in ["beback_entries", "beback_journals", "beback_leads", "beback_rep_work"] {
                #expect(try count(table, address.desk) == "0", "\(table)")
            }
            #expect(try watcher.poll().isEmpty)

            let first = try capturedEvents(rep: "ann", count: 2)
            #expect(try store.append(first, to: .rep("ann")).map(\.sequence) == [1, 2])
            // Again with the journal there and known to the store: the next save still follows on.
            store.prepareToAppend(to: .rep("ann"), by: "ann")
            let second = try capturedEvents(rep: "ann", count: 1, start: 2)
            #expect(try store.append(second, to: .rep("ann")).map(\.sequence) == [3])
            #expect(try count("beback_entries", address.desk) == "3")
            #expect(try count("beback_leads", address.desk) == "3")
            #expect(try watcher.poll().map(\.event) == first + second)

            let reader = try PostgresEventStore(address: address)
            defer { reader.close() }
            let loaded = try reader.load()
            #expect(loaded.problems.isEmpty)
            #expect(loaded.events.map(\.event) == first + second)
            #expect(try reader.rebuildSummaries().differences.isEmpty)
        }
    #endif
}
