import BebackTestSupport
import Foundation
import Testing

/// The team commands driven as a manager, a rep and cron would: ownership refusals, desk.conf
/// errors, reclaim, assignment, audit and report.
@Suite("The team on the command line, end to end")
struct TeamCommandLineTests {
    static let at = "2026-11-23 10:42"

    /// A demo desk (reps ann, ben, chen; manager mia) and one of ben's due leads.
    func demoDesk() throws -> (path: String, bensLead: String) {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let made = try BebackProcess.run(["demo", "--data", path, "--leads", "60", "--seed", "11", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        let due = try run(path, ["due", "--format", "tsv"], rep: "ben")
        let lead = try #require(due.stdout.split(separator: "\n").dropFirst().first?.split(separator: "\t")[2])
        return (path, String(lead))
    }

    @discardableResult
    func run(_ path: String, _ arguments: [String], rep: String, at: String = at) throws -> BebackProcess.Result {
        try BebackProcess.run(arguments + ["--data", path, "--rep", rep, "--at", at])
    }

    @Test("a rep cannot see or touch another rep's lead by any command")
    func ownership() throws {
        let (path, lead) = try demoDesk()
        let log = try run(path, ["log", lead, "--outcome", "voicemail"], rep: "ann")
        #expect(log.status == 1)
        #expect(log.stderr.contains("belongs to ben, not ann: only its owner records touches on it"), "\(log.stderr)")
        let show = try run(path, ["show", lead], rep: "ann")
        #expect(show.status == 1)
        #expect(show.stderr == "beback: lead \(lead) belongs to ben, not ann: a rep sees and changes only their own leads and the pool\n")
        for arguments in [["due", "--all"], ["export", "--all"], ["reclaim"], ["assign", "--pool", "--round-robin"], ["audit", "--for", "ben"]] {
            let refused = try run(path, arguments, rep: "ann")
            #expect(refused.status == 1, "\(arguments)")
            #expect(refused.stderr.contains("is for a manager: open the desk with --manager"), "\(arguments): \(refused.stderr)")
        }
        #expect(try run(path, ["show", lead], rep: "ben").status == 0)
        #expect(try run(path, ["show", lead, "--manager"], rep: "mia").status == 0)
        #expect(try run(path, ["due", "--all", "--manager"], rep: "mia").status == 0)
    }

    @Test("--manager is refused to a rep; strangers and the pool's name are refused")
    func roles() throws {
        let (path, _) = try demoDesk()
        let notManager = try run(path, ["due", "--manager"], rep: "ann")
        #expect(notManager.stderr == "beback: --manager: ann is not a manager in desk.conf (managers: mia)\n")
        let stranger = try run(path, ["due"], rep: "zed")
        #expect(stranger.stderr == "beback: zed is not listed in desk.conf [reps] (listed: ann, ben, chen, mia)\n")
        let pool = try run(path, ["due"], rep: "pool")
        #expect(pool.stderr.contains("'pool' is the shared pool's name, not a rep"))
    }

    @Test("a manager lifts a do-not-contact number with a reason; a rep is refused in one line; add accepts the number again")
    func liftDoNotContact() throws {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        try #require(try BebackProcess.run(["init", "--data", path]).status == 0)
        try "[reps]\nann = rep\nmia = manager\n".write(toFile: path + "/desk.conf", atomically: true, encoding: .utf8)
        let old = try run(
            path, ["add", "--name", "Old Tenant", "--phone", "+44 20 7946 0003", "--email", "tenant@example.com", "--tz", "Europe/London"], rep: "ann")
        let lead = String(try #require(old.stdout.firstMatch(of: /saved lead ([a-z0-9]+)/)).1)
        #expect(try run(path, ["log", lead, "--outcome", "do-not-contact"], rep: "ann").status == 0)
        let refusedAdd = try run(path, ["add", "--name", "New Owner", "--phone", "020 7946 0003", "--tz", "Europe/London"], rep: "ann")
        #expect(refusedAdd.stderr == "beback: 020 7946 0003 is on the do-not-contact list (lead \(lead), Old Tenant): not added\n")
        let listed = try run(path, ["dnc", "list"], rep: "ann")
        #expect(listed.stdout == "…079460003\tlead \(lead)\tOld Tenant\ntenant@example.com\tlead \(lead)\tOld Tenant\n2 entries\n", "\(listed.stdout)")
        let byRep = try run(path, ["dnc", "lift", "020 7946 0003", "--reason", "new owner"], rep: "ann")
        #expect(byRep.status == 1)
        #expect(byRep.stderr.split(separator: "\n").count == 1)
        #expect(byRep.stderr.contains("lifting a do-not-contact entry is for a manager"), "\(byRep.stderr)")
        let noReason = try run(path, ["dnc", "lift", "020 7946 0003", "--reason", " ", "--manager"], rep: "mia")
        #expect(noReason.stderr == "beback: lifting a do-not-contact entry needs a reason (--reason)\n")
        let lifted = try run(path, ["dnc", "lift", "020 7946 0003", "--reason", "number reassigned to a new customer", "--manager"], rep: "mia")
        #expect(lifted.status == 0, "\(lifted.stderr)")
        #expect(lifted.stdout == "lifted 020 7946 0003 from the do-not-contact list (lead \(lead)): it can be added again\n")
        let journal = try String(contentsOfFile: path + "/journals/desk.journal", encoding: .utf8)
        #expect(journal.contains(#""body":{"entry":"020 7946 0003","reason":"number reassigned to a new customer"},"by":"mia""#), "\(journal)")
        #expect(journal.contains(#""kind":"dnc-lifted","lead":"\#(lead)""#))
        #expect(try run(path, ["dnc", "list"], rep: "ann").stdout == "tenant@example.com\tlead \(lead)\tOld Tenant\n1 entry\n")
        let again = try run(path, ["dnc", "lift", "+44 20 7946 0003", "--reason", "twice", "--manager"], rep: "mia")
        #expect(again.stderr == "beback: +44 20 7946 0003 is not on the do-not-contact list: nothing to lift\n")
        let added = try run(path, ["add", "--name", "New Owner", "--phone", "020 7946 0003", "--tz", "Europe/London"], rep: "ann")
        #expect(added.status == 0, "\(added.stderr)")
        #expect(try run(path, ["add", "--name", "Still Not", "--email", "TENANT@example.com", "--tz", "Europe/London"], rep: "ann").status == 1)
        #expect(try run(path, ["show", lead, "--format", "json"], rep: "ann").stdout.contains(#""stage" : "do-not-contact""#))
        #expect(try BebackProcess.run(["verify", "--data", path]).status == 0)
    }

    @Test("a lead with a bad number and no other way to reach them is listed for the manager in beback report, who and since when")
    func findWorkingNumberInReport() throws {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        try #require(try BebackProcess.run(["init", "--data", path]).status == 0)
        try "[reps]\nann = rep\nmia = manager\n".write(toFile: path + "/desk.conf", atomically: true, encoding: .utf8)
        let added = try run(path, ["add", "--name", "Nora Line", "--phone", "+44 20 7946 0411", "--tz", "Europe/London"], rep: "ann", at: "2026-11-26 10:00")
        let lead = String(try #require(added.stdout.firstMatch(of: /saved lead ([a-z0-9]+)/)).1)
        let before = try run(path, ["report", "--manager"], rep: "mia", at: "2026-11-27 16:00")
        #expect(
            before.stdout.contains("Find a working number (no other way to reach them)\n  none: every open lead has a number or an address to try\n"),
            "\(before.stdout)")
        #expect(try run(path, ["log", lead, "--outcome", "bad-number"], rep: "ann", at: "2026-11-27 15:00").status == 0)
        let report = try run(path, ["report", "--manager"], rep: "mia", at: "2026-11-27 16:00")
        #expect(
            report.stdout.contains(
                "Find a working number (no other way to reach them)\n  ann: Nora Line (\(lead)) · since Fri 27 Nov 15:00 · due Mon 30 Nov 15:00\n"),
            "\(report.stdout)")
        let json = try #require(
            try JSONSerialization.jsonObject(
                with: Data(
                    try run(
                        path, ["report", "--format", "json", "--manager"], rep: "mia",
                        at: "2026-11-27 16:00"
                    ).stdout.utf8)) as? [String: Any])
        let hunts = try #require(json["findWorkingNumber"] as? [[String: Any]])
        #expect(hunts.map { $0["lead"] as? String } == [lead])
        #expect(hunts.first?["owner"] as? String == "ann")
        #expect(hunts.first?["since"] as? String == "2026-11-27T15:00:00Z")
    }

    @Test("a malformed desk.conf is reported with its path and line")
    func malformedConfig() throws {
        let (path, _) = try demoDesk()
        try "[reps]\nann = rep\nben: rep\n".write(toFile: path + "/desk.conf", atomically: true, encoding: .utf8)
        let result = try run(path, ["due"], rep: "ann")
        #expect(result.status == 1)
        #expect(result.stderr == "beback: \(path)/desk.conf:3: expected 'key = value', got 'ben: rep'\n")
    }

    @Test("a pool import and its dealing in the same second: every lead dealt moves to its rep (replay follows the order of writing)")
    func dealingInTheSameSecond() throws {
        let (path, _) = try demoDesk()
        let file = Fixtures.temporaryFolder("pool-csv").appendingPathComponent("pool.csv")
        let rows = [
            "Name,Phone,Owner", "Pia Pool,+44 20 7000 0101,pool", "Quinn Pool,+44 20 7000 0102,pool",
            "Ray Pool,+44 20 7000 0103,pool", "Sol Pool,+44 20 7000 0104,pool"
        ]
        try rows.joined(separator: "\r\n").appending("\r\n").write(to: file, atomically: true, encoding: .utf8)
        // The capture goes to mia's journal, the dealing to desk.journal: the same second, and
        // "desk.journal" sorts before "rep-mia.journal" by name.
        let imported = try run(path, ["import", file.path, "--manager"], rep: "mia")
        #expect(imported.status == 0, "\(imported.stderr)")
        let dealt = try run(path, ["assign", "--pool", "--round-robin", "--manager"], rep: "mia")
        #expect(dealt.status == 0, "\(dealt.stderr)")
        var given: [String: String] = [:]
        for line in dealt.stdout.split(separator: "\n") where line.hasPrefix("assigned ") {
            let words = line.split(separator: " ")
            given[String(words[1])] = words.last.map(String.init)
        }
        #expect(given.count >= 4, "\(dealt.stdout)")
        for (lead, rep) in given {
            let shown = try #require(
                try JSONSerialization.jsonObject(with: Data(try run(path, ["show", lead, "--format", "json", "--manager"], rep: "mia").stdout.utf8))
                    as? [String: Any])
            #expect(shown["owner"] as? String == rep, "lead \(lead) was dealt to \(rep) but stays with \(shown["owner"] ?? "nobody")")
        }
        let verify = try BebackProcess.run(["verify", "--data", path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
    }

    @Test("reclaim steps are written once; the pool is dealt round-robin skipping absent reps; history stays")
    func reclaimAndAssign() throws {
        let (path, _) = try demoDesk()
        let later = "2026-12-10 10:00"
        let first = try run(path, ["reclaim", "--manager"], rep: "mia", at: later)
        #expect(first.status == 0, "\(first.stderr)")
        let reclaimed = first.stdout.split(separator: "\n").filter { $0.hasPrefix("reclaimed ") }
        #expect(!reclaimed.isEmpty, "\(first.stdout)")
        #expect(first.stdout.contains("(written to desk.journal)"))
        let again = try run(path, ["reclaim", "--manager"], rep: "mia", at: later)
        #expect(again.stdout == "reclaim: nothing to do\n")

        let leadID = String(reclaimed[0].split(separator: " ")[1])
        let before = try #require(
            try JSONSerialization.jsonObject(with: Data(try run(path, ["show", leadID, "--format", "json", "--manager"], rep: "mia", at: later).stdout.utf8))
                as? [String: Any])
        #expect(before["owner"] as? String == "pool")
        #expect(try run(path, ["show", leadID], rep: "ann", at: later).status == 0, "a rep sees the pool")

        let config = try String(contentsOfFile: path + "/desk.conf", encoding: .utf8).replacingOccurrences(of: "ben = rep", with: "ben = rep absent")
        try config.write(toFile: path + "/desk.conf", atomically: true, encoding: .utf8)
        let dealt = try run(path, ["assign", "--pool", "--round-robin", "--manager"], rep: "mia", at: later)
        #expect(dealt.status == 0, "\(dealt.stderr)")
        var given: [String: String] = [:]
        for line in dealt.stdout.split(separator: "\n") where line.hasPrefix("assigned ") {
            let words = line.split(separator: " ")
            given[String(words[1])] = words.last.map(String.init)
        }
        #expect(given.count == reclaimed.count)
        #expect(Set(given.values) == (reclaimed.count > 1 ? ["ann", "chen"] : ["ann"]), "\(dealt.stdout)")
        #expect(dealt.stdout.contains("(absent, skipped: ben)"))
        let newOwner = try #require(given[leadID])

        let after = try #require(
            try JSONSerialization.jsonObject(with: Data(try run(path, ["show", leadID, "--format", "json", "--manager"], rep: "mia", at: later).stdout.utf8))
                as? [String: Any])
        #expect(after["owner"] as? String == newOwner)
        #expect((after["history"] as? [Any])?.count == (before["history"] as? [Any])?.count, "the history moves with the lead")
        let mine = try run(path, ["due", "--format", "tsv"], rep: newOwner, at: later)
        #expect(mine.stdout.contains("\t\(leadID)\t"))
        let other = newOwner == "ann" ? "chen" : "ann"
        let byHand = try run(path, ["assign", leadID, "--to", other, "--manager"], rep: "mia", at: later)
        #expect(byHand.stdout.hasPrefix("assigned \(leadID) "), "\(byHand.stderr)")
        #expect(byHand.stdout.contains("from \(newOwner) to \(other)"))
        let verify = try BebackProcess.run(["verify", "--data", path])
        #expect(verify.status == 0)
        #expect(!verify.stdout.contains("warning:"), "\(verify.stdout)")
    }

