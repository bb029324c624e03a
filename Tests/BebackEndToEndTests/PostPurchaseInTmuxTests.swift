import BebackTestSupport
import Foundation
import Testing

/// The path after a sale in a real terminal, one desk session per day with a fixed clock: won, the
/// delivery recorded with `D`, the satisfaction call going to voicemail (`v` shows the customer's
/// message), then reached with the customer check-in proposed by the script's close. The script on
/// screen is checked at each step: it never goes back to selling.
@Suite("The post-purchase path in a terminal, end to end", .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
struct PostPurchaseInTmuxTests {
    /// A desk with Lena: captured, then reached with a callback agreed about the quote.
    func desk() throws -> (path: String, lead: String) {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        try #require(try BebackProcess.run(["init", "--data", path]).status == 0)
        let added = try BebackProcess.run([
            "add", "--name", "Lena Berg", "--phone", "+44 20 7946 0003", "--wants", "e-bike", "--data", path,
            "--rep", "ann", "--tz", "Europe/London", "--at", "2026-11-02 10:00"
        ])
        try #require(added.status == 0, "\(added.stderr)")
        let lead = String(try #require(added.stdout.firstMatch(of: /saved lead (\w+)/)).1)
        let logged = try BebackProcess.run([
            "log", lead, "--outcome", "reached", "--note", "quote sent", "--callback-at", "2026-11-09 15:00",
            "--subject", "going through the e-bike quote", "--data", path, "--rep", "ann", "--at", "2026-11-03 10:00"
        ])
        try #require(logged.status == 0, "\(logged.stderr)")
        return (path, lead)
    }

    func open(_ path: String, at: String) throws -> Tmux {
        try Tmux(command: "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' --data '\(path)' --rep ann --at '\(at)'", width: 120, height: 40)
    }

    /// The script pane's text (the right-hand third at 120 columns) with its wrapping undone.
    func scriptPane(_ screen: String) -> String {
        screen.split(separator: "\n", omittingEmptySubsequences: false).dropFirst(2).prefix(36)
            .map { String(Array($0).dropFirst(84).dropLast()).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }

    func quit(_ terminal: Tmux) throws {
        try terminal.send("q")
        try terminal.waitFor("the session summary") { $0.contains("Session summary") && $0.contains("[exited 0]") }
    }

    func show(_ lead: String, _ path: String, at: String) throws -> [String: Any] {
        let result = try BebackProcess.run(["show", lead, "--data", path, "--format", "json", "--at", at])
        return try #require(try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any])
    }

    @Test("won, delivered with D, satisfaction call to voicemail, then reached: thanks, referrals and a check-in on screen, never the sale")
    func wonDeliveredVoicemailReached() throws {
        let (path, lead) = try desk()

        // The day after the agreed call: still selling, then won.
        var terminal = try open(path, at: "2026-11-10 10:00")
        let selling = try terminal.waitFor("the follow-up script") { self.scriptPane($0).contains("Dial +44 20 7946 0003.") }
        #expect(selling.contains("Script · follow-up"))
        try terminal.send("8")
        try terminal.waitFor("the won form") { $0.contains("Won · Lena Berg") && $0.contains("2026-11-17 10:00") }
        try terminal.send("Enter")
        try terminal.waitFor("won saved") { $0.contains("saved") && $0.contains("Due 0") }
        try quit(terminal)

        // The satisfaction call is due a week after the sale: its script thanks them; D records the delivery.
        terminal = try open(path, at: "2026-11-17 10:00")
        let satisfaction = try terminal.waitFor("the satisfaction script") { self.scriptPane($0).contains("nothing to sell today") }
        #expect(satisfaction.contains("Script · satisfaction"))
        #expect(!scriptPane(satisfaction).contains("quote"), "\(scriptPane(satisfaction))")
        try terminal.send("D")
        try terminal.waitFor("delivery saved, the call moved a week on") { $0.contains("saved") && $0.contains("Due 0") }
        try quit(terminal)
        let delivered = try show(lead, path, at: "2026-11-17 10:00")
        let planned = try #require(delivered["next"] as? [String: Any])
        #expect(planned["kind"] as? String == "satisfaction")
        #expect(planned["due"] as? String == ISO8601DateFormatter().string(from: Fixtures.at("2026-11-24 10:00", "Europe/London")))

        // A week after delivery: the satisfaction call goes to voicemail; v shows the customer's message.
        terminal = try open(path, at: "2026-11-24 10:00")
        let call = try terminal.waitFor("the satisfaction script after delivery") { self.scriptPane($0).contains("Thank you again for choosing us") }
        #expect(scriptPane(call).contains("Sale or delivery: Tue 17 Nov."), "\(scriptPane(call))")
        try terminal.send("v")
        let message = try terminal.waitFor("the customer's voicemail") {
            $0.contains("Script · customer-voicemail") && self.scriptPane($0).contains("The message")
        }
        let words = scriptPane(message)
        #expect(words.contains("Hi Lena, it's Ann. Thank you again for choosing us."), "\(words)")
        #expect(words.contains("I'm calling to hear how the e-bike is working out for you."), "\(words)")
        #expect(!words.contains("as we agreed"), "\(words)")
        #expect(!words.contains("quote"), "\(words)")
        try terminal.send("2")
        try terminal.waitFor("the voicemail form") { $0.contains("Voicemail · Lena Berg") && $0.contains("satisfaction call") }
        try terminal.send("Enter")
        try terminal.waitFor("voicemail saved") { $0.contains("saved") && $0.contains("Due 0") }
        try quit(terminal)

        // The next working day: still the customer's script; s proposes the customer check-in; reached.
        terminal = try open(path, at: "2026-11-25 10:00")
        let retry = try terminal.waitFor("the satisfaction script again") { self.scriptPane($0).contains("Thank you again for choosing us") }
        #expect(retry.contains("Script · satisfaction"))
        #expect(!scriptPane(retry).contains("sale forward"), "\(scriptPane(retry))")
        #expect(scriptPane(retry).contains("(1 try without contact)"), "\(scriptPane(retry))")
        try terminal.send("s")
        try terminal.waitFor("the reached form, pre-filled") { $0.contains("Reached · Lena Berg") && $0.contains("a customer check-in") }
        // The script's close, read with the form put away (the form covers part of the script pane), then the form again.
        try terminal.send("Escape")
        let closed = try terminal.waitFor("the script's close") { !$0.contains("Reached · Lena Berg") && self.scriptPane($0).contains("check-in") }
        #expect(scriptPane(closed).contains("Press s to record the call with that check-in."), "\(scriptPane(closed))")
        try terminal.send("s")
        try terminal.waitFor("the reached form again") { $0.contains("Reached · Lena Berg") && $0.contains("a customer check-in") }
        try terminal.send("2027-02-25 10:00", literal: true)
        try terminal.send("Enter")
        try terminal.waitFor("reached saved") { $0.contains("saved") && $0.contains("Due 0") }
        try quit(terminal)

        let customer = try show(lead, path, at: "2026-11-25 10:00")
        let agreement = try #require(customer["agreement"] as? [String: Any])
        #expect(agreement["subject"] as? String == "a customer check-in: how the e-bike is holding up")
        let script = try BebackProcess.run(["scripts", "show", lead, "--data", path, "--at", "2027-02-25 10:00"])
        #expect(script.stdout.contains("satisfaction"), "\(script.stdout)")
        #expect(!script.stdout.contains("sale forward"), "\(script.stdout)")
    }
}
