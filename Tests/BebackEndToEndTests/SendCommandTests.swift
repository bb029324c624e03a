import BebackTestSupport
import Foundation
import Testing

/// `beback send` and `beback templates`, run as a user would, with stub mail and text commands
/// that record their argv and standard input.
@Suite("beback send and templates, end to end")
struct SendCommandTests {
    struct Desk {
        var path: String
        var lead: String
        var out: String
        var folder: URL
    }

    /// A desk with Zoë (email and phone), a stub sendmail and a stub text gateway in desk.conf.
    func desk(email: String = "zoe@example.com") throws -> Desk {
        let folder = Fixtures.temporaryFolder()
        let path = folder.appendingPathComponent("desk").path
        try #require(try BebackProcess.run(["init", "--data", path]).status == 0)
        let added = try BebackProcess.run([
            "add", "--name", "Zoë Brontë", "--phone", "+44 20 7946 0003", "--email", email, "--wants", "oak kitchen", "--data", path,
            "--rep", "ann", "--tz", "Europe/London", "--at", "2026-11-13 11:00"
        ])
        try #require(added.status == 0, "\(added.stderr)")
        let lead = String(try #require(added.stdout.firstMatch(of: /saved lead (\w+)/)).1)
        let stub = folder.appendingPathComponent("stub-send")
        try Fixtures.writeExecutable(
            "#!/bin/sh\nprintf '%s\\n' \"$@\" > \"$STUB_OUT.argv\"\ncat > \"$STUB_OUT.stdin\"\nexit ${STUB_EXIT:-0}\n", to: stub.path)
        let config = URL(fileURLWithPath: path).appendingPathComponent("desk.conf")
        let conf =
            ((try? String(contentsOf: config, encoding: .utf8)) ?? "")
            + "[mail]\ncommand = \(stub.path) -t -i\nfrom = Ann Shop <ann@shop.example>\n[text]\ncommand = \(stub.path) --to {tel}\nfrom = +44 20 7946 0999\n"
        try conf.write(to: config, atomically: true, encoding: .utf8)
        return Desk(path: path, lead: lead, out: folder.appendingPathComponent("out").path, folder: folder)
    }

    func read(_ path: String) throws -> String { try String(contentsOfFile: path, encoding: .utf8) }

    /// Points the desk's `[mail] command` at Debian's msmtp, sending to a throwaway SMTP server on loopback.
    func mailThroughMsmtp(_ desk: Desk) throws -> LoopbackSMTPServer {
        let msmtp = try #require(
            ["/usr/bin/msmtp", "/usr/local/bin/msmtp"].first { FileManager.default.isExecutableFile(atPath: $0) }, "msmtp is missing: run make deps")
        let server = try LoopbackSMTPServer(messagePath: desk.folder.appendingPathComponent("received").path)
        let config = URL(fileURLWithPath: desk.path).appendingPathComponent("desk.conf")
        var conf = try String(contentsOf: config, encoding: .utf8)
        let command = "\(msmtp) -C /dev/null --host=127.0.0.1 --port=\(server.port) --auth=off --tls=off --from=ann@shop.example -t"
        conf = conf.replacingOccurrences(of: try #require(conf.firstMatch(of: /command = \S+ -t -i/)).0, with: "command = \(command)")
        try conf.write(to: config, atomically: true, encoding: .utf8)
        return server
    }

    @Test("an email goes to the mail command as an RFC 5322 message on stdin and is journaled as an email touch")
    func emailThroughStub() throws {
        let desk = try desk()
        let sent = try BebackProcess.run(
            ["send", desk.lead, "--channel", "email", "--data", desk.path, "--rep", "ann", "--at", "2026-11-16 10:00"],
            environment: ["STUB_OUT": desk.out])
        #expect(sent.status == 0, "\(sent.stdout)\(sent.stderr)")
        #expect(sent.stdout.contains("sent email to \(desk.lead) (Zoë Brontë), touch 1"))
        #expect(try read(desk.out + ".argv") == "-t\n-i\n")
        let message = try read(desk.out + ".stdin")
        #expect(
            message.hasPrefix("To: =?UTF-8?B?Wm/DqyBCcm9udMOr?= <zoe@example.com>\nFrom: Ann Shop <ann@shop.example>\nSubject: Following up on oak kitchen\n"))
        #expect(message.contains("Content-Type: text/plain; charset=UTF-8\n"))
        #expect(message.contains("\n\nHi Zoë,\n"))
        #expect(message.contains("When we spoke on Fri 13 Nov we talked about oak kitchen."))
        #expect(message.hasSuffix("Ann\n+44 20 7946 0999\n"))
        let shown = try BebackProcess.run(["show", desk.lead, "--data", desk.path, "--rep", "ann", "--at", "2026-11-16 10:05"])
        #expect(shown.stdout.contains("email  no answer  email sent by stub-send (exit status 0)"))
        #expect(shown.stdout.contains("Subject: Following up on oak kitchen"))
        #expect(shown.stdout.contains("next: retry email"))
    }

