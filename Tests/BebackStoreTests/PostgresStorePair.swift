import BebackStore
import BebackTestSupport
import Testing
#if Postgres
    import BebackPostgres

    /// Two handles on one new PostgreSQL desk (as two hosts would have), for the conformance suite.
    enum PostgresStorePair {
        static func make() throws -> (any EventStore, any EventStore) {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL("conformance"))
            let first = try PostgresEventStore.create(at: address)
            let second = try PostgresEventStore(address: address)
            // Poll must not wait for the periodic check: a NOTIFY or the interval brings entries in.
            first.checkInterval = 0
            second.checkInterval = 0
            return (first, second)
        }
    }
#endif

/// Says, as a skipped test, when the conformance suite runs without PostgreSQL.
@Suite("The conformance suite on PostgreSQL")
struct PostgresConformanceTests {
    @Test(
        "PostgreSQL is one of the stores the conformance suite runs against",
        .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
    func postgresIsCovered() {
        #expect(StoreKind.allCases.map(\.rawValue).contains("postgres"))
    }
}
