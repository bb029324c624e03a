import BebackDomain
import BebackExchange
import Foundation
import Testing

/// One test per export of issue 22's table: files shaped after each system's published export
/// (header names, encodings, quirks), imported without --map.
@Suite("Exports from CRMs and phones import without hand mapping")
struct SourceExportTests {
    static let team = [
        TeamMember(name: "ann", role: .rep, emails: ["ann@acme.example"], akas: ["Ann Walker"]),
        TeamMember(name: "ben", role: .rep, akas: ["Ben Okafor"]),
        TeamMember(name: "mia", role: .manager)
    ]

    static func plan(_ file: String, country: String? = nil, team: [TeamMember] = team, state: DeskState = DeskState()) throws -> (LeadFileReader, ImportPlan) {
        let reader = try ExchangeFixtures.reader(file)
        var validator = ExchangeFixtures.validator()
        validator.phones = PhoneNormalizer(country: country.flatMap { CallingCountry(code: $0) })
        validator.ownerDirectory = OwnerDirectory(members: team, fallback: "ann", openDesk: team.isEmpty)
        var planner = ImportPlanner(state: state, policy: .skip, validator: validator)
        while let raw = reader.next() { planner.add(raw) }
        var plan = planner.finish()
        plan.rejects += reader.unreadable
        return (reader, plan)
    }

    static func draft(_ plan: ImportPlan, _ name: String) throws -> LeadDraft {
        try #require(plan.drafts.first { $0.profile.name == name }, "no lead named \(name) in \(plan.drafts.map(\.profile.name))")
    }

    @Test("Salesforce leads report: Latin-1, owners as full names, footer lines")
    func salesforceReport() throws {
        let (reader, plan) = try Self.plan("salesforce-report-leads.csv", country: "GB")
        #expect(reader.mapping.source?.name == "Salesforce leads report")
        #expect(reader.encoding == .latin1)
        #expect(plan.rejects == [])
        #expect(plan.drafts.map(\.profile.name) == ["Søren Kjærgaard", "Zoë Ferré", "José Núñez", "Renée Lefèvre"])
        #expect(plan.drafts.map(\.profile.owner) == ["ann", "ann", "ben", "ann"])
        #expect(plan.tally[LeadRowValidator.unknownOwnerTally] == 1)
        #expect(plan.warnings.map(\.line) == [5])
        #expect(try Self.draft(plan, "José Núñez").closing == ImportedClosing(outcome: .won))
        #expect(try Self.draft(plan, "Renée Lefèvre").closing?.outcome == .lost)
        #expect(reader.footerLines == 7)
        #expect(try Self.draft(plan, "Zoë Ferré").profile.contact.phones.map(\.label) == ["mobile", "work"])
    }

    @Test("Zoho leads re-saved by German Excel: ';', cp1252, scientific notation refused")
    func zohoGermanExcel() throws {
        let (reader, plan) = try Self.plan("zoho-leads-excel-de.csv", country: "DE")
        #expect(reader.mapping.source?.name == "Zoho CRM leads")
        #expect(reader.delimiter == ";")
        #expect(plan.drafts.map(\.profile.name) == ["Jürgen Müller", "Grete Weiß", "Uwe Straße"])
        #expect(plan.drafts.map(\.profile.owner) == ["ann", "ben", "ann"])
        let grete = try Self.draft(plan, "Grete Weiß")
        #expect(grete.profile.contact.phones.isEmpty)
        #expect(grete.warnings.contains { $0.contains("scientific notation") })
        #expect(plan.rejects.count == 1)
        #expect(plan.rejects.first?.reason.contains("scientific notation") == true)
        #expect(try Self.draft(plan, "Jürgen Müller").notes == ["Rückruf erwünscht – nach 14 Uhr"])
        #expect(try Self.draft(plan, "Uwe Straße").closing?.outcome == .lost)
        #expect(plan.tally[LeadRowValidator.blockedEmailTally] == 1)
    }

    @Test("Pipedrive people: two numbers in one cell are two numbers; an old activity date is not a follow-up")
    func pipedrive() throws {
        let (reader, plan) = try Self.plan("pipedrive-people.csv", country: "GB")
        #expect(reader.mapping.source?.name == "Pipedrive people")
        let olu = try Self.draft(plan, "Olu Adeyemi")
        #expect(olu.profile.contact.phones.map(\.number) == ["+44 20 7946 0958", "+44 20 7946 0959"])
        #expect(olu.followUp != nil)
        let priya = try Self.draft(plan, "Priya Raman")
        #expect(priya.profile.contact.email == "priya@raman.example")
        #expect(priya.notes.contains("other email: priya.r@gmail.example"))
        #expect(priya.profile.owner == "ann")
        #expect(priya.followUp == nil)
        #expect(priya.planningNotes.contains { $0.hasPrefix("imported with an old activity date (2025-01-03)") })
    }

    @Test("Google Contacts: ' ::: ' values split, types from the Type column, a fax kept as a note")
    func googleContacts() throws {
        let (reader, plan) = try Self.plan("google-contacts.csv")
        #expect(reader.mapping.source?.name == "Google Contacts")
        #expect(plan.rejects == [])
        let mai = try Self.draft(plan, "Mai Sato")
        #expect(mai.profile.contact.phones == [PhoneNumber("+81 90-1234-5678", label: "mobile"), PhoneNumber("+81 90-1234-5679", label: "mobile")])
        #expect(mai.profile.contact.email == "mai@sato.example")
        #expect(mai.notes.contains("Met at the expo\nwants a demo"))
        #expect(mai.notes.contains("fax: +81 3-1234-5678"))
        #expect(mai.profile.company == "Sato Trading")
        #expect(mai.profile.contact.timeZoneID == "Asia/Tokyo")
        #expect(try Self.draft(plan, "Lars Larsen").profile.contact.phones.map(\.label) == ["work"])
    }

