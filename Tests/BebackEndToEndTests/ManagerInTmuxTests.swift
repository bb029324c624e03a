import BebackTestSupport
import Foundation
import Testing

/// `beback --manager` on a demo desk (reps ann, ben, chen; manager mia) in a real terminal: the team
/// board, a rep's calendar read-only, the refusals, small sizes and resizes, reclaim and assignment.
@Suite("The manager's desk in a terminal, end to end", .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
struct ManagerInTmuxTests {
    static let at = "2026-11-23 10:42"

    func demoDesk() throws -> String {
        let path = Fixtures.temporaryFolder("manager").appendingPathComponent("desk").path
        let made = try BebackProcess.run(["demo", "--data", path, "--leads", "60", "--seed", "11", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        return path
    }

    func managerCommand(_ path: String, at: String = Self.at) -> String {
        "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' --data '\(path)' --rep mia --manager --at '\(at)'"
    }

    /// Every journal's name and size: what the manager's look must leave as it was.
    func journals(_ path: String) throws -> [String: Int] {
        let folder = URL(fileURLWithPath: path).appendingPathComponent("journals")
        var sizes: [String: Int] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder.path) {
            sizes[name] = (try FileManager.default.attributesOfItem(atPath: folder.appendingPathComponent(name).path)[.size] as? Int) ?? -1
        }
        return sizes
    }

    @Test("the board shows every rep; Enter opens ben's calendar read-only; an outcome key is refused; Esc goes back; nothing is written")
    func boardAndCalendar() throws {
        let path = try demoDesk()
        let before = try journals(path)
        let terminal = try Tmux(command: managerCommand(path), width: 120, height: 40)
        let board = try terminal.waitFor("the team board") { screen in
            screen.contains("Beback · mia · manager") && screen.contains("Team board") && screen.contains("> ann") && screen.contains("  chen")
        }
        #expect(board.contains("CONTACT RATE") && board.contains("Practice compliance") && board.contains("Pool · "))
        #expect(board.contains("  ben "))

        try terminal.send("j")
        try terminal.waitFor("ben selected") { $0.contains("> ben") && $0.contains("Enter ben's calendar") }
        try terminal.send("Enter")
        let calendar = try terminal.waitFor("ben's calendar, read-only") { screen in
            screen.contains("Beback · ben") && screen.contains("READ-ONLY") && screen.contains("Due ") && screen.contains("Esc team")
        }
        let benDue = try BebackProcess.run(["due", "--data", path, "--rep", "ben", "--format", "tsv", "--at", Self.at])
        let firstName = try #require(benDue.stdout.split(separator: "\n").dropFirst().first?.split(separator: "\t")[3])
        #expect(calendar.contains(String(firstName)), "ben's first due lead \(firstName) is not on his calendar")

        try terminal.send("2")
        let refused = try terminal.waitFor("the outcome key refused") { $0.contains("read-only: ben's calendar, manager's view") }
        #expect(!refused.contains("Voicemail ·"), "a form opened on a read-only calendar")

        try terminal.send("Escape")
        try terminal.waitFor("back on the board with ben still selected") { $0.contains("Team board") && $0.contains("> ben") }
        try terminal.send("q")
        try terminal.waitFor("quit") { $0.contains("[exited 0]") }
        #expect(try journals(path) == before)
    }

    @Test("at 60x15 the team screen is tabs that fit; resizing redraws; below the minimum it says so")
    func smallAndResize() throws {
        let path = try demoDesk()
        let terminal = try Tmux(command: managerCommand(path), width: 60, height: 15)
        let small = try terminal.waitFor("the narrow team screen") { screen in
            screen.contains("Board · Pool · Report") && screen.contains("> ann") && screen.contains("WEEKS")
        }
        #expect(small.split(separator: "\n").allSatisfy { $0.count <= 60 })
        try terminal.send("Tab")
        try terminal.waitFor("the pool tab") { $0.contains("Pool · 0 open") && $0.contains("The pool is empty") }
        try terminal.send("BTab")
        try terminal.send("Enter")
        try terminal.waitFor("ann's calendar as tabs") { $0.contains("Beback · ann") && $0.contains("Due · Lead · Script") }
        try terminal.resize(width: 50, height: 12)
        try terminal.waitFor("the too-small notice") { $0.contains("Beback needs at least 60x15") }
        try terminal.resize(width: 120, height: 40)
        try terminal.waitFor("the wide calendar") { $0.contains("Beback · ann") && $0.contains("┌ Script") && $0.contains("Esc team") }
        try terminal.send("Escape")
        try terminal.waitFor("the wide board") { $0.contains("Team board") && $0.contains("CONTACT RATE") && $0.contains("┌ Report") }
        try terminal.resize(width: 80, height: 24)
        try terminal.waitFor("tabs again at 80x24") { $0.contains("Board · Pool · Report") && $0.contains("> ann") }
        try terminal.send("q")
        try terminal.waitFor("quit") { $0.contains("[exited 0]") }
    }

    @Test("R reclaims idle leads into the pool; a gives the selected pool lead to the rep selected on the board")
    func reclaimAndAssign() throws {
        let path = try demoDesk()
        let later = "2026-12-03 10:00"
        let terminal = try Tmux(command: managerCommand(path, at: later), width: 120, height: 40)
        try terminal.waitFor("the board, pool empty") { $0.contains("Team board") && $0.contains("Pool · 0 open") }
        try terminal.send("R")
        try terminal.waitFor("the reclaim question") { $0.contains("reclaim leads idle past") && $0.contains("y = yes") }
        try terminal.send("y")
        let reclaimed = try terminal.waitFor("the reclaim saved") { $0.contains("saved: reclaim:") && !$0.contains("Pool · 0 open") }
        let pool = try #require(reclaimed.firstMatch(of: /Pool · (\d+) open/).flatMap { Int($0.1) })
        #expect(pool > 0)
        #expect(reclaimed.contains("(was "))

        try terminal.send("j")
        try terminal.send("Tab")
        try terminal.waitFor("the pool focused, ben picked") { $0.contains("a gives it to ben") }
        try terminal.send("a")
        let assigned = try terminal.waitFor("the assignment saved") { $0.contains("assigned to ben") && $0.contains("Pool · \(pool - 1) open") }
        let name = try #require(assigned.firstMatch(of: /saved: (.+?) assigned to ben/).map { String($0.1) })
        try terminal.send("A")
        try terminal.waitFor("the deal question") { $0.contains("deal \(pool - 1) pool lead") && $0.contains("y = deal") }
        try terminal.send("y")
        try terminal.waitFor("the pool dealt") { $0.contains("pool lead") && $0.contains("dealt: ann") && $0.contains("Pool · 0 open") }
        try terminal.send("q")
        try terminal.waitFor("quit") { $0.contains("[exited 0]") }

        let benDue = try BebackProcess.run(["due", "--data", path, "--rep", "ben", "--format", "tsv", "--at", later])
        #expect(
            benDue.stdout.split(separator: "\n").contains { $0.split(separator: "\t").count > 3 && $0.split(separator: "\t")[3] == name },
            "\(name) is not on ben's due list:\n\(benDue.stdout)")
        #expect(try BebackProcess.run(["verify", "--data", path]).status == 0)
    }
}
