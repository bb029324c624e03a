#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import BebackExchange
import Foundation

/// Runs the desk's dial command: the argv from desk.conf's template with the number put in, started
/// directly (posix_spawnp, no shell) with stdin, stdout and stderr on /dev/null so nothing it says
/// reaches the full-screen desk. It is not waited for; `reap` collects the ones that ended.
final class Dialer {
    let command: DialCommand
    private var running: [pid_t: String] = [:]

    init(command: DialCommand) {
        self.command = command
    }

    /// Starts the command for `number`; returns its process id, or throws why it could not start.
    @discardableResult
    func dial(_ number: String) throws -> pid_t {
        guard let argv = command.arguments(for: number) else { throw CLIError("'\(number)' has no digits to dial") }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        // Its own process group, so a Ctrl-C at the desk does not reach the phone, and default signals
        // (the desk's blocked or ignored ones must not leak into it).
        var defaults = sigset_t()
        sigfillset(&defaults)
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var empty = sigset_t()
        sigemptyset(&empty)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setpgroup(&attributes, 0)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP))
        var cArguments: [UnsafeMutablePointer<CChar>?] = argv.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var pid: pid_t = 0
        var status = posix_spawnp(&pid, argv[0], &actions, &attributes, &cArguments, environ)
        // A script just written may still be open for writing in a process forked meanwhile: try again shortly.
        for _ in 0..<20 where status == ETXTBSY {
            usleep(10_000)
            status = posix_spawnp(&pid, argv[0], &actions, &attributes, &cArguments, environ)
        }
        guard status == 0 else {
            throw CLIError("cannot run '\(argv[0])' (\(String(cString: strerror(status)))); check [dial] command in desk.conf")
        }
        running[pid] = argv[0]
        return pid
    }

    /// Collects dial commands that have ended; returns a message for each that failed.
    func reap() -> [String] {
        var failures: [String] = []
        for (pid, program) in running {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            guard result == pid || result == -1 else { continue }
            running[pid] = nil
            guard result == pid else { continue }
            let exited = status & 0x7f == 0
            let code = (status >> 8) & 0xff
            if !exited {
                failures.append("'\(program)' was stopped by signal \(status & 0x7f)")
            } else if code != 0 {
                failures.append(code == 127 ? "'\(program)' was not found (check [dial] command in desk.conf)" : "'\(program)' exited with status \(code)")
            }
        }
        return failures
    }

    /// Waits for every running dial command (tests; the desk leaves them running when it quits).
    func waitForAll() -> [String] {
        var failures: [String] = []
        while !running.isEmpty {
            failures += reap()
            if !running.isEmpty { usleep(10_000) }
        }
        return failures
    }
}
