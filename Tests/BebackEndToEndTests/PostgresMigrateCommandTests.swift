import BebackTestSupport
import Foundation
import Testing

/// `beback migrate` into PostgreSQL the way a floor too big to fold at once goes: the summary rows
/// folded a share of the leads at a time, each share's entries read again from the files.
@Suite(
    "Migrating a desk into PostgreSQL in shares, end to end",
    .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresMigrateCommandTests {
    static let at = "2026-11-23 10:42"

    @Test("folded in shares of a few hundred entries, the summary rows are a full replay's, and the desk lists what the files list")
    func migrateInShares() throws {
        let folder = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let made = try BebackProcess.run(["demo", "--data", folder, "--leads", "80", "--seed", "5", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        let url = PostgresTestServer.freshDeskURL("shares")
        let migrated = try BebackProcess.run(["migrate", "--data", folder, "--to", url], environment: ["BEBACK_MIGRATE_SHARE": "200"])
        try #require(migrated.status == 0, "\(migrated.stderr)")
        #expect(migrated.stdout.contains("verified record by record"))
        let rebuilt = try BebackProcess.run(["rebuild", "--store", url])
        #expect(rebuilt.status == 0 && rebuilt.stdout.contains(": 0 rows differed"), "\(rebuilt.stdout)\(rebuilt.stderr)")
        let manager = ["--rep", "mia", "--manager", "--all", "--format", "tsv", "--at", Self.at]
        let fromFiles = try BebackProcess.run(["due", "--data", folder] + manager)
        let fromDatabase = try BebackProcess.run(["due", "--data", folder, "--store", url] + manager)
        #expect(fromFiles.status == 0 && !fromFiles.stdout.isEmpty, "\(fromFiles.stderr)")
        #expect(fromDatabase.stdout == fromFiles.stdout, "\(fromDatabase.stderr)")
    }
}
