import BebackTestSupport
import Foundation
import Testing

/// The `beback` binary driven as a script would drive it.
@Suite("The command line, end to end")
struct CommandLineTests {
    let at = "2026-11-23 10:42"

    func newDesk() throws -> String {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let result = try BebackProcess.run(["init", "--data", path])
        #expect(result.status == 0, "\(result.stderr)")
        return path
    }

    func leadID(from output: String) throws -> String {
        let match = try #require(output.firstMatch(of: /saved lead ([a-z0-9]+)/))
        return String(match.1)
    }

    @Test("a [notify] command with an unclosed quote is refused as desk.conf:LINE")
    func badNotifyCommand() throws {
        let desk = try newDesk()
        let config = URL(fileURLWithPath: desk).appendingPathComponent("desk.conf")
        try "[notify]\nlead_minutes = 5\ncommand = notify-send \"{name}\n".write(to: config, atomically: true, encoding: .utf8)
        let result = try BebackProcess.run(["due", "--data", desk, "--rep", "ann", "--at", at])
        #expect(result.status != 0)
        #expect(result.stderr.contains("desk.conf:3: notify command: unclosed quote"), "\(result.stderr)")
    }

    @Test("a touch's note keeps its line breaks in show, each line sanitized and indented under the touch")
    func touchNoteLineBreaks() throws {
        let desk = try newDesk()
        let env = ["BEBACK_DATA": desk, "BEBACK_REP": "ann"]
        let added = try BebackProcess.run(["add", "--name", "Priya Raman", "--phone", "+44 20 7946 0003", "--at", at], environment: env)
        let lead = try leadID(from: added.stdout)
        let note = "Subject: the oak samples\nthey asked for prices\u{1B}[31m in red"
        let logged = try BebackProcess.run(["log", lead, "--outcome", "no-answer", "--note", note, "--at", "2026-11-24 10:45"], environment: env)
        #expect(logged.status == 0, "\(logged.stderr)")
        let shown = try BebackProcess.run(["show", lead, "--at", "2026-11-24 11:00"], environment: env).stdout.split(separator: "\n").map(String.init)
        let touch = try #require(shown.firstIndex { $0.hasSuffix("no answer  Subject: the oak samples") }, "\(shown)")
        #expect(shown[touch + 1] == "                    they asked for prices^[[31m in red", "\(shown)")
        #expect(!shown.joined().contains("\u{1B}") && !shown.joined().contains("^J"))
    }

    @Test("add a walkout, then a voicemail, a no-answer, an appointment and a not-now move it as the practice says")
    func workALead() throws {
        let desk = try newDesk()
        let env = ["BEBACK_DATA": desk, "BEBACK_REP": "ann"]
        let added = try BebackProcess.run(
            [
                "add", "--name", "Priya Raman", "--phone", "+44 20 7946 0003", "--email", "p@example.com",
                "--wants", "oak kitchen", "--tz", "Europe/London", "--at", at
            ], environment: env)
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.contains("first follow-up Tue 24 Nov 10:42"))
        let lead = try leadID(from: added.stdout)

        let voicemail = try BebackProcess.run(["log", lead, "--outcome", "voicemail", "--at", "2026-11-24 10:45"], environment: env)
        #expect(voicemail.status == 0, "\(voicemail.stderr)")
        #expect(voicemail.stdout.contains("next phone Wed 25 Nov 10:45"))
        #expect(voicemail.stdout.contains("make sure the voicemail reached them"))

        let noAnswer = try BebackProcess.run(["log", lead, "--outcome", "no-answer", "--at", "2026-11-25 10:50"], environment: env)
        #expect(noAnswer.stdout.contains("next phone Mon 30 Nov 10:50"), "\(noAnswer.stdout)")

        let appointment = try BebackProcess.run(
            [
                "log", lead, "--outcome", "appointment", "--appointment-at", "2026-12-02 11:30",
                "--subject", "showroom visit", "--at", "2026-11-30 11:00"
            ], environment: env)
        #expect(appointment.stdout.contains("Wed 2 Dec 11:30"), "\(appointment.stdout)")

        let due = try BebackProcess.run(["due", "--format", "tsv", "--at", "2026-12-02 09:00"], environment: env)
        #expect(due.stdout.contains("11:30 appt\tappointment\t\(lead)\tPriya Raman"), "\(due.stdout)")

