import BebackCells
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

@testable import BebackCLI

@Suite("the desk's compose keys (M email, T text), in process")
struct DeskComposeTests {
    @Test("M with an editor that fails leaves nothing sent and says why; with no [mail] command it says so")
    func composeRefusals() throws {
        let zone = "Europe/London"
        let store = InMemoryEventStore()
        var harness = DeskHarness()
        var profile = Fixtures.profile(name: "Priya Raman")
        profile.contact.email = "priya@example.com"
        let lead = try harness.capture(profile, at: Fixtures.at("2026-11-20 10:00", zone))
        _ = try store.append(harness.events, to: .rep("ann"))
        let session = try DeskSession(
            store: store, rep: "ann", clock: FixedClock(Fixtures.at("2026-11-23 10:42", zone)),
            deskTimeZone: TimeZone(identifier: zone)!, idSeed: 7)
        session.config = DeskConfig(members: [TeamMember(name: "ann", role: .rep)])
        let app = DeskApp(session: session)
        app.open()
        #expect(app.model.selectedLead == lead)
        app.handle(.character("M"))
        #expect(app.model.status.contains("desk.conf has no [mail] command"), "\(app.model.status)")
    }

    @Test("T composes a text in a one-line form with its SMS count; Enter asks Send?, y sends it through the gateway stub")
    func composeText() throws {
        let zone = "Europe/London"
        let store = InMemoryEventStore()
        var harness = DeskHarness()
        let lead = try harness.capture(Fixtures.profile(name: "Priya Raman"), at: Fixtures.at("2026-11-20 10:00", zone))
        _ = try store.append(harness.events, to: .rep("ann"))
        let session = try DeskSession(
            store: store, rep: "ann", clock: FixedClock(Fixtures.at("2026-11-23 10:42", zone)),
            deskTimeZone: TimeZone(identifier: zone)!, idSeed: 7)
        let folder = Fixtures.temporaryFolder()
        let stub = folder.appendingPathComponent("gateway").path
        let out = folder.appendingPathComponent("sent").path
        try Fixtures.writeExecutable("#!/bin/sh\nprintf '%s\\n' \"$@\" > '\(out).argv'\ncat > '\(out)'\n", to: stub)
        var config = DeskConfig(members: [TeamMember(name: "ann", role: .rep)])
        config.messaging["text.command"] = DeskConfig.Setting(value: "\(stub) {tel}", line: 1)
        session.config = config
        let app = DeskApp(session: session)
        app.open()
        app.handle(.character("T"))
        guard case .form(let form) = app.model.mode else {
            Issue.record("no text form: \(app.model.status)")
            return
        }
        #expect(form.title == "Text · Priya Raman")
        let filled = form.value(.text)
        #expect(filled.hasPrefix("Hi Priya, it's Ann."))
        #expect(form.fields[0].hint == TextSegments(filled).label)
        for character in " 👋" { app.handle(.character(character)) }
        guard case .form(let edited) = app.model.mode else {
            Issue.record("the form closed")
            return
        }
        #expect(edited.fields[0].hint.hasSuffix("(Unicode)"))
        app.handle(.enter)
        #expect(app.model.status.hasPrefix("Send text ("), "\(app.model.status)")
        #expect(!FileManager.default.fileExists(atPath: out))
        app.handle(.character("y"))
        #expect(app.model.status.contains("sent text to \(lead)"), "\(app.model.status)")
        #expect(try String(contentsOfFile: out, encoding: .utf8) == filled + " 👋\n")
        #expect(
            try String(contentsOfFile: out + ".argv", encoding: .utf8)
                == "tel:\(Fixtures.profile(name: "x").contact.phones[0].number.filter { $0.isNumber || $0 == "+" })\n")
        #expect(session.state.leads[lead]?.touches.last?.touch.channel == .text)
    }
}
