#if canImport(Glibc)
    import Glibc
#endif
import BebackTestSupport
import Foundation
import Testing

/// The session record: goals on the status line, the summary at quit, the record in the rep's
/// journal, and `report --sessions` reading it back per rep per day; a session without calls writes nothing.
@Suite("Session goals and the session record, end to end", .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
struct SessionRecordTests {
    static let now = "2026-11-23 11:00"

    func desk() throws -> (path: String, environment: [String: String]) {
        let path = Fixtures.temporaryFolder("session-record").appendingPathComponent("desk").path
        let made = try BebackProcess.run(["init", "--data", path])
        try #require(made.status == 0, "\(made.stderr)")
        let environment = ["BEBACK_DATA": path, "BEBACK_REP": "ann", "TZ": "Europe/London"]
        for (name, phone) in [("Ada First", "+44 20 7946 0101"), ("Bo Second", "+44 20 7946 0102")] {
            let added = try BebackProcess.run(
                ["add", "--name", name, "--phone", phone, "--tz", "Europe/London", "--at", "2026-11-20 10:00"], environment: environment)
            try #require(added.status == 0, "\(added.stderr)")
        }
        let config = URL(fileURLWithPath: path).appendingPathComponent("desk.conf").path
        let before = (try? String(contentsOfFile: config, encoding: .utf8)) ?? ""
        try (before + "\n[session]\ncalls = 40\nappointments = 3\n").write(toFile: config, atomically: true, encoding: .utf8)
        return (path, environment)
    }

    func open(_ path: String) throws -> Tmux {
        let terminal = try Tmux(
            command: "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' desk --data '\(path)' --rep ann --at '\(Self.now)'", width: 160, height: 24)
        try terminal.waitFor("the desk with its goals") { $0.contains("Beback · ann") && $0.contains("calls") && $0.contains("0/40") }
        return terminal
    }

    func sessions(_ environment: [String: String], format: String) throws -> String {
        let report = try BebackProcess.run(
            ["report", "--sessions", "--format", format, "--since", "2026-11-23", "--at", "2026-11-23 18:00"], environment: environment)
        #expect(report.status == 0, "\(report.stderr)")
        return report.stdout
    }

    @Test("two calls: the goals move, the summary has them, the record is journaled and reported per rep per day; verify accepts it")
    func recordAndReport() throws {
        let (path, environment) = try desk()
        let terminal = try open(path)
        for call in 1...2 {
            try terminal.send("3")
            try terminal.waitFor("the no-answer form") { $0.contains("No Answer ·") }
            try terminal.send("Enter")
            try terminal.waitFor("saved, the goal's count at \(call)") { $0.contains("saved: no answer") && $0.contains("\(call)/40") }
        }
        try terminal.send("q")
        let screen = try terminal.waitFor("the summary") { $0.contains("[exited 0]") }
        #expect(screen.contains("Session summary: 2 calls"), "\(screen)")
        #expect(screen.contains("0 lost") && screen.contains("0 not now") && screen.contains("talk 0s"), "\(screen)")
        #expect(screen.contains("goals met 0 of 2"), "\(screen)")

        let tsv = try sessions(environment, format: "tsv").split(separator: "\n").map {
            $0.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
        }
        #expect(tsv.first?.prefix(4) == ["day", "rep", "sessions", "calls"])
        #expect(tsv.count == 2, "\(tsv)")
        #expect(tsv.last?.prefix(4) == ["2026-11-23", "ann", "1", "2"], "\(tsv)")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(try sessions(environment, format: "json").utf8)) as? [[String: Any]])
        #expect(json.count == 1)
        #expect(json.first?["calls"] as? Int == 2 && json.first?["goalsSet"] as? Int == 2 && json.first?["goalsMet"] as? Int == 0)
        #expect(try sessions(environment, format: "text").contains("2026-11-23  ann"))

        let verify = try BebackProcess.run(["verify"], environment: environment)
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        let audit = try BebackProcess.run(["audit", "--at", "2026-11-23 18:00"], environment: environment)
        #expect(audit.status == 0, "\(audit.stderr)")
        // The desk opens again (indexed, then from the snapshot written at quit) with the record in the journal.
        let due = try BebackProcess.run(["due", "--format", "tsv", "--at", Self.now], environment: environment)
        #expect(due.status == 0 && due.stderr.isEmpty, "\(due.stderr)")

        // A session without a call writes nothing.
        let again = try open(path)
        try again.send("q")
        let quiet = try again.waitFor("quit") { $0.contains("[exited 0]") }
        #expect(quiet.contains("Session summary: 0 calls"))
        let after = try sessions(environment, format: "tsv").split(separator: "\n")
        #expect(after.count == 2 && after.last?.hasPrefix("2026-11-23\tann\t1\t2\t") == true, "\(after)")
    }
}
