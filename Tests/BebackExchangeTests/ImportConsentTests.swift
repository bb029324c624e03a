import BebackDomain
@testable import BebackExchange
import BebackTestSupport
import Foundation
import Testing

/// Do-not-call and opt-out flags block the lead on that channel only (`ChannelBlock`): a lead that
/// opted out of email is still called, one that asked not to be called is emailed, and one left with
/// no way to reach it is do-not-contact as a whole.
@Suite("Import: do-not-call and opt-out flags block that channel only")
struct ImportConsentTests {
    static func imported(_ file: String, state: DeskState = DeskState()) throws -> (ImportPlan, DeskState, ImportEvents) {
        let (_, plan) = try SourceExportTests.plan(file, country: "GB", state: state)
        let (next, events) = ExchangeFixtures.apply(plan, to: state)
        return (plan, next, events)
    }

    static func lead(_ state: DeskState, _ name: String) throws -> LeadState {
        try #require(state.leads.values.first { $0.profile.name == name }, "no lead named \(name)")
    }

    /// Whether the lead's first follow-up (due the day after the import for a web lead) is a call.
    static func dueForCall(_ lead: LeadState) -> Bool {
        guard let next = lead.next, next.channel == .phone else { return false }
        return next.due < ExchangeFixtures.now.addingTimeInterval(2 * 86_400)
    }

    @Test("Salesforce Data Loader: DONOTCALL true/1/yes leads are not due for a call; the opted-out one gets no email step")
    func dataLoader() throws {
        let (plan, state, _) = try Self.imported("salesforce-dataloader-consent.csv")
        #expect(plan.rejects == [])
        #expect(plan.drafts.count == 6)
        // The control: a lead without flags is due for its first call.
        let eli = try Self.lead(state, "Eli Park")
        #expect(Self.dueForCall(eli))
        #expect(eli.blockedChannels.isEmpty)

        for name in ["Ada Quinn", "Ben Ortiz"] {
            let lead = try Self.lead(state, name)
            #expect(lead.blockedChannels == [.phone, .text], "\(name)")
            #expect(!lead.doNotContact, "\(name): still open, reached by email")
            #expect(!Self.dueForCall(lead), "\(name)")
            #expect(lead.next?.channel == .email, "\(name)")
            #expect(lead.events.contains { $0.payload == .channelBlocked(ChannelBlock(channels: [.phone, .text], reason: "imported: do not call")) })
        }
        let cara = try Self.lead(state, "Cara Moss")
        #expect(cara.blockedChannels == [.email])
        #expect(cara.next?.channel == .phone)
        #expect(!cara.doNotContact)
        // An email step later in her cadence is moved off email too.
        let plan2 = CadenceEngine().plan(after: .noAnswer, channel: .phone, on: cara, at: ExchangeFixtures.now)
        #expect(plan2.next?.channel != .email)

        // Both flags, or an opt-out on the only channel: do not contact, with nothing planned, still on the desk.
        for name in ["Dan Reyes", "Fay Wong"] {
            let lead = try Self.lead(state, name)
            #expect(lead.doNotContact, "\(name)")
            #expect(lead.next == nil, "\(name)")
            #expect(!lead.blockedChannels.isEmpty, "\(name): the block says which flag closed it")
        }
        #expect(plan.tally[LeadRowValidator.blockedCallsTally] == 3)
        #expect(plan.tally[LeadRowValidator.blockedEmailTally] == 3)
        #expect(plan.tally["do not contact"] == 2)
    }

    @Test("generic columns 'Do Not Call', 'Email Opt Out' and 'Unsubscribed' are read as flags")
    func genericColumns() throws {
        let text = """
            Name,Phone,Email,Owner,Do Not Call,Email Opt Out
            Gus Hill,+44 20 7946 0301,gus@hill.example,ann,x,
            Ivy Lane,+44 20 7946 0302,ivy@lane.example,ann,,Yes
            """
        let reader = try LeadFileReader(name: "generic.csv", bytes: Data(text.utf8))
        #expect(reader.mapping.fields[4] == .doNotCall)
        #expect(reader.mapping.fields[5] == .emailOptOut)
        let plan = ExchangeFixtures.plan(reader)
        #expect(plan.drafts.map(\.blockedChannels) == [[.phone, .text], [.email]])
        let unsubscribed = try LeadFileReader(
            name: "hubspot-like.csv", bytes: Data("Name,Email,Phone,Unsubscribed from all email\nJo Ames,jo@ames.example,+44 20 7946 0303,true\n".utf8))
        #expect(ExchangeFixtures.plan(unsubscribed).drafts.first?.blockedChannels == [.email])
    }