    @Test("report as text with charts, CSV and JSON; a rep's report and audit are their own")
    func report() throws {
        let (path, _) = try demoDesk()
        let text = try run(path, ["report", "--since", "2026-11-01", "--manager"], rep: "mia")
        #expect(text.status == 0, "\(text.stderr)")
        for section in ["Team board", "Practice compliance", "Objections this month", "touches to win", "touches per week since"] {
            #expect(text.stdout.contains(section), "\(section)")
        }
        #expect(text.stdout.contains("█"))
        #expect(text.stdout.contains(" ann ") || text.stdout.contains("  ann"))
        let csv = try run(path, ["report", "--since", "2026-11-01", "--format", "csv", "--manager"], rep: "mia").stdout.split(separator: "\n")
        #expect(csv.first?.hasPrefix("rep,open_leads,due_today,overdue,callbacks_today,appointments_today,idle,touches,contacts,contact_rate") == true)
        #expect(csv.dropFirst().map { String($0.split(separator: ",")[0]) } == ["ann", "ben", "chen", "team"])
        let json = try #require(
            try JSONSerialization.jsonObject(with: Data(try run(path, ["report", "--format", "json", "--manager"], rep: "mia").stdout.utf8)) as? [String: Any])
        #expect((json["reps"] as? [[String: Any]])?.count == 3)
        #expect((json["charts"] as? [String: Any])?["weeklyTouches"] is [Int])
        let own = try run(path, ["report", "--format", "csv"], rep: "ann").stdout.split(separator: "\n")
        #expect(own.dropFirst().map { String($0.split(separator: ",")[0]) } == ["ann", "team"])
        let audit = try run(path, ["audit"], rep: "ann")
        #expect(audit.status == 0)
        #expect(audit.stdout.contains("\nann\n"))
        #expect(!audit.stdout.contains("\nben\n"))
    }

    @Test(
        "created files: desk.conf readable, journals written by their rep only, read by the desk's group (0640), closed to others, folders setgid and sticky 03770"
    )
    func permissions() throws {
        let (path, _) = try demoDesk()
        func mode(_ file: String) throws -> Int { (try FileManager.default.attributesOfItem(atPath: file)[.posixPermissions] as? Int) ?? -1 }
        #expect(try mode(path + "/desk.conf") == 0o644)
        #expect(try mode(path + "/journals") & 0o7777 == 0o3770)
        for journal in try FileManager.default.contentsOfDirectory(atPath: path + "/journals") where journal.hasSuffix(".journal") {
            #expect(
                try mode(path + "/journals/" + journal) == 0o640, "\(journal): only its rep writes it, the desk's group reads it, others do not even read it")
        }
    }
}
