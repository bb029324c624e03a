@testable import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Dates as people say them")
struct HumanTimeTests {
    @Test("day, clock and relative days in the lead's zone")
    func formats() {
        let time = HumanTime(timeZone: TimeZone(identifier: "Europe/London")!, now: Fixtures.at("2026-11-23 10:42", "Europe/London"))
        let spoke = Fixtures.at("2026-11-14 15:00", "Europe/London")
        let now = Fixtures.at("2026-11-23 10:42", "Europe/London")
        #expect(time.dayAndRelative(spoke, now: now) == "Sat 14 Nov, 9 days ago")
        #expect(time.clock(spoke) == "15:00")
        #expect(time.relative(now, now: now) == "today")
        #expect(time.relative(now.addingTimeInterval(86_400), now: now) == "tomorrow")
        #expect(time.iso(spoke) == "2026-11-14 15:00")
    }

    @Test("a day in another year than now shows its year, this year's does not")
    func otherYears() {
        let now = Fixtures.at("2026-11-23 10:42", "Europe/London")
        let time = HumanTime(timeZone: TimeZone(identifier: "Europe/London")!, now: now)
        #expect(time.day(Fixtures.at("2026-01-02 10:00", "Europe/London")) == "Fri 2 Jan")
        #expect(time.day(Fixtures.at("3000-01-01 10:00", "Europe/London")) == "Wed 1 Jan 3000")
        #expect(time.dayAndClock(Fixtures.at("2025-12-31 09:00", "Europe/London")) == "Wed 31 Dec 2025 09:00")
        #expect(time.dayAndRelative(Fixtures.at("1900-01-01 10:00", "Europe/London"), now: now).hasPrefix("Mon 1 Jan 1900, "))
    }

    @Test("appendISO writes the bytes iso spells, years below 1000 and past 9999 too", arguments: ["Europe/London", "Asia/Kathmandu", "America/St_Johns"])
    func appendISOMatchesISO(zone: String) throws {
        let time = HumanTime(timeZone: try #require(TimeZone(identifier: zone)))
        var seed: UInt64 = 5
        var dates = [Date(timeIntervalSince1970: -60_000_000_000), Date(timeIntervalSince1970: 300_000_000_000)]
        for _ in 0..<300 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            dates.append(Date(timeIntervalSince1970: -2_000_000_000 + Double(seed >> 32)))
        }
        for date in dates {
            var bytes: [UInt8] = Array("x".utf8)
            time.appendISO(date, to: &bytes)
            let local = LocalTime(date, in: time.calendar.timeZone)
            let expected = String(format: "%04d-%02d-%02d %02d:%02d", local.year, local.month, local.day, local.hour, local.minute)
            #expect(String(decoding: bytes, as: UTF8.self) == "x" + expected, "\(date)")
            #expect(time.iso(date) == expected)
        }
        #expect(time.iso(Date(timeIntervalSince1970: -60_000_000_000)).hasPrefix("0068-"))
    }
}

@Suite("Local wall-clock fields without the calendar")
struct LocalTimeTests {
    @Test(
        "the fields equal Calendar's, across DST changes and year ends",
        arguments: ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "Pacific/Chatham", "UTC"])
    func matchesCalendar(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var seed: UInt64 = 11
        for index in 0..<600 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            // Instants from 1960 to 2028, then every half hour across the end of March 2026.
            let instant = index < 500 ? -315_619_200 + Double(seed >> 33) : 1_774_746_000 + Double(index - 500) * 1_800
            let date = Date(timeIntervalSince1970: instant)
            let parts = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: date)
            let local = LocalTime(date, in: timeZone)
            #expect(
                [local.year, local.month, local.day, local.hour, local.minute, local.second, local.weekday]
                    == [parts.year, parts.month, parts.day, parts.hour, parts.minute, parts.second, parts.weekday].map { $0 ?? -1 }, "\(date)")
        }
    }
}
