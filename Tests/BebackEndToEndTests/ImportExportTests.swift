import BebackTestSupport
import Foundation
import Testing

/// `beback import` and `beback export` driven as a rep's script would drive them.
@Suite("Import and export, end to end")
struct ImportExportTests {
    let at = "2026-11-23 10:42"

    /// A CRM export with a byte-order mark, CRLF, a quoted line break, a duplicate and bad rows.
    let crm =
        "\u{FEFF}First Name,Last Name,Company,Phone,Mobile,E-mail,Lead Source,Lead Status,Description,Owner,Next Follow-up\r\n"
        + "Priya,Raman,\"Raman Interiors, Ltd\",+44 20 7946 0003,,priya@example.com,Web,Open,\"Wants oak\r\nsoon\",ann,\r\n"
        + "Owen,Hale,,,+44 7700 900456,owen@example.com,Referral,Working,,ben,2026-12-01 10:00\r\n"
        + "No,Contact,Ghost Ltd,,,,,,,,\r\n"
        + "Bad,Date,,+1 555 010 0100,,,,,,ann,2026-02-30\r\n"
        + "Priya,R.,,0044 20 7946 0003,,,,,,,\r\n"

    func newDesk() throws -> String {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let result = try BebackProcess.run(["init", "--data", path])
        #expect(result.status == 0, "\(result.stderr)")
        return path
    }

    func write(_ text: String, _ name: String) throws -> String {
        let url = Fixtures.temporaryFolder().appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    /// Every journal file's bytes, to show that nothing was written.
    func journals(_ desk: String) throws -> [String: Data] {
        let folder = desk + "/journals"
        var result: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: folder) {
            result[name] = try Data(contentsOf: URL(fileURLWithPath: folder + "/" + name))
        }
        return result
    }

    func run(_ arguments: [String], desk: String, rep: String = "ann") throws -> BebackProcess.Result {
        try BebackProcess.run(arguments + (arguments.contains("--at") ? [] : ["--at", at]), environment: ["BEBACK_DATA": desk, "BEBACK_REP": rep])
    }

