import BebackDomain
import BebackExchange
import BebackTestSupport
import Foundation
import Testing

@Suite("Duplicates are merged or skipped, never doubled; bad rows are accounted for")
struct ImportPlannerTests {
    @Test("the CRM export: new leads, a duplicate within the file, and every bad row with its line and reason")
    func crmExport() throws {
        let plan = try ExchangeFixtures.plan("crm-export.csv")
        #expect(plan.records == 9)
        // Only a row with no way to reach the person is rejected; bad optional fields are left out.
        #expect(plan.drafts.map(\.profile.name) == ["Priya Raman", "Owen Hale", "Mia Chen", "Bad Date", "Long Notes", "Ann Smith", "Zed Zone"])
        #expect(plan.drafts.map(\.profile.owner) == ["ann", "ben", "ann", "ann", "ann", "ann", "ann"])
        #expect(plan.duplicates == [DuplicateRow(line: 10, duplicateOf: .file(2), reason: .phone, outcome: .skipped)])
        #expect(plan.rejects.map { "\($0.line): \($0.reason)" } == ["5: no phone or email to reach them"])
        #expect(
            plan.warnings.map { "\($0.line): \($0.reason)" } == [
                "7: imported, but left out: impossible date '2026-02-30' in follow-up: the cadence's first follow-up is kept",
                "9: imported, but left out: owner 'Ann Smith' is not a rep on this desk: given to ann (--owner-map 'Ann Smith=REP' or aka= in desk.conf places it)",
                "11: imported, but left out: time zone 'Mars/Olympus' is not a zone name (such as Europe/London)"
            ])
        #expect(plan.drafts.first { $0.profile.name == "Long Notes" }?.notes.count == 2)
        #expect(plan.records == plan.drafts.count + plan.duplicates.count + plan.rejects.count + plan.blankLines)
    }

    @Test("merging a duplicate within the file adds its new phone and note to the first record")
    func mergeWithinFile() throws {
        let plan = try ExchangeFixtures.plan("crm-export.csv", policy: .merge)
        #expect(plan.duplicates.map(\.outcome) == [.merged])
        let priya = plan.drafts[0]
        #expect(priya.profile.contact.phones.map(\.number) == ["+44 20 7946 0003", "+44 7700 900123"])
        #expect(priya.notes == ["Wants an oak kitchen", "Second line for Priya"])
        #expect(priya.profile.name == "Priya Raman")
    }

    @Test("importing the same file again adds nothing, in either mode")
    func reimport() throws {
        let first = try ExchangeFixtures.plan("crm-export.csv", policy: .merge)
        let (state, events) = ExchangeFixtures.apply(first, to: DeskState())
        #expect(state.leads.count == 7)
        #expect(events.eventCount > 0)
        for policy in DuplicatePolicy.allCases {
            let again = try ExchangeFixtures.plan("crm-export.csv", state: state, policy: policy)
            #expect(again.drafts.isEmpty)
            #expect(again.merges.isEmpty)
            let (after, none) = ExchangeFixtures.apply(again, to: state)
            #expect(none.eventCount == 0)
            #expect(after == state)
        }
    }

    @Test("a record matching a desk lead by email (any case) merges its new details into that lead")
    func mergeIntoDesk() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(name: "Priya Raman", email: "Priya@Example.com", phones: []), at: ExchangeFixtures.now)
        let plan = try ExchangeFixtures.plan("crm-export.csv", state: desk.state, policy: .merge)
        let merge = try #require(plan.merges.first { $0.lead == lead })
        #expect(merge.profile.contact.phones.map(\.number) == ["+44 20 7946 0003", "+44 7700 900123"])
        #expect(merge.newNotes == ["Wants an oak kitchen", "Second line for Priya"])
        #expect(plan.drafts.map(\.profile.name) == ["Owen Hale", "Mia Chen", "Bad Date", "Long Notes", "Ann Smith", "Zed Zone"])
        let (state, events) = ExchangeFixtures.apply(plan, to: desk.state)
        #expect(events.byOwner["ann"]?.contains { $0.lead == lead && $0.payload.kind == "profile" } == true)
        #expect(state.leads[lead]?.profile.contact.phones.count == 2)
        #expect(state.leads[lead]?.profile.name == "Priya Raman")
    }

    @Test("skipping leaves the desk lead untouched and says which lead it matched")
    func skipAgainstDesk() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(
            Fixtures.profile(name: "Someone Else", email: nil, phones: ["+44 (0)7700 900-456", "+44 7700 900456"]), at: ExchangeFixtures.now)
        let plan = try ExchangeFixtures.plan("crm-export.csv", state: desk.state)
        #expect(plan.duplicates.first == DuplicateRow(line: 3, duplicateOf: .desk(lead), reason: .phone, outcome: .skipped))
        #expect(plan.duplicates.first?.description == "line 3: same phone as lead \(lead), skipped")
    }

    @Test("phone numbers match once normalised; emails once trimmed and lower-cased")
    func keys() {
        #expect(DuplicateIndex.phoneKey("+44 20 7946 0003") == DuplicateIndex.phoneKey("0044 (20) 7946-0003"))
        #expect(DuplicateIndex.phoneKey("+1 555 0100") != DuplicateIndex.phoneKey("+1 555 0101"))
        #expect(DuplicateIndex.phoneKey("n/a") == nil)
        #expect(DuplicateIndex.emailKey(" Priya@Example.COM ") == "priya@example.com")
    }
}

