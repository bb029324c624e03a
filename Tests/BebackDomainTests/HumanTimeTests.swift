import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Dates as people say them")
struct HumanTimeTests {
    @Test("day, clock and relative days in the lead's zone")
    func formats() {
        let time = HumanTime(timeZone: TimeZone(identifier: "Europe/London")!)
        let spoke = Fixtures.at("2026-11-14 15:00", "Europe/London")
        let now = Fixtures.at("2026-11-23 10:42", "Europe/London")
        #expect(time.dayAndRelative(spoke, now: now) == "Sat 14 Nov, 9 days ago")
        #expect(time.clock(spoke) == "15:00")
        #expect(time.relative(now, now: now) == "today")
        #expect(time.relative(now.addingTimeInterval(86_400), now: now) == "tomorrow")
        #expect(time.iso(spoke) == "2026-11-14 15:00")
    }
}
