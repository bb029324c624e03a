import BebackTestSupport
import Foundation
import Testing

/// Find, skip and snooze at the real desk in tmux.
@Suite("Find, skip and snooze at the desk in a terminal", .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
struct FindSnoozeInTmuxTests {
    static let at = "2026-11-23 10:42"

    func run(_ path: String, _ arguments: [String], rep: String = "ann") throws -> BebackProcess.Result {
        try BebackProcess.run(arguments + ["--data", path, "--rep", rep, "--at", Self.at])
    }

    /// A seeded demo desk and ann's due list as (id, name) in order.
    func demoDesk() throws -> (path: String, due: [(id: String, name: String)]) {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let made = try BebackProcess.run(["demo", "--data", path, "--leads", "60", "--seed", "11", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        let due = try run(path, ["due", "--format", "tsv"])
        let rows = due.stdout.split(separator: "\n").dropFirst().map { $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init) }
        return (path, rows.map { ($0[2], $0[3]) })
    }

    func deskCommand(_ path: String) -> String {
        "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' --data '\(path)' --rep ann --at '\(Self.at)'"
    }

    func touches(_ lead: String, _ path: String) throws -> Int {
        let shown = try run(path, ["show", lead, "--format", "json"])
        return try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])["touches"] as? Int ?? -1
    }

    @Test("a lead that is not due is found by its number typed in another format, opened with Enter and worked (a voicemail)")
    func findByPhoneAndWork() throws {
        let (path, _) = try demoDesk()
        let added = try run(path, ["add", "--name", "Inbound Caller", "--phone", "+44 20 7946 0106", "--tz", "Europe/London"])
        let lead = String(try #require(added.stdout.firstMatch(of: /saved lead ([a-z0-9]+)/)).1)
        try #require(try run(path, ["snooze", lead, "--until", "2026-12-07 10:00", "--reason", "back from abroad then"]).status == 0)
        let due = try run(path, ["due", "--format", "tsv"])
        try #require(!due.stdout.contains(lead), "the lead is not due today")
        let terminal = try Tmux(command: deskCommand(path), width: 120, height: 35)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Due ") }
        try terminal.send("/")
        try terminal.send("0207 946 0106", literal: true)
        try terminal.waitFor("the found lead") { $0.contains("Find \"0207 946 0106\": 1 lead") && $0.contains("Inbound Caller") }
        try terminal.send("Enter")
        try terminal.waitFor("the lead open") { $0.contains("Inbound Caller ·") || $0.contains("┌ Inbound Caller") }
        try terminal.send("2")
        try terminal.waitFor("the voicemail form on the found lead") { $0.contains("Voicemail · Inbound Caller") }
        try terminal.send("Enter")
        try terminal.waitFor("the voicemail saved") { $0.contains("saved: voicemail · Inbound Caller") }
        try terminal.send("Escape")
        try terminal.waitFor("the due list back") { $0.contains("┌ Due ") }
        try terminal.send("q")
        try terminal.waitFor("the desk quits") { $0.contains("[exited 0]") }
        #expect(try touches(lead, path) == 1)
    }

    @Test("z snoozes the selected lead with a reason; the touch count stays and the audit lists the snooze")
    func snoozeThenAudit() throws {
        let (path, due) = try demoDesk()
        let first = try #require(due.first)
        let before = try touches(first.id, path)
        let terminal = try Tmux(command: deskCommand(path), width: 120, height: 35)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Due ") }
        try terminal.send("z")
        try terminal.waitFor("the snooze form") { $0.contains("Snooze · \(first.name)") }
        try terminal.send("+2d", literal: true)
        try terminal.send("Tab")
        try terminal.send("customer on holiday", literal: true)
        try terminal.send("Enter")
        try terminal.waitFor("the snooze saved") { $0.contains("saved: snoozed to") }
        try terminal.send("q")
        try terminal.waitFor("the desk quits") { $0.contains("[exited 0]") }
        #expect(try touches(first.id, path) == before)
        let audit = try BebackProcess.run(["audit", "--data", path, "--rep", "mia", "--manager", "--at", "2026-11-23 11:00"])
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains("snoozed \(first.id) \(first.name) on Mon 23 Nov:"), "\(audit.stdout)")
        #expect(audit.stdout.contains("· customer on holiday"))
    }

    @Test("x moves the selected lead to the end of the queue and writes nothing")
    func skipToTheEnd() throws {
        let (path, due) = try demoDesk()
        try #require(due.count >= 3)
        let journals = try FileManager.default.contentsOfDirectory(atPath: path + "/journals").sorted()
        let sizes = try journals.map { try FileManager.default.attributesOfItem(atPath: path + "/journals/" + $0)[.size] as? Int ?? -1 }
        let terminal = try Tmux(command: deskCommand(path), width: 120, height: 35)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Due ") }
        try terminal.send("x")
        try terminal.waitFor("the skip") { $0.contains("skipped \(due[0].name): last in this session's queue") && $0.contains("┌ \(due[1].name) ") }
        try terminal.send("G")
        try terminal.waitFor("the skipped lead last") { $0.contains("┌ \(due[0].name) ") }
        try terminal.send("q")
        try terminal.waitFor("the desk quits") { $0.contains("[exited 0]") }
        let after = try journals.map { try FileManager.default.attributesOfItem(atPath: path + "/journals/" + $0)[.size] as? Int ?? -1 }
        #expect(after == sizes, "a skip writes nothing")
    }
}
