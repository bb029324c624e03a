import BebackTestSupport
import Foundation
import Testing

/// The call-script prompter in a real terminal: a lead with a prior agreement, its script on screen,
/// the branch, objection and agree keys typed, and the journal checked afterwards.
@Suite("The call-script prompter in a terminal, end to end", .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
struct PrompterInTmuxTests {
    static let at = "2026-11-23 10:42"

    /// A desk with Priya: captured at the counter, then reached on the phone with an agreed callback.
    func desk() throws -> (path: String, lead: String) {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        try #require(try BebackProcess.run(["init", "--data", path]).status == 0)
        let added = try BebackProcess.run([
            "add", "--name", "Priya Raman", "--phone", "+44 20 7946 0003", "--wants", "oak kitchen", "--data", path,
            "--rep", "ann", "--tz", "Europe/London", "--at", "2026-11-13 11:00"
        ])
        try #require(added.status == 0, "\(added.stderr)")
        let lead = String(try #require(added.stdout.firstMatch(of: /saved lead (\w+)/)).1)
        let logged = try BebackProcess.run([
            "log", lead, "--outcome", "reached", "--note", "quote sent", "--callback-at", "2026-11-23 15:00",
            "--subject", "going through the oak quote", "--customer-will", "measure the alcove with Tom",
            "--data", path, "--rep", "ann", "--at", "2026-11-16 10:00"
        ])
        try #require(logged.status == 0, "\(logged.stderr)")
        return (path, lead)
    }

    func open(_ path: String) throws -> Tmux {
        try Tmux(command: "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' --data '\(path)' --rep ann --at '\(Self.at)'", width: 120, height: 40)
    }

    /// The script pane's text (the right-hand third at 120 columns) with its wrapping undone.
    func scriptPane(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).prefix(36)
            .map { String(Array($0).dropFirst(84).dropLast()).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    func show(_ lead: String, _ path: String) throws -> [String: Any] {
        let result = try BebackProcess.run(["show", lead, "--data", path, "--format", "json", "--at", Self.at])
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test("the script shows the agreement's date, subject and the customer's promised action; d, b and s work the call")
    func agreementOnScreen() throws {
        let (path, lead) = try desk()
        let terminal = try open(path)
        let first = try terminal.waitFor("the desk with Priya's script") {
            $0.contains("Beback · ann") && self.scriptPane($0).contains("Dial +44 20 7946 0003.")
        }
        let prep = scriptPane(first)
        #expect(prep.contains("Agreed on Mon 16 Nov: call Mon 23 Nov 15:00 about going through the oak quote."), "\(prep)")
        #expect(prep.contains("They were going to measure the alcove with Tom."), "\(prep)")
        #expect(prep.contains("Dial +44 20 7946 0003."), "\(prep)")

        try terminal.send("]")
        let opening = try terminal.waitFor("the opening step") { $0.contains("step 2/5") && self.scriptPane($0).contains("We last spoke") }
        #expect(scriptPane(opening).contains("We last spoke on Mon 16 Nov, 7 days ago."))

        try terminal.send("w")
        let move = try terminal.waitFor("the move for the other decider") { self.scriptPane($0).contains("Ask who else has a say") }
        #expect(scriptPane(move).contains("w The other decider was not involved"))

        try terminal.send("b")
        try terminal.waitFor("the objection form") { $0.contains("Objection · Priya Raman") }
        try terminal.send("the quote is over budget", literal: true)
        try terminal.send("Tab")
        try terminal.send("p")
        try terminal.send("Enter")
        try terminal.waitFor("objection saved") { $0.contains("saved: objection (price)") }

        try terminal.send("s")
        let form = try terminal.waitFor("the reached form, pre-filled") {
            $0.contains("Reached · Priya Raman") && $0.contains("our answer to their new concern")
        }
        #expect(form.contains("our answer to their new concern"))
        try terminal.send("2026-11-26 11:00", literal: true)
        try terminal.send("Enter")
        try terminal.waitFor("reached saved") { $0.contains("saved: reached") }
        try terminal.send("q")
        try terminal.waitFor("the session summary") { $0.contains("Session summary: 1 call") && $0.contains("[exited 0]") }

        let saved = try show(lead, path)
        let agreement = try #require(saved["agreement"] as? [String: Any])
        #expect(agreement["subject"] as? String == "our answer to their new concern")
        #expect(agreement["number"] as? String == "+44 20 7946 0003")
        #expect(agreement["callbackAt"] as? String == "2026-11-26T11:00:00Z", "times in JSON are RFC 3339")
        let objections = try #require(saved["objections"] as? [[String: Any]])
        #expect(objections.map { $0["words"] as? String } == ["the quote is over budget"])
        #expect(try BebackProcess.run(["verify", "--data", path]).status == 0)
    }

    @Test("v shows the voicemail with the cadence's next try; V cycles the variants; a desk's own script is used without a rebuild")
    func variantsAndOverride() throws {
        let (path, _) = try desk()
        let scripts = URL(fileURLWithPath: path).appendingPathComponent("scripts")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        try "[prep]\nRing {number}.\n[message]\nHello {first_name}, this is our own desk's message.\n"
            .write(to: scripts.appendingPathComponent("voicemail.script"), atomically: true, encoding: .utf8)
        let terminal = try open(path)
        try terminal.waitFor("the desk") { $0.contains("Script · follow-up") }
        try terminal.send("v")
        let voicemail = try terminal.waitFor("the desk's own voicemail") {
            $0.contains("Script · voicemail") && self.scriptPane($0).contains("Hello Priya, this is our own desk's message.")
        }
        #expect(scriptPane(voicemail).contains("Hello Priya, this is our own desk's message."))
        try FileManager.default.removeItem(at: scripts.appendingPathComponent("voicemail.script"))
        try terminal.send("V")
        try terminal.waitFor("the customer's voicemail") { $0.contains("Script · customer-voicemail") }
        try terminal.send("V")
        try terminal.waitFor("the follow-up again") { $0.contains("Script · follow-up") }
        try terminal.send("V")
        let walkout = try terminal.waitFor("the walkout variant") {
            $0.contains("Script · walkout") && self.scriptPane($0).contains("You were looking at oak kitchen.")
        }
        #expect(scriptPane(walkout).contains("You were looking at oak kitchen."))
        try terminal.send("q")
        try terminal.waitFor("exit") { $0.contains("[exited 0]") }

        // Reopened without the desk's file: the bundled voicemail, with the cadence's next try.
        let again = try open(path)
        try again.waitFor("the desk") { $0.contains("Script · follow-up") }
        try again.send("v")
        // Waits for the whole sentence: a frame caught mid-redraw can hold its first half only.
        let bundled = try again.waitFor("the bundled voicemail") {
            $0.contains("Script · voicemail") && self.scriptPane($0).contains("I'll try you again on Tue 24 Nov 10:42")
        }
        #expect(scriptPane(bundled).contains("I'll try you again on Tue 24 Nov 10:42"), "\(scriptPane(bundled))")
        try again.send("q")
    }
}
