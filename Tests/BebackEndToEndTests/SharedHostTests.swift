import BebackTestSupport
import Foundation
import Testing

/// The shared-host trust model with real unix users (issue 23, items 1, 2, 3, 5 and 6): each hostile
/// step of the issue, run as the user who would try it, must be refused or reported. Runs as root
/// (CI does): makes throwaway accounts and a group, removes them afterwards; skipped when not root.
@Suite("A shared host: reps as unix users", .serialized, .enabled(if: UnixTeam.canRun, Comment(rawValue: UnixTeam.skipReason)))
struct SharedHostTests {
    /// A shared-host desk made as the manager would (`init`, the group, desk.conf owned by mia), with
    /// reps ann and ben, and one lead of ann's.
    struct Desk {
        let team: UnixTeam
        let path: String
        let lead: String
        var journals: String { path + "/journals" }

        @discardableResult
        func run(_ name: String, _ arguments: [String], environment: [String: String] = [:], timeout: Int = 60) throws -> BebackProcess.Result {
            try team.beback(name, arguments + ["--data", path], environment: environment, timeout: timeout)
        }

        /// A shell line run as `name` in the desk folder.
        @discardableResult
        func shell(_ name: String, _ line: String) throws -> BebackProcess.Result {
            try team.command(name, ["/bin/sh", "-c", line], directory: URL(fileURLWithPath: path))
        }

        func owner(_ file: String) throws -> String {
            try UnixTeam.system(["/usr/bin/stat", "-c", "%U", path + "/" + file]).stdout.trimmingCharacters(in: .whitespacesAndNewlines)
        }
    }

    func makeDesk(extraConfig: String = "") throws -> Desk {
        let team = try UnixTeam(["ann", "ben", "mia"])
        let path = team.root.appendingPathComponent("desk").path
        let made = try team.beback("root", ["init", "--data", path])
        try #require(made.status == 0, "init: status \(made.status): \(made.stderr)")
        let conf = """
            [reps]
            ann = rep, user=\(team.account("ann"))
            ben = rep, user=\(team.account("ben"))
            mia = manager, user=\(team.account("mia"))
            \(extraConfig)
            """
        try Data(conf.utf8).write(to: URL(fileURLWithPath: path + "/desk.conf"))
        try UnixTeam.system(["/bin/chown", "-R", "\(team.account("mia")):\(team.group)", path])
        try UnixTeam.system(["/bin/chmod", "644", path + "/desk.conf"])
        let added = try team.beback("ann", ["add", "--data", path, "--name", "Priya Raman", "--phone", "+44 20 7946 0003"])
        try #require(added.status == 0, "\(added.stderr)")
        let lead = try #require(added.stdout.split(separator: " ").dropFirst(2).first.map { String($0.dropLast()) })
        return Desk(team: team, path: path, lead: lead)
    }

    // MARK: item 1: nobody but a manager decides what runs on another rep's desk

    @Test("1: ben cannot replace desk.conf, and a desk.conf not owned by a manager is refused")
    func deskConfReplaced() throws {
        let desk = try makeDesk()
        defer { desk.team.remove() }
        let mode = try UnixTeam.system(["/usr/bin/stat", "-c", "%a", desk.path, desk.journals]).stdout
        #expect(mode == "3770\n3770\n")
        let swap = try desk.shell("ben", "sed 's/ben = rep/ben = manager/' desk.conf > n && mv -f n desk.conf")
        #expect(swap.status != 0)
        #expect(swap.stderr.contains("Operation not permitted"), "\(swap.stderr)")
        #expect(try desk.owner("desk.conf") == desk.team.account("mia"))
        // On a desk made before the sticky bit, the swap works: its result is refused.
        try UnixTeam.system(["/bin/chown", desk.team.account("ben"), desk.path + "/desk.conf"])
        let due = try desk.run("ann", ["due"])
        #expect(due.status == 1)
        #expect(due.stderr.contains("desk.conf is owned by \(desk.team.account("ben")), not by root, the desk's owner"), "\(due.stderr)")
        #expect(due.stderr.contains("so it is refused"), "\(due.stderr)")
    }

