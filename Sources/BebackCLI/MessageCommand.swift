import BebackExchange
import Foundation

/// Runs a desk.conf `[mail]` or `[text]` command with a message on its standard input, directly
/// (no shell: the argv comes from the template the way the dial command's does) and waits for it.
/// Its output is kept (not shown) so the last line of its error output can explain a failure.
enum MessageCommand {
    /// How one run ended: the exit status (nil when it could not start or was killed) and a reason.
    struct Outcome: Equatable {
        var status: Int32?
        var detail: String
        var sent: Bool { status == 0 }
    }

    /// Runs `argv` (the program first, looked up on PATH) with `input` on standard input.
    static func run(_ argv: [String], input: String) -> Outcome {
        guard let program = argv.first, let executable = resolve(program) else {
            return Outcome(status: nil, detail: "'\(argv.first ?? "")' was not found")
        }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(argv.dropFirst())
        let stdin = Pipe()
        let output = Pipe()
        process.standardInput = stdin
        process.standardOutput = output
        process.standardError = output
        do {
            try process.run()
        } catch {
            return Outcome(status: nil, detail: "'\(program)' could not start (\(error.localizedDescription))")
        }
        let writer = stdin.fileHandleForWriting
        let reading = DispatchQueue(label: "beback.message-output")
        nonisolated(unsafe) var captured = Data()
        let group = DispatchGroup()
        group.enter()
        reading.async {
            captured = output.fileHandleForReading.readDataToEndOfFile()
            group.leave()
        }
        // A command that exits without reading its input must not kill us with SIGPIPE.
        signal(SIGPIPE, SIG_IGN)
        try? writer.write(contentsOf: Data(input.utf8))
        try? writer.close()
        process.waitUntilExit()
        group.wait()
        let lastLine = String(decoding: captured, as: UTF8.self).split(whereSeparator: \.isNewline).last.map(String.init) ?? ""
        if process.terminationReason == .uncaughtSignal {
            return Outcome(status: nil, detail: "'\(program)' was stopped by signal \(process.terminationStatus)")
        }
        let status = process.terminationStatus
        if status == 0 { return Outcome(status: 0, detail: "'\(program)' exited with status 0") }
        return Outcome(status: status, detail: "'\(program)' exited with status \(status)" + (lastLine.isEmpty ? "" : ": \(lastLine)"))
    }

    /// The path of a program: as given when it names a path, else the first match on PATH.
    static func resolve(_ program: String) -> String? {
        if program.contains("/") { return FileManager.default.isExecutableFile(atPath: program) ? program : nil }
        let path = ProcessInfo.processInfo.environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for folder in path.split(separator: ":") where !folder.isEmpty {
            let candidate = "\(folder)/\(program)"
            if FileManager.default.isExecutableFile(atPath: candidate) { return candidate }
        }
        return nil
    }

    /// Splits a desk.conf command into words the way a shell would (quotes group), with no expansion.
    static func words(_ template: String) -> [String] { CommandWords(template).words }
}

/// Opens `$VISUAL`, else `$EDITOR`, else `vi`, on a file and waits for it, with the terminal
/// handed over (the way `git commit` does). The editor's command may carry arguments (`code -w`).
enum MessageEditor {
    /// The editor's argv, from the environment.
    static var command: [String] {
        let environment = ProcessInfo.processInfo.environment
        for name in ["VISUAL", "EDITOR"] {
            if let value = environment[name], !MessageCommand.words(value).isEmpty { return MessageCommand.words(value) }
        }
        return ["vi"]
    }

    /// Runs the editor on `path`; nil when it exited with status 0, else why the edit is abandoned.
    static func edit(_ path: String) -> String? {
        let argv = command + [path]
        guard let executable = MessageCommand.resolve(argv[0]) else { return "the editor '\(argv[0])' was not found (set VISUAL or EDITOR)" }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = Array(argv.dropFirst())
        do { try process.run() } catch { return "the editor '\(argv[0])' could not start" }
        process.waitUntilExit()
        if process.terminationReason == .uncaughtSignal { return "the editor was stopped by signal \(process.terminationStatus): nothing was sent" }
        if process.terminationStatus != 0 { return "the editor exited with status \(process.terminationStatus): nothing was sent" }
        return nil
    }
}