        let notNow = try BebackProcess.run(
            ["log", lead, "--outcome", "not-now", "--reason", "the spring range arrives", "--at", "2026-12-02 11:45"],
            environment: env)
        #expect(notNow.stdout.contains("next phone Tue 2 Mar 2027 11:45"), "\(notNow.stdout)")
        #expect(notNow.stdout.contains("long-term check-in: the spring range arrives"))

        let shown = try BebackProcess.run(["show", lead, "--format", "json"], environment: env)
        let json = try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
        #expect(json["touches"] as? Int == 4)
        #expect(json["stage"] as? String == "long-term")
        let history = try #require(json["history"] as? [[String: Any]])
        #expect(history.map { $0["outcome"] as? String } == ["not-now", "appointment", "no-answer", "voicemail"])
        // Every JSON output writes times one way: RFC 3339 (UTC, "Z"), as export does.
        #expect((json["next"] as? [String: Any])?["due"] as? String == "2027-03-02T11:45:00Z", "\(json["next"] ?? "none")")
        #expect(history.last?["at"] as? String == "2026-11-24T10:45:00Z")
        let dueJSON = try BebackProcess.run(["due", "--format", "json", "--at", "2026-12-02 09:00"], environment: env)
        let dueItems = try #require(try JSONSerialization.jsonObject(with: Data(dueJSON.stdout.utf8)) as? [[String: Any]])
        #expect(dueItems.allSatisfy { ($0["due"] as? String)?.hasSuffix("Z") == true }, "\(dueJSON.stdout)")

