import BebackTestSupport
import Foundation
import Testing

/// The real desk in a real terminal (tmux): keys typed, the screen read back, the journal checked after.
@Suite("The desk in a terminal, end to end", .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
struct DeskInTmuxTests {
    static let at = "2026-11-23 10:42"

    /// A seeded demo desk and its due list (lead ids in due order) for rep ann.
    func demoDesk() throws -> (path: String, due: [String]) {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let made = try BebackProcess.run(["demo", "--data", path, "--leads", "60", "--seed", "11", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        let due = try BebackProcess.run(["due", "--data", path, "--rep", "ann", "--format", "tsv", "--at", Self.at])
        let ids = due.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: "\t")[2]) }
        return (path, ids)
    }

    func deskCommand(_ path: String, rep: String = "ann", extra: String = "") -> String {
        "env TZ=Europe/London LANG=C.UTF-8 \(extra) '\(BebackProcess.binary)' --data '\(path)' --rep \(rep) --at '\(Self.at)'"
    }

    func show(_ lead: String, _ path: String) throws -> [String: Any] {
        let result = try BebackProcess.run(["show", lead, "--data", path, "--rep", "ann", "--format", "json", "--at", Self.at])
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test("a 20,000-character paste into a note is taken whole and saved (keys waiting are handled before the next frame)")
    func longPaste() throws {
        let (path, due) = try demoDesk()
        try #require(!due.isEmpty)
        // The desk's standard error goes to a file: a crash's report is read from there, not the screen.
        let errors = Fixtures.temporaryFolder("paste").appendingPathComponent("stderr.txt").path
        // A crash's backtrace goes to the terminal by default: to standard error (the file) here.
        let terminal = try Tmux(command: deskCommand(path, extra: "SWIFT_BACKTRACE=output-to=stderr") + " 2>'\(errors)'", width: 120, height: 35)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Due ") }
        try terminal.send("n")
        try terminal.waitFor("the note form") { $0.contains("Note ·") }
        defer {
            let report = (try? String(contentsOfFile: errors, encoding: .utf8)) ?? ""
            if !report.isEmpty { Issue.record("the desk wrote to standard error:\n\(report.prefix(20_000))") }
        }
        let text = String(repeating: "oak kitchen ", count: 1_667).prefix(20_000)
        try terminal.paste(String(text))
        try terminal.send("Enter")
        try terminal.waitFor("the note saved", seconds: 60) { $0.contains("saved: note") }
        let notes = try #require(show(due[0], path)["notes"] as? [[String: Any]])
        #expect(notes.contains { ($0["text"] as? String)?.count == 20_000 }, "the whole paste is in the note")
        try terminal.send("q")
        try terminal.waitFor("the desk quits") { $0.contains("[exited 0]") }
    }

    @Test("work three leads (voicemail, appointment with a time, not now), quit, and the journal agrees with what was typed")
    func workThreeLeads() throws {
        let (path, due) = try demoDesk()
        try #require(due.count >= 3)
        let terminal = try Tmux(command: deskCommand(path), width: 120, height: 35)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Due ") }
        let before = try (0..<3).map { try show(due[$0], path)["touches"] as? Int ?? -1 }

        try terminal.send("2")
        try terminal.waitFor("the voicemail form") { $0.contains("Voicemail ·") }
        try terminal.send("Enter")
        try terminal.waitFor("voicemail saved") { $0.contains("saved: voicemail") }

        try terminal.send("7")
        try terminal.waitFor("the appointment form") { $0.contains("Appointment ·") }
        try terminal.send("2026-11-26 11:30", literal: true)
        try terminal.send("Enter")
        try terminal.waitFor("appointment saved") { $0.contains("saved: appointment") }

        try terminal.send("6")
        try terminal.waitFor("the not-now form") { $0.contains("Not Now ·") }
        try terminal.send("the spring range arrives", literal: true)
        try terminal.send("Enter")
        try terminal.waitFor("not now saved") { $0.contains("saved: not now") }
        // The status line ends at a whole word when the saved line and the counters do not fit.
        try terminal.waitFor("session counters") { $0.contains("3 calls") && $0.contains("2 reached") }

        try terminal.send("q")
        try terminal.waitFor("the session summary after quitting") {
            $0.contains("Session summary: 3 calls") && $0.contains("1 voicemail") && $0.contains("[exited 0]")
        }

        let first = try show(due[0], path), second = try show(due[1], path), third = try show(due[2], path)
        #expect(first["touches"] as? Int == before[0] + 1)
        #expect((first["history"] as? [[String: Any]])?.first?["outcome"] as? String == "voicemail")
        #expect((second["history"] as? [[String: Any]])?.first?["outcome"] as? String == "appointment")
        let appointment = try #require(second["next"] as? [String: Any])
        #expect(appointment["kind"] as? String == "appointment")
        let zone = try #require(second["timeZone"] as? String)
        #expect(appointment["due"] as? String == ISO8601DateFormatter().string(from: Fixtures.at("2026-11-26 11:30", zone)))
        #expect(third["stage"] as? String == "long-term")
        #expect((third["next"] as? [String: Any])?["purpose"] as? String == "long-term check-in: the spring range arrives")

        let reopened = try BebackProcess.run(["due", "--data", path, "--rep", "ann", "--format", "tsv", "--at", Self.at])
        let ids = reopened.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: "\t")[2]) }
        #expect(!ids.contains(due[1]))
        #expect(!ids.contains(due[2]))
        #expect(try BebackProcess.run(["verify", "--data", path]).status == 0)
    }

    @Test("a resize during a form redraws at once and the form still saves")
    func resizeDuringForm() throws {
        let (path, due) = try demoDesk()
        let terminal = try Tmux(command: deskCommand(path), width: 100, height: 30)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") }
        try terminal.send("n")
        try terminal.waitFor("the note form") { $0.contains("Note ·") }
        try terminal.send("asked for the brochure", literal: true)
        try terminal.resize(width: 60, height: 15)
        try terminal.waitFor("the narrow layout with the form") { screen in
            screen.split(separator: "\n").allSatisfy { $0.count <= 60 } && screen.contains("Note ·") && screen.contains("Due · Lead · Script")
        }
        try terminal.resize(width: 50, height: 12)
        try terminal.waitFor("the too-small notice") { $0.contains("Beback needs at least 60x15") }
        try terminal.resize(width: 110, height: 32)
        try terminal.waitFor("the wide layout") { $0.contains("Note ·") && $0.contains("┌ Script") }
        try terminal.send("Enter")
        try terminal.waitFor("note saved") { $0.contains("saved: note") }
        let notes = try BebackProcess.run(["show", due[0], "--data", path, "--rep", "ann", "--at", Self.at]).stdout
        #expect(notes.contains("asked for the brochure"))
    }

    @Test("another process logging on the same desk shows up without restarting")
    func secondProcess() throws {
        let (path, due) = try demoDesk()
        let terminal = try Tmux(command: deskCommand(path), width: 120, height: 35)
        let opened = try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Due \(due.count)") }
        #expect(opened.contains("Due \(due.count)"))
        let logged = try BebackProcess.run(["log", due[0], "--outcome", "no-answer", "--data", path, "--rep", "ann", "--at", Self.at])
        try #require(logged.status == 0, "\(logged.stderr)")
        try terminal.waitFor("the other process's entry") { $0.contains("Due \(due.count - 1)") }
    }

    @Test("a hostile name and a CJK name at 60x15 show as visible text; NO_COLOR works")
    func hostileAndWideNames() throws {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        _ = try BebackProcess.run(["init", "--data", path])
        for name in ["Evil\u{1b}[31mRed\u{1b}]2;pwned\u{07}", "王小明 😀"] {
            let added = try BebackProcess.run([
                "add", "--name", name, "--phone", "+44 20 7946 0001", "--data", path, "--rep", "ann",
                "--tz", "Europe/London", "--at", "2026-11-22 09:00"
            ])
            try #require(added.status == 0, "\(added.stderr)")
        }
        let terminal = try Tmux(command: deskCommand(path, extra: "NO_COLOR=1"), width: 60, height: 15)
        let screen = try terminal.waitFor("the narrow desk") { $0.contains("Due · Lead · Script") && $0.contains("王小明 😀") }
        #expect(screen.contains("Evil^[[31mRed^"), "the escape shows as ^[ (the wider when column leaves the name 14 cells)")
        #expect(!screen.contains("\u{1b}"))
        try terminal.send("/")
        try terminal.send("Evil", literal: true)
        try terminal.waitFor("the found lead") { $0.contains("Find \"Evil\": 1 lead") }
        // Enter opens the found lead to be worked (the script tab); the tab before it is the lead's.
        try terminal.send("Enter")
        try terminal.send("BTab")
        let lead = try terminal.waitFor("the lead tab") { $0.contains("Touches 0") }
        #expect(lead.contains("Evil^[[31mRed^[]2;pwned^G"))
        #expect(!lead.contains("\u{1b}"))
        try terminal.send("?")
        try terminal.waitFor("help") { $0.contains("Keys · j/k PgDn scroll") }
        try terminal.send("Escape")
        try terminal.waitFor("help closed") { !$0.contains("Keys · j/k PgDn scroll") }
        try terminal.send("q")
        try terminal.waitFor("the session summary and the exit") { $0.contains("0 won") && $0.contains("[exited") }
        #expect(try terminal.exitStatus() == 0)
    }

    @Test("--trace writes the open, each key's wall and CPU time, and each save's append before its key")
    func traceFile() throws {
        let (path, _) = try demoDesk()
        let trace = Fixtures.temporaryFolder("trace").appendingPathComponent("trace.tsv").path
        let terminal = try Tmux(command: deskCommand(path) + " --trace '\(trace)'", width: 120, height: 35)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Due ") }
        try terminal.send("j")
        try terminal.send("2")
        try terminal.waitFor("the voicemail form") { $0.contains("Voicemail ·") }
        try terminal.send("Enter")
        try terminal.waitFor("voicemail saved") { $0.contains("saved: voicemail") }
        try terminal.send("q")
        try terminal.waitFor("quit") { $0.contains("[exited 0]") }

        let lines = try String(contentsOfFile: trace, encoding: .utf8).split(separator: "\n").map { $0.split(separator: "\t").map(String.init) }
        // open and append lines: name, wall microseconds; key lines add the desk thread's CPU microseconds.
        #expect(lines.allSatisfy { $0.count == (["open", "append"].contains($0[0]) ? 2 : 3) && $0.dropFirst().allSatisfy { UInt64($0) != nil } }, "\(lines)")
        #expect(lines.filter { $0.count == 3 }.allSatisfy { UInt64($0[2])! <= UInt64($0[1])! + 1_000 }, "a key's CPU time is within its wall time: \(lines)")
        #expect(lines.first?.first == "open")
        let names = lines.map { $0[0] }
        let append = try #require(names.firstIndex(of: "append"), "\(names)")
        #expect(names.filter { $0 == "append" }.count == 1)
        #expect(append + 1 < names.count && names[append + 1] == "enter", "\(names)")
        #expect(UInt64(lines[append][1])! <= UInt64(lines[append + 1][1])!, "the append is part of its key's time")
        #expect(names.contains("character(\"j\")"))
    }

    @Test("without a terminal the desk says so and points to beback due")
    func noTerminal() throws {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        _ = try BebackProcess.run(["init", "--data", path])
        let result = try BebackProcess.run(["--data", path, "--rep", "ann"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("needs a terminal"))
        #expect(result.stderr.contains("beback due"))
        let dumb = try BebackProcess.run(["--data", path, "--rep", "ann"], environment: ["TERM": "dumb"])
        #expect(dumb.status == 1)
    }
}
