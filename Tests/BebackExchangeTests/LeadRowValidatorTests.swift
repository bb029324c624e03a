import BebackDomain
import BebackExchange
import BebackTestSupport
import Foundation
import Testing

@Suite("Each record is checked, and a bad one says why")
struct LeadRowValidatorTests {
    func raw(_ values: [ImportField: String], line: Int = 2, extra: Int = 0) -> RawLead {
        RawLead(
            line: line, values: values.mapValues { [$0] }, cells: Array(values.values) + Array(repeating: "x", count: extra), extraCells: extra,
            expectedCells: values.count)
    }

    func reason(_ values: [ImportField: String], extra: Int = 0) -> String? {
        var validator = ExchangeFixtures.validator()
        if case .failure(let rejection) = validator.validate(raw(values, extra: extra)) { return rejection.reason }
        return nil
    }

    @Test(
        "bad records and their reasons",
        arguments: [
            ([ImportField.name: "No Contact"], "no phone or email to reach them"),
            ([.name: "X", .phone: "n/a"], "phone 'n/a' has too few digits (at least 4), and there is no email to reach them"),
            ([.name: "X", .phone: "12"], "phone '12' has too few digits (at least 4), and there is no email to reach them"),
            ([.name: "X", .email: "not-an-address"], "email 'not-an-address' is not an email address"),
            ([.phone: "+1 555 0100"], "no name (give a name, first-name, last-name or company column)"),
            ([.name: "X", .phone: "5550001", .followUp: "2026-02-30"], "impossible date '2026-02-30' in follow-up"),
            ([.name: "X", .phone: "5550001", .followUp: "31.11.2026"], "impossible date '31.11.2026' in follow-up"),
            ([.name: "X", .phone: "5550001", .followUp: "2026-11-24 25:00"], "impossible date '2026-11-24 25:00' in follow-up"),
            ([.name: "X", .phone: "5550001", .followUp: "03/04/2026"], "ambiguous date '03/04/2026' in follow-up: write it as 2026-04-03 or 2026-03-04"),
            ([.name: "X", .phone: "5550001", .followUp: "next week"], "cannot read 'next week' as a date in follow-up (write 2026-11-24 or 2026-11-24 15:00)"),
            (
                [.name: "X", .phone: "5550001", .owner: "Ann Smith"],
                "owner 'Ann Smith' is not a rep name (letters, digits, '-', '_', '.'; at most 32): fix it, or --map the column to ignore"
            ),
            ([.name: "X", .phone: "5550001", .timeZone: "Mars/Olympus"], "unknown time zone 'Mars/Olympus' (use a name such as Europe/London)"),
            ([.name: "X", .phone: "5550001", .cycleDays: "soon"], "cycle-days 'soon' is not a number of days from 1 to 3650"),
            ([.name: "X", .phone: "5550001", .bestTime: "dawn"], "best-time 'dawn' is not anytime, morning, afternoon or evening")
        ])
    func rejects(values: [ImportField: String], expected: String) {
        #expect(reason(values) == expected)
    }

    @Test("a field over 1000 characters is refused; 1000 is fine")
    func overLong() {
        #expect(reason([.name: "X", .phone: "5550001", .notes: String(repeating: "a", count: 1001)]) == "notes is 1001 characters long (at most 1000)")
        #expect(reason([.name: String(repeating: "b", count: 1000), .phone: "5550001"]) == nil)
    }

    @Test("more cells than the header has columns is a stray delimiter or quote")
    func extraCells() {
        #expect(reason([.name: "X", .phone: "5550001"], extra: 1)?.hasPrefix("3 cells but the header has 2 columns") == true)
    }

    @Test("a good record: names joined, phones labelled and deduplicated, source and dates read")
    func goodRecord() throws {
        var validator = ExchangeFixtures.validator()
        let record = RawLead(
            line: 9,
            values: [
                .firstName: ["Priya"], .lastName: ["Raman"], .phone: ["+44 20 7946 0003"], .mobile: ["+44 7700 900123"],
                .otherPhones: ["0044 20 7946 0003; +44 1632 960001"], .email: ["priya@example.com"], .source: ["Web Form"],
                .followUp: ["24/11/2026 15:30"], .followUpPurpose: ["send the quote"], .timeZone: ["Europe/London"], .status: ["Working"]
            ], cells: [])
        let draft = try validator.validate(record).get()
        #expect(draft.profile.name == "Priya Raman")
        #expect(draft.profile.contact.phones.map(\.number) == ["+44 7700 900123", "+44 20 7946 0003", "+44 1632 960001"])
        #expect(draft.profile.contact.phones.map(\.label) == ["mobile", "phone", "other"])
        #expect(draft.profile.source == .website)
        #expect(draft.profile.owner == "ann")
        #expect(draft.followUp?.due == Fixtures.at("2026-11-24 15:30", "Europe/London"))
        #expect(draft.followUp?.kind == .manual)
        #expect(draft.followUp?.purpose == "send the quote")
        #expect(draft.allNotes == ["imported with status: Working"])
    }

    @Test(
        "dates in the shapes spreadsheets write",
        arguments: [
            ("2026-11-24", "2026-11-24 09:00"), ("2026-11-24 15:00", "2026-11-24 15:00"), ("2026/11/24", "2026-11-24 09:00"),
            ("24.11.2026 10:15", "2026-11-24 10:15"), ("11/24/2026", "2026-11-24 09:00"), ("24/11/2026", "2026-11-24 09:00"),
            ("2026-11-24T10:00:00Z", "2026-11-24 10:00")
        ])
    func dates(text: String, local: String) throws {
        let parser = ImportDateParser(timeZone: TimeZone(identifier: "UTC")!, now: ExchangeFixtures.now)
        #expect(try parser.parse(text, field: "follow-up").get() == Fixtures.at(local, "UTC"))
    }

    @Test("CRM words for sources, channels and statuses")
    func vocabulary() {
        #expect(ValueVocabulary.source("Trade Show") == .networking)
        #expect(ValueVocabulary.source("walk-in") == .walkIn)
        #expect(ValueVocabulary.source("Partner Referral") == .referral)
        #expect(ValueVocabulary.source("Carrier pigeon") == .other)
        #expect(ValueVocabulary.channel("E-mail") == .email)
        #expect(ValueVocabulary.channel("SMS") == .text)
        #expect(ValueVocabulary.meansDoNotContact("Do Not Contact"))
        #expect(ValueVocabulary.meansDoNotContact("DNC"))
        #expect(!ValueVocabulary.meansDoNotContact("Working"))
    }
}