    @Test("Salesforce Data Loader: DONOTCALL, HASOPTEDOUTOFEMAIL and a converted lead")
    func dataLoader() throws {
        let (reader, plan) = try Self.plan("salesforce-dataloader-leads.csv")
        #expect(reader.mapping.source?.name == "Salesforce Data Loader")
        #expect(plan.rejects == [])
        #expect(plan.tally["owner not a rep (given to the fallback)"] == 4)
        let (state, _) = ExchangeFixtures.apply(plan, to: DeskState())
        func lead(_ name: String) throws -> LeadState { try #require(state.leads.values.first { $0.profile.name == name }) }
        let eve = try lead("Eve Brown")
        #expect(!eve.doNotContact)
        #expect(eve.profile.contact.preferredChannel == .email)
        #expect(eve.next?.channel == .email)
        #expect(try lead("Hugo Rossi").doNotContact)
        #expect(try lead("Iris Novak").profile.contact.preferredChannel == .phone)
        #expect(LeadLifecycle.stage(of: try lead("Jonas Silva")) == .won)
        #expect(plan.tally[LeadRowValidator.blockedCallsTally] == 2)
        #expect(plan.tally["do not contact"] == 1)
    }

    @Test("HubSpot contacts: zone codes, mobile-only, work-email-only and a bad email beside a phone all import")
    func hubSpot() throws {
        let (reader, plan) = try Self.plan("hubspot-contacts.csv", country: "US")
        #expect(reader.mapping.source?.name == "HubSpot contacts")
        #expect(plan.rejects == [])
        #expect(plan.drafts.count == 5)
        #expect(try Self.draft(plan, "Grace Evans").profile.contact.timeZoneID == "America/New_York")
        #expect(try Self.draft(plan, "Dev Khan").profile.contact.timeZoneID == "Asia/Kolkata")
        #expect(try Self.draft(plan, "Kemi Okafor").profile.contact.phones.map(\.label) == ["mobile"])
        #expect(try Self.draft(plan, "Kemi Okafor").profile.contact.timeZoneID == "Europe/London")
        #expect(try Self.draft(plan, "Nils Dubois").profile.contact.email == "nils@dubois.example")
        let farid = try Self.draft(plan, "Farid Haddad")
        #expect(farid.profile.contact.email == nil)
        #expect(farid.warnings == ["email 'farid(at)haddad' is not an email address"])
        #expect(farid.closing == ImportedClosing(outcome: .lost, reason: .noNeed))
        #expect(plan.warnings.map(\.line) == [6])
        #expect(plan.tally["do not contact"] == nil)
    }

    @Test("Outlook: 92 columns, Callback is a phone, Company Main Phone mapped, lost letters warned about")
    func outlook() throws {
        let (reader, plan) = try Self.plan("outlook-contacts.csv")
        #expect(reader.mapping.header.count == 92)
        #expect(reader.mapping.source?.name == "Outlook contacts")
        #expect(plan.rejects == [])
        let chloe = try Self.draft(plan, "Chloé Dubois")
        #expect(chloe.profile.contact.phones == [PhoneNumber("+33 1 42 68 53 00", label: "callback")])
        #expect(chloe.followUp == nil)
        #expect(chloe.notes == ["Prefers mornings – “not Fridays”"])
        let tom = try Self.draft(plan, "Tom Hughes")
        #expect(tom.profile.contact.phones == [PhoneNumber("+44 20 7946 0777", label: "company")])
        #expect(tom.notes.contains("fax: +44 20 7946 0778"))
        let korean = try Self.draft(plan, "???? ???")
        #expect(korean.warnings.first?.contains("'?' where letters were") == true)
    }

    @Test("Android vCard 2.1: soft line breaks, CHARSET, ORG:null")
    func androidVCard() throws {
        let (_, plan) = try Self.plan("android-v21.vcf", country: "DE")
        #expect(plan.rejects == [])
        let anna = try Self.draft(plan, "Anna Fischer")
        #expect(anna.notes == ["Wants a callback after the fair; prefers mornings"])
        #expect(anna.profile.company == "")
        let chinese = try Self.draft(plan, "王芳")
        #expect(chinese.profile.company == "北京贸易有限公司")
        #expect(chinese.notes == ["下周再联系"])
        #expect(try Self.draft(plan, "Jörg Müller").profile.contact.phones.map(\.label) == ["home"])
    }

    @Test("iPhone vCard 3.0: item1.TEL with X-ABLabel, and a fax never a callable phone")
    func iPhoneVCard() throws {
        let (_, plan) = try Self.plan("iphone-v3.vcf")
        let niamh = try Self.draft(plan, "Niamh Walsh")
        #expect(niamh.profile.contact.phones.map(\.number) == ["+353 87 123 4567", "+353 1 234 5678", "+353 1 234 5670"])
        #expect(niamh.profile.contact.phones.map(\.label) == ["mobile", "main", "reception"])
        #expect(niamh.notes == ["fax: +353 1 234 5679\nfax: +353 1 234 5671"])
    }
}