    @Test("a duplicate row with a do-not-call flag blocks calls on the lead already on the desk and moves its next step")
    func mergeBlocks() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(
            Fixtures.profile(name: "Eli Park", email: "eli@park.example", phones: ["+44 20 7946 0205"]), at: ExchangeFixtures.now.addingTimeInterval(-86_400))
        #expect(desk.lead(lead).next?.channel == .phone)
        let text = "Name,Phone,Email,Owner,Do Not Call\nEli Park,+44 20 7946 0205,eli@park.example,ann,true\n"
        let reader = try LeadFileReader(name: "again.csv", bytes: Data(text.utf8))
        let plan = ExchangeFixtures.plan(reader, state: desk.state, policy: .merge)
        #expect(plan.merges.first?.blockChannels == [.phone, .text])
        let (state, _) = ExchangeFixtures.apply(plan, to: desk.state)
        #expect(state.leads[lead]?.blockedChannels == [.phone, .text])
        #expect(state.leads[lead]?.next?.channel == .email)
        #expect(state.leads[lead]?.doNotContact == false)
    }

    @Test("export --format csv carries the blocked channels, and an import of it gives them back (a rep's import too)")
    func exportRoundTrip() throws {
        let (_, state, _) = try Self.imported("salesforce-dataloader-consent.csv")
        let text = try CSVExporter.export(Array(state.leads.values))
        #expect(LeadExportRow.csvHeader.last == "Blocked Channels")
        let column = try #require(LeadExportRow.csvHeader.firstIndex(of: "Blocked Channels"))
        let ada = LeadExportRow(try Self.lead(state, "Ada Quinn")).csvCells
        #expect(ada[column] == "phone; text")
        #expect(LeadExportRow(try Self.lead(state, "Cara Moss")).csvCells[column] == "email")
        #expect(LeadExportRow(try Self.lead(state, "Eli Park")).csvCells[column] == "")

        let byName = { (state: DeskState) in
            Dictionary(uniqueKeysWithValues: state.leads.values.map { ($0.profile.name, ($0.blockedChannels, $0.next?.channel, $0.doNotContact)) })
        }
        let expected = byName(state)
        #expect(expected.values.contains { !$0.0.isEmpty })
        for keepsHistory in [true, false] {
            var validator = ExchangeFixtures.validator()
            validator.keepsHistory = keepsHistory
            var planner = ImportPlanner(state: DeskState(), policy: .skip, validator: validator)
            let reader = try LeadFileReader(name: "export.csv", bytes: Data(text.utf8))
            while let raw = reader.next() { planner.add(raw) }
            let plan = planner.finish()
            #expect(plan.rejects == [])
            #expect(plan.warnings == [])
            let copy = ExchangeFixtures.apply(plan, to: DeskState()).0
            let actual = byName(copy)
            for (name, value) in expected {
                #expect(actual[name]?.0 == value.0, "\(name) blocked, history kept: \(keepsHistory)")
                #expect(actual[name]?.1 == value.1, "\(name) next channel, history kept: \(keepsHistory)")
                #expect(actual[name]?.2 == value.2, "\(name) do not contact, history kept: \(keepsHistory)")
            }
        }
    }

    @Test("a Blocked Channels word that is not a blockable channel is left out with a warning; the row is kept")
    func badBlockedCell() throws {
        let text = "Name,Phone,Email,Owner,Blocked Channels\nGus Hill,+44 20 7946 0301,gus@hill.example,ann,sms; fax\n"
        let plan = ExchangeFixtures.plan(try LeadFileReader(name: "blocked.csv", bytes: Data(text.utf8)))
        #expect(plan.drafts.first?.blockedChannels == [.text])
        #expect(plan.warnings.first?.reason.contains("blocked-channels 'fax'") == true, "\(plan.warnings)")
    }

    @Test("the summary counts a lead that blocked texts only apart from do-not-call leads")
    func textsOnlyTally() throws {
        let text =
            "Name,Phone,Email,Owner,Blocked Channels\nGus Hill,+44 20 7946 0301,gus@hill.example,ann,text\nIda Lamb,+44 20 7946 0302,ida@lamb.example,ann,phone; text\n"
        let plan = ExchangeFixtures.plan(try LeadFileReader(name: "blocked.csv", bytes: Data(text.utf8)))
        #expect(plan.tally[LeadRowValidator.blockedTextsTally] == 1)
        #expect(plan.tally[LeadRowValidator.blockedCallsTally] == 1)
    }
}
