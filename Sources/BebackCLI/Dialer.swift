#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import BebackExchange
import Foundation

/// Runs the desk's dial command: the argv from desk.conf's template with the number put in, started
/// directly (`QuietSpawn`: no shell, stdin, stdout and stderr on /dev/null, its own process group).
/// It is not waited for; `reap` collects the ones that ended.
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
        switch QuietSpawn.start(argv, searchPath: true, detach: .processGroup) {
        case .success(let pid):
            running[pid] = argv[0]
            return pid
        case .failure(let error):
            throw CLIError("cannot run '\(argv[0])' (\(error)); check [dial] command in desk.conf")
        }
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
