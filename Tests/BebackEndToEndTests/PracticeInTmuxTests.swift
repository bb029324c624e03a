import BebackTestSupport
import Foundation
import Testing

/// The whole practice at the real desk: a decision process typed into its form, then read in the
/// call script's "Before you dial" and in `beback show`.
@Suite("The whole practice at the desk, end to end", .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
struct PracticeInTmuxTests {
    static let at = "2026-11-23 10:42"

    @Test("p records a decision process; the script's before-you-dial and show carry it")
    func decisionProcessAtTheDesk() throws {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        try #require(try BebackProcess.run(["init", "--data", path]).status == 0)
        let env = ["BEBACK_DATA": path, "BEBACK_REP": "ann"]
        let added = try BebackProcess.run(
            ["add", "--name", "Priya Raman", "--phone", "+44 20 7946 0003", "--wants", "oak kitchen", "--tz", "Europe/London", "--at", "2026-11-19 11:00"],
            environment: env)
        try #require(added.status == 0, "\(added.stderr)")
        let lead = String(try #require(added.stdout.firstMatch(of: /saved lead ([a-z0-9]+)/)).1)

        let command = "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' --data '\(path)' --rep ann --at '\(Self.at)'"
        let terminal = try Tmux(command: command, width: 120, height: 35)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Priya Raman") }
        try terminal.waitFor("the script before a decision process") { $0.contains("Before you dial") && !$0.contains("Review time:") }

        try terminal.send("p")
        try terminal.waitFor("the decision process form") { $0.contains("Decision process · Priya Raman") }
        try terminal.send("Tom (husband)", literal: true)
        try terminal.send("Tab")
        try terminal.send("oak finish", literal: true)
        try terminal.send("Tab")
        try terminal.send("samples", literal: true)
        try terminal.send("Tab")
        try terminal.send("a week", literal: true)
        try terminal.send("Enter")
        try terminal.waitFor("the decision process saved") { $0.contains("saved: decision process · Priya Raman") }

        // The script's prep step ends its lines with a full stop; the lead pane's do not.
        let screen = try terminal.waitFor("the script's before-you-dial with the decision process") { screen in
            screen.contains("Before you dial") && screen.contains("What they need to see: samples.") && screen.contains("Review time: a week.")
        }
        #expect(screen.contains("Others who decide: Tom (husband)"))

        try terminal.send("q")
        try terminal.waitFor("the desk quits") { $0.contains("[exited 0]") }

        let shown = try BebackProcess.run(["show", lead, "--at", Self.at], environment: env)
        for line in ["Others who decide: Tom (husband)", "They decide on: oak finish", "What they need to see: samples", "Review time: a week"] {
            #expect(shown.stdout.contains(line), "show lacks \(line):\n\(shown.stdout)")
        }
        #expect(try BebackProcess.run(["verify", "--data", path]).status == 0)
    }
}
