import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing
#if Postgres
    @testable import BebackPostgres
    import PostgresNIO
#endif

/// What a desk hears through its connection: another session's notification is news (the screen
/// reads at once), the connection's own appends' are not.
@Suite("A PostgreSQL desk's notifications")
struct PostgresLinkTests {
    #if Postgres
        @Test("the wake flag: news from another server process, none from its own; taking it clears both")
        func wakeFlag() {
            let flag = WakeFlag()
            #expect(flag.hasNews)
            #expect(flag.take())
            #expect(!flag.hasNews && !flag.take())
            flag.setOwnBackend(4242)
            flag.raise(from: 4242)
            #expect(!flag.hasNews)
            #expect(flag.take())
            flag.raise(from: 777)
            #expect(flag.hasNews)
            #expect(flag.take())
            #expect(!flag.hasNews)
        }

        @Test(
            "a store's own append is no news to it; another store's append on the desk is",
            .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
        func newsOnTheDesk() throws {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL("news"))
            try PostgresEventStore.create(at: address).close()
            let desk = try PostgresEventStore(address: address)
            defer { desk.close() }
            _ = try desk.load()
            _ = try desk.poll()
            #expect(!desk.hasNews)
            // The server sends a session its own notification before the commit's answer: by now it came.
            _ = try desk.append(try capturedEvents(rep: "ann", count: 1), to: .rep("ann"))
            #expect(!desk.hasNews)
            let other = try PostgresEventStore(address: address)
            defer { other.close() }
            _ = try other.load()
            let theirs = try capturedEvents(rep: "ben", count: 1, start: 5)
            _ = try other.append(theirs, to: .rep("ben"))
            let deadline = Date().addingTimeInterval(10)
            while !desk.hasNews, Date() < deadline { usleep(2_000) }
            #expect(desk.hasNews)
            #expect(try desk.poll().map(\.event) == theirs)
            #expect(!desk.hasNews)
        }

        @Test(
            "a connection lost inside a transaction is not replaced: the rest of it is refused, not committed statement by statement",
            .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
        func noReconnectInsideATransaction() throws {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL("lost"))
            let table = "beback_test_lost_\(address.desk.replacingOccurrences(of: "-", with: "_"))"
            let link = PostgresLink(address: address, listening: false)
            defer { link.close() }
            try link.run(PostgresQuery(unsafeSQL: "CREATE TABLE \(table) (v integer)"))
            defer { _ = try? PostgresTestServer.psql("DROP TABLE IF EXISTS \(table)") }
            let backend = try #require(try link.run("SELECT pg_backend_pid()").first?.decode(Int32.self))
            #expect(throws: PostgresStoreError.self) {
                try link.transaction { () throws(PostgresStoreError) in
                    try link.run(PostgresQuery(unsafeSQL: "INSERT INTO \(table) VALUES (1)"))
                    _ = try? PostgresTestServer.psql("SELECT pg_terminate_backend(\(backend))")
                    // Once the driver has seen the server close the connection, the next statement must not open a new one.
                    let deadline = Date().addingTimeInterval(10)
                    while link.isConnected, Date() < deadline { usleep(2_000) }
                    try link.run(PostgresQuery(unsafeSQL: "INSERT INTO \(table) VALUES (2)"))
                    try link.run(PostgresQuery(unsafeSQL: "INSERT INTO \(table) VALUES (3)"))
                }
            }
            #expect(!link.isConnected)
            // After the transaction the link connects again, and nothing of it was kept.
            #expect(try link.run(PostgresQuery(unsafeSQL: "SELECT count(*) FROM \(table)")).first?.decode(Int64.self) == 0)
        }
    #endif
}
