#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import BebackExchange
import BebackText
import Foundation

/// Runs desk.conf's `[notify] command` for a reminder: the template split into words like the dial
/// command (no shell), with `{name}`, `{purpose}`, `{time}`, `{what}` and `{lead}` put in, each
/// sanitized (no control characters or escapes from a lead's record); a template with none of them
/// gets the name and the purpose as its last two arguments. Started quietly (`QuietSpawn`), not
/// waited for; `reap` collects the ones that ended.
final class ReminderNotifier {
    let template: String
    private let words: [String]
    private var running: Set<pid_t> = []
    static let placeholders = ["{name}", "{purpose}", "{time}", "{what}", "{lead}"]

    /// Reads a template; refuses an empty one or one with an unclosed quote.
    init(template: String) throws {
        let split = CommandWords(template)
        if split.unclosedQuote { throw CLIError("notify command: unclosed quote in '\(template)'") }
        guard let first = split.words.first, !first.isEmpty else { throw CLIError("notify command: empty (try 'notify-send {name} {purpose}')") }
        var words = split.words
        if !words.contains(where: { word in Self.placeholders.contains { word.contains($0) } }) { words += ["{name}", "{purpose}"] }
        self.template = template
        self.words = words
    }

    /// The argv for one reminder (the program first).
    func arguments(values: [String: String]) -> [String] {
        words.map { word in
            var filled = word
            for (key, value) in values { filled = filled.replacingOccurrences(of: "{\(key)}", with: SafeText.sanitize(value)) }
            return filled
        }
    }

    /// Starts the command; throws why it could not start.
    func notify(values: [String: String]) throws {
        let argv = arguments(values: values)
        switch QuietSpawn.start(argv, searchPath: true, detach: .processGroup) {
        case .success(let pid): running.insert(pid)
        case .failure(let error): throw CLIError("cannot run '\(argv[0])' (\(error)); check [notify] command in desk.conf")
        }
    }

    /// Collects the commands that ended.
    func reap() {
        for pid in running {
            var status: Int32 = 0
            let result = waitpid(pid, &status, WNOHANG)
            if result == pid || result == -1 { running.remove(pid) }
        }
    }
}
