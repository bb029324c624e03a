#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// A child process started with `posix_spawn`, its stdout going to a file, that a test can `kill -9`.
public final class SpawnedProcess {
    public let pid: pid_t
    public let outputPath: String
    public private(set) var exitStatus: Int32?

    /// Starts `executable` with `arguments`; stdout to `outputPath`, stderr to `errorPath` (or /dev/null).
    public init(_ executable: String, _ arguments: [String], outputPath: String, errorPath: String = "/dev/null") throws {
        self.outputPath = outputPath
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, outputPath, O_WRONLY | O_CREAT | O_TRUNC, 0o644)
        posix_spawn_file_actions_addopen(&actions, 2, errorPath, O_WRONLY | O_CREAT | O_APPEND, 0o644)
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        defer { for pointer in argv { free(pointer) } }
        var child: pid_t = 0
        let result = posix_spawn(&child, executable, &actions, nil, argv, environ)
        guard result == 0 else { throw POSIXError(POSIXErrorCode(rawValue: result) ?? .EIO) }
        pid = child
    }

    /// Sends SIGKILL and reaps the child.
    public func kill9() {
        _ = kill(pid, SIGKILL)
        _ = wait()
    }

    /// Waits for the child to end; returns its exit status (128 + signal when killed).
    @discardableResult
    public func wait() -> Int32 {
        if let exitStatus { return exitStatus }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let code = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        exitStatus = code
        return code
    }

    /// Whether the child has ended (reaps it if so).
    public var hasEnded: Bool {
        if exitStatus != nil { return true }
        var status: Int32 = 0
        guard waitpid(pid, &status, WNOHANG) == pid else { return false }
        exitStatus = (status & 0x7F) == 0 ? (status >> 8) & 0xFF : 128 + (status & 0x7F)
        return true
    }

    /// The complete lines the child wrote to stdout so far.
    public var lines: [String] {
        guard let data = FileManager.default.contents(atPath: outputPath) else { return [] }
        let text = String(decoding: data, as: UTF8.self)
        var lines = text.split(separator: "\n", omittingEmptySubsequences: true).map(String.init)
        if !text.hasSuffix("\n"), !lines.isEmpty { lines.removeLast() }
        return lines
    }
}
