import Foundation

/// A private PostgreSQL cluster (`Tests/Postgres/own-server.sh`) for a test that stops and restarts
/// its server; deleted when the test lets go of it.
public final class PostgresOwnServer {
    public let port: Int
    public let user: String
    private let directory: String

    public init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("beback-own-pg-\(UUID().uuidString.prefix(8))").path
        port = try PostgresTestProxy.freePort()
        user = try Self.script(["init", directory]).trimmingCharacters(in: .whitespacesAndNewlines)
        try start()
    }

    deinit { _ = try? Self.script(["destroy", directory]) }

    /// A desk URL on this server's `postgres` database.
    public func url(desk: String) -> String { "postgres://\(user)@127.0.0.1:\(port)/postgres?desk=\(desk)" }

    /// Shuts the server down the way an operator or a crash-restart does: every session is terminated.
    public func stop() throws { _ = try Self.script(["stop", directory]) }

    public func start() throws { _ = try Self.script(["start", directory, String(port)]) }

    static func script(_ arguments: [String]) throws -> String {
        let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Postgres/own-server.sh").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path)
        process.arguments = arguments
        // Only `init` prints; the others start or stop a daemon, which must not inherit a pipe we wait on.
        let out = Pipe()
        let printing = arguments.first == "init"
        process.standardOutput = printing ? out : FileHandle.nullDevice
        try process.run()
        let output = printing ? out.fileHandleForReading.readDataToEndOfFile() : Data()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw PostgresTestServerError("own-server.sh \(arguments.joined(separator: " ")) exited \(process.terminationStatus)")
        }
        return String(decoding: output, as: UTF8.self)
    }
}
