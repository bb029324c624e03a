import Foundation

/// Throwaway unix accounts in a throwaway group, for end-to-end tests of a shared-host desk: the
/// tests run as root (CI does), make the accounts with `groupadd`/`useradd`, run beback as each with
/// `runuser`, and remove them all in `remove()` (also called on deinit, so a failed test cleans up).
/// The binary is copied to a folder every account can read, with the desk in `/tmp` beside it.
public final class UnixTeam: @unchecked Sendable {
    /// Whether this process can make accounts (it is root); tests skip, saying so, when not.
    public static var canRun: Bool { geteuid() == 0 }
    /// Said by a test that skips.
    public static let skipReason = "the shared-host tests make real unix users and run as root (CI does); skipped when not root"

    /// The group's name and each person's account by their rep name ("ann" -> "bbann4242x").
    public let group: String
    public private(set) var accounts: [String: String] = [:]
    /// A folder every account can read: the binary and the desk live under it.
    public let root: URL
    /// The copy of the binary under test.
    public let binary: String
    private var removed = false

    /// Makes the group and one account per name.
    public init(_ names: [String]) throws {
        let tag = String(UInt32.random(in: 0..<UInt32.max), radix: 36)
        group = "bbg\(tag)"
        root = URL(fileURLWithPath: "/tmp").appendingPathComponent("beback-team-\(tag)", isDirectory: true)
        try FileManager.default.createDirectory(at: root.appendingPathComponent("bin"), withIntermediateDirectories: true)
        chmod(root.path, 0o755)
        chmod(root.appendingPathComponent("bin").path, 0o755)
        let source = URL(fileURLWithPath: BebackProcess.binary)
        binary = root.appendingPathComponent("bin/beback").path
        // Copied by another process: a descriptor this (threaded) process held open for writing would
        // be inherited by any child another test forks meanwhile, and running the copy would then
        // fail with "Text file busy".
        try Self.check(["/bin/cp", source.path, binary])
        chmod(binary, 0o755)
        let resources = source.deletingLastPathComponent().appendingPathComponent("Beback_BebackResources.resources")
        if FileManager.default.fileExists(atPath: resources.path) {
            let copy = root.appendingPathComponent("bin/Beback_BebackResources.resources")
            try FileManager.default.copyItem(at: resources, to: copy)
            _ = try Self.system(["/bin/chmod", "-R", "a+rX", copy.path])
        }
        try Self.check(["/usr/sbin/groupadd", group])
        for name in names {
            let account = "bb\(name)\(tag)"
            try Self.check(["/usr/sbin/useradd", "-M", "-N", "-g", group, "-s", "/bin/sh", account])
            accounts[name] = account
        }
    }

    deinit { remove() }

    /// The account of a rep name.
    public func account(_ name: String) -> String { accounts[name] ?? name }

    /// Deletes the accounts, the group and the folder.
    public func remove() {
        guard !removed else { return }
        removed = true
        for account in accounts.values { _ = try? Self.system(["/usr/sbin/userdel", account]) }
        _ = try? Self.system(["/usr/sbin/groupdel", group])
        try? FileManager.default.removeItem(at: root)
    }

    /// Runs beback as `name`'s account (`runuser -u ACCOUNT -- beback ...`), within `timeout` seconds
    /// (status 124 when it had to be stopped), in `directory`.
    @discardableResult
    public func beback(_ name: String, _ arguments: [String], environment: [String: String] = [:], timeout: Int = 60) throws -> BebackProcess.Result {
        try command(name, [binary] + arguments, environment: environment, timeout: timeout)
    }

    /// Runs any program as `name`'s account ("root" runs it as root).
    @discardableResult
    public func command(
        _ name: String, _ arguments: [String], environment: [String: String] = [:], timeout: Int = 60,
        directory: URL? = nil
    ) throws -> BebackProcess.Result {
        let runAs = name == "root" ? arguments : ["/usr/sbin/runuser", "-u", account(name), "--"] + arguments
        return try Self.system(["/usr/bin/timeout", "-s", "KILL", String(timeout)] + runAs, environment: environment, directory: directory)
    }

    /// Runs a program to its end; what it printed and its status.
    @discardableResult
    public static func system(_ arguments: [String], environment: [String: String] = [:], directory: URL? = nil) throws -> BebackProcess.Result {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: arguments[0])
        process.arguments = Array(arguments.dropFirst())
        var env = ProcessInfo.processInfo.environment
        for key in ["BEBACK_DATA", "BEBACK_REP", "BEBACK_NOW", "BEBACK_STORE"] { env[key] = nil }
        env["TZ"] = env["TZ"] ?? "Europe/London"
        for (key, value) in environment { env[key] = value }
        process.environment = env
        if let directory { process.currentDirectoryURL = directory }
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        try process.run()
        let errors = ReadAll()
        let done = DispatchGroup()
        done.enter()
        DispatchQueue.global().async {
            errors.data = err.fileHandleForReading.readDataToEndOfFile()
            done.leave()
        }
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        done.wait()
        process.waitUntilExit()
        return BebackProcess.Result(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errors.data, as: UTF8.self))
    }

    /// Runs a program that must succeed.
    static func check(_ arguments: [String]) throws {
        let result = try system(arguments)
        guard result.status == 0 else { throw TeamError("\(arguments.joined(separator: " ")): \(result.stderr)") }
    }

    /// What one pipe gave, read on another thread.
    private final class ReadAll: @unchecked Sendable { var data = Data() }

    /// A setup step that failed.
    public struct TeamError: Error, CustomStringConvertible {
        public let description: String
        init(_ description: String) { self.description = description }
    }
}
