import BebackTestSupport
import Foundation
import Testing

/// `beback import` into PostgreSQL killed with `kill -9` at the worst moment of a first import that
/// gives the desk partitions of its own: its summary table already committed on the second
/// connection, the import's transaction waiting to attach. Nothing of the import may be saved, the
/// desk must read as before (empty), and the next import must go through.
@Suite(
    "A first import into PostgreSQL killed while it attaches the desk's own tables", .serialized,
    .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresImportCrashTests {
    static let at = "2026-11-23 10:42"
    /// When every imported lead's first call is due.
    static let later = "2026-12-31 10:00"

    /// A CRM-shaped CSV of `rows` distinct people, numbered from `first`.
    static func csv(rows: Int, first: Int) throws -> String {
        var text = "First Name,Last Name,Company,Phone,Email\n"
        for number in first..<(first + rows) {
            text +=
                "Pat\(number),Lee\(number),Firm \(number % 40),+44 20 7\(String(format: "%03d", number / 10_000 % 1000)) \(String(format: "%04d", number % 10_000)),pat\(number)@example.com\n"
        }
        let path = Fixtures.temporaryFolder().appendingPathComponent("people-\(first).csv").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A database of its own on the test server: the lock this test holds on its shared partition
    /// must not hold other suites' desks, which run meanwhile.
    let database = "beback_crash_\(UUID().uuidString.prefix(8).lowercased())"

    var base: String {
        get throws {
            let server = try #require(PostgresTestServer.url)
            return String(server[..<(server.lastIndex(of: "/") ?? server.endIndex)]) + "/" + database
        }
    }

    func value(_ sql: String) throws -> String {
        let result = try PostgresTestServer.psql(url: try base, sql)
        try #require(result.status == 0, "\(result.errors)")
        return result.output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test("killed while waiting to attach the desk's own tables: no entry saved, the desk as it was, the next import moves it")
    func killedBeforeTheAttach() throws {
        try #require(try PostgresTestServer.psql("CREATE DATABASE \(database)").status == 0)
        defer { _ = try? PostgresTestServer.psql("DROP DATABASE IF EXISTS \(database) WITH (FORCE)") }
        let base = try self.base
        let desk = "crash-move"
        let url = base + "?desk=" + desk
        let made = try BebackProcess.run(["init", "--store", url, "--country", "GB"])
        try #require(made.status == 0, "\(made.stderr)")
        let work = Fixtures.temporaryFolder().path
        let dueBefore = try BebackProcess.run(["due", "--store", url, "--rep", "ann", "--format", "tsv", "--at", Self.later])
        #expect(dueBefore.status == 0 && dueBefore.stdout.split(separator: "\n").count == 1, "\(dueBefore.stdout)\(dueBefore.stderr)")

        // Another session reads the shared partition and stays: the attach (which must lock it) waits.
        let holder = "beback_lockholder_\(desk.replacingOccurrences(of: "-", with: "_"))"
        let locking = try SpawnedProcess(
            "/usr/bin/env",
            [
                "psql", base + "?application_name=\(holder)", "-X", "-q", "-c",
                "BEGIN; LOCK TABLE beback_entries_shared IN ACCESS SHARE MODE; SELECT pg_sleep(120); COMMIT"
            ],
            outputPath: work + "/holder.out")
        defer {
            _ = try? PostgresTestServer.psql(url: base, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(holder)'")
            locking.wait()
        }
        #expect(
            try PostgresTestServer.eventually(seconds: 20) {
                try value("SELECT count(*) FROM pg_stat_activity WHERE application_name = '\(holder)' AND query LIKE '%pg_sleep%'") == "1"
            })

        let people = try Self.csv(rows: 20_000, first: 1_000)
        let importing = try SpawnedProcess(
            BebackProcess.binary, ["import", people, "--store", url, "--rep", "ann", "--at", Self.at, "--rejects", work + "/r2.csv"],
            outputPath: work + "/import.out", errorPath: work + "/import.err")
        let waiting = try PostgresTestServer.eventually(seconds: 120) {
            try value(
                "SELECT count(*) FROM pg_stat_activity WHERE wait_event_type = 'Lock' AND query LIKE 'ALTER TABLE beback_entries ATTACH PARTITION%\(desk)%'")
                == "1"
        }
        try #require(waiting, "the import never reached the attach: \((try? String(contentsOfFile: work + "/import.err", encoding: .utf8)) ?? "")")
        // The summary table was committed on its own connection; the entries' table is the transaction's alone.
        #expect(try value("SELECT relispartition FROM pg_class WHERE relname = 'beback_leads@\(desk)'") == "f")
        importing.kill9()
        _ = try PostgresTestServer.psql(url: base, "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '\(holder)'")
        // The killed client's server process ends once it finds its connection gone, rolling back.
        #expect(
            try PostgresTestServer.eventually(seconds: 30) {
                try value("SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND query LIKE '%\(desk)%' AND pid <> pg_backend_pid()")
                    == "0"
            })

        #expect(try value("SELECT count(*) FROM beback_entries WHERE desk = '\(desk)'") == "0")
        #expect(try value("SELECT count(*) FROM beback_leads WHERE desk = '\(desk)'") == "0")
        #expect(try value("SELECT count(*) FROM pg_class WHERE relname = 'beback_entries@\(desk)'") == "0")
        #expect(try value("SELECT coalesce(max(last_seq), 0) FROM beback_journals WHERE desk = '\(desk)'") == "0")
        let verified = try BebackProcess.run(["verify", "--store", url])
        #expect(verified.status == 0 && verified.stdout.contains("verify: ok"), "\(verified.stdout)\(verified.stderr)")
        let due = try BebackProcess.run(["due", "--store", url, "--rep", "ann", "--format", "tsv", "--at", Self.later])
        #expect(due.status == 0 && due.stdout == dueBefore.stdout, "\(due.stderr)")

        // The same import again: the leftover summary table is dropped, the desk moves, every lead is listed.
        let again = try BebackProcess.run(["import", people, "--store", url, "--rep", "ann", "--at", Self.at, "--rejects", work + "/r3.csv"])
        try #require(again.status == 0, "\(again.stderr)")
        #expect(try value("SELECT relispartition FROM pg_class WHERE relname = 'beback_entries@\(desk)'") == "t")
        #expect(try value("SELECT relispartition FROM pg_class WHERE relname = 'beback_leads@\(desk)'") == "t")
        #expect(try value("SELECT count(*) FROM beback_entries_shared WHERE desk = '\(desk)'") == "0")
        let rebuilt = try BebackProcess.run(["rebuild", "--store", url])
        #expect(rebuilt.status == 0 && rebuilt.stdout.contains(": 0 rows differed"), "\(rebuilt.stdout)\(rebuilt.stderr)")
        #expect(try value("SELECT count(*) FROM beback_leads WHERE desk = '\(desk)'") == "20000")
        let listed = try BebackProcess.run(["due", "--store", url, "--rep", "ann", "--format", "tsv", "--at", Self.later])
        #expect(listed.status == 0 && listed.stdout.contains("Pat20999 Lee20999") && listed.stdout.contains("Pat1000 Lee1000"), "\(listed.stderr)")
        #expect(listed.stdout.split(separator: "\n").count == 20_001)
    }
}
