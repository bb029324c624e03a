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

    func warnings(_ values: [ImportField: String]) -> [String]? {
        var validator = ExchangeFixtures.validator()
        if case .success(let draft) = validator.validate(raw(values)) { return draft.warnings }
        return nil
    }

    @Test(
        "records with no way to reach the person, or no name, are rejected with the reason",
        arguments: [
            ([ImportField.name: "No Contact"], "no phone or email to reach them"),
            ([.name: "X", .phone: "n/a"], "phone 'n/a' has 0 digits (at least 4), and there is no email to reach them"),
            ([.name: "X", .phone: "12"], "phone '12' has 2 digits (at least 4), and there is no email to reach them"),
            (
                [.name: "X", .phone: "4,36641E+11"],
                "phone '4,36641E+11' is in a spreadsheet's scientific notation (its last digits are lost; format the column as text and export again), and there is no email to reach them"
            ),
            ([.name: "X", .email: "not-an-address"], "email 'not-an-address' is not an email address, and there is no phone to reach them"),
            ([.phone: "+1 555 0100"], "no name (give a name, first-name, last-name or company column)")
        ])
    func rejects(values: [ImportField: String], expected: String) {
        #expect(reason(values) == expected)
    }

    @Test(
        "a bad optional field keeps the record: the field is left out with a warning",
        arguments: [
            (
                [ImportField.name: "X", .phone: "5550001", .followUp: "2026-02-30"],
                "impossible date '2026-02-30' in follow-up: the cadence's first follow-up is kept"
            ),
            ([.name: "X", .phone: "5550001", .followUp: "31.11.2026"], "impossible date '31.11.2026' in follow-up: the cadence's first follow-up is kept"),
            (
                [.name: "X", .phone: "5550001", .followUp: "2026-11-24 25:00"],
                "impossible date '2026-11-24 25:00' in follow-up: the cadence's first follow-up is kept"
            ),
            (
                [.name: "X", .phone: "5550001", .followUp: "03/04/2026"],
                "ambiguous date '03/04/2026' in follow-up: write it as 2026-04-03 or 2026-03-04: the cadence's first follow-up is kept"
            ),
            (
                [.name: "X", .phone: "5550001", .owner: "Ann Smith"],
                "owner 'Ann Smith' is not a rep on this desk: given to ann (--owner-map 'Ann Smith=REP' or aka= in desk.conf places it)"
            ),
            ([.name: "X", .phone: "5550001", .timeZone: "Mars/Olympus"], "time zone 'Mars/Olympus' is not a zone name (such as Europe/London)"),
            ([.name: "X", .phone: "5550001", .cycleDays: "soon"], "cycle-days 'soon' is not a number of days from 1 to 3650"),
            ([.name: "X", .phone: "5550001", .bestTime: "dawn"], "best-time 'dawn' is not anytime, morning, afternoon or evening"),
            ([.name: "X", .phone: "5550001", .email: "x(at)y"], "email 'x(at)y' is not an email address"),
            (
                [.name: "X", .email: "x@y.example", .phone: "4,36641E+11"],
                "phone '4,36641E+11' is in a spreadsheet's scientific notation (its last digits are lost; format the column as text and export again)"
            )
        ])
    func warns(values: [ImportField: String], expected: String) {
        #expect(warnings(values) == [expected])
    }

    @Test("a long note is kept whole as several notes; another long field is cut with a warning")
    func overLong() throws {
        var validator = ExchangeFixtures.validator()
        let note = String(repeating: "word ", count: 500)
        let draft = try validator.validate(raw([.name: "X", .phone: "5550001", .notes: note, .company: String(repeating: "c", count: 1001)])).get()
        #expect(draft.notes.count == 3)
        #expect(draft.notes.allSatisfy { $0.count <= 1000 })
        #expect(draft.notes.joined(separator: " ").split(separator: " ").count == 500)
        #expect(draft.profile.company.count == 1000)
        #expect(draft.warnings == ["company is 1001 characters long: cut to 1000"])
        #expect(reason([.name: String(repeating: "b", count: 1000), .phone: "5550001"]) == nil)
    }

    @Test("owners: CRM names and emails match reps case-insensitively; Ann is ann on an open desk")
    func owners() throws {
        var validator = ExchangeFixtures.validator(owner: "mia")
        #expect(try validator.validate(raw([.name: "X", .phone: "5550001", .owner: "Ann"])).get().profile.owner == "ann")
        validator.ownerDirectory = OwnerDirectory(
            members: [TeamMember(name: "ann", role: .rep, emails: ["Ann@Acme.example"], akas: ["Ann Walker"])],
            ownerMap: ["B. Okafor": "ben"], fallback: "pool", openDesk: false)
        for (typed, rep) in [("ANN WALKER", "ann"), ("ann@acme.example", "ann"), ("Ann", "ann"), ("b. okafor", "ben"), ("Zed", "pool")] {
            #expect(try validator.validate(raw([.name: "X", .phone: "5550001", .owner: typed])).get().profile.owner == RepName(rep), "\(typed)")
        }
        let zed = try validator.validate(raw([.name: "X", .phone: "5550001", .owner: "Zed"])).get()
        #expect(zed.tally == [LeadRowValidator.unknownOwnerTally])
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
