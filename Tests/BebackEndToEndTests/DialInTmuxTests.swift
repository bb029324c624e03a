#if canImport(Glibc)
    import Glibc
#endif
import BebackTestSupport
import Foundation
import Testing

/// `d` at a real desk in a real terminal: a stub dial script records its arguments, the call is timed
/// on the real clock, and the outcome saved keeps the call's length.
@Suite("Dialling from the desk, end to end", .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
struct DialInTmuxTests {
    /// When the demo desks are made: two days before now. The desk runs on the real clock (so the call's
    /// length is real), and a demo made at this very moment can have nothing due for one rep late in the
    /// evening; two days on, the follow-ups it scheduled are due or overdue whatever the hour.
    static func demoTime() -> String {
        let formatter = ISO8601DateFormatter()
        return formatter.string(from: Date().addingTimeInterval(-2 * 86_400))
    }

    /// A demo desk made two days ago, with a stub dial command in desk.conf that appends its arguments
    /// to a file and writes to stdout and stderr.
    func deskWithStub() throws -> (path: String, log: String, due: [String]) {
        let folder = Fixtures.temporaryFolder("dial-e2e")
        let path = folder.appendingPathComponent("desk").path
        let made = try BebackProcess.run(["demo", "--data", path, "--leads", "40", "--seed", "3", "--at", Self.demoTime()])
        try #require(made.status == 0, "\(made.stderr)")
        let log = folder.appendingPathComponent("dialled.txt").path
        let script = folder.appendingPathComponent("softphone").path
        let text = "#!/bin/sh\nprintf '%s\\n' \"$@\" >> '\(log)'\necho RINGING-ON-STDOUT\necho RINGING-ON-STDERR >&2\n"
        try Fixtures.writeExecutable(text, to: script)
        let config = URL(fileURLWithPath: path).appendingPathComponent("desk.conf")
        let handle = try FileHandle(forWritingTo: config)
        handle.seekToEndOfFile()
        handle.write(Data("\n[dial]\ncommand = '\(script)' --dial {tel}\n".utf8))
        try handle.close()
        let due = try BebackProcess.run(["due", "--data", path, "--rep", "ann", "--format", "tsv"])
        let ids = due.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: "\t")[2]) }
        return (path, log, ids)
    }

    @Test("d runs the stub with the lead's number as a tel: URI, nothing it prints reaches the screen, and the outcome keeps the call's length")
    func dialAndRecord() throws {
        let (path, log, due) = try deskWithStub()
        let first = try #require(due.first)
        let terminal = try Tmux(command: "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' --data '\(path)' --rep ann", width: 120, height: 35)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Due ") }

        try terminal.send("d")
        let asked = try terminal.waitFor("dialling, or the calling-hours question") { $0.contains("dialling +") || $0.contains("Dial anyway?") }
        if asked.contains("Dial anyway?") {
            try terminal.send("y")
        }
        try terminal.waitFor("the call under way") { $0.contains("dialling +") && $0.contains("on call") }
        let deadline = Date().addingTimeInterval(10)
        var lines: [String] = []
        while Date() < deadline {
            lines = (try? String(contentsOfFile: log, encoding: .utf8))?.split(separator: "\n").map(String.init) ?? []
            if lines.count >= 2 { break }
            usleep(20_000)
        }
        let shown = try JSONSerialization.jsonObject(
            with: Data(try BebackProcess.run(["show", first, "--data", path, "--rep", "ann", "--format", "json"]).stdout.utf8))
        let lead = try #require(shown as? [String: Any])
        let phones = (lead["phones"] as? [String] ?? []).map { "tel:" + String($0.filter { $0.isNumber || $0 == "+" }) }
        #expect(lines.count == 2)
        #expect(lines.first == "--dial")
        #expect(phones.contains(lines.last ?? ""), "dialled \(lines), the lead's phones \(phones)")

        // Let the call run at least two seconds on the real clock, then record "no answer".
        try terminal.waitFor("the call's timer past 2s", seconds: 15) { screen in
            guard let match = screen.firstMatch(of: /on call (\d+)s/) else { return false }
            return (Int(match.1) ?? 0) >= 2
        }
        try terminal.send("3")
        let form = try terminal.waitFor("the no-answer form with the call's length") { $0.contains("No Answer ·") && $0.contains("Call") }
        #expect(!form.contains("RINGING"), "the dial command's output reached the screen")
        try terminal.send("Enter")
        try terminal.waitFor("saved with the call's length") { $0.contains("saved: no answer") && $0.contains("· call ") }

        try terminal.send("q")
        try terminal.waitFor("quit") { $0.contains("[exited 0]") }
        let after = try JSONSerialization.jsonObject(
            with: Data(try BebackProcess.run(["show", first, "--data", path, "--rep", "ann", "--format", "json"]).stdout.utf8))
        let history = try #require((after as? [String: Any])?["history"] as? [[String: Any]])
        let touch = try #require(history.first)
        #expect(touch["outcome"] as? String == "no-answer")
        let seconds = try #require(touch["durationSeconds"] as? Int)
        #expect(seconds >= 2 && seconds < 60, "\(seconds)")
        #expect((touch["number"] as? String).map { "tel:" + $0.filter { $0.isNumber || $0 == "+" } } == lines.last)
    }

    @Test("without a dial command, d says how to set one and runs nothing")
    func noCommand() throws {
        let path = Fixtures.temporaryFolder("dial-none").appendingPathComponent("desk").path
        let made = try BebackProcess.run(["demo", "--data", path, "--leads", "20", "--seed", "3", "--at", Self.demoTime()])
        try #require(made.status == 0, "\(made.stderr)")
        let terminal = try Tmux(command: "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' --data '\(path)' --rep ann", width: 120, height: 35)
        try terminal.waitFor("the desk with a lead selected") { $0.contains("Beback · ann") && $0.contains("Due ") && !$0.contains("no lead selected") }
        try terminal.send("d")
        try terminal.waitFor("how to set a dial command") { $0.contains("no dial command") && $0.contains("desk.conf") }
    }
}
