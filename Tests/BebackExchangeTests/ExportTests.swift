import BebackDomain
import BebackExchange
import BebackTestSupport
import CSV
import Foundation
import Testing

@Suite("Exports: CSV safe for spreadsheets and importable again, JSON for scripts")
struct ExportTests {
    func importedDesk(_ file: String = "crm-export.csv") throws -> DeskState {
        ExchangeFixtures.apply(try ExchangeFixtures.plan(file), to: DeskState()).0
    }

    @Test(
        "cells a spreadsheet would run as a formula get a leading apostrophe",
        arguments: [
            ("=1+1", "'=1+1"), ("+44 20", "'+44 20"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("\tx", "'\tx"), ("\rx", "'\rx"),
            ("plain", "plain"), ("", ""), ("a=b", "a=b"),
            (" =1+1", "' =1+1"), ("   +1", "'   +1"), ("\u{00A0}@x", "'\u{00A0}@x"), ("\nx", "'\nx"), ("\r\n=1", "'\r\n=1"), (" \n=1", "' \n=1"),
            ("  plain", "  plain"), ("   ", "   ")
        ])
    func neutralize(cell: String, expected: String) {
        #expect(SpreadsheetSafety.neutralize(cell) == expected)
        #expect(SpreadsheetSafety.restore(SpreadsheetSafety.neutralize(cell)) == cell)
    }

    @Test("the CSV export is RFC 4180 (CRLF, quoting) and the CSV library reads back every cell")
    func csvReadsBack() throws {
        let state = try importedDesk("hostile.csv")
        let text = try CSVExporter.export(Array(state.leads.values))
        #expect(text.hasSuffix("\r\n"))
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        #expect(reader.headerRow == LeadExportRow.csvHeader)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        #expect(rows.count == 2)
        let company = try #require(LeadExportRow.csvHeader.firstIndex(of: "Company"))
        #expect(rows.map { $0[company] }.sorted() == ["'=HYPERLINK(\"http://evil.example\",\"click\")", "'@SUM(1+1)"])
        let name = try #require(LeadExportRow.csvHeader.firstIndex(of: "Name"))
        #expect(rows.contains { $0[name] == "\u{1B}]0;pwned\u{07}Evil\u{1B}[2J Name" })
        #expect(rows.allSatisfy { row in row.allSatisfy { !($0.first.map { "=+-@".contains($0) } ?? false) } })
    }

    @Test("export then import into the same desk adds nothing; into a new desk gives the same leads")
    func roundTrip() throws {
        let state = try importedDesk()
        let text = try CSVExporter.export(Array(state.leads.values))
        for policy in DuplicatePolicy.allCases {
            let again = ExchangeFixtures.plan(try LeadFileReader(name: "export.csv", bytes: Data(text.utf8)), state: state, policy: policy)
            #expect(again.rejects.isEmpty)
            #expect(again.drafts.isEmpty)
            #expect(ExchangeFixtures.apply(again, to: state).1.eventCount == 0)
        }
        let fresh = ExchangeFixtures.plan(try LeadFileReader(name: "export.csv", bytes: Data(text.utf8)))
        #expect(fresh.rejects.isEmpty)
        let copy = ExchangeFixtures.apply(fresh, to: DeskState()).0
        let profiles = { (state: DeskState) in state.leads.values.map(\.profile).sorted { $0.name < $1.name } }
        var expected = profiles(state)
        for index in expected.indices { expected[index].contact.phones = expected[index].contact.phones.sorted { $0.label < $1.label } }
        var actual = profiles(copy)
        for index in actual.indices { actual[index].contact.phones = actual[index].contact.phones.sorted { $0.label < $1.label } }
        #expect(actual.map(\.name) == expected.map(\.name))
        #expect(actual.map(\.contact.email) == expected.map(\.contact.email))
        #expect(actual.map { $0.contact.phones.map(\.number) } == expected.map { $0.contact.phones.map(\.number) })
        #expect(actual.map(\.owner) == expected.map(\.owner))
        #expect(actual.map(\.source) == expected.map(\.source))
        #expect(actual.map(\.contact.timeZoneID) == expected.map(\.contact.timeZoneID))
        let dnc = copy.leads.values.filter(\.doNotContact).map(\.profile.name)
        #expect(dnc == ["Mia Chen"])
        let owen = try #require(copy.leads.values.first { $0.profile.name == "Owen Hale" })
        #expect(owen.next?.due == Fixtures.at("2026-12-01 10:00", "Europe/London"))
    }

    @Test("JSON keeps text as stored (control characters escaped by JSON) with state and next follow-up")
    func json() throws {
        let state = try importedDesk("hostile.csv")
        let text = try JSONExporter.export(Array(state.leads.values))
        #expect(!text.contains("\u{1B}"))
        let items = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [[String: Any]])
        #expect(items.count == 2)
        #expect(items.contains { $0["name"] as? String == "\u{1B}]0;pwned\u{07}Evil\u{1B}[2J Name" })
        let next = try #require(items.first?["next"] as? [String: Any])
        #expect(next["kind"] as? String == "first")
        #expect((next["due"] as? String)?.hasSuffix("Z") == true)
        #expect(items.first?["stage"] as? String == "new")
    }
}
