import BebackTestSupport
import Foundation
import Testing

/// desk.conf, scripts and templates of a PostgreSQL desk through the real `beback`: carried by
/// `migrate` both ways, used by a host that has only the URL, and changed with `desk-files` by a
/// manager only, each change a version, a file with problems refused.
@Suite(
    "Desk files of a PostgreSQL desk, end to end",
    .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresDeskFilesCommandTests {
    static let at = "2026-11-23 10:42"

    /// A desk folder's own follow-up email, recognisable in what `templates show` prints.
    static let ownTemplate = "Subject: A note from our desk, {first_name}\n\nHi {first_name}, this is the desk's own template.\n{rep}\n"

    @Test("a desk's own template goes into PostgreSQL with migrate, a host with only the URL uses it, and it comes back")
    func templatesTravelWithTheDesk() throws {
        let folder = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let url = PostgresTestServer.freshDeskURL("files-e2e")
        let made = try BebackProcess.run(["demo", "--data", folder, "--leads", "20", "--seed", "3", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        try FileManager.default.createDirectory(atPath: folder + "/templates", withIntermediateDirectories: true)
        try Self.ownTemplate.write(toFile: folder + "/templates/follow-up.email", atomically: true, encoding: .utf8)
        // A desk that sends email names its mail command (templates show drafts what send would hand it).
        let conf = try String(contentsOfFile: folder + "/desk.conf", encoding: .utf8)
        try (conf + "\n[mail]\ncommand = sendmail -t -i\nfrom = desk@example.com\n").write(toFile: folder + "/desk.conf", atomically: true, encoding: .utf8)
        let migrated = try BebackProcess.run(["migrate", "--data", folder, "--to", url])
        try #require(migrated.status == 0, "\(migrated.stderr)")
        #expect(migrated.stdout.contains("templates/follow-up.email"), "\(migrated.stdout)")

        // Another host: an empty folder and the URL.
        let elsewhere = Fixtures.temporaryFolder().appendingPathComponent("elsewhere").path
        try FileManager.default.createDirectory(atPath: elsewhere, withIntermediateDirectories: true)
        let due = try BebackProcess.run(["due", "--data", elsewhere, "--store", url, "--rep", "ann", "--format", "tsv", "--at", Self.at])
        try #require(due.status == 0, "\(due.stderr)")
        let lead = try #require(due.stdout.split(separator: "\n").dropFirst().first.map { String($0.split(separator: "\t")[2]) })
        let shown = try BebackProcess.run(
            ["templates", "show", lead, "--channel", "email", "--template", "follow-up", "--data", elsewhere, "--store", url, "--rep", "ann", "--at", Self.at])
        try #require(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.contains("this is the desk's own template"), "\(shown.stdout)")

        let back = Fixtures.temporaryFolder().appendingPathComponent("back").path
        let returned = try BebackProcess.run(["migrate", "--store", url, "--to", back])
        try #require(returned.status == 0, "\(returned.stderr)")
        #expect(FileManager.default.contents(atPath: back + "/templates/follow-up.email") == Data(Self.ownTemplate.utf8))
        #expect(FileManager.default.contents(atPath: back + "/desk.conf") == FileManager.default.contents(atPath: folder + "/desk.conf"))
    }

    @Test("desk-files save needs --manager and a sound file; each save is a version; list, show and history read them")
    func savingIsAManagersVersionedAct() throws {
        let folder = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let url = PostgresTestServer.freshDeskURL("files-save")
        let made = try BebackProcess.run(["demo", "--data", folder, "--leads", "10", "--seed", "4", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        try #require(try BebackProcess.run(["migrate", "--data", folder, "--to", url]).status == 0)
        let work = Fixtures.temporaryFolder().path
        let good = work + "/good.email", bad = work + "/bad.email"
        try Self.ownTemplate.write(toFile: good, atomically: true, encoding: .utf8)
        try "Subject: Hello {no_such_fact}\n\nHi {first_name}\n".write(toFile: bad, atomically: true, encoding: .utf8)

        let noManager = try BebackProcess.run(["desk-files", "save", "templates/follow-up.email", good, "--store", url])
        #expect(noManager.status == 1)
        #expect(noManager.stderr.contains("only a manager changes desk files"), "\(noManager.stderr)")

        let refused = try BebackProcess.run(["desk-files", "save", "templates/follow-up.email", bad, "--store", url, "--manager"])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("no_such_fact"), "\(refused.stderr)")
        #expect(refused.stderr.contains("not saved"), "\(refused.stderr)")

        let badName = try BebackProcess.run(["desk-files", "save", "../../etc/passwd", good, "--store", url, "--manager"])
        #expect(badName.status == 1)
        #expect(badName.stderr.contains("is not a file a desk keeps"), "\(badName.stderr)")

        let history0 = try BebackProcess.run(["desk-files", "history", "templates/follow-up.email", "--store", url])
        #expect(history0.status == 1, "nothing was saved: \(history0.stdout)")

        let saved = try BebackProcess.run(["desk-files", "save", "templates/follow-up.email", good, "--store", url, "--manager"])
        try #require(saved.status == 0, "\(saved.stderr)")
        #expect(saved.stdout.contains("as version 1"), "\(saved.stdout)")
        let again = try BebackProcess.run(["desk-files", "save", "templates/follow-up.email", good, "--store", url, "--manager"])
        #expect(again.stdout.contains("unchanged"), "\(again.stdout)")

        let listed = try BebackProcess.run(["desk-files", "list", "--store", url])
        try #require(listed.status == 0, "\(listed.stderr)")
        #expect(listed.stdout.contains("templates/follow-up.email"))
        #expect(listed.stdout.contains("desk.conf"))
        let shown = try BebackProcess.run(["desk-files", "show", "templates/follow-up.email", "--store", url])
        #expect(shown.stdout == Self.ownTemplate, "\(shown.stdout)")

        let removed = try BebackProcess.run(["desk-files", "remove", "templates/follow-up.email", "--store", url, "--manager"])
        try #require(removed.status == 0, "\(removed.stderr)")
        let history = try BebackProcess.run(["desk-files", "history", "templates/follow-up.email", "--store", url])
        let states = history.stdout.split(separator: "\n").map { $0.split(separator: "\t").last.map(String.init) ?? "" }
        #expect(states == ["saved", "removed"], "\(history.stdout)")

        let folderDesk = try BebackProcess.run(["desk-files", "list", "--data", Fixtures.temporaryFolder().path])
        #expect(folderDesk.status == 1)
        #expect(folderDesk.stderr.contains("a desk folder keeps desk.conf"), "\(folderDesk.stderr)")
    }

    @Test("on a desk that binds roles, a rep's database role cannot save desk files even with --manager; the managers' role can")
    func aRepRoleCannotSave() throws {
        let folder = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let owner = PostgresTestServer.freshDeskURL("files-roles-e2e")
        let made = try BebackProcess.run(["demo", "--data", folder, "--leads", "10", "--seed", "6", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        try #require(try BebackProcess.run(["migrate", "--data", folder, "--to", owner]).status == 0)
        let suffix = String(owner.split(separator: "=").last ?? "").replacingOccurrences(of: "-", with: "_")
        let (ann, mia) = ("ann_\(suffix)", "mia_\(suffix)")
        for role in [ann, mia] { try #require(try PostgresTestServer.psql("CREATE ROLE \(role) LOGIN").status == 0) }
        for (role, target) in [(ann, ["--rep", "ann"]), (mia, ["--manager"])] {
            try #require(try BebackProcess.run(["grant", role, "--store", owner] + target).status == 0)
        }
        func url(as user: String) -> String {
            owner.replacingOccurrences(of: "://\(URLComponents(string: owner)?.user ?? "")@", with: "://\(user)@")
        }
        let conf = Fixtures.temporaryFolder().path + "/desk.conf"
        try "[reps]\nann = rep\nben = rep\nchen = rep\nmia = manager\n".write(toFile: conf, atomically: true, encoding: .utf8)
        let before = try BebackProcess.run(["desk-files", "history", "desk.conf", "--store", owner]).stdout

        let asAnn = try BebackProcess.run(["desk-files", "save", "desk.conf", conf, "--store", url(as: ann), "--manager"])
        #expect(asAnn.status == 1)
        #expect(asAnn.stderr.contains("is not a manager of desk"), "\(asAnn.stderr)")
        #expect(try BebackProcess.run(["desk-files", "history", "desk.conf", "--store", owner]).stdout == before)

        let asMia = try BebackProcess.run(["desk-files", "save", "desk.conf", conf, "--store", url(as: mia), "--manager"])
        try #require(asMia.status == 0, "\(asMia.stderr)")
        let after = try BebackProcess.run(["desk-files", "history", "desk.conf", "--store", owner]).stdout
        #expect(after.split(separator: "\n").last?.contains(mia) == true, "\(after)")
    }
}
