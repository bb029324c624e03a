import BebackTestSupport
import Foundation
import Testing

/// The real `beback` on a PostgreSQL desk whose reps are bound to database roles (`beback grant`):
/// the connected database user decides who `--rep` and `--manager` may be.
@Suite(
    "Desks on PostgreSQL with one role per person",
    .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresRolesDeskTests {
    static let at = "2026-11-23 10:42"

    /// `url` with another database user.
    func url(_ url: String, as user: String) -> String {
        url.replacingOccurrences(of: "://\(URLComponents(string: url)?.user ?? "")@", with: "://\(user)@")
    }

    @Test("--rep and --manager must be the connected role's; a rep's save and the manager's assignment work")
    func rolesDecideWhoIsAtTheKeyboard() throws {
        let folder = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let owner = PostgresTestServer.freshDeskURL("grant")
        let made = try BebackProcess.run(["demo", "--data", folder, "--leads", "40", "--seed", "5", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        let migrated = try BebackProcess.run(["migrate", "--data", folder, "--to", owner])
        try #require(migrated.status == 0, "\(migrated.stderr)")
        let suffix = String(owner.split(separator: "=").last ?? "").replacingOccurrences(of: "-", with: "_")
        let (ann, ben, mia) = ("ann_\(suffix)", "ben_\(suffix)", "mia_\(suffix)")
        for role in [ann, ben, mia] { try #require(try PostgresTestServer.psql("CREATE ROLE \(role) LOGIN").status == 0) }
        for (role, target) in [(ann, ["--rep", "ann"]), (ben, ["--rep", "ben"]), (mia, ["--rep", "mia"]), (mia, ["--manager"])] {
            let granted = try BebackProcess.run(["grant", role, "--store", owner] + target)
            try #require(granted.status == 0, "\(granted.stderr)")
            #expect(granted.stdout.contains("to database role \(role)"))
        }
        func run(_ arguments: [String], as role: String, rep: String) throws -> BebackProcess.Result {
            try BebackProcess.run(arguments + ["--data", folder, "--store", url(owner, as: role), "--rep", rep, "--at", Self.at])
        }
        let due = try run(["due", "--format", "tsv"], as: ann, rep: "ann")
        try #require(due.status == 0, "\(due.stderr)")
        let lead = try #require(due.stdout.split(separator: "\n").dropFirst().first.map { String($0.split(separator: "\t")[2]) })

        let impostor = try run(["due"], as: ann, rep: "ben")
        #expect(impostor.status == 1)
        #expect(
            impostor.stderr
                == "beback: --rep ben: database user \(ann) may not act as ben on desk \(suffix.replacingOccurrences(of: "_", with: "-")) (its role is \(ben))\n"
        )
        let notManager = try run(["assign", lead, "--to", "ben", "--manager"], as: ann, rep: "ann")
        #expect(notManager.status == 1)
        #expect(notManager.stderr.hasPrefix("beback: --manager: database user \(ann) is not a manager of desk"), "\(notManager.stderr)")
        #expect(notManager.stderr.split(separator: "\n").count == 1)
        let rebinding = try BebackProcess.run(["grant", ann, "--manager", "--store", url(owner, as: ann)])
        #expect(rebinding.status == 1 && rebinding.stderr.contains("permission denied"), "\(rebinding.stderr)")

        let saved = try run(["log", lead, "--outcome", "no-answer"], as: ann, rep: "ann")
        #expect(saved.status == 0, "\(saved.stderr)")
        let assigned = try run(["assign", lead, "--to", "ben", "--manager"], as: mia, rep: "mia")
        #expect(assigned.status == 0, "\(assigned.stderr)")
        let shown = try run(["show", lead], as: ben, rep: "ben")
        #expect(shown.status == 0, "\(shown.stderr)")
        let verified = try BebackProcess.run(["verify", "--store", url(owner, as: ben)])
        #expect(verified.status == 0 && verified.stdout.hasSuffix("verify: ok\n"), "\(verified.stdout)\(verified.stderr)")
    }
}