        #expect(try BebackProcess.run(["verify"], environment: env).status == 0)
    }

    @Test("an agreed call is a callback and a meeting an appointment: in the table, the TSV and JSON buckets and the counts")
    func callbackIsNotAppointment() throws {
        let desk = try newDesk()
        let env = ["BEBACK_DATA": desk, "BEBACK_REP": "ann"]
        let call = try leadID(
            from: try BebackProcess.run(
                [
                    "add", "--name", "Callie Back", "--phone", "+44 20 7946 0101", "--tz", "Europe/London",
                    "--at", "2026-11-20 10:00"
                ], environment: env
            ).stdout)
        let meet = try leadID(
            from: try BebackProcess.run(
                [
                    "add", "--name", "Mette Ing", "--phone", "+44 20 7946 0102", "--tz", "Europe/London",
                    "--at", "2026-11-20 10:00"
                ], environment: env
            ).stdout)
        #expect(
            try BebackProcess.run(
                [
                    "log", call, "--outcome", "reached", "--callback-at", "2026-11-23 15:00", "--subject", "the quote",
                    "--at", "2026-11-20 11:00"
                ], environment: env
            ).status == 0)
        #expect(
            try BebackProcess.run(
                [
                    "log", meet, "--outcome", "appointment", "--appointment-at", "2026-11-23 12:00", "--subject", "showroom",
                    "--at", "2026-11-20 11:00"
                ], environment: env
            ).status == 0)
        let table = try BebackProcess.run(["due", "--at", "2026-11-23 09:00"], environment: env).stdout
        #expect(table.hasPrefix("due now 0 · overdue 0 · callbacks today 1 · appointments today 1\n"), "\(table)")
        #expect(table.contains("12:00 appt"), "\(table)")
        #expect(table.contains("15:00 callback"), "\(table)")
        let tsv = try BebackProcess.run(["due", "--format", "tsv", "--at", "2026-11-23 09:00"], environment: env).stdout.split(separator: "\n")
        #expect(
            tsv.dropFirst().map { $0.split(separator: "\t").prefix(3).joined(separator: "|") }
                == ["12:00 appt|appointment|\(meet)", "15:00 callback|callback|\(call)"])
        let json = try BebackProcess.run(["due", "--format", "json", "--at", "2026-11-23 09:00"], environment: env).stdout
        let items = try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [[String: Any]])
        #expect(items.map { $0["bucket"] as? String } == ["appointment", "callback"])
    }

    @Test("add refuses a number or an address on the do-not-contact list, however it is written; a clean one is added")
    func addDoNotContact() throws {
        let desk = try newDesk()
        let env = ["BEBACK_DATA": desk, "BEBACK_REP": "ann"]
        let old = try BebackProcess.run(
            [
                "add", "--name", "Old Tenant", "--phone", "+44 20 7946 0003", "--email", "Tenant@Example.com",
                "--tz", "Europe/London", "--at", at
            ], environment: env)
        let lead = try leadID(from: old.stdout)
        #expect(try BebackProcess.run(["log", lead, "--outcome", "do-not-contact", "--at", at], environment: env).status == 0)
        let again = try BebackProcess.run(["add", "--name", "New Person", "--phone", "020 7946 0003", "--tz", "Europe/London", "--at", at], environment: env)
        #expect(again.status == 1)
        #expect(again.stderr == "beback: 020 7946 0003 is on the do-not-contact list (lead \(lead), Old Tenant): not added\n")
        let byMail = try BebackProcess.run(
            ["add", "--name", "New Person", "--email", "tenant@example.COM", "--tz", "Europe/London", "--at", at], environment: env)
        #expect(byMail.status == 1)
        #expect(byMail.stderr.contains("is on the do-not-contact list"))
        let due = try BebackProcess.run(["due", "--format", "tsv", "--at", at], environment: env)
        #expect(!due.stdout.contains("New Person"))
        let clean = try BebackProcess.run(["add", "--name", "New Person", "--phone", "020 7946 0004", "--tz", "Europe/London", "--at", at], environment: env)
        #expect(clean.status == 0, "\(clean.stderr)")
    }

    @Test("the demo desk: created once, refused twice, its due list shown and verified")
    func demoDesk() throws {
        let desk = Fixtures.temporaryFolder().appendingPathComponent("demo").path
        let made = try BebackProcess.run(["demo", "--data", desk, "--leads", "60", "--seed", "3", "--at", at])
        #expect(made.status == 0, "\(made.stderr)")
        let again = try BebackProcess.run(["demo", "--data", desk, "--at", at])
        #expect(again.status != 0)
        #expect(again.stderr.contains("already holds a desk"))
        let due = try BebackProcess.run(["due", "--data", desk, "--rep", "ann", "--at", at])
        #expect(due.status == 0)
        #expect(due.stdout.hasPrefix("due now "))
        #expect(due.stdout.contains("overdue"))
        let verify = try BebackProcess.run(["verify", "--data", desk])
        #expect(verify.status == 0, "\(verify.stderr)")
        #expect(verify.stdout.contains("60 leads"))
        #expect(verify.stdout.contains("verify: ok"))
    }

    @Test("an error quoting what was typed (an escape sequence, a bidi override) reaches the terminal sanitized, in one line")
    func errorsAreSanitized() throws {
        let desk = Fixtures.temporaryFolder().appendingPathComponent("demo").path
        try #require(try BebackProcess.run(["demo", "--data", desk, "--leads", "5", "--at", at]).status == 0)
        let hostile = "zz\u{1B}]0;pwned\u{07}\u{202E}evil\nsecond"
        let shown = try BebackProcess.run(["show", hostile, "--data", desk, "--rep", "ann", "--at", at])
        #expect(shown.status == 1)
        #expect(!shown.stderr.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 || $0.value == 0x202E }, "\(shown.stderr)")
        #expect(shown.stderr.hasPrefix("beback: "), "\(shown.stderr)")
        #expect(shown.stderr.contains("pwned"), "the text is shown, made visible: \(shown.stderr)")
    }

    @Test("verify fails with the file and offset when one byte of a journal is flipped")
    func verifyFlippedByte() throws {
        let desk = Fixtures.temporaryFolder().appendingPathComponent("demo").path
        _ = try BebackProcess.run(["demo", "--data", desk, "--leads", "10", "--at", at])
        let journal = URL(fileURLWithPath: desk).appendingPathComponent("journals/rep-ann.journal")
        var bytes = try Array(Data(contentsOf: journal))
        let newlines = bytes.indices.filter { bytes[$0] == 0x0A }
        let thirdRecord = newlines[2] + 1
        bytes[thirdRecord + 70] ^= 0x01
        try Data(bytes).write(to: journal)
        let verify = try BebackProcess.run(["verify", "--data", desk])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("rep-ann.journal: corrupt record at offset \(thirdRecord)"), "\(verify.stderr)")
    }

    @Test(
        "bad input gets one clear line and a non-zero exit, and writes nothing",
        arguments: [
            (["log", "zzzzz", "--outcome", "voicemail"], "no lead with id 'zzzzz'"),
            (["log", "zzzzz", "--outcome", "maybe"], "maybe"),
            (["add", "--name", "X", "--phone", "1", "--at", "yesterday-ish"], "--at: cannot read 'yesterday-ish'"),
            (["add", "--name", "X"], "missing a phone number or email"),
            (["add", "--name", "X", "--phone", "1", "--tz", "Mars/Olympus"], "unknown time zone 'Mars/Olympus'"),
            (["add", "--name", "X", "--phone", ""], "beback: phone: 0 digits is not a phone number (at least 4)"),
            (["add", "--name", "X", "--phone", "abc"], "beback: phone: 0 digits is not a phone number (at least 4)"),
            (["add", "--name", "X", "--phone", "+44 20 7946 0001", "--phone", "12"], "beback: phone 2: 2 digits is not a phone number"),
            (
                ["add", "--name", String(repeating: "a", count: 130_000), "--phone", "+44 20 7946 0001"],
                "beback: name is 130,000 characters long (at most 1,000)\n"
            ),
            (
                ["add", "--name", "X", "--phone", "+44 20 7946 0001", "--company", String(repeating: "c", count: 1001)],
                "beback: company is 1,001 characters long"
            ),
            (["add", "--name", "X", "--email", ""], "missing a phone number or email")
        ])
    func badInput(arguments: [String], message: String) throws {
        let desk = try newDesk()
        let before = try FileManager.default.contentsOfDirectory(atPath: desk + "/journals")
        let result = try BebackProcess.run(arguments, environment: ["BEBACK_DATA": desk, "BEBACK_REP": "ann"])
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(try FileManager.default.contentsOfDirectory(atPath: desk + "/journals") == before)
    }

    @Test("export to a folder says so in one line naming the path, and writes nothing")
    func exportToFolder() throws {
        let desk = try newDesk()
        let folder = Fixtures.temporaryFolder("export-target").path
        let result = try BebackProcess.run(["export", "--output", folder], environment: ["BEBACK_DATA": desk, "BEBACK_REP": "ann"])
        #expect(result.status == 1)
        #expect(result.stderr == "beback: \(folder): cannot write the export: it is a folder; give a file name in it\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder).isEmpty)
    }

    @Test("a missing desk is named, with how to make one")
    func missingDesk() throws {
        let result = try BebackProcess.run(["due", "--data", "/nonexistent/desk"])
        #expect(result.status == 1)
        #expect(
            result.stderr
                == "beback: /nonexistent/desk: no desk here (create one with 'beback init --data /nonexistent/desk' or 'beback demo --data /nonexistent/desk')\n"
        )
    }

    @Test("an unwritable desk folder stops the write with a message and saves nothing", .enabled(if: getuid() != 0, "root can write anywhere"))
    func unwritable() throws {
        let desk = try newDesk()
        chmod(desk + "/journals", 0o500)
        defer { chmod(desk + "/journals", 0o700) }
        let result = try BebackProcess.run(["add", "--name", "X", "--phone", "+44 20 7946 0001"], environment: ["BEBACK_DATA": desk, "BEBACK_REP": "ann"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("Permission denied"))
    }

    @Test("a rep cannot log on another rep's lead")
    func otherRepsLead() throws {
        let desk = try newDesk()
        let added = try BebackProcess.run(["add", "--name", "Owen Hale", "--phone", "+44 20 7946 0011", "--data", desk, "--rep", "ann"])
        let lead = try leadID(from: added.stdout)
        let result = try BebackProcess.run(["log", lead, "--outcome", "reached", "--data", desk, "--rep", "ben"])
        #expect(result.status == 1)
        #expect(result.stderr.contains("belongs to ann, not ben"))
    }

    @Test("every command and subcommand the help lists answers --help")
    func help() throws {
        /// The subcommand names a --help page lists (the first word of each entry under SUBCOMMANDS).
        func subcommands(_ page: String) -> [String] {
            guard let start = page.range(of: "SUBCOMMANDS:\n") else { return [] }
            return page[start.upperBound...].split(separator: "\n").compactMap { line in
                guard line.hasPrefix("  "), !line.hasPrefix("   "), let word = line.split(separator: " ").first else { return nil }
                return String(word)
            }
        }
        var pending: [[String]] = [[]]
        var answered = 0
        while let command = pending.popLast() {
            let result = try BebackProcess.run(command + ["--help"])
            #expect(result.status == 0, "\(command)")
            #expect(result.stdout.contains("USAGE"), "\(command)")
            answered += 1
            // Two levels (beback COMMAND SUBCOMMAND) are all there is; deeper would be a loop.
            if command.count < 2 { pending += subcommands(result.stdout).filter { $0 != "help" }.map { command + [$0] } }
        }
        // The top level lists about thirty commands, and several have subcommands of their own.
        #expect(answered > 35, "only \(answered) commands answered")
    }
}
