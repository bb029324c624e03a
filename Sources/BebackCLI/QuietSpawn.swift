#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// Starts a program with no shell, with stdin, stdout and stderr on /dev/null (nothing it says
/// reaches the full-screen desk), default signal handling and no blocked signals (the desk's own
/// must not leak into it), in a process group or a session of its own. It is not waited for.
enum QuietSpawn {
    enum Detach {
        /// Its own process group: a Ctrl-C at the desk does not reach it.
        case processGroup
        /// Its own session: closing the terminal does not stop it either.
        case session
    }

    /// Starts `argv` (looked up in PATH when `searchPath`); the process id, or the error number.
    static func start(_ argv: [String], searchPath: Bool, detach: Detach) -> Result<pid_t, SpawnError> {
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
        var flags = Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK)
        switch detach {
        case .processGroup:
            posix_spawnattr_setpgroup(&attributes, 0)
            flags |= Int16(POSIX_SPAWN_SETPGROUP)
        case .session:
            flags |= newSession
        }
        posix_spawnattr_setflags(&attributes, flags)
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        func attempt() -> Int32 {
            searchPath
                ? posix_spawnp(&pid, argv[0], &actions, &attributes, &cArguments, environ)
                : posix_spawn(&pid, argv[0], &actions, &attributes, &cArguments, environ)
        }
        var status = attempt()
        // A script just written may still be open for writing in a process forked meanwhile: try again shortly.
        for _ in 0..<20 where status == ETXTBSY {
            usleep(10_000)
            status = attempt()
        }
        return status == 0 ? .success(pid) : .failure(SpawnError(code: status))
    }

    /// Why a program could not be started.
    struct SpawnError: Error, CustomStringConvertible {
        var code: Int32
        var description: String { String(cString: strerror(code)) }
    }

    /// glibc's POSIX_SPAWN_SETSID (declared only under _GNU_SOURCE, which Swift's Glibc module does not set).
    private static let newSession: Int16 = 0x80
}
