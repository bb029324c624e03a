#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BebackStore
import Foundation

/// Writes a desk's snapshot after the desk has quit, in a process of its own: `beback compact
/// --background` at low priority, in its own session (a closed terminal does not stop it), with
/// nothing on the terminal. After an indexed open the leads were never all read, so building the
/// snapshot in the desk would hold the rep's terminal for seconds at quit.
enum BackgroundCompaction {
    /// Starts the compaction; says why it could not start, or nil.
    static func start(desk folder: DeskFolder) -> String? {
        guard let executable = executablePath() else { return "cannot find the beback program to write the snapshot" }
        let argv = [executable, "compact", "--background", "--data", folder.root.path]
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK) | Self.newSession)
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, executable, &actions, &attributes, &cArguments, environ)
        return status == 0 ? nil : "cannot start the snapshot writer (\(String(cString: strerror(status))))"
    }

    /// glibc's POSIX_SPAWN_SETSID (declared only under _GNU_SOURCE, which Swift's Glibc module does not set).
    private static let newSession: Int16 = 0x80

    /// This program's own path.
    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 { return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CommandLine.arguments.first.flatMap { $0.contains("/") ? $0 : nil }
    }
}
