import BebackTestSupport
import Foundation
import Testing

/// "A rep cannot touch another rep's leads by any route", the import route: a rep imports only into
/// their own calendar or the pool; a manager imports for anyone on the team.
@Suite("Import respects ownership, end to end")
struct ImportOwnershipTests {
    static let at = "2026-11-23 10:42"

    func demoDesk() throws -> String {
        let path = Fixtures.temporaryFolder("import-owner").appendingPathComponent("desk").path
        let made = try BebackProcess.run(["demo", "--data", path, "--leads", "30", "--seed", "11", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        return path
    }

    func journalSize(_ path: String, _ rep: String) -> Int {
        let file = URL(fileURLWithPath: path).appendingPathComponent("journals/rep-\(rep).journal").path
        return (try? FileManager.default.attributesOfItem(atPath: file)[.size] as? Int) ?? 0
    }

    func csv(_ rows: [String]) throws -> String {
        let file = Fixtures.temporaryFolder("import-owner-csv").appendingPathComponent("leads.csv")
        try (["Name,Phone,Owner"] + rows).joined(separator: "\r\n").appending("\r\n").write(to: file, atomically: true, encoding: .utf8)
        return file.path
    }

    @Test("a rep's import keeps their own and the pool's rows and rejects another rep's, naming the line and why; ben's journal is untouched")
    func repImport() throws {
        let path = try demoDesk()
        let file = try csv(["Ada Own,+44 20 7000 0001,ann", "Bo Blank,+44 20 7000 0002,", "Cy Pool,+44 20 7000 0003,pool", "Di Bens,+44 20 7000 0004,ben"])
        let benBefore = journalSize(path, "ben")
        let result = try BebackProcess.run(["import", file, "--data", path, "--rep", "ann", "--at", Self.at])
        #expect(result.status == 0, "\(result.stderr)")
        #expect(journalSize(path, "ben") == benBefore)
        let rejects = try String(contentsOfFile: file.replacingOccurrences(of: ".csv", with: ".rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("5") && rejects.contains("owner 'ben': a rep imports only into their own calendar (ann) or the pool"), "\(rejects)")
        #expect(!rejects.contains("Ada Own") && !rejects.contains("Cy Pool"))
        let due = try BebackProcess.run(["due", "--data", path, "--rep", "ann", "--format", "tsv", "--at", "2026-11-25 10:00"]).stdout
        #expect(due.contains("Ada Own") && due.contains("Bo Blank"))
        let pool = try BebackProcess.run(["due", "--all", "--manager", "--data", path, "--rep", "mia", "--format", "tsv", "--at", "2026-11-25 10:00"]).stdout
        #expect(pool.contains("Cy Pool") && !pool.contains("Di Bens"))
    }

    @Test("a rep's merge into another rep's lead is rejected; a manager imports for anyone on the team, a stranger's lead to the pool")
    func mergeAndManager() throws {
        let path = try demoDesk()
        let ben = try BebackProcess.run(["due", "--data", path, "--rep", "ben", "--format", "tsv", "--at", Self.at]).stdout
        let bensLead = try #require(ben.split(separator: "\n").dropFirst().first?.split(separator: "\t")[2])
        let shown = try BebackProcess.run(["show", String(bensLead), "--data", path, "--rep", "ben", "--format", "json", "--at", Self.at]).stdout
        let phone = try #require(((try JSONSerialization.jsonObject(with: Data(shown.utf8)) as? [String: Any])?["phones"] as? [String])?.first)

        let merge = try csv(["Someone Else,\(phone),ann"])
        let benBefore = journalSize(path, "ben")
        let refused = try BebackProcess.run(["import", merge, "--duplicates", "merge", "--data", path, "--rep", "ann", "--at", Self.at])
        #expect(refused.status == 0, "\(refused.stderr)")
        #expect(journalSize(path, "ben") == benBefore)
        let rejects = try String(contentsOfFile: merge.replacingOccurrences(of: ".csv", with: ".rejects.csv"), encoding: .utf8)
        #expect(rejects.contains("duplicate of lead \(bensLead), which belongs to ben"), "\(rejects)")

        let forBen = try csv(["Di Bens,+44 20 7000 0004,ben", "Zed Stranger,+44 20 7000 0005,zed"])
        let managed = try BebackProcess.run(["import", forBen, "--data", path, "--rep", "mia", "--manager", "--at", Self.at])
        #expect(managed.status == 0, "\(managed.stderr)")
        // The manager's import is the manager's own entries: ben's journal stays ben's alone, the lead is his.
        #expect(journalSize(path, "ben") == benBefore)
        #expect(journalSize(path, "mia") > 0)
        let bens = try BebackProcess.run(["export", "--data", path, "--rep", "ben", "--format", "csv", "--at", Self.at])
        #expect(bens.status == 0 && bens.stdout.contains("Di Bens"), "\(bens.stdout)\(bens.stderr)")
        let managerRejects = try String(contentsOfFile: forBen.replacingOccurrences(of: ".csv", with: ".rejects.csv"), encoding: .utf8)
        #expect(managerRejects.contains("owner 'zed' is not a rep on this desk: given to pool") && !managerRejects.contains("Di Bens"), "\(managerRejects)")
        #expect(managed.stdout.contains("owner not a rep (given to the fallback): 1"), "\(managed.stdout)")
        let pool = try BebackProcess.run(["due", "--all", "--manager", "--data", path, "--rep", "mia", "--format", "tsv", "--at", "2026-12-30 10:00"]).stdout
        #expect(pool.contains("Zed Stranger\t\tpool"), "\(pool)")
    }
}
