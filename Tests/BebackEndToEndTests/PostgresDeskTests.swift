import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// The real `beback` on a PostgreSQL desk: migration both ways, two desks in two processes, and the
/// database going away under a desk. Needs a build with the Postgres trait and the test server.
@Suite(
    "Desks on PostgreSQL, end to end",
    .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)),
    .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
struct PostgresDeskTests {
    static let at = "2026-11-23 10:42"

    /// A seeded demo desk folder, copied into a new PostgreSQL desk; its folder, URL and ann's due ids.
    func demoOnPostgres(url: String = PostgresTestServer.freshDeskURL("e2e")) throws -> (folder: String, url: String, due: [String]) {
        let folder = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let made = try BebackProcess.run(["demo", "--data", folder, "--leads", "60", "--seed", "11", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        let migrated = try BebackProcess.run(["migrate", "--data", folder, "--to", url])
        try #require(migrated.status == 0, "\(migrated.stderr)")
        let due = try BebackProcess.run(["due", "--store", url, "--rep", "ann", "--format", "tsv", "--at", Self.at])
        try #require(due.status == 0, "\(due.stderr)")
        let ids = due.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: "\t")[2]) }
        return (folder, url, ids)
    }

    func deskCommand(_ url: String, rep: String = "ann") -> String {
        "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' --store '\(url)' --rep \(rep) --at '\(Self.at)'"
    }

    @Test("the demo desk copied into PostgreSQL and back is identical record for record (byte for byte), and reads the same")
    func migrationRoundTrip() throws {
        let (folder, url, _) = try demoOnPostgres()
        let back = Fixtures.temporaryFolder().appendingPathComponent("back").path
        let returned = try BebackProcess.run(["migrate", "--store", url, "--to", back])
        try #require(returned.status == 0, "\(returned.stderr)")
        #expect(returned.stdout.contains("verified record by record"))
        let names = try FileManager.default.contentsOfDirectory(atPath: folder + "/journals").filter { $0.hasSuffix(".journal") }.sorted()
        #expect(try FileManager.default.contentsOfDirectory(atPath: back + "/journals").filter { $0.hasSuffix(".journal") }.sorted() == names)
        #expect(names.count >= 3)
        for name in names {
            let original = FileManager.default.contents(atPath: "\(folder)/journals/\(name)")
            #expect(original != nil && original == FileManager.default.contents(atPath: "\(back)/journals/\(name)"), "\(name) differs")
        }
        let verified = try BebackProcess.run(["verify", "--data", back])
        #expect(verified.status == 0, "\(verified.stdout)\(verified.stderr)")
        // verify on the database checks every record and prints what it prints for the files: same records, same bytes.
        let verifiedFiles = try BebackProcess.run(["verify", "--data", folder])
        let verifiedDatabase = try BebackProcess.run(["verify", "--store", url])
        #expect(verifiedDatabase.status == 0, "\(verifiedDatabase.stderr)")
        #expect(verifiedDatabase.stdout.hasSuffix("verify: ok\n"))
        // The same lines, but for the snapshot's, which only a desk folder has.
        let withoutSnapshot = { (text: String) in text.split(separator: "\n").filter { !$0.hasPrefix("snapshot:") } }
        #expect(withoutSnapshot(verifiedDatabase.stdout) == withoutSnapshot(verifiedFiles.stdout))
        // desk.conf (the team: mia manages) went into the database and came back: a host with only the URL
        // has the manager's role, and the folder made from the database has the same desk.conf.
        #expect(returned.stdout.contains("carried desk.conf"), "\(returned.stdout)")
        #expect(FileManager.default.contents(atPath: back + "/desk.conf") == FileManager.default.contents(atPath: folder + "/desk.conf"))
        let elsewhere = Fixtures.temporaryFolder().appendingPathComponent("nothing-here").path
        let manager = ["--rep", "mia", "--manager", "--all", "--format", "tsv", "--at", Self.at]
        let fromFiles = try BebackProcess.run(["due", "--data", folder] + manager)
        let fromDatabase = try BebackProcess.run(["due", "--data", elsewhere, "--store", url] + manager)
        #expect(fromFiles.status == 0 && !fromFiles.stdout.isEmpty, "\(fromFiles.stderr)")
        #expect(fromDatabase.stdout == fromFiles.stdout, "\(fromDatabase.stderr)")
        // A rep's due reads only that rep's summary rows, and lists what a replay of the files lists.
        for rep in ["ann", "ben"] {
            let due = ["due", "--rep", rep, "--format", "tsv", "--at", Self.at]
            let repFiles = try BebackProcess.run(due + ["--data", folder])
            let repDatabase = try BebackProcess.run(due + ["--store", url])
            #expect(repDatabase.status == 0 && repDatabase.stdout == repFiles.stdout, "\(rep): \(repDatabase.stderr)")
        }
        let rebuilt = try BebackProcess.run(["rebuild", "--store", url])
        #expect(rebuilt.status == 0 && rebuilt.stdout.contains(": 0 rows differed"), "\(rebuilt.stdout)\(rebuilt.stderr)")
        let again = try BebackProcess.run(["migrate", "--data", folder, "--to", url])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already holds entries"))
    }

    @Test("two desks in two processes work one PostgreSQL desk and each sees the other's entries live")
    func twoDesksSeeEachOther() throws {
        let (_, url, due) = try demoOnPostgres()
        try #require(due.count >= 4)
        let first = try Tmux(command: deskCommand(url), width: 120, height: 35)
        let second = try Tmux(command: deskCommand(url), width: 120, height: 35)
        for terminal in [first, second] {
            try terminal.waitFor("the desk on PostgreSQL") { $0.contains("Beback · ann") && $0.contains("Due \(due.count)") }
        }
        try first.send("2")
        try first.waitFor("the voicemail form") { $0.contains("Voicemail ·") }
        try first.send("Enter")
        try first.waitFor("voicemail saved at the first desk") { $0.contains("saved: voicemail") }
        let savedAt = Date()
        try second.waitFor("the first desk's entry at the second desk", seconds: 5) { $0.contains("Due \(due.count - 1)") }
        print(
            "PostgreSQL desks: the first desk's entry showed at the second in \(Int(Date().timeIntervalSince(savedAt) * 1000)) ms (screen polled every 50 ms)")

        try second.send("2")
        try second.waitFor("the voicemail form at the second desk") { $0.contains("Voicemail ·") }
        try second.send("Enter")
        try second.waitFor("voicemail saved at the second desk") { $0.contains("saved: voicemail") }
        try first.waitFor("the second desk's entry at the first desk", seconds: 5) { $0.contains("Due \(due.count - 2)") }

        let logged = try BebackProcess.run(["log", due[3], "--outcome", "no-answer", "--store", url, "--rep", "ann", "--at", Self.at])
        try #require(logged.status == 0, "\(logged.stderr)")
        for terminal in [first, second] {
            try terminal.waitFor("a third process's entry") { $0.contains("Due \(due.count - 3)") }
        }
        for terminal in [first, second] { try terminal.send("q") }
        for terminal in [first, second] { try terminal.waitFor("quit") { $0.contains("[exited 0]") } }
    }

    @Test("the database going away makes the desk read-only with a banner, saves nothing; back again, saving works")
    func databaseGoesAway() throws {
        let proxy = try PostgresTestProxy()
        let desk = "outage-\(UUID().uuidString.prefix(8).lowercased())"
        let direct = "\(PostgresTestServer.url ?? "")?desk=\(desk)"
        let (_, _, due) = try demoOnPostgres(url: direct)
        let terminal = try Tmux(command: deskCommand(proxy.url(desk: desk)), width: 140, height: 35)
        try terminal.waitFor("the desk through the proxy") { $0.contains("Due \(due.count)") }
        proxy.cut()
        try terminal.waitFor("the read-only banner", seconds: 30) { $0.contains("READ-ONLY: PostgreSQL at 127.0.0.1:\(proxy.port) is unreachable") }
        try terminal.send("2")
        try terminal.waitFor("the refusal") { $0.contains("read-only:") }
        let stillThere = try BebackProcess.run(["due", "--store", direct, "--rep", "ann", "--format", "tsv", "--at", Self.at])
        #expect(stillThere.stdout.split(separator: "\n").count - 1 == due.count)
        try proxy.restore()
        try terminal.waitFor("the banner gone", seconds: 20) { !$0.contains("READ-ONLY") && $0.contains("Due \(due.count)") }
        try terminal.send("Escape")
        try terminal.send("2")
        try terminal.waitFor("the voicemail form") { $0.contains("Voicemail ·") }
        try terminal.send("Enter")
        try terminal.waitFor("saved after the retry") { $0.contains("saved: voicemail") && $0.contains("Due \(due.count - 1)") }
        let after = try BebackProcess.run(["due", "--store", direct, "--rep", "ann", "--format", "tsv", "--at", Self.at])
        #expect(after.stdout.split(separator: "\n").count - 1 == due.count - 1)
        try terminal.send("q")
    }

    @Test("the database going away puts the same read-only banner on the manager's board; back again, it goes")
    func databaseGoesAwayUnderTheManager() throws {
        let proxy = try PostgresTestProxy()
        let desk = "outage-mgr-\(UUID().uuidString.prefix(8).lowercased())"
        let direct = "\(PostgresTestServer.url ?? "")?desk=\(desk)"
        _ = try demoOnPostgres(url: direct)
        let terminal = try Tmux(command: deskCommand(proxy.url(desk: desk), rep: "mia") + " --manager", width: 140, height: 35)
        try terminal.waitFor("the manager's board through the proxy") { $0.contains("Beback · mia") && $0.contains("ann") }
        proxy.cut()
        try terminal.waitFor("the read-only banner", seconds: 30) { $0.contains("READ-ONLY: PostgreSQL at 127.0.0.1:\(proxy.port) is unreachable") }
        try proxy.restore()
        try terminal.waitFor("the banner gone", seconds: 20) { !$0.contains("READ-ONLY") && $0.contains("Beback · mia") }
        try terminal.send("q")
    }

    @Test("init, import, export and audit work unchanged on a PostgreSQL desk; a lead imported for another rep is the importer's entry")
    func importExportAudit() throws {
        let url = PostgresTestServer.freshDeskURL("import")
        let made = try BebackProcess.run(["init", "--store", url])
        try #require(made.status == 0, "\(made.stderr)")
        #expect(made.stdout.contains("created an empty desk at"))
        let folder = Fixtures.temporaryFolder()
        let own = folder.appendingPathComponent("own.csv")
        try Data("Name,Phone,Owner\nPriya Raman,+44 20 7946 0003,ann\nOwen Hale,+44 7700 900456,ann\n".utf8).write(to: own)
        let imported = try BebackProcess.run(["import", own.path, "--store", url, "--rep", "ann", "--at", Self.at])
        try #require(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("imported 2 new leads"))
        let exported = try BebackProcess.run(["export", "--store", url, "--rep", "ann", "--format", "csv", "--at", Self.at])
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout.contains("Priya Raman") && exported.stdout.contains("Owen Hale"))
        let audit = try BebackProcess.run(["audit", "--store", url, "--rep", "ann", "--at", Self.at])
        #expect(audit.status == 0, "\(audit.stderr)")

        let foreign = folder.appendingPathComponent("foreign.csv")
        try Data("Name,Phone,Owner\nBen's Lead,+44 7700 900999,ben\n".utf8).write(to: foreign)
        let forBen = try BebackProcess.run(["import", foreign.path, "--store", url, "--rep", "ann", "--at", Self.at])
        #expect(forBen.status == 0, "\(forBen.stderr)")
        #expect(forBen.stdout.contains("(rep-ann.journal 2)"), "\(forBen.stdout)")
        let after = try BebackProcess.run(["export", "--store", url, "--rep", "ben", "--format", "csv", "--at", Self.at])
        #expect(after.status == 0 && after.stdout.contains("Ben's Lead"), "\(after.stdout)")
    }

    @Test("a folder desk with an entry in another rep's journal is refused by migrate up front: nothing is copied")
    func migrateRefusesForeignEntries() throws {
        let desk = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        try #require(try BebackProcess.run(["init", "--data", desk]).status == 0)
        // An entry by ann in ben's journal (no command writes one; an older beback's import did).
        var harness = DeskHarness(rep: "ann")
        let captured = try harness.actions.capture(
            Fixtures.profile(name: "Ben's Lead", owner: "ben"), wants: "", holdingBack: "",
            state: harness.state, at: Fixtures.at("2026-11-20 10:00"), ids: &harness.ids)
        _ = try FileEventStore(folder: DeskFolder(path: desk)).append(captured, to: .rep("ben"))
        let url = PostgresTestServer.freshDeskURL("foreign")
        let migrated = try BebackProcess.run(["migrate", "--data", desk, "--to", url])
        #expect(migrated.status != 0)
        #expect(migrated.stderr.contains("rep-ben.journal: entry"))
        #expect(migrated.stderr.contains("is by ann"))
        let opened = try BebackProcess.run(["due", "--store", url, "--rep", "ann", "--at", Self.at])
        #expect(opened.status != 0 && opened.stderr.contains("no desk here"))
    }

    @Test("desk.conf's [store] url and $BEBACK_STORE open the PostgreSQL desk; the folder keeps the team")
    func storeFromConfigAndEnvironment() throws {
        let (folder, url, due) = try demoOnPostgres()
        // The folder's journals go away: only the database can answer now.
        try FileManager.default.removeItem(atPath: folder + "/journals")
        try FileManager.default.createDirectory(atPath: folder + "/journals", withIntermediateDirectories: false)
        let conf = folder + "/desk.conf"
        let text = try String(contentsOfFile: conf, encoding: .utf8)
        try (text + "\n[store]\nurl = \(url)\n").write(toFile: conf, atomically: true, encoding: .utf8)
        let viaConfig = try BebackProcess.run(["due", "--data", folder, "--rep", "ann", "--format", "tsv", "--at", Self.at])
        #expect(viaConfig.status == 0, "\(viaConfig.stderr)")
        #expect(viaConfig.stdout.split(separator: "\n").count - 1 == due.count)
        let report = try BebackProcess.run(["report", "--data", folder, "--rep", "mia", "--manager", "--at", Self.at])
        #expect(report.status == 0, "\(report.stderr)")
        let empty = Fixtures.temporaryFolder().path
        let viaEnvironment = try BebackProcess.run(
            ["due", "--data", empty, "--rep", "ann", "--format", "tsv", "--at", Self.at],
            environment: ["BEBACK_STORE": url])
        #expect(viaEnvironment.stdout == viaConfig.stdout, "\(viaEnvironment.stderr)")
    }
}
