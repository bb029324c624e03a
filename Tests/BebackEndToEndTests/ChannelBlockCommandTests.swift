import BebackTestSupport
import Foundation
import Testing

/// `beback dnc block` and `unblock`, and what `send` and `show` make of a block, run as a user would.
@Suite("Channel blocks from the command line: dnc block, send, show")
struct ChannelBlockCommandTests {
    func run(_ arguments: [String], _ desk: SendCommandTests.Desk, at: String = "2026-11-16 10:00") throws -> BebackProcess.Result {
        try BebackProcess.run(arguments + ["--data", desk.path, "--rep", "ann", "--at", at], environment: ["STUB_OUT": desk.out])
    }

    func json(_ desk: SendCommandTests.Desk) throws -> [String: Any] {
        let shown = try run(["show", desk.lead, "--format", "json"], desk)
        return try #require(try JSONSerialization.jsonObject(with: Data(shown.stdout.utf8)) as? [String: Any])
    }

    @Test("an email block stops send --channel email, not a text; show prints it in text and JSON; unblock takes it back")
    func emailBlock() throws {
        let desk = try SendCommandTests().desk()
        #expect(try json(desk)["blockedChannels"] as? [String] == [])
        let blocked = try run(["dnc", "block", desk.lead, "--channel", "email", "--reason", "unsubscribed \u{1B}[31mnow"], desk)
        #expect(blocked.status == 0, "\(blocked.stderr)")
        #expect(blocked.stdout.contains("asked: no email; next step by phone"), "\(blocked.stdout)")

        let email = try run(["send", desk.lead, "--channel", "email"], desk)
        #expect(email.status != 0)
        #expect(email.stderr.contains("asked not to be sent email (no email): nothing is sent"), "\(email.stderr)")
        #expect(!FileManager.default.fileExists(atPath: desk.out + ".stdin"))
        let text = try run(["send", desk.lead, "--channel", "text"], desk)
        #expect(text.status == 0, "\(text.stderr)")

        let shown = try run(["show", desk.lead], desk)
        #expect(shown.stdout.contains("  asked: no email\n"), "\(shown.stdout)")
        #expect(shown.stdout.contains("blocked email"), "\(shown.stdout)")
        #expect(!shown.stdout.contains("\u{1B}"), "the reason is shown sanitized")
        let object = try json(desk)
        #expect(object["blockedChannels"] as? [String] == ["email"])
        #expect((object["next"] as? [String: Any])?["channel"] as? String != "email")

        let unblocked = try run(["dnc", "unblock", desk.lead, "--channel", "email", "--reason", "asked for the brochure"], desk)
        #expect(unblocked.status == 0, "\(unblocked.stderr)")
        #expect(unblocked.stdout.contains("every channel open"))
        #expect(try json(desk)["blockedChannels"] as? [String] == [])
        #expect(try run(["show", desk.lead], desk).stdout.contains("unblocked email"))
    }

    @Test("a calls block stops texts too; blocking the last channel left closes the lead as do not contact")
    func callsBlock() throws {
        let desk = try SendCommandTests().desk()
        let blocked = try run(["dnc", "block", desk.lead, "--channel", "calls"], desk)
        #expect(blocked.status == 0, "\(blocked.stderr)")
        #expect(blocked.stdout.contains("asked: no calls or texts; next step by email"), "\(blocked.stdout)")
        let text = try run(["send", desk.lead, "--channel", "text"], desk)
        #expect(text.status != 0)
        #expect(text.stderr.contains("asked not to be sent texts"), "\(text.stderr)")
        #expect(try json(desk)["blockedChannels"] as? [String] == ["phone", "text"])

        let last = try run(["dnc", "block", desk.lead, "--channel", "email"], desk)
        #expect(last.status == 0, "\(last.stderr)")
        #expect(last.stdout.contains("is do not contact: no other way to reach them"), "\(last.stdout)")
        let object = try json(desk)
        #expect(object["stage"] as? String == "do-not-contact")
        // Still on the desk: find lists it.
        #expect(try run(["find", "Zoë"], desk).stdout.contains(desk.lead))
    }

    @Test("import: the summary counts the leads blocked per channel, and due shows no call for a do-not-call lead")
    func importSummary() throws {
        let folder = Fixtures.temporaryFolder()
        let path = folder.appendingPathComponent("desk").path
        try #require(try BebackProcess.run(["init", "--data", path]).status == 0)
        let file = folder.appendingPathComponent("leads.csv")
        try """
        "ID","FIRSTNAME","LASTNAME","PHONE","EMAIL","STATUS","OWNERID","DONOTCALL","HASOPTEDOUTOFEMAIL"
        "00Q1","Ada","Quinn","+44 20 7946 0201","ada@quinn.example","Open - Not Contacted","ann","true","false"
        "00Q2","Cara","Moss","+44 20 7946 0203","cara@moss.example","Open - Not Contacted","ann","false","1"

        """.write(to: file, atomically: true, encoding: .utf8)
        let imported = try BebackProcess.run(["import", file.path, "--data", path, "--rep", "ann", "--at", "2026-11-23 10:42"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(imported.stdout.contains("Salesforce Data Loader"), "\(imported.stdout)")
        #expect(imported.stdout.contains("blocked calls and texts (do not call): 1"), "\(imported.stdout)")
        #expect(imported.stdout.contains("blocked email (opted out): 1"), "\(imported.stdout)")
        let due = try BebackProcess.run(["due", "--data", path, "--rep", "ann", "--at", "2026-11-30 10:00"])
        #expect(due.status == 0, "\(due.stderr)")
        let ada = try #require(due.stdout.split(separator: "\n").first { $0.contains("Ada Quinn") }, "\(due.stdout)")
        let cara = try #require(due.stdout.split(separator: "\n").first { $0.contains("Cara Moss") }, "\(due.stdout)")
        #expect(ada.contains("email") && !ada.contains("phone"), "\(ada)")
        #expect(!cara.contains("email"), "\(cara)")
    }
}
