import BebackTestSupport
import Foundation
import Testing

/// A lead asking not to be called, recorded at the real desk in tmux: the do-not-contact form's
/// channel choice blocks calls and texts only, and the lead stays open with its next step by email.
@Suite("Do not call, at the desk in a terminal", .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
struct ChannelBlockInTmuxTests {
    static let at = "2026-11-23 10:42"

    func run(_ path: String, _ arguments: [String]) throws -> BebackProcess.Result {
        try BebackProcess.run(arguments + ["--data", path, "--rep", "ann", "--at", Self.at])
    }

    @Test("0 then c on a found lead blocks calls and texts: still open, next step by email, show says what was asked")
    func doNotCallFromTheForm() throws {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        try #require(try BebackProcess.run(["demo", "--data", path, "--leads", "20", "--seed", "11", "--at", Self.at]).status == 0)
        let added = try run(path, ["add", "--name", "Priya Block", "--phone", "+44 20 7946 0777", "--email", "priya@block.example", "--tz", "Europe/London"])
        let lead = String(try #require(added.stdout.firstMatch(of: /saved lead ([a-z0-9]+)/)).1)
        let command = "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' --data '\(path)' --rep ann --at '\(Self.at)'"
        let terminal = try Tmux(command: command, width: 120, height: 35)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Due ") }
        try terminal.send("/")
        try terminal.send("Priya Block", literal: true)
        try terminal.waitFor("the found lead") { $0.contains("1 lead") && $0.contains("Priya Block") }
        try terminal.send("Enter")
        try terminal.waitFor("the lead open") { $0.contains("Priya Block ·") || $0.contains("┌ Priya Block") }
        try terminal.send("0")
        try terminal.waitFor("the do-not-contact form asking what the lead asked for") { $0.contains("no calls or texts") }
        try terminal.send("c")
        try terminal.send("Enter")
        try terminal.waitFor("the block saved") { $0.contains("saved:") && $0.contains("no calls or texts") }
        try terminal.send("Escape")
        try terminal.send("q")
        try terminal.waitFor("the desk quits") { $0.contains("[exited 0]") }

        let shown = try run(path, ["show", lead, "--format", "json"])
        try #require(shown.status == 0, "\(shown.stderr)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(json["blockedChannels"] as? [String] == ["phone", "text"], "\(shown.stdout)")
        #expect((json["next"] as? [String: Any])?["channel"] as? String == "email", "\(shown.stdout)")
        #expect(json["stage"] as? String != "lost")
        let text = try run(path, ["show", lead])
        #expect(text.stdout.contains("asked: no calls or texts"), "\(text.stdout)")
    }
}