    @Test("1: a script ben plants is not read as the desk's own")
    func plantedScript() throws {
        let desk = try makeDesk()
        defer { desk.team.remove() }
        let plant = try desk.shell("ben", "mkdir -p scripts && printf '[prep]\\nBEN WAS HERE\\n' > scripts/follow-up.script")
        try #require(plant.status == 0, "\(plant.stderr)")
        let check = try desk.run("ann", ["scripts", "check"])
        #expect(
            check.stdout.contains("is owned by \(desk.team.account("ben"))") || check.stderr.contains("is owned by \(desk.team.account("ben"))"),
            "\(check.stdout)\(check.stderr)")
        #expect(check.stdout.contains("the desk's own scripts are not read") || check.stderr.contains("the desk's own scripts are not read"))
        let shown = try desk.run("ann", ["scripts", "show", desk.lead])
        #expect(!shown.stdout.contains("BEN WAS HERE"), "\(shown.stdout)")
    }

    // MARK: item 2: a journal is its rep's; verify proves who wrote what and that nothing is gone

    @Test("2: ben cannot move a forged journal over ann's, and a journal owned by the wrong account is refused and reported")
    func forgedJournal() throws {
        let desk = try makeDesk()
        defer { desk.team.remove() }
        let forge = try desk.shell("ben", "cp journals/rep-ann.journal /tmp/forged-$$ && mv -f /tmp/forged-$$ journals/rep-ann.journal")
        #expect(forge.status != 0)
        #expect(forge.stderr.contains("Operation not permitted"), "\(forge.stderr)")
        let away = try desk.shell("ben", "mv journals/rep-ann.journal journals/gone")
        #expect(away.status != 0)
        // Where the swap did happen (a desk made before the sticky bit), the journal's owner gives it away.
        try UnixTeam.system(["/bin/chown", desk.team.account("ben"), desk.journals + "/rep-ann.journal"])
        let verify = try desk.team.beback("root", ["verify", "--data", desk.path])
        #expect(verify.status == 1)
        #expect(
            verify.stderr.contains("\(desk.journals)/rep-ann.journal is a file owned by \(desk.team.account("ben")), not by \(desk.team.account("ann"))"),
            "\(verify.stderr)")
        #expect(verify.stdout.contains("verify: FAILED"))
        let due = try desk.run("ann", ["show", desk.lead])
        #expect(due.stderr.contains("rep-ann.journal is a file owned by \(desk.team.account("ben"))"), "\(due.stderr)")
        #expect(due.stderr.contains("the desk ignores it"))
        let log = try desk.run("ann", ["log", desk.lead, "--outcome", "voicemail"])
        #expect(log.status == 1)
    }

    @Test("2: verify fails when a journal the snapshot or desk.journal knows about is gone")
    func missingJournal() throws {
        let desk = try makeDesk()
        defer { desk.team.remove() }
        let assign = try desk.run("mia", ["assign", desk.lead, "--to", "ben", "--manager"])
        try #require(assign.status == 0, "\(assign.stderr)")
        try #require(try desk.run("ann", ["compact"]).status == 0)
        try FileManager.default.moveItem(atPath: desk.journals + "/rep-ann.journal", toPath: desk.path + "/rep-ann.journal.away")
        let verify = try desk.team.beback("root", ["verify", "--data", desk.path])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("rep-ann.journal is missing: the snapshot covers"), "\(verify.stderr)")
        #expect(verify.stderr.contains("desk.journal at offset"), "\(verify.stderr)")
        #expect(verify.stderr.contains("refers to lead \(desk.lead), which no journal captured: a journal is missing"), "\(verify.stderr)")
    }

    @Test("2: a snapshot ben wrote is not what ann's desk opens from; hers, a manager's or root's is")
    func forgedSnapshot() throws {
        let desk = try makeDesk()
        defer { desk.team.remove() }
        // Ben compacts (any rep may): the snapshot is his file, a cache he could have forged.
        try #require(try desk.run("ben", ["compact"]).status == 0)
        try #require(try desk.owner("snapshots/desk.snapshot") == desk.team.account("ben"))
        let annShow = try desk.run("ann", ["show", desk.lead])
        #expect(annShow.status == 0, "\(annShow.stderr)")
        #expect(annShow.stderr.contains("snapshot ignored: written by \(desk.team.account("ben"))"), "\(annShow.stderr)")
        #expect(annShow.stdout.contains("Priya Raman"), "the desk replayed the journals instead")
        // Her own snapshot is used without a word.
        try #require(try desk.run("ann", ["compact"]).status == 0)
        let again = try desk.run("ann", ["show", desk.lead])
        #expect(!again.stderr.contains("snapshot ignored"), "\(again.stderr)")
    }

    // MARK: item 3: the rep is the login

    @Test("3: --rep names only yourself, --manager only a manager's account, root acts as nobody")
    func repIsTheLogin() throws {
        let desk = try makeDesk()
        defer { desk.team.remove() }
        let assign = try desk.run("ben", ["assign", desk.lead, "--to", "ben", "--rep", "mia", "--manager"])
        #expect(assign.status == 1)
        #expect(
            assign.stderr == "beback: --rep mia: you are logged in as \(desk.team.account("ben")), rep ben; on a shared-host desk you act only as yourself\n")
        let asManager = try desk.run("ben", ["assign", desk.lead, "--to", "ben", "--manager"])
        #expect(asManager.stderr == "beback: --manager: ben is not a manager in desk.conf (managers: mia)\n")
        let env = try desk.run("ben", ["show", desk.lead], environment: ["BEBACK_REP": "ann"])
        #expect(env.stderr.contains("--rep ann: you are logged in as \(desk.team.account("ben"))"), "\(env.stderr)")
        let root = try desk.team.beback("root", ["log", desk.lead, "--outcome", "voicemail", "--data", desk.path, "--rep", "ann"])
        #expect(root.status == 1)
        #expect(root.stderr.contains("root acts as nobody on a shared-host desk"), "\(root.stderr)")
        #expect(try desk.team.beback("root", ["verify", "--data", desk.path]).status == 0)
        let show = try desk.run("ann", ["show", desk.lead])
        #expect(show.status == 0, "\(show.stderr)")
    }

    @Test("3: nobody creates another rep's journal or squats desk.journal")
    func noSquatting() throws {
        let desk = try makeDesk()
        defer { desk.team.remove() }
        let add = try desk.run("ann", ["add", "--rep", "dan", "--name", "X", "--phone", "+44 20 7946 0004"])
        #expect(add.status == 1)
        #expect(add.stderr.contains("--rep dan: you are logged in as \(desk.team.account("ann"))"), "\(add.stderr)")
        #expect(!FileManager.default.fileExists(atPath: desk.journals + "/rep-dan.journal"))
        let reclaim = try desk.run("ben", ["reclaim", "--manager"])
        #expect(reclaim.status == 1)
        #expect(!FileManager.default.fileExists(atPath: desk.journals + "/desk.journal"))
        // A file made by hand is reported by verify and never trusted.
        try #require(try desk.shell("ben", "touch journals/desk.journal").status == 0)
        let verify = try desk.team.beback("root", ["verify", "--data", desk.path])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("desk.journal is a file owned by \(desk.team.account("ben")), not by \(desk.team.account("mia"))"), "\(verify.stderr)")
    }

    @Test("3: snooze, decision, feedback, objection and send act only as the login, on the login's own leads")
    func practiceCommandsActAsTheLogin() throws {
        let gateway = "/tmp/beback-gateway-\(UInt32.random(in: 0..<UInt32.max))"
        defer { try? FileManager.default.removeItem(atPath: gateway) }
        let desk = try makeDesk(extraConfig: "[text]\ncommand = /bin/sh -c \"cat > \(gateway)\" {tel}")
        defer { desk.team.remove() }
        let commands: [[String]] = [
            ["snooze", desk.lead, "--until", "+2d", "--reason", "waiting for the budget"],
            ["decision", desk.lead, "--deciders", "the finance director"],
            ["feedback", desk.lead, "--likes", "the dashboard"],
            ["objection", desk.lead, "--words", "too expensive", "--category", "price"],
            ["send", desk.lead, "--channel", "text", "--yes"]
        ]
        let journal = desk.journals + "/rep-ann.journal"
        let before = try Data(contentsOf: URL(fileURLWithPath: journal))
        for command in commands {
            let name = command[0]
            let asBen = try desk.run("ben", command)
            #expect(asBen.status == 1, "\(name) as ben: \(asBen.stdout)")
            #expect(asBen.stderr.contains("belongs to ann, not ben"), "\(name) as ben: \(asBen.stderr)")
            let asAnn = try desk.run("ben", command + ["--rep", "ann"])
            #expect(asAnn.status == 1)
            #expect(asAnn.stderr.contains("--rep ann: you are logged in as \(desk.team.account("ben"))"), "\(name) --rep ann: \(asAnn.stderr)")
            let asManager = try desk.run("ben", command + ["--manager"])
            #expect(asManager.status == 1)
            #expect(asManager.stderr.contains("ben is not a manager in desk.conf"), "\(name) --manager: \(asManager.stderr)")
            let asRoot = try desk.team.beback("root", command + ["--data", desk.path, "--rep", "ann"])
            #expect(asRoot.status == 1)
            #expect(asRoot.stderr.contains("root acts as nobody"), "\(name) as root: \(asRoot.stderr)")
        }
        // Nothing of theirs reached ann's journal, no journal of ben's was made, and nothing was sent.
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before)
        #expect(!FileManager.default.fileExists(atPath: desk.journals + "/rep-ben.journal"))
        #expect(!FileManager.default.fileExists(atPath: gateway))
        // The same commands work for ann herself, so the refusals above are about who asked.
        for command in commands {
            let own = try desk.run("ann", command)
            #expect(own.status == 0, "\(command[0]) as ann: \(own.stderr)")
        }
        #expect(FileManager.default.fileExists(atPath: gateway))
        #expect(try desk.team.beback("root", ["verify", "--data", desk.path]).status == 0)
        let show = try desk.run("ann", ["show", desk.lead])
        #expect(show.stdout.contains("the finance director"), "\(show.stdout)")
        #expect(show.stdout.contains("too expensive"), "\(show.stdout)")
    }

    // MARK: item 5: the machine's time

    @Test("5: --at and BEBACK_NOW are refused for writes; the lead keeps its touches")
    func fixedClockRefused() throws {
        let desk = try makeDesk()
        defer { desk.team.remove() }
        let at = try desk.run("ann", ["log", desk.lead, "--outcome", "voicemail", "--at", "3000-01-01 10:00"])
        #expect(at.status == 1)
        #expect(at.stderr == "beback: --at: on a shared-host desk entries carry the machine's time; --at is refused for writes (it works for looking)\n")
        let env = try desk.run("ann", ["log", desk.lead, "--outcome", "voicemail"], environment: ["BEBACK_NOW": "3000-01-01 10:00"])
        #expect(env.status == 1)
        #expect(env.stderr.contains("BEBACK_NOW is refused for writes"), "\(env.stderr)")
        let looking = try desk.run("ann", ["due", "--at", "2999-01-01 10:00"])
        #expect(looking.status == 0, "\(looking.stderr)")
        #expect(looking.stdout.contains("Priya Raman"))
    }

    // MARK: item 6: a lock nobody else can hold

    @Test("6: ben cannot hold ann's lock; a lock held by someone else is waited for, named, and given up")
    func lockHostage() throws {
        let desk = try makeDesk(extraConfig: "[desk]\nlock_wait_seconds = 1")
        defer { desk.team.remove() }
        let lock = desk.journals + "/rep-ann.journal.lock"
        try #require(try desk.run("ann", ["log", desk.lead, "--outcome", "no-answer"]).status == 0)
        #expect(try UnixTeam.system(["/usr/bin/stat", "-c", "%a", lock]).stdout == "600\n")
        let benFlock = try desk.team.command("ben", ["/usr/bin/flock", "-s", lock, "/bin/sleep", "600"], timeout: 5)
        #expect(benFlock.status != 0, "\(benFlock.stderr)")
        #expect(benFlock.stderr.contains("Permission denied"), "\(benFlock.stderr)")
        let log = try desk.run("ann", ["log", desk.lead, "--outcome", "no-answer"], timeout: 20)
        #expect(log.status == 0, "\(log.stderr)")
        // Root (or ann's own stuck process) can hold it: the save waits, says who, and gives up.
        let holder = open(lock, O_RDWR)
        try #require(holder >= 0)
        defer { close(holder) }
        try #require(flock(holder, LOCK_EX) == 0)
        let waited = try desk.run("ann", ["log", desk.lead, "--outcome", "no-answer"], timeout: 20)
        #expect(waited.status == 1)
        #expect(waited.stderr.contains("beback: waiting for root (pid \(getpid())) to finish saving…"), "\(waited.stderr)")
        #expect(waited.stderr.contains("to finish saving…"), "\(waited.stderr)")
        #expect(waited.stderr.contains("rep-ann.journal.lock: root (pid "), "\(waited.stderr)")
        #expect(waited.stderr.contains("held the lock for 1 s; gave up waiting, nothing was saved"), "\(waited.stderr)")
    }
}