@Suite("Import against the do-not-contact list")
struct ImportDoNotContactTests {
    @Test("a row whose number is on the desk's do-not-contact list goes to the rejects with that reason")
    func rejected() throws {
        var desk = DeskHarness()
        let old = try desk.capture(
            Fixtures.profile(name: "Old Tenant", email: nil, phones: ["020 7946 0003"]), at: Fixtures.at("2026-11-01 10:00", "Europe/London"))
        try desk.record(OutcomeRequest(lead: old, outcome: .doNotContact), at: Fixtures.at("2026-11-02 10:00", "Europe/London"))
        let plan = try ExchangeFixtures.plan("crm-export.csv", state: desk.state)
        #expect(plan.rejects.first.map { "\($0.line): \($0.reason)" } == "2: +44 20 7946 0003 is on the do-not-contact list (lead \(old))")
        #expect(!plan.drafts.map(\.profile.name).contains("Priya Raman"))
        #expect(plan.drafts.map(\.profile.name) == ["Owen Hale", "Mia Chen", "Bad Date", "Long Notes", "Ann Smith", "Zed Zone"])
    }
}

@Suite("Duplicates by phone match across the ways a number is written")
struct CrossFormatDuplicateTests {
    func plan(country: String, desk numbers: [String], file: [String]) throws -> ImportPlan {
        var desk = DeskHarness()
        for (index, number) in numbers.enumerated() {
            _ = try desk.capture(Fixtures.profile(name: "Desk \(index)", email: nil, phones: [number]), at: ExchangeFixtures.now)
        }
        var validator = ExchangeFixtures.validator()
        validator.phones = PhoneNormalizer(country: CallingCountry(code: country))
        var planner = ImportPlanner(state: desk.state, policy: .skip, validator: validator)
        for (index, number) in file.enumerated() {
            planner.add(RawLead(line: index + 2, values: [.name: ["File \(index)"], .phone: [number]], cells: [number]))
        }
        return planner.finish()
    }

    @Test("(617) 555-0142 on a US desk is +1 617 555 0142")
    func northAmerica() throws {
        let plan = try plan(country: "US", desk: ["+1 617 555 0142"], file: ["(617) 555-0142", "617.555.0199", "+1 617 555 0199"])
        #expect(plan.duplicates.map(\.line) == [2, 4])
        #expect(plan.drafts.map(\.line) == [3])
    }

    @Test("0171 … on a German desk is +49 171 …")
    func germany() throws {
        let plan = try plan(country: "DE", desk: ["+49 171 2345678"], file: ["0171 2345678", "0049 171 2345678", "0171 2345679"])
        #expect(plan.duplicates.map(\.line) == [2, 3])
        #expect(plan.drafts.map(\.line) == [4])
    }
}