    @Test("a CRM export: the mapping first, leads per owner, the reject file with lines and reasons; again adds nothing")
    func importCRM() throws {
        let desk = try newDesk()
        let file = try write(crm, "crm.csv")
        let result = try run(["import", file], desk: desk)
        #expect(result.status == 0, "\(result.stderr)")
        let lines = result.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first == "mapping of \(file) (CSV, comma-separated, UTF-8 with byte-order mark):")
        #expect(lines.contains("  E-mail         -> email"))
        #expect(lines.contains("imported 3 new leads (ann 2, ben 1), each with its first follow-up"))
        #expect(lines.contains("  line 7: same phone as line 2, skipped"))
        #expect(lines.contains("rejected 1: written with their lines and reasons to \(file.replacingOccurrences(of: ".csv", with: ".rejects.csv"))"))
        #expect(lines.contains("imported with a value left out 1: listed with their lines in \(file.replacingOccurrences(of: ".csv", with: ".rejects.csv"))"))
        let rejects = try String(contentsOfFile: file.replacingOccurrences(of: ".csv", with: ".rejects.csv"), encoding: .utf8)
        #expect(rejects.hasPrefix("Line,Reason,First Name,Last Name,Company,Phone,Mobile,E-mail,Lead Source,Lead Status,Description,Owner,Next Follow-up\r\n"))
        #expect(rejects.contains("\r\n5,no phone or email to reach them,No,Contact,Ghost Ltd,"))
        #expect(
            rejects.contains(
                "\r\n6,\"imported, but left out: impossible date '2026-02-30' in follow-up: the cadence's first follow-up is kept\",Bad,Date,,'+1 555 010 0100,"
            ),
            "\(rejects)")

        let before = try journals(desk)
        #expect(before.keys.sorted() == ["rep-ann.journal", "rep-ann.journal.lock"], "the import is ann's own entries, whoever owns the leads")
        for policy in ["skip", "merge"] {
            let again = try run(["import", file, "--duplicates", policy], desk: desk)
            #expect(again.status == 0, "\(again.stderr)")
            #expect(again.stdout.contains("imported 0 new leads"))
            #expect(try journals(desk) == before, "import again (\(policy)) changed the journals")
        }
        let due = try run(["due", "--format", "tsv", "--all", "--at", "2026-11-24 12:00"], desk: desk)
        #expect(due.stdout.contains("\tPriya Raman\tRaman Interiors, Ltd\tann\t0\tphone\t"), "\(due.stdout)")
        #expect(try run(["verify"], desk: desk).status == 0)
    }

    @Test("a note's line breaks from the file show as line breaks in show")
    func noteLineBreaks() throws {
        let desk = try newDesk()
        _ = try run(["import", try write(crm, "crm.csv")], desk: desk)
        let due = try run(["due", "--format", "tsv", "--all", "--at", "2026-11-24 12:00"], desk: desk).stdout
        let row = try #require(due.split(separator: "\n").first { $0.contains("Priya Raman") })
        let lead = String(row.split(separator: "\t")[2])
        let shown = try run(["show", lead], desk: desk).stdout.split(separator: "\n").map(String.init)
        let first = try #require(shown.firstIndex { $0.hasSuffix("Wants oak") }, "\(shown)")
        #expect(shown[first + 1].trimmingCharacters(in: .whitespaces) == "soon", "\(shown)")
        #expect(!shown.joined().contains("\\n"))
    }

    @Test("--dry-run prints the mapping and the counts but writes nothing: no journal entry, no reject file")
    func dryRun() throws {
        let desk = try newDesk()
        let file = try write(crm, "dry.csv")
        let before = try journals(desk)
        let result = try run(["import", file, "--dry-run"], desk: desk)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.contains("would import 3 new leads"))
        #expect(result.stdout.contains("rejected 1: dry run, no reject file written"))
        #expect(result.stdout.contains("dry run: 9 journal entries would be written; nothing was written"))
        #expect(try journals(desk) == before)
        #expect(!FileManager.default.fileExists(atPath: file.replacingOccurrences(of: ".csv", with: ".rejects.csv")))
    }

    @Test("export then import adds nothing: on a demo desk of every rep, in both duplicate modes")
    func roundTripDemo() throws {
        let desk = Fixtures.temporaryFolder().appendingPathComponent("demo").path
        #expect(try BebackProcess.run(["demo", "--data", desk, "--leads", "120", "--at", at]).status == 0)
        let file = Fixtures.temporaryFolder().appendingPathComponent("all.csv").path
        let exported = try run(["export", "--all", "--output", file, "--manager"], desk: desk, rep: "mia")
        #expect(exported.status == 0, "\(exported.stderr)")
        #expect(exported.stdout == "exported 120 leads of every rep to \(file) (csv)\n")
        let before = try journals(desk)
        for policy in ["skip", "merge"] {
            let result = try run(["import", file, "--duplicates", policy, "--manager"], desk: desk, rep: "mia")
            #expect(result.status == 0, "\(result.stderr)")
            #expect(result.stdout.contains("imported 0 new leads"))
            #expect(result.stdout.contains("rejected 0"))
            #expect(try journals(desk) == before)
        }
    }

    @Test("a desk exported as CSV comes back whole in a new desk, and its JSON matches")
    func roundTripNewDesk() throws {
        let desk = try newDesk()
        _ = try run(["import", try write(crm, "crm.csv")], desk: desk)
        let csv = Fixtures.temporaryFolder().appendingPathComponent("leads.csv").path
        #expect(try run(["export", "--all", "-o", csv], desk: desk).status == 0)
        let copy = try newDesk()
        let result = try run(["import", csv], desk: copy)
        #expect(result.stdout.contains("imported 3 new leads (ann 2, ben 1)"), "\(result.stdout)")
        func leads(_ desk: String) throws -> [[String: String]] {
            let json = try run(["export", "--all", "--format", "json"], desk: desk)
            let items = try #require(try JSONSerialization.jsonObject(with: Data(json.stdout.utf8)) as? [[String: Any]])
            return items.map { item in
                var row: [String: String] = [:]
                for key in ["name", "company", "email", "owner", "source", "timeZone"] { row[key] = item[key] as? String }
                row["next"] = ((item["next"] as? [String: Any])?["due"] as? String) ?? ""
                return row
            }.sorted { ($0["name"] ?? "") < ($1["name"] ?? "") }
        }
        let original = try leads(desk), copied = try leads(copy)
        #expect(copied.map { $0.filter { $0.key != "next" } } == original.map { $0.filter { $0.key != "next" } })
        #expect(copied.first { $0["name"] == "Owen Hale" }?["next"] == "2026-12-01T10:00:00Z")
    }

    @Test("the iCalendar export parses with a real parser; a re-export after a change keeps the UIDs")
    func calendar() throws {
        let desk = try newDesk()
        let added = try run(["add", "--name", "Zoë Ångström, \"Ltd\"; δοκιμή", "--phone", "+44 20 7946 0003", "--tz", "Europe/London"], desk: desk)
        let lead = try #require(added.stdout.firstMatch(of: /saved lead ([a-z0-9]+)/)).1
        _ = try run(["add", "--name", "Ben's Lead", "--phone", "+44 20 7946 0004"], desk: desk, rep: "ben")
        let appointment = try BebackProcess.run(
            [
                "log", String(lead), "--outcome", "appointment", "--appointment-at", "2026-12-02 11:30",
                "--subject", "showroom visit", "--at", "2026-11-24 10:00"
            ],
            environment: ["BEBACK_DATA": desk, "BEBACK_REP": "ann"])
        #expect(appointment.status == 0, "\(appointment.stderr)")
        let file = Fixtures.temporaryFolder().appendingPathComponent("ann.ics").path
        let exported = try run(["export", "--format", "ics", "--output", file], desk: desk)
        #expect(exported.stdout == "exported 1 follow-up of ann to \(file) (ics)\n", "\(exported.stderr)")
        let bytes = try Data(contentsOf: URL(fileURLWithPath: file))
        #expect(!String(decoding: bytes, as: UTF8.self).replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        let parsed = try ICalendarCheck.parse(file)
        #expect(parsed.errors.isEmpty)
        #expect(parsed.events.count == 1)
        let event = try #require(parsed.events.first)
        #expect(event.summary == "Appointment: Zoë Ångström, \"Ltd\"; δοκιμή")
        #expect(event.start == "2026-12-02T11:30:00+00:00")
        #expect(event.uid == "beback-\(lead)-follow-up@beback")

        _ = try BebackProcess.run(
            ["log", String(lead), "--outcome", "not-now", "--reason", "spring", "--at", "2026-12-02 11:45"],
            environment: ["BEBACK_DATA": desk, "BEBACK_REP": "ann"])
        let again = try run(["export", "--format", "ics", "--output", file], desk: desk)
        #expect(again.status == 0)
        let moved = try #require(try ICalendarCheck.parse(file).events.first)
        #expect(moved.uid == event.uid)
        #expect(moved.sequence > event.sequence)
        #expect(moved.start != event.start)
        let all = try run(["export", "--format", "ics", "--all"], desk: desk)
        #expect(all.stdout.components(separatedBy: "BEGIN:VEVENT").count == 3)
    }

    @Test("hostile text is stored as given, exported as given, and shown only made safe")
    func hostile() throws {
        let desk = try newDesk()
        let evil = "\u{1B}]0;pwned\u{07}Evil\u{1B}[2J"
        let file = try write("Name,Phone,Company\n\"\(evil)\",+1 555 0666,=HYPERLINK(\"x\")\nNo Phone \u{1B}[31m,,\n", "hostile.csv")
        let result = try run(["import", file], desk: desk)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(!result.stdout.contains("\u{1B}") && !result.stderr.contains("\u{1B}"))
        #expect(result.stdout.contains("imported 1 new lead"))
        let due = try run(["due", "--at", "2026-11-24 12:00"], desk: desk)
        #expect(!due.stdout.contains("\u{1B}"))
        #expect(due.stdout.contains("^[]0;pwned^GEvil^[[2J"))
        let csv = try run(["export"], desk: desk)
        #expect(csv.stdout.contains("\"\(evil)\"") || csv.stdout.contains(evil))
        #expect(csv.stdout.contains(",'=HYPERLINK(\"\"x\"\"),") || csv.stdout.contains(",\"'=HYPERLINK(\"\"x\"\")\","))
        let json = try run(["export", "--format", "json"], desk: desk)
        #expect(json.stdout.contains("\\u001b]0;pwned\\u0007Evil\\u001b[2J"))
        let ics = try run(["export", "--format", "ics"], desk: desk)
        #expect(!ics.stdout.contains("\u{1B}"))
    }

    @Test("a phone's vCard file: contacts become leads, a card with no number is rejected with its line")
    func vcard() throws {
        let desk = try newDesk()
        let text =
            "BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Priya Raman\r\nTEL;TYPE=CELL:+44 7700 900123\r\nEMAIL:priya@example.com\r\nEND:VCARD\r\n"
            + "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Mia Chen\r\nTEL;VALUE=uri;TYPE=\"cell,voice\":tel:+1-555-555-0100\r\nTZ:America/New_York\r\nEND:VCARD\r\n"
            + "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Nobody\r\nEND:VCARD\r\n"
        let file = try write(text, "contacts.vcf")
        let result = try run(["import", file], desk: desk)
        #expect(result.status == 0, "\(result.stderr)")
        #expect(result.stdout.hasPrefix("mapping of \(file) (vCard, UTF-8):"))
        #expect(result.stdout.contains("imported 2 new leads"))
        #expect(result.stdout.contains("  line 13: no phone or email to reach them"))
        let rejects = try String(contentsOfFile: file.replacingOccurrences(of: ".vcf", with: ".rejects.csv"), encoding: .utf8)
        #expect(rejects.hasPrefix("Line,Reason,Name,Mobile,Phone,Other Phones,Email,Company,Time Zone,Notes,Other Phone Types\r\n13,no phone or email"))
    }

    @Test("10,000 rows off a terminal: plain progress lines on stderr, one batch in the importer's journal")
    func progressLines() throws {
        let desk = try newDesk()
        var text = "Name,Phone,Owner\n"
        for index in 0..<10_000 { text += "Lead \(index),+1 555 \(String(format: "%07d", index)),\(index % 2 == 0 ? "ann" : "ben")\n" }
        let file = try write(text, "big.csv")
        let result = try run(["import", file, "--rejects", Fixtures.temporaryFolder().appendingPathComponent("r.csv").path], desk: desk)
        #expect(result.status == 0, "\(result.stderr)")
        let progress = result.stderr.split(separator: "\n").filter { $0.hasPrefix("import: ") }
        #expect(progress.count >= 9, "\(result.stderr)")
        #expect(progress.first?.contains("lines (10%)") == true)
        #expect(!result.stderr.contains("\u{1B}"))
        #expect(result.stdout.contains("imported 10,000 new leads (ann 5,000, ben 5,000)"))
        #expect(result.stdout.contains("saved 20,000 journal entries in 1 batch (rep-ann.journal 20,000)"))
    }

    @Test(
        "bad input gets one clear line naming the file or option, and writes nothing",
        arguments: [
            (["import", "/nonexistent/leads.csv"], "beback: /nonexistent/leads.csv: no such file\n"),
            (["import", "FILE", "--map", "Phone"], "beback: --map: 'Phone' is not COLUMN=FIELD"),
            (["import", "FILE", "--map", "Cell=mobile"], "beback: FILE: --map: no column 'Cell' (columns: 'Name', 'Phone', 'City')\n"),
            (["import", "FILE", "--map", "Phone=ignore"], "beback: FILE: no column gives a phone or an email"),
            (["import", "FILE", "--duplicates", "double"], "double"),
            (["import", "FILE", "--tz", "Mars/Olympus"], "beback: --tz: unknown time zone 'Mars/Olympus'"),
            (["export", "--format", "xlsx"], "xlsx")
        ])
    func badInput(arguments: [String], message: String) throws {
        let desk = try newDesk()
        let file = try write("Name,Phone,City\nA,1,X\n", "small.csv")
        let before = try journals(desk)
        let result = try run(arguments.map { $0 == "FILE" ? file : $0 }, desk: desk)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message.replacingOccurrences(of: "FILE", with: file)), "\(result.stderr)")
        #expect(try journals(desk) == before)
        #expect(!FileManager.default.fileExists(atPath: file.replacingOccurrences(of: ".csv", with: ".rejects.csv")))
    }

    @Test("import and export answer --help")
    func help() throws {
        for command in ["import", "export"] {
            let result = try BebackProcess.run([command, "--help"])
            #expect(result.status == 0)
            #expect(result.stdout.contains("USAGE: beback \(command)"))
        }
    }
}
