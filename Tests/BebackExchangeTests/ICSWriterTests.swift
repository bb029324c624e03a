import BebackDomain
import BebackExchange
import BebackTestSupport
import Foundation
import Testing

@Suite("Follow-ups as an iCalendar file (RFC 5545)")
struct ICSWriterTests {
    let stamp = Fixtures.at("2026-11-23 12:00", "UTC")

    func desk() throws -> DeskState {
        var desk = DeskHarness()
        let a = try desk.capture(
            Fixtures.profile(name: "Zoë Ångström; \"Ltd\", \\ δοκιμή 😀 with a very long name that will need folding"), at: ExchangeFixtures.now)
        let b = try desk.capture(
            Fixtures.profile(name: "\u{1B}]0;pwned\u{07}Evil\u{1B}[2J", email: "evil@example.com", phones: ["+1 555 0666"]), at: ExchangeFixtures.now)
        let appointment = Fixtures.at("2026-11-26 15:00", "Europe/London")
        try desk.record(OutcomeRequest(lead: a, outcome: .appointment, details: OutcomeDetails(appointmentAt: appointment)), at: ExchangeFixtures.now)
        _ = b
        return desk.state
    }

    @Test("TEXT escaping: backslash, semicolon, comma and line breaks; control characters made visible")
    func escaping() {
        #expect(ICSText.escape("a\\b;c,d\ne\r\nf") == "a\\\\b\\;c\\,d\\ne\\nf")
        #expect(ICSText.escape("\u{1B}[2J") == "^[[2J")
    }

    @Test(
        "lines fold at 75 octets with CRLF and a space, never inside a UTF-8 sequence",
        arguments: [
            String(repeating: "a", count: 200), String(repeating: "é", count: 100), String(repeating: "😀", count: 60),
            "SUMMARY:" + String(repeating: "δ😀a", count: 40)
        ])
    func folding(line: String) throws {
        let folded = ICSText.fold(line)
        #expect(folded.hasSuffix("\r\n"))
        let physical = String(decoding: folded.utf8.dropLast(2), as: UTF8.self).components(separatedBy: "\r\n")
        for (index, part) in physical.enumerated() {
            #expect(part.utf8.count <= 75)
            #expect(index == 0 || part.hasPrefix(" "))
            #expect(String(validating: Array(part.utf8), as: UTF8.self) != nil)
        }
        #expect(physical.enumerated().map { $0.offset == 0 ? $0.element : String($0.element.dropFirst()) }.joined() == line)
    }

    @Test("the file: CRLF only, UTC times, one event per lead's follow-up, an appointment an hour long")
    func calendar() throws {
        let state = try desk()
        let text = ICSWriter(calendarName: "Beback follow-ups (ann)").write(FollowUpCalendar.events(for: Array(state.leads.values)), stamp: stamp)
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\n"))
        #expect(!text.replacingOccurrences(of: "\r\n", with: "").contains("\r"))
        #expect(text.components(separatedBy: "\r\n").allSatisfy { $0.utf8.count <= 75 })
        #expect(!text.contains("\u{1B}"))
        #expect(text.contains("DTSTART:20261126T150000Z\r\nDTEND:20261126T160000Z\r\n"))
        #expect(text.contains("DTSTAMP:20261123T120000Z"))
        #expect(text.components(separatedBy: "BEGIN:VEVENT").count == 3)
    }

    @Test("a real parser (python icalendar) reads every event back: names, times, UIDs")
    func realParser() throws {
        let state = try desk()
        let url = Fixtures.temporaryFolder().appendingPathComponent("ann.ics")
        try Data(ICSWriter(calendarName: "Beback (ann)").write(FollowUpCalendar.events(for: Array(state.leads.values)), stamp: stamp).utf8).write(to: url)
        let calendar = try ICalendarCheck.parse(url.path)
        #expect(calendar.version == "2.0")
        #expect(calendar.name == "Beback (ann)")
        #expect(calendar.errors.isEmpty)
        #expect(calendar.events.count == 2)
        let appointment = try #require(calendar.events.first { $0.summary.hasPrefix("Appointment:") })
        #expect(appointment.summary == "Appointment: Zoë Ångström; \"Ltd\", \\ δοκιμή 😀 with a very long name that will need folding (Raman Interiors)")
        #expect(appointment.start == "2026-11-26T15:00:00+00:00")
        #expect(appointment.end == "2026-11-26T16:00:00+00:00")
        #expect(appointment.stamp == "2026-11-23T12:00:00+00:00")
        #expect(appointment.description.contains("\n"))
        let evil = try #require(calendar.events.first { $0.summary.contains("Evil") })
        #expect(evil.summary == "Call ^[]0;pwned^GEvil^[[2J (Raman Interiors)")
        #expect(calendar.events.allSatisfy { $0.errors.isEmpty && $0.status == "CONFIRMED" })
        #expect(Set(calendar.events.map(\.uid)) == Set(state.leads.ids.map(FollowUpCalendar.uid)))
    }

    @Test("UIDs are stable: a later export of a moved follow-up keeps the UID and raises SEQUENCE; an ended plan is cancelled")
    func stableUIDs() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: ExchangeFixtures.now)
        let before = try #require(FollowUpCalendar.events(for: [desk.lead(lead)]).first)
        try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail), at: Fixtures.at("2026-11-24 10:45", "Europe/London"))
        let after = try #require(FollowUpCalendar.events(for: [desk.lead(lead)]).first)
        #expect(after.uid == before.uid)
        #expect(after.sequence > before.sequence)
        #expect(after.start != before.start)
        try desk.record(OutcomeRequest(lead: lead, outcome: .doNotContact), at: Fixtures.at("2026-11-25 10:45", "Europe/London"))
        let ended = try #require(FollowUpCalendar.events(for: [desk.lead(lead)]).first)
        #expect(ended.uid == before.uid)
        #expect(ended.status == .cancelled)
        #expect(ended.sequence > after.sequence)
        #expect(FollowUpCalendar.events(for: [desk.lead(lead)]) == FollowUpCalendar.events(for: [desk.lead(lead)]))
    }
}
