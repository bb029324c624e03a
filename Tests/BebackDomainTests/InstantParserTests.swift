import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Reading the times people type")
struct InstantParserTests {
    let zone = TimeZone(identifier: "Europe/London")!
    let now = Fixtures.at("2026-11-23 10:42", "Europe/London")

    @Test(
        "absolute local times, UTC and offsets",
        arguments: [
            ("2026-11-25 15:00", "2026-11-25 15:00"),
            ("2026-11-25T15:00", "2026-11-25 15:00"),
            ("2026-11-25", "2026-11-25 00:00"),
            ("2026-11-25T15:00:00Z", "2026-11-25 15:00"),
            ("2026-11-25 16:00+01:00", "2026-11-25 15:00"),
            ("tomorrow 09:30", "2026-11-24 09:30"),
            ("today 15:00", "2026-11-23 15:00"),
            ("+2d", "2026-11-25 10:42"),
            ("+3h", "2026-11-23 13:42")
        ])
    func parses(text: String, expected: String) throws {
        let date = try #require(InstantParser(timeZone: zone, now: now).parse(text))
        #expect(String(Fixtures.local(date, "Europe/London").prefix(16)) == expected)
    }

    @Test("impossible dates and nonsense are refused", arguments: ["2026-02-30 10:00", "2026-13-01", "25:00", "tomorrow 24:00", "soon", "+xd", ""])
    func refuses(text: String) {
        #expect(InstantParser(timeZone: zone, now: now).parse(text) == nil)
    }
}
