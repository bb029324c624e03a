@testable import BebackCLI
import BebackDomain
import BebackExchange
import BebackStore
import BebackCells
import BebackTerminal
import BebackTestSupport
import Foundation
import Synchronization
import Testing

/// A clock the test moves forward.
final class SteppingClock: Clock {
    private let instant: Mutex<Date>
    init(_ start: Date) { instant = Mutex(start) }
    var now: Date { instant.withLock { $0 } }
    func advance(_ seconds: TimeInterval) { instant.withLock { $0 = $0.addingTimeInterval(seconds) } }
}

@Suite("The dial command runs a stub script that records its arguments")
struct DialerTests {
    /// A shell script that appends each argument on its own line to `log`, and prints to stdout and stderr
    /// (which must go nowhere near the desk's screen).
    func stub(exitStatus: Int = 0) throws -> (script: String, log: String) {
        let folder = Fixtures.temporaryFolder("dial")
        let log = folder.appendingPathComponent("args.log").path
        let script = folder.appendingPathComponent("fake phone").path
        let text = "#!/bin/sh\nfor a in \"$@\"; do printf '%s\\n' \"$a\" >> '\(log)'; done\necho noise\necho more noise >&2\nexit \(exitStatus)\n"
        try Fixtures.writeExecutable(text, to: script)
        return (script, log)
    }

    func waitForFile(_ path: String, lines: Int) throws -> [String] {
        let deadline = Date().addingTimeInterval(10)
        while Date() < deadline {
            if let text = try? String(contentsOfFile: path, encoding: .utf8) {
                let found = text.split(separator: "\n", omittingEmptySubsequences: false).dropLast().map(String.init)
                if found.count >= lines { return found }
            }
            usleep(20_000)
        }
        throw CLIError("\(path) never got \(lines) lines")
    }

    @Test("the argv from the template, the number as digits and a tel: URI, each word one argument; no shell")
    func arguments() throws {
        let (script, log) = try stub()
        let dialer = Dialer(command: try DialCommand(template: "'\(script)' --call {tel} --raw {number} '$(touch /tmp/x)'"))
        try dialer.dial("+44 (20) 7946-0003; rm -rf ~")
        #expect(dialer.waitForAll().isEmpty)
        #expect(try waitForFile(log, lines: 5) == ["--call", "tel:+442079460003", "--raw", "+442079460003", "$(touch /tmp/x)"])
    }

    @Test("a command that fails is reported; one that cannot start throws a message naming desk.conf")
    func failures() throws {
        let (script, _) = try stub(exitStatus: 3)
        let failing = Dialer(command: try DialCommand(template: "'\(script)'"))
        try failing.dial("555 0100")
        #expect(failing.waitForAll() == ["'\(script)' exited with status 3"])
        let missing = Dialer(command: try DialCommand(template: "/nonexistent/softphone {tel}"))
        #expect {
            try missing.dial("555 0100")
        } throws: { error in
            "\(error)".contains("desk.conf") || missing.waitForAll().contains { $0.contains("not found") }
        }
    }

    @Test("desk.conf's dial command is checked when the desk opens: an unclosed quote is reported with its file and line")
    func badTemplate() throws {
        let folder = Fixtures.temporaryFolder("dial-conf")
        try "[reps]\nann = rep\n\n[dial]\ncommand = softphone 'tel:{number}\n".write(
            to: folder.appendingPathComponent("desk.conf"), atomically: true, encoding: .utf8)
        #expect {
            try DeskConfigFile.load(DeskFolder(folder))
        } throws: { error in
            "\(error)" == "\(folder.appendingPathComponent("desk.conf").path):5: dial command: unclosed quote in 'softphone 'tel:{number}'"
        }
        try "[reps]\nann = rep\n\n[dial]\ncommand = softphone {tel}\n".write(to: folder.appendingPathComponent("desk.conf"), atomically: true, encoding: .utf8)
        #expect(try DeskConfigFile.load(DeskFolder(folder)).dialCommand == "softphone {tel}")
    }

    @Test("at the desk: d dials the selected lead through desk.conf's command, the outcome keeps the call's length and number")
    func deskDialsAndTimes() throws {
        let (script, log) = try stub()
        let zone = "Europe/London"
        let clock = SteppingClock(Fixtures.at("2026-11-23 10:42", zone))
        let store = InMemoryEventStore()
        var harness = DeskHarness()
        let lead = try harness.capture(Fixtures.profile(name: "Priya Raman", phones: ["+44 20 7946 0003"]), at: Fixtures.at("2026-11-20 10:00", zone))
        _ = try store.append(harness.events, to: .rep("ann"))
        let session = try DeskSession(store: store, rep: "ann", clock: clock, deskTimeZone: TimeZone(identifier: zone)!, idSeed: 7)
        session.config = DeskConfig(members: [TeamMember(name: "ann", role: .rep)])
        session.config.dialCommand = "'\(script)' {tel}"
        let app = DeskApp(session: session)
        app.open()
        #expect(app.model.selectedLead == lead)

        app.handle(.character("d"))
        #expect(try waitForFile(log, lines: 1) == ["tel:+442079460003"])
        #expect(app.model.status.contains("dialling +44 20 7946 0003"), "\(app.model.status)")
        clock.advance(192)
        app.handle(.character("3"))
        app.handle(.enter)
        #expect(app.model.status.contains("saved: no answer") && app.model.status.contains("call 3m12s"), "\(app.model.status)")
        let touch = try #require(session.state.leads[lead]?.touches.last?.touch)
        #expect(touch.durationSeconds == 192)
        #expect(touch.number == "+44 20 7946 0003")
        #expect(app.model.call == nil)
    }
}
