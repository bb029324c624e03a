import Foundation

/// The throwaway PostgreSQL server `Tests/Postgres/with-postgres.sh` starts for `make test`
/// (`BEBACK_TEST_POSTGRES`). Without it the PostgreSQL tests are skipped with `unavailableReason`,
/// never passed. Tests that take the database away do it through `PostgresTestProxy`, not to the server.
public enum PostgresTestServer {
    public static var url: String? {
        ProcessInfo.processInfo.environment["BEBACK_TEST_POSTGRES"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether this build has the PostgreSQL store and a server to run it against.
    public static var isAvailable: Bool {
        #if Postgres
            return url != nil
        #else
            return false
        #endif
    }

    /// Why the PostgreSQL tests are skipped (shown by Swift Testing next to each skipped test).
    public static var unavailableReason: String {
        #if Postgres
            return
                "NO POSTGRESQL SERVER (BEBACK_TEST_POSTGRES is unset): these tests are SKIPPED, not passed; run them with make test or Tests/Postgres/with-postgres.sh swift test --traits Postgres"
        #else
            return
                "built without the Postgres trait: the PostgreSQL tests are SKIPPED, not passed; run swift test --traits Postgres under Tests/Postgres/with-postgres.sh (make test does)"
        #endif
    }

    /// A URL naming a new desk of its own on the test server (each test works its own desk).
    public static func freshDeskURL(_ label: String = "t") -> String {
        let name = "\(label)-\(UUID().uuidString.prefix(8).lowercased())"
        return "\(url ?? "postgres://127.0.0.1/none")?desk=\(name)"
    }

    /// Runs SQL with `psql` on the test database; returns status, output and errors.
    public static func psql(_ sql: String, user: String? = nil) throws -> (status: Int32, output: String, errors: String) {
        guard var target = url else { throw PostgresTestServerError("BEBACK_TEST_POSTGRES is unset") }
        if let user, let at = target.range(of: "://"), let host = target.range(of: "@", range: at.upperBound..<target.endIndex) {
            target.replaceSubrange(at.upperBound..<host.lowerBound, with: user)
        }
        return try psql(url: target, sql)
    }

    /// Runs SQL with `psql` on the database `url` names (another database of the test server).
    public static func psql(url target: String, _ sql: String) throws -> (status: Int32, output: String, errors: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["psql", target, "-X", "-q", "-t", "-A", "-v", "ON_ERROR_STOP=1", "-c", sql]
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        try process.run()
        let output = out.fileHandleForReading.readDataToEndOfFile()
        let errors = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return (process.terminationStatus, String(decoding: output, as: UTF8.self), String(decoding: errors, as: UTF8.self))
    }

    /// Waits for a condition, polling, until a deadline; returns whether it came true.
    public static func eventually(seconds: Double = 10, _ condition: () throws -> Bool) rethrows -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        repeat {
            if try condition() { return true }
            Thread.sleep(forTimeInterval: 0.05)
        } while Date() < deadline
        return try condition()
    }
}

public struct PostgresTestServerError: Error, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
