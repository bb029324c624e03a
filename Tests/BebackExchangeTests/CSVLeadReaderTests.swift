import BebackExchange
import CSV
import Foundation
import Testing

@Suite("Reading CSV as spreadsheets and CRMs write it")
struct CSVLeadReaderTests {
    @Test("a CRM export with a byte-order mark and CRLF: header clean, records with the lines they start on")
    func crmExport() throws {
        let reader = try ExchangeFixtures.reader("crm-export.csv")
        #expect(reader.encoding == .utf8WithBOM)
        #expect(reader.delimiter == ",")
        #expect(reader.mapping.header.first == "First Name")
        var records: [RawLead] = []
        while let record = reader.next() { records.append(record) }
        #expect(records.map(\.line) == [2, 3, 5, 6, 7, 8, 9, 10, 11])
        #expect(records[0].value(.company) == "Raman Interiors, Ltd")
        #expect(records[1].values[.notes] == ["Met at the fair.\nCall after \"the move\""])
    }

    @Test("quoted line breaks and doubled quotes stay inside their field; later records keep their physical line")
    func quotedNewlines() throws {
        let reader = try ExchangeFixtures.reader("quoted-newlines.csv")
        var records: [RawLead] = []
        while let record = reader.next() { records.append(record) }
        #expect(records.map(\.line) == [2, 5, 7, 8, 9])
        #expect(records[0].values[.notes] == ["first line\nsecond line\nthird line"])
        #expect(records[1].value(.name) == "Quote \"Q\" Person")
        #expect(records[1].values[.notes] == ["She said \"call me\"\nat noon"])
        #expect(records[3].isBlank)
        #expect(records[4].value(.name) == "Last One")
        #expect(reader.linesRead == 9)
    }

    @Test("a semicolon file is detected, and commas inside its cells are plain text")
    func semicolon() throws {
        let reader = try ExchangeFixtures.reader("semicolon.csv")
        #expect(reader.delimiter == ";")
        let first = try #require(reader.next())
        #expect(first.value(.name) == "Jürgen Müller")
        #expect(first.value(.company) == "Müller, Söhne & Co")
        let second = try #require(reader.next())
        #expect(second.value(.company) == "Schmidt; Partner")
        #expect(reader.summary == "CSV, semicolon-separated, UTF-8")
    }

    @Test("a Latin-1 file is converted, with a warning that names the line")
    func latin1() throws {
        let overrides = try ["Nom=name", "Téléphone=phone", "Société=company"].map(ColumnOverride.init(parsing:))
        let reader = try ExchangeFixtures.reader("latin1.csv", overrides: overrides)
        #expect(reader.encoding == .latin1)
        #expect(reader.warnings.count == 1)
        #expect(reader.warnings[0].contains("not UTF-8 (first at line 1)"))
        #expect(reader.mapping.header == ["Nom", "Téléphone", "Email", "Société"])
        let first = try #require(reader.next())
        #expect(first.value(.name) == "Émile Zola")
        #expect(first.value(.company) == "Café Crème")
    }

    @Test("the delimiter is whichever of comma, semicolon and tab the header uses most, outside quotes")
    func delimiter() {
        #expect(DelimiterDetector.detect("a,b,c\n1;2;3;4;5") == ",")
        #expect(DelimiterDetector.detect("\"a,b\";c;d\n") == ";")
        #expect(DelimiterDetector.detect("a\tb\tc") == "\t")
        #expect(DelimiterDetector.detect("name") == ",")
    }

    @Test("a file without a header row is refused with its line")
    func noHeader() {
        #expect(throws: ExchangeError("line 1: no header row (the first line should name the columns)")) {
            _ = try CSVLeadReader(text: "\n\n")
        }
    }

    @Test("line counting agrees with the CSV library on every record of a mixed CRLF/LF file")
    func lineCountingMatchesLibrary() throws {
        let text = "h1,h2\r\n\"a\r\nb\",c\n\"x\ny\nz\",w\r\nplain,row\n"
        let reader = try CSVLeadReader(text: text)
        var lines: [Int] = []
        while let record = reader.next() { lines.append(record.line) }
        #expect(lines == [2, 4, 7])
        let library = try CSVReader(string: text)
        var count = 0
        while library.next() != nil { count += 1 }
        #expect(count == 4)
    }
}
