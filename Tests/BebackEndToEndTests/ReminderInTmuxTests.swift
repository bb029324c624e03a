#if canImport(Glibc)
    import Glibc
#endif
import BebackTestSupport
import Foundation
import Testing

/// A reminder firing at a fixed clock: `desk --at` a few seconds before an agreed callback's reminder
/// time, with `--clock-runs`, under NO_COLOR; a stub `[notify] command` records its argv.
@Suite("Reminders at the desk, end to end", .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
struct ReminderInTmuxTests {
    @Test("the reminder comes 5 minutes before the callback: header, the lead marked at the top, the command once with name and purpose")
    func reminderFires() throws {
        let folder = Fixtures.temporaryFolder("reminder")
        let path = folder.appendingPathComponent("desk").path
        let made = try BebackProcess.run(["init", "--data", path])
        try #require(made.status == 0, "\(made.stderr)")
        let environment = ["BEBACK_DATA": path, "BEBACK_REP": "ann", "TZ": "Europe/London"]
        for name in ["Ada First", "Bo Second"] {
            let added = try BebackProcess.run(
                ["add", "--name", name, "--phone", "+44 20 7946 01\(name.count)", "--tz", "Europe/London", "--at", "2026-11-20 10:00"], environment: environment
            )
            try #require(added.status == 0, "\(added.stderr)")
        }
        let added = try BebackProcess.run(
            ["add", "--name", "Callie Back", "--phone", "+44 20 7946 0109", "--tz", "Europe/London", "--at", "2026-11-20 10:00"], environment: environment)
        let lead = try #require(added.stdout.firstMatch(of: /saved lead ([a-z0-9]+)/).map { String($0.1) }, "\(added.stdout)")
        let logged = try BebackProcess.run(
            ["log", lead, "--outcome", "reached", "--callback-at", "2026-11-23 15:00", "--subject", "the quote\u{1b}[31m", "--at", "2026-11-20 11:00"],
            environment: environment)
        try #require(logged.status == 0, "\(logged.stderr)")
        let log = folder.appendingPathComponent("notified.txt").path
        let script = folder.appendingPathComponent("notify").path
        try Fixtures.writeExecutable("#!/bin/sh\nprintf '%s|' \"$@\" >> '\(log)'\necho >> '\(log)'\n", to: script)
        let config = URL(fileURLWithPath: path).appendingPathComponent("desk.conf").path
        let before = (try? String(contentsOfFile: config, encoding: .utf8)) ?? ""
        try (before + "\n[notify]\nlead_minutes = 5\ncommand = '\(script)' {what} {name} {purpose}\n").write(toFile: config, atomically: true, encoding: .utf8)

        let terminal = try Tmux(
            command:
                "env TZ=Europe/London LANG=C.UTF-8 NO_COLOR=1 '\(BebackProcess.binary)' desk --data '\(path)' --rep ann --at '2026-11-23 14:54:57' --clock-runs",
            width: 120, height: 30)
        let opened = try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Due ") }
        #expect(!opened.contains("callback with Callie Back"))
        let reminded = try terminal.waitFor("the reminder", seconds: 15) { $0.contains("callback with Callie Back at 15:00 (in 5 min)") }
        let rows = reminded.split(separator: "\n").map(String.init)
        let first = try #require(rows.firstIndex { $0.contains("Callie Back") && $0.contains("▶ 15:00 call") }, "\(reminded)")
        #expect(!rows[..<first].contains { $0.contains("Ada First") || $0.contains("Bo Second") }, "the reminded lead is at the top")
        var lines: [String] = []
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            lines = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n").map(String.init)
            if !lines.isEmpty { break }
            usleep(20_000)
        }
        // The purpose's escape sequence arrives made visible (^[), never as a raw escape.
        #expect(lines == ["callback|Callie Back|the quote^[[31m|"], "\(lines)")
        #expect(!lines.joined().contains("\u{1b}"))
        // A few more ticks and a redraw ring nothing again.
        try terminal.send("j")
        try terminal.waitFor("the desk after a key") { $0.contains("callback with Callie Back") }
        try terminal.send("q")
        try terminal.waitFor("quit") { $0.contains("[exited 0]") }
        let after = ((try? String(contentsOfFile: log, encoding: .utf8)) ?? "").split(separator: "\n")
        #expect(after.count == 1, "\(after)")
    }
}
