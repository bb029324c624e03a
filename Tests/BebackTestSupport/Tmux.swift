#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// A terminal a test can type into and read, as a person would: a private tmux server running one command.
public final class Tmux {
    public let socket: String
    public let session = "desk"

    /// Starts `command` (a shell command line) in a detached session of the given size.
    public init(command: String, width: Int = 100, height: Int = 30) throws {
        socket = "beback-test-\(UUID().uuidString.prefix(8))"
        // The shell stays after the program, so its last words and exit status can be read.
        let wrapped = "\(command); echo \"[exited $?]\"; sleep 600"
        try run(["new-session", "-d", "-s", session, "-x", String(width), "-y", String(height), wrapped])
    }

    deinit {
        _ = try? run(["kill-server"])
    }

    /// Whether tmux is installed (the Makefile installs it; a test without it fails loudly).
    public static var isAvailable: Bool {
        FileManager.default.isExecutableFile(atPath: "/usr/bin/tmux") || FileManager.default.isExecutableFile(atPath: "/usr/local/bin/tmux")
    }

    /// Types keys: tmux key names ("Enter", "Escape", "Down", "C-u") or literal text with `literal: true`.
    public func send(_ keys: String..., literal: Bool = false) throws {
        try run(["send-keys", "-t", session] + (literal ? ["-l"] : []) + keys)
    }

    /// Pastes `text` as a terminal paste does: every character arrives at once.
    public func paste(_ text: String) throws {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("beback-paste-\(UUID().uuidString)")
        try text.write(to: file, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: file) }
        try run(["load-buffer", "-b", "beback-paste", file.path])
        try run(["paste-buffer", "-d", "-b", "beback-paste", "-t", session])
    }

    /// The screen as text.
    public func screen() throws -> String {
        try run(["capture-pane", "-p", "-t", session])
    }

    /// Resizes the terminal (the program gets SIGWINCH, as with a real window).
    public func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", session, "-x", String(width), "-y", String(height)])
    }

    /// The program's exit status once it has exited (read from the screen), or nil while it runs.
    public func exitStatus() throws -> Int? {
        guard let match = try screen().firstMatch(of: /\[exited (\d+)\]/) else { return nil }
        return Int(match.1)
    }

    /// Reads the screen until `condition` holds, or fails after `seconds` with the last screen.
    @discardableResult
    public func waitFor(_ description: String, seconds: Double = 10, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(seconds)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            usleep(50_000)
        }
        throw TmuxError.timedOut(description, screen: last)
    }

    @discardableResult
    private func run(_ arguments: [String]) throws -> String {
        // posix_spawn and waitpid, not Foundation's Process: the tmux server forks from the first
        // client and keeps Process's exit-detection descriptor open, so Process would never see the
        // client exit. Output goes to a file that is read once the client has exited.
        let output = FileManager.default.temporaryDirectory.appendingPathComponent("tmux-\(UUID().uuidString)").path
        defer { unlink(output) }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, output, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        let argv = ["tmux", "-L", socket, "-f", "/dev/null"] + arguments
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        // The test runner's threads may block or ignore signals; tmux and the desk must get SIGWINCH.
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var emptyMask = sigset_t()
        sigemptyset(&emptyMask)
        var allSignals = sigset_t()
        sigfillset(&allSignals)
        posix_spawnattr_setsigmask(&attributes, &emptyMask)
        posix_spawnattr_setsigdefault(&attributes, &allSignals)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var pid: pid_t = 0
        let spawned = posix_spawnp(&pid, "tmux", &actions, &attributes, &cArguments, environ)
        guard spawned == 0 else { throw TmuxError.failed(arguments.joined(separator: " ")) }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) < 0, errno == EINTR {}
        let exitedCleanly = (status & 0x7F) == 0 && ((status >> 8) & 0xFF) == 0
        guard exitedCleanly else { throw TmuxError.failed(arguments.joined(separator: " ")) }
        return (try? String(contentsOfFile: output, encoding: .utf8)) ?? ""
    }
}

/// Why a tmux-driven test could not go on.
public enum TmuxError: Error, CustomStringConvertible {
    case timedOut(String, screen: String)
    case failed(String)

    public var description: String {
        switch self {
        case .timedOut(let what, let screen): return "timed out waiting for \(what); the screen was:\n\(screen)"
        case .failed(let command): return "tmux \(command) failed"
        }
    }
}
