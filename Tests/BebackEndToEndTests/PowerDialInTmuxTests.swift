#if canImport(Glibc)
    import Glibc
#endif
import BebackTestSupport
import Foundation
import Testing

/// Power dialling at a real desk in a real terminal: `desk --session`, a stub dial script that
/// records each argv as a line, three leads dialled in the due list's order, and Esc cancelling.
@Suite("Power dialling session, end to end", .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
struct PowerDialInTmuxTests {
    static let now = "2026-11-23 11:00"

    /// A desk with three leads due at `now`, a stub dial command and `[session] countdown`.
    func desk(countdown: Int) throws -> (path: String, log: String, numbers: [String]) {
        let folder = Fixtures.temporaryFolder("power-dial")
        let path = folder.appendingPathComponent("desk").path
        let made = try BebackProcess.run(["init", "--data", path])
        try #require(made.status == 0, "\(made.stderr)")
        let environment = ["BEBACK_DATA": path, "BEBACK_REP": "ann", "TZ": "Europe/London"]
        for (name, phone) in [("Ada First", "+44 20 7946 0101"), ("Bo Second", "+44 20 7946 0102"), ("Cy Third", "+44 20 7946 0103")] {
            let added = try BebackProcess.run(
                ["add", "--name", name, "--phone", phone, "--tz", "Europe/London", "--at", "2026-11-20 10:00"], environment: environment)
            try #require(added.status == 0, "\(added.stderr)")
        }
        let log = folder.appendingPathComponent("dialled.txt").path
        let script = folder.appendingPathComponent("softphone").path
        let text = "#!/bin/sh\nprintf '%s|' \"$@\" >> '\(log)'\necho >> '\(log)'\n"
        try Fixtures.writeExecutable(text, to: script)
        let config = URL(fileURLWithPath: path).appendingPathComponent("desk.conf").path
        let before = (try? String(contentsOfFile: config, encoding: .utf8)) ?? ""
        try (before + "\n[dial]\ncommand = '\(script)' --dial {tel}\n\n[session]\ncountdown = \(countdown)\n").write(
            toFile: config, atomically: true, encoding: .utf8)
        // The due list's order: what the session must dial in.
        let due = try BebackProcess.run(["due", "--format", "json", "--at", Self.now], environment: environment)
        let items = try #require(try JSONSerialization.jsonObject(with: Data(due.stdout.utf8)) as? [[String: Any]], "\(due.stdout)")
        let ids = items.compactMap { $0["id"] as? String ?? $0["lead"] as? String }
        try #require(ids.count == 3, "\(due.stdout)")
        var numbers: [String] = []
        for id in ids {
            let shown = try BebackProcess.run(["show", id, "--format", "json"], environment: environment)
            let lead = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
            numbers.append(try #require((lead["phones"] as? [String])?.first))
        }
        return (path, log, numbers)
    }

    func lines(_ log: String) -> [String] {
        ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
    }

    /// Waits (polling, at most `seconds`) for the log to hold `count` lines.
    @discardableResult
    func waitForDials(_ log: String, count: Int, seconds: Double = 10) -> [String] {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if lines(log).count >= count { break }
            usleep(20_000)
        }
        return lines(log)
    }

    func tel(_ number: String) -> String { "tel:" + number.filter { $0.isNumber || $0 == "+" } }

    func open(_ path: String) throws -> Tmux {
        let terminal = try Tmux(
            command: "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' desk --session --data '\(path)' --rep ann --at '\(Self.now)'",
            width: 100, height: 30)
        try terminal.waitFor("the desk in session mode") { $0.contains("Beback · ann") && $0.contains("session") && $0.contains("Due 3") }
        return terminal
    }

    @Test("d dials the first lead; each outcome then moves to the next and dials it after the countdown, in the due list's order")
    func threeLeads() throws {
        let (path, log, numbers) = try desk(countdown: 1)
        let terminal = try open(path)
        try terminal.send("d")
        try terminal.waitFor("the first call") { $0.contains("dialling +") }
        #expect(waitForDials(log, count: 1).count == 1)
        for call in 2...3 {
            try terminal.send("3")
            try terminal.waitFor("the no-answer form") { $0.contains("No Answer ·") }
            try terminal.send("Enter")
            try terminal.waitFor("call \(call) dialled by the session") { screen in
                screen.contains("dialling +") && self.lines(log).count == call
            }
        }
        let dialled = waitForDials(log, count: 3)
        #expect(dialled == numbers.map { "--dial|\(tel($0))|" }, "dialled \(dialled), due order \(numbers)")
        try terminal.send("q")
        try terminal.waitFor("quit") { $0.contains("[exited 0]") }
    }

    @Test("Esc cancels the countdown: the next lead stays selected and is not dialled until d")
    func escapeCancels() throws {
        let (path, log, numbers) = try desk(countdown: 2)
        let terminal = try open(path)
        try terminal.send("d")
        try terminal.waitFor("the first call") { $0.contains("dialling +") }
        try terminal.send("3")
        try terminal.waitFor("the no-answer form") { $0.contains("No Answer ·") }
        try terminal.send("Enter")
        try terminal.waitFor("the countdown") { $0.contains("session: dialling") && $0.contains("Esc cancels") }
        try terminal.send("Escape")
        try terminal.waitFor("cancelled") { $0.contains("countdown cancelled") && $0.contains("not dialled") }
        // Past the countdown's two seconds nothing more was dialled.
        let deadline = Date().addingTimeInterval(3)
        while Date() < deadline {
            #expect(lines(log).count == 1)
            usleep(100_000)
        }
        try terminal.send("d")
        let dialled = waitForDials(log, count: 2)
        #expect(dialled == numbers.prefix(2).map { "--dial|\(tel($0))|" }, "dialled \(dialled)")
    }
}
