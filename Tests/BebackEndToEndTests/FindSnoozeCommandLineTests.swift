import BebackTestSupport
import Foundation
import Testing

/// `beback find` and `beback snooze` driven as a script would drive them, on a demo desk (reps ann,
/// ben, chen; manager mia) with leads added at known numbers.
@Suite("find and snooze on the command line, end to end")
struct FindSnoozeCommandLineTests {
    static let at = "2026-11-23 10:42"

    @discardableResult
    func run(_ path: String, _ arguments: [String], rep: String, at: String = at) throws -> BebackProcess.Result {
        try BebackProcess.run(arguments + ["--data", path, "--rep", rep, "--at", at])
    }

    /// A demo desk, ann's lead at +44 20 7946 0106 with a hostile name and a note, and ben's at 020 7946 0222.
    func desk() throws -> (path: String, anns: String, bens: String) {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let made = try BebackProcess.run(["demo", "--data", path, "--leads", "40", "--seed", "11", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        func add(_ rep: String, _ name: String, _ phone: String) throws -> String {
            let added = try run(path, ["add", "--name", name, "--phone", phone, "--company", "Quist Dental", "--tz", "Europe/London"], rep: rep)
            try #require(added.status == 0, "\(added.stderr)")
            return String(try #require(added.stdout.firstMatch(of: /saved lead ([a-z0-9]+)/)).1)
        }
        let anns = try add("ann", "Ada\u{1b}[31m Quist", "+44 20 7946 0106")
        let bens = try add("ben", "Bo Quist", "020 7946 0222")
        try #require(try run(path, ["log", anns, "--outcome", "reached", "--note", "wants the walnut sample"], rep: "ann").status == 0)
        return (path, anns, bens)
    }

    @Test("a number typed in other formats, a note's words and an id prefix find the lead; tsv and json carry stage and next step")
    func find() throws {
        let (path, anns, _) = try desk()
        for typed in ["+44 (20) 7946-0106", "0207 946 0106", "walnut sample", String(anns.prefix(4))] {
            let found = try run(path, ["find", typed, "--format", "tsv"], rep: "ann")
            #expect(found.status == 0, "\(found.stderr)")
            let rows = found.stdout.split(separator: "\n").dropFirst()
            #expect(rows.first?.hasPrefix("\(anns)\tAda^[[31m Quist\tQuist Dental\tann\t") == true, "\(typed): \(found.stdout)")
        }
        let json = try run(path, ["find", "0207 946 0106", "--format", "json"], rep: "ann")
        let object = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [String: Any])
        let lead = try #require((object["leads"] as? [[String: Any]])?.first)
        #expect(object["total"] as? Int == 1)
        #expect(lead["lead"] as? String == anns && lead["stage"] as? String != nil)
        #expect(lead["name"] as? String == "Ada^[[31m Quist")
        let next = try #require(lead["next"] as? [String: Any])
        let due = try #require(next["due"] as? String)
        #expect(due.wholeMatch(of: /\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ/) != nil, "RFC 3339: \(due)")
        let table = try run(path, ["find", "quist"], rep: "ann")
        #expect(table.stdout.contains("LEAD") && !table.stdout.contains("\u{1b}"), "\(table.stdout)")
    }

    @Test("a rep finds their own leads and the pool's; a manager every lead; no text is a usage error")
    func visibility() throws {
        let (path, anns, bens) = try desk()
        let rep = try run(path, ["find", "quist dental", "--format", "tsv"], rep: "ann")
        #expect(rep.stdout.contains(anns) && !rep.stdout.contains(bens), "\(rep.stdout)")
        let manager = try run(path, ["find", "quist dental", "--format", "tsv", "--manager"], rep: "mia")
        #expect(manager.stdout.contains(anns) && manager.stdout.contains(bens), "\(manager.stdout)")
        let ben = try run(path, ["find", "+44 20 7946 0222", "--format", "tsv"], rep: "ben")
        #expect(ben.stdout.contains(bens), "\(ben.stdout)")
        let empty = try run(path, ["find"], rep: "ann")
        #expect(empty.status == 64 && empty.stderr.contains("give the text to look for"), "\(empty.status) \(empty.stderr)")
    }

    @Test("snooze moves the next step, keeps the touch count, and the audit lists it; no reason, a past time or another's lead is refused")
    func snooze() throws {
        let (path, anns, bens) = try desk()
        let before = try run(path, ["show", anns, "--format", "json"], rep: "ann")
        let touches = try #require(try JSONSerialization.jsonObject(with: Data(before.stdout.utf8)) as? [String: Any])["touches"] as? Int
        let snoozed = try run(path, ["snooze", anns, "--until", "2026-11-30 09:30", "--reason", "on holiday this week"], rep: "ann")
        #expect(snoozed.status == 0, "\(snoozed.stderr)")
        #expect(snoozed.stdout.contains("snoozed \(anns)") && snoozed.stdout.contains("Mon 30 Nov 09:30"), "\(snoozed.stdout)")
        let after = try run(path, ["show", anns, "--format", "json"], rep: "ann")
        let shown = try #require(try JSONSerialization.jsonObject(with: Data(after.stdout.utf8)) as? [String: Any])
        #expect(shown["touches"] as? Int == touches)
        let audit = try run(path, ["audit", "--manager"], rep: "mia", at: "2026-11-23 11:00")
        #expect(audit.status == 0, "\(audit.stderr)")
        #expect(audit.stdout.contains("snoozes (moved without a touch): 1"), "\(audit.stdout)")
        #expect(audit.stdout.contains("snoozed \(anns) Ada^[[31m Quist on Mon 23 Nov:") && audit.stdout.contains("Mon 30 Nov 09:30 · on holiday this week"))
        let noReason = try run(path, ["snooze", anns, "--until", "2026-12-01 09:30", "--reason", " "], rep: "ann")
        #expect(noReason.status == 1 && noReason.stderr.contains("missing the reason"), "\(noReason.stderr)")
        let past = try run(path, ["snooze", anns, "--until", "2026-11-20 09:30", "--reason", "r"], rep: "ann")
        #expect(past.status == 1 && past.stderr.contains("not after now"), "\(past.stderr)")
        let others = try run(path, ["snooze", bens, "--until", "2026-12-01 09:30", "--reason", "r"], rep: "ann")
        #expect(others.status == 1 && others.stderr.contains("belongs to ben"), "\(others.stderr)")
        let unreadable = try run(path, ["snooze", anns, "--until", "someday", "--reason", "r"], rep: "ann")
        #expect(unreadable.status == 1 && unreadable.stderr.contains("--until: cannot read 'someday'"), "\(unreadable.stderr)")
    }
}
