import BebackTestSupport
import Foundation
import Testing

/// Forms and help at small sizes in a real terminal: a long note scrolls in its field and is saved
/// whole; help scrolls to its last key at 60x15.
@Suite("Forms and help fit the screen, end to end", .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
struct FormsInTmuxTests {
    static let at = "2026-11-23 10:42"

    func demoDesk() throws -> (path: String, due: [String]) {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let made = try BebackProcess.run(["demo", "--data", path, "--leads", "40", "--seed", "11", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        let due = try BebackProcess.run(["due", "--data", path, "--rep", "ann", "--format", "tsv", "--at", Self.at])
        let ids = due.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: "\t")[2]) }
        return (path, ids)
    }

    func deskCommand(_ path: String) -> String {
        "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' --data '\(path)' --rep ann --at '\(Self.at)'"
    }

    @Test("a note longer than its field scrolls with the cursor (Home, End) and is read back whole after the save")
    func longNote() throws {
        let (path, due) = try demoDesk()
        try #require(!due.isEmpty)
        let terminal = try Tmux(command: deskCommand(path), width: 80, height: 24)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Due ") }
        try terminal.send("n")
        try terminal.waitFor("the note form") { $0.contains("Note ·") }
        let note =
            "START they want the oak kitchen with the granite top, fitted before the holidays, and Tom decides on the budget by Friday FINISH"
        try terminal.send(note, literal: true)
        try terminal.waitFor("the end of the note in view") { $0.contains("by Friday FINISH") && !$0.contains("START they") }
        try terminal.send("Home")
        try terminal.waitFor("the start in view") { $0.contains("START they want") && !$0.contains("FINISH") }
        try terminal.send("End")
        try terminal.waitFor("the end again") { $0.contains("FINISH") }
        try terminal.send("Enter")
        try terminal.waitFor("the note saved") { $0.contains("saved: note") }
        let shown = try BebackProcess.run(["show", due[0], "--data", path, "--rep", "ann", "--format", "json", "--at", Self.at])
        let lead = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        let notes = try #require(lead["notes"] as? [[String: Any]])
        #expect(notes.contains { ($0["text"] as? String) == note }, "the whole note, as typed")
        try terminal.send("q")
        try terminal.waitFor("the desk quits") { $0.contains("[exited 0]") }
    }

    @Test("the walkout form's time zone is desk.conf's [desk] time_zone, not the machine's or UTC")
    func captureTimeZone() throws {
        let (path, _) = try demoDesk()
        let conf = URL(fileURLWithPath: path).appendingPathComponent("desk.conf")
        let text = try String(contentsOf: conf, encoding: .utf8)
        try #require(text.contains("fixed_clock = yes"))
        try text.replacingOccurrences(of: "fixed_clock = yes", with: "fixed_clock = yes\ntime_zone = America/Chicago")
            .write(to: conf, atomically: true, encoding: .utf8)
        let terminal = try Tmux(command: deskCommand(path), width: 80, height: 24)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") }
        try terminal.send("c")
        try terminal.waitFor("the walkout form") { $0.contains("New lead (walkout)") }
        for _ in 0..<9 { try terminal.send("Tab") }
        let form = try terminal.waitFor("the time zone field") { $0.contains("Time zone") && $0.contains("America/Chicago") }
        #expect(!form.contains("Etc/UTC"))
        try terminal.send("Escape")
        try terminal.send("q")
        try terminal.waitFor("the desk quits") { $0.contains("[exited 0]") }
    }

    @Test("at 60x15 help says there is more, scrolls with j and PgDn to its last key, and Esc closes it")
    func helpAt60x15() throws {
        let (path, _) = try demoDesk()
        let terminal = try Tmux(command: deskCommand(path), width: 60, height: 15)
        try terminal.waitFor("the narrow desk") { $0.contains("Beback · ann") }
        try terminal.send("?")
        try terminal.waitFor("help with more below") { $0.contains("Keys ·") && $0.contains("↓ more") && $0.contains("next lead") }
        try terminal.send("j")
        try terminal.waitFor("one line down") { $0.contains("lines 2-") }
        for _ in 0..<8 { try terminal.send("PageDown") }
        let end = try terminal.waitFor("the last key") { $0.contains("end · k/PgUp/Home back up") }
        #expect(end.contains("quit with a session summary"), "the last binding is in view")
        #expect(end.contains("any other key closes"))
        try terminal.send("Home")
        try terminal.waitFor("back at the top") { $0.contains("lines 1-") && $0.contains("next lead") }
        try terminal.send("Escape")
        try terminal.waitFor("help closed") { !$0.contains("Keys ·") }
        try terminal.send("q")
        try terminal.waitFor("the desk quits") { $0.contains("[exited 0]") }
    }
}