    @Test("a text goes to the gateway with the number as a tel: URI; outside calling hours it needs --yes")
    func textThroughStub() throws {
        let desk = try desk()
        let late = try BebackProcess.run(
            ["send", desk.lead, "--channel", "text", "--data", desk.path, "--rep", "ann", "--at", "2026-11-16 22:00"],
            environment: ["STUB_OUT": desk.out])
        #expect(late.status == 1)
        #expect(late.stderr.contains("outside \(desk.lead)'s calling hours: add --yes"))
        #expect(!FileManager.default.fileExists(atPath: desk.out + ".stdin"))
        let sent = try BebackProcess.run(
            ["send", desk.lead, "--channel", "text", "--template", "thank-you", "--yes", "--data", desk.path, "--rep", "ann", "--at", "2026-11-16 22:00"],
            environment: ["STUB_OUT": desk.out])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try read(desk.out + ".argv") == "--to\ntel:+442079460003\n")
        #expect(try read(desk.out + ".stdin") == "Hi Zoë, it's Ann: thank you for your purchase! If anything is not right, just reply here.\n")
        let shown = try BebackProcess.run(["show", desk.lead, "--data", desk.path, "--rep", "ann", "--at", "2026-11-16 22:05"])
        #expect(shown.stdout.contains("text  no answer  text sent by stub-send (exit status 0)"))
    }

    @Test("a failed send exits 1, is journaled as a note that it was not sent, and adds no touch")
    func failedSend() throws {
        let desk = try desk()
        let failed = try BebackProcess.run(
            ["send", desk.lead, "--channel", "email", "--data", desk.path, "--rep", "ann", "--at", "2026-11-16 10:00"],
            environment: ["STUB_OUT": desk.out, "STUB_EXIT": "75"])
        #expect(failed.status == 1)
        #expect(failed.stdout.contains("not sent: "))
        #expect(failed.stdout.contains("exited with status 75"))
        let shown = try BebackProcess.run(["show", desk.lead, "--data", desk.path, "--rep", "ann", "--at", "2026-11-16 10:05"])
        #expect(shown.stdout.contains("touches 0"))
        #expect(shown.stdout.contains("email NOT sent (exit status 75)"))
        #expect(shown.stdout.contains("next: first phone Fri 13 Nov 19:59"))
    }

    @Test("an address on the do-not-contact list is never messaged")
    func doNotContact() throws {
        let desk = try desk()
        let other = try BebackProcess.run([
            "add", "--name", "Zoe B", "--email", "ZOE@example.com ", "--data", desk.path, "--rep", "ann", "--tz", "Europe/London",
            "--at", "2026-11-13 12:00", "--allow-duplicate"
        ])
        if other.status != 0 {
            // The desk refused the duplicate address: mark the first lead itself do-not-contact.
            let logged = try BebackProcess.run([
                "log", desk.lead, "--outcome", "do-not-contact", "--data", desk.path, "--rep", "ann", "--at", "2026-11-14 10:00"
            ])
            try #require(logged.status == 0, "\(logged.stderr)")
        } else {
            let otherLead = String(try #require(other.stdout.firstMatch(of: /saved lead (\w+)/)).1)
            let logged = try BebackProcess.run([
                "log", otherLead, "--outcome", "do-not-contact", "--data", desk.path, "--rep", "ann", "--at", "2026-11-14 10:00"
            ])
            try #require(logged.status == 0, "\(logged.stderr)")
        }
        let refused = try BebackProcess.run(
            ["send", desk.lead, "--channel", "email", "--data", desk.path, "--rep", "ann", "--at", "2026-11-16 10:00"],
            environment: ["STUB_OUT": desk.out])
        #expect(refused.status == 1)
        #expect(refused.stderr.contains("nothing is sent"), "\(refused.stderr)")
        #expect(!FileManager.default.fileExists(atPath: desk.out + ".stdin"))
    }

    @Test("--edit opens $EDITOR on the draft; what the rep wrote is what is sent")
    func editedEmail() throws {
        let desk = try desk()
        let editor = desk.folder.appendingPathComponent("editor")
        try Fixtures.writeExecutable("#!/bin/sh\necho 'PS: the showroom is open on Sunday.' >> \"$1\"\n", to: editor.path)
        let sent = try BebackProcess.run(
            ["send", desk.lead, "--channel", "email", "--edit", "--data", desk.path, "--rep", "ann", "--at", "2026-11-16 10:00"],
            environment: ["STUB_OUT": desk.out, "VISUAL": "", "EDITOR": editor.path])
        #expect(sent.status == 0, "\(sent.stderr)")
        #expect(try read(desk.out + ".stdin").hasSuffix("+44 20 7946 0999\nPS: the showroom is open on Sunday.\n"))
        let failing = desk.folder.appendingPathComponent("failing-editor")
        try Fixtures.writeExecutable("#!/bin/sh\nexit 1\n", to: failing.path)
        let abandoned = try BebackProcess.run(
            ["send", desk.lead, "--channel", "email", "--edit", "--data", desk.path, "--rep", "ann", "--at", "2026-11-16 10:10"],
            environment: ["STUB_OUT": desk.out + "2", "EDITOR": failing.path])
        #expect(abandoned.status == 1)
        #expect(abandoned.stderr.contains("the editor exited with status 1: nothing was sent"))
        #expect(!FileManager.default.fileExists(atPath: desk.out + "2.stdin"))
    }

    @Test("templates check: bundled ones sound; a broken desk override reported as FILE:LINE, exit 1")
    func templatesCheck() throws {
        let desk = try desk()
        let good = try BebackProcess.run(["templates", "check", "--data", desk.path])
        #expect(good.status == 0, "\(good.stdout)")
        #expect(good.stdout.hasSuffix("all 10 templates are sound\n"))
        let folder = URL(fileURLWithPath: desk.path).appendingPathComponent("templates")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try "# ours\nHello {frist_name}\n".write(to: folder.appendingPathComponent("follow-up.email"), atomically: true, encoding: .utf8)
        try "Hi {first_name}, {rep} here.\n".write(to: folder.appendingPathComponent("referral.text"), atomically: true, encoding: .utf8)
        let bad = try BebackProcess.run(["templates", "check", "--data", desk.path])
        #expect(bad.status == 1)
        let file = "\(desk.path)/templates/follow-up.email"
        #expect(bad.stdout.contains("\(file):2: an email template starts with a Subject: line"))
        #expect(bad.stdout.contains("referral.text          the desk's own, \(desk.path)/templates/referral.text"))
        #expect(bad.stdout.contains("follow-up.email        bundled"))
    }

    @Test("reached by email counts as contact made")
    func reachedByEmail() throws {
        let desk = try desk()
        let logged = try BebackProcess.run([
            "log", desk.lead, "--channel", "email", "--outcome", "reached", "--note", "replied: Tuesday suits", "--data", desk.path,
            "--rep", "ann", "--at", "2026-11-16 10:00"
        ])
        #expect(logged.status == 0, "\(logged.stderr)")
        let filled = try BebackProcess.run([
            "templates", "show", desk.lead, "--channel", "email", "--data", desk.path, "--rep", "ann", "--at", "2026-11-17 10:00"
        ])
        #expect(filled.stdout.contains("When we spoke on Mon 16 Nov we talked about oak kitchen."), "\(filled.stdout)\(filled.stderr)")
    }

    @Test("a real SMTP path: msmtp delivers the message to a loopback server; headers, UTF-8 body and address arrive")
    func throughMsmtp() throws {
        let desk = try desk()
        let server = try mailThroughMsmtp(desk)
        let sent = try BebackProcess.run(["send", desk.lead, "--channel", "email", "--data", desk.path, "--rep", "ann", "--at", "2026-11-16 10:00"])
        #expect(sent.status == 0, "\(sent.stdout)\(sent.stderr)")
        let received = try read(server.messagePath)
        #expect(try read(server.messagePath + ".rcpt") == "zoe@example.com")
        #expect(received.contains("To: =?UTF-8?B?Wm/DqyBCcm9udMOr?= <zoe@example.com>"))
        #expect(received.contains("From: Ann Shop <ann@shop.example>"))
        #expect(received.contains("Subject: Following up on oak kitchen"))
        #expect(received.contains("Content-Type: text/plain; charset=UTF-8"))
        #expect(received.contains("Hi Zoë,"))
        let shown = try BebackProcess.run(["show", desk.lead, "--data", desk.path, "--rep", "ann", "--at", "2026-11-16 10:05"])
        #expect(shown.stdout.contains("email  no answer  email sent by msmtp (exit status 0)"))
    }

    @Test(
        "M at the desk: the editor gets the email, the desk comes back, Send? y sends it through the stub, show has the touch",
        .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
    func composeAtDesk() throws {
        let desk = try desk()
        let editor = desk.folder.appendingPathComponent("editor")
        try Fixtures.writeExecutable("#!/bin/sh\necho 'Written at the desk.' >> \"$1\"\n", to: editor.path)
        let terminal = try Tmux(
            command:
                "env TZ=Europe/London LANG=C.UTF-8 VISUAL= EDITOR='\(editor.path)' STUB_OUT='\(desk.out)' '\(BebackProcess.binary)' --data '\(desk.path)' --rep ann --at '2026-11-16 10:00'",
            width: 120, height: 35)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Zoë Brontë") }
        try terminal.send("M")
        let asked = try terminal.waitFor("the send question, the desk back") { $0.contains("Send email") && $0.contains("y = send, Esc = no") }
        #expect(asked.contains("Beback · ann"))
        #expect(!FileManager.default.fileExists(atPath: desk.out + ".stdin"))
        try terminal.send("y")
        try terminal.waitFor("sent on the status line") { $0.contains("sent email to \(desk.lead)") }
        #expect(try read(desk.out + ".stdin").hasSuffix("Written at the desk.\n"))
        try terminal.send("q")
        let shown = try BebackProcess.run(["show", desk.lead, "--data", desk.path, "--rep", "ann", "--at", "2026-11-16 10:05"])
        #expect(shown.stdout.contains("email  no answer  email sent by stub-send (exit status 0)"))
        #expect(shown.stdout.contains("Written at the desk."))
    }

    @Test(
        "M at the desk through msmtp: the edited email reaches a loopback SMTP server, and show has the touch",
        .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
    func composeAtDeskThroughMsmtp() throws {
        let desk = try desk()
        let server = try mailThroughMsmtp(desk)
        let editor = desk.folder.appendingPathComponent("editor")
        try Fixtures.writeExecutable("#!/bin/sh\necho 'Written at the desk: ça marche.' >> \"$1\"\n", to: editor.path)
        let terminal = try Tmux(
            command:
                "env TZ=Europe/London LANG=C.UTF-8 VISUAL= EDITOR='\(editor.path)' '\(BebackProcess.binary)' --data '\(desk.path)' --rep ann --at '2026-11-16 10:00'",
            width: 120, height: 35)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Zoë Brontë") }
        try terminal.send("M")
        try terminal.waitFor("the send question") { $0.contains("Send email") && $0.contains("y = send, Esc = no") }
        #expect(!FileManager.default.fileExists(atPath: server.messagePath))
        try terminal.send("y")
        try terminal.waitFor("sent on the status line") { $0.contains("sent email to \(desk.lead)") }
        try terminal.send("q")
        let received = try read(server.messagePath)
        #expect(try read(server.messagePath + ".rcpt") == "zoe@example.com")
        #expect(received.contains("To: =?UTF-8?B?Wm/DqyBCcm9udMOr?= <zoe@example.com>"))
        #expect(received.contains("From: Ann Shop <ann@shop.example>"))
        #expect(received.contains("Subject: Following up on oak kitchen"))
        #expect(received.contains("Written at the desk: ça marche."), "\(received)")
        let shown = try BebackProcess.run(["show", desk.lead, "--data", desk.path, "--rep", "ann", "--at", "2026-11-16 10:05"])
        #expect(shown.stdout.contains("email  no answer  email sent by msmtp (exit status 0)"), "\(shown.stdout)")
        #expect(shown.stdout.contains("Written at the desk: ça marche."))
    }

    @Test(
        "M with an editor that is killed: the desk comes back, says nothing was sent, and sends nothing",
        .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
    func editorKilledAtDesk() throws {
        let desk = try desk()
        let editor = desk.folder.appendingPathComponent("editor")
        try Fixtures.writeExecutable("#!/bin/sh\nkill -KILL $$\n", to: editor.path)
        let terminal = try Tmux(
            command:
                "env TZ=Europe/London LANG=C.UTF-8 VISUAL= EDITOR='\(editor.path)' STUB_OUT='\(desk.out)' '\(BebackProcess.binary)' --data '\(desk.path)' --rep ann --at '2026-11-16 10:00'",
            width: 120, height: 35)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Zoë Brontë") }
        try terminal.send("M")
        let back = try terminal.waitFor("the desk back with the reason") { $0.contains("the editor was stopped by signal 9: nothing was sent") }
        #expect(back.contains("Beback · ann") && back.contains("Zoë Brontë"))
        try terminal.send("j")
        try terminal.send("?")
        try terminal.waitFor("the desk still answers keys: the help lists M") { $0.contains("email the lead (template in $EDITOR)") }
        #expect(!FileManager.default.fileExists(atPath: desk.out + ".stdin"))
    }
}
