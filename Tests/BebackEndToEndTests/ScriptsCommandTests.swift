import BebackTestSupport
import Foundation
import Testing

/// `beback scripts check` and `beback scripts show`, run as a user would.
@Suite("beback scripts, end to end")
struct ScriptsCommandTests {
    /// A desk with Priya, who agreed a callback on the phone three days after her visit.
    func deskWithAgreement() throws -> (path: String, lead: String) {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        try #require(try BebackProcess.run(["init", "--data", path]).status == 0)
        let added = try BebackProcess.run([
            "add", "--name", "Priya Raman", "--phone", "+44 20 7946 0003", "--wants", "oak kitchen", "--data", path,
            "--rep", "ann", "--tz", "Europe/London", "--at", "2026-11-13 11:00"
        ])
        try #require(added.status == 0, "\(added.stderr)")
        let lead = try #require(added.stdout.firstMatch(of: /saved lead (\w+)/)).1
        let logged = try BebackProcess.run([
            "log", String(lead), "--outcome", "reached", "--note", "quote sent", "--callback-at", "2026-11-23 15:00",
            "--subject", "going through the oak quote", "--customer-will", "measure the alcove with Tom",
            "--data", path, "--rep", "ann", "--at", "2026-11-16 10:00"
        ])
        try #require(logged.status == 0, "\(logged.stderr)")
        return (path, String(lead))
    }

    func write(_ text: String, to name: String, in desk: String) throws {
        let folder = URL(fileURLWithPath: desk).appendingPathComponent("scripts")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try text.write(to: folder.appendingPathComponent(name), atomically: true, encoding: .utf8)
    }

    @Test("check on a desk without its own scripts: every variant bundled and sound, exit 0")
    func checkGood() throws {
        let (path, _) = try deskWithAgreement()
        let result = try BebackProcess.run(["scripts", "check", "--data", path])
        #expect(result.status == 0, "\(result.stdout)\(result.stderr)")
        #expect(result.stdout.contains("follow-up            bundled"))
        #expect(result.stdout.contains("no \(path)/scripts folder: the desk uses the bundled scripts"))
        #expect(result.stdout.hasSuffix("all 6 call scripts are sound\n"))
    }

    @Test("check on a desk with a broken script: each problem as FILE:LINE, the sound override listed, exit 1")
    func checkBroken() throws {
        let (path, _) = try deskWithAgreement()
        try write("[prep]\nRing {number}.\n[message]\nHello {first_name}.\n", to: "voicemail.script", in: path)
        try write("# ours\n[prep]\nHi {frist_name}.\n[opening]\nHello\n[question\n", to: "follow-up.script", in: path)
        let result = try BebackProcess.run(["scripts", "check", "--data", path])
        #expect(result.status == 1)
        let file = "\(path)/scripts/follow-up.script"
        #expect(result.stdout.contains("voicemail            the desk's own, \(path)/scripts/voicemail.script"))
        #expect(result.stdout.contains("follow-up            bundled"))
        #expect(result.stdout.contains("\(file):2: [prep] has no lines to show\n"))
        #expect(result.stdout.contains("\(file):3: unknown placeholder {frist_name} (did you mean {first_name}?)\n"))
        #expect(result.stdout.contains("\(file):6: malformed section header '[question': missing ]\n"))
        #expect(result.stdout.contains("\(file): missing section [close]"))
        #expect(result.stdout.contains("problems in 1 file; a desk file with problems is set aside and the bundled one is used"))
    }

    @Test("check on a folder that is not there fails with one line")
    func checkNoDesk() throws {
        let result = try BebackProcess.run(["scripts", "check", "--data", "/nonexistent/desk"])
        #expect(result.status == 1)
        #expect(result.stderr == "beback: no desk folder at /nonexistent/desk (--data names it)\n")
    }

    @Test("show prints the lead's script from its own history; a desk override changes it without a rebuild")
    func show() throws {
        let (path, lead) = try deskWithAgreement()
        let shown = try BebackProcess.run(["scripts", "show", lead, "--data", path, "--rep", "ann", "--at", "2026-11-23 10:42"])
        #expect(shown.status == 0, "\(shown.stderr)")
        #expect(shown.stdout.hasPrefix("Call script · follow-up · Priya Raman (\(lead))\n"))
        #expect(shown.stdout.contains("  Agreed on Mon 16 Nov: call Mon 23 Nov 15:00 about going through the oak quote.\n"))
        #expect(shown.stdout.contains("  They were going to measure the alcove with Tom.\n"))
        #expect(shown.stdout.contains("  We last spoke on Mon 16 Nov, 7 days ago.\n"))
        #expect(shown.stdout.contains("  w  The other decider was not involved [other-decider]\n"))
        #expect(shown.stdout.contains("  Next call: going through the oak quote; on +44 20 7946 0003\n"))

        let branch = try BebackProcess.run(["scripts", "show", lead, "--branch", "nothing-moved", "--data", path, "--rep", "ann", "--at", "2026-11-23 10:42"])
        #expect(branch.stdout.contains("[nothing-moved]"))
        #expect(!branch.stdout.contains("[other-decider]"))
        #expect(branch.stdout.contains("  Next call: the one step that moves oak kitchen forward; on +44 20 7946 0003\n"))

        try write(
            "[prep]\nRing {number} about {agreed_subject}.\n[message]\nHello {first_name}, {rep} here, from this desk's own script.\n",
            to: "voicemail.script", in: path)
        let voicemail = try BebackProcess.run(["scripts", "show", lead, "--variant", "voicemail", "--data", path, "--rep", "ann", "--at", "2026-11-23 10:42"])
        #expect(
            voicemail.stdout == """
                Call script · voicemail · Priya Raman (\(lead))

                Before you dial
                  Ring +44 20 7946 0003 about going through the oak quote.

                1 The message
                  Hello Priya, Ann here, from this desk's own script.

                """)
    }

    @Test("show refuses an unknown variant, branch or lead with one line")
    func showErrors() throws {
        let (path, lead) = try deskWithAgreement()
        let variant = try BebackProcess.run(["scripts", "show", lead, "--variant", "cold-call", "--data", path])
        #expect(variant.status == 1)
        #expect(
            variant.stderr
                == "beback: --variant: 'cold-call' is not a script variant (follow-up, first-after-walkout, long-term, satisfaction, voicemail, customer-voicemail)\n"
        )
        let branch = try BebackProcess.run(["scripts", "show", lead, "--variant", "satisfaction", "--branch", "other-decider", "--data", path])
        #expect(branch.stderr == "beback: --branch: the satisfaction script has no [advance:other-decider] section\n")
        let missing = try BebackProcess.run(["scripts", "show", "zzzzz", "--data", path])
        #expect(missing.stderr == "beback: no lead with id 'zzzzz' on this desk\n")
    }
}
