import BebackDomain
import CSV
import Foundation
import Testing

@testable import BebackExchange

@Suite("The byte-level fast paths of an import read what the character-level ones read")
struct ByteFastPathTests {
    /// Every record of `text` as the CSV library reads it.
    private static func libraryRows(_ text: String, delimiter: Unicode.Scalar) throws -> [[String]] {
        let reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false, delimiter: delimiter)
        var rows: [[String]] = []
        while let row = reader.next() { rows.append(row) }
        return rows
    }

    /// Every record of `text` as the byte parser reads it; the lines it says each took are checked
    /// against the line breaks in its fields.
    private static func parserRows(_ text: String, delimiter: Unicode.Scalar) throws -> [[String]] {
        let parser = try #require(CSVRecordParser(text: text, delimiter: delimiter))
        var rows: [[String]] = []
        while let row = parser.next() {
            #expect(parser.lines == CSVLeadReader.lineCount(of: row), "\(text.debugDescription)")
            rows.append(row)
        }
        return rows
    }

    @Test(
        "the byte parser splits records as the CSV library does: quotes, stray quotes, CR, LF, CR LF, BOM-less ends, accents",
        arguments: [
            "", "\n", "\n\n", "a", "a,b", "a,b\n", "a,b,\n", "a,b,", ",", ",\n,", "a\r\nb\rc\nd", "a\r\r\nb", "\"a,b\",c\n",
            "\"a\"\"b\",c", "\"a\nb\r\nc\",d\r\n", "\"abc", "\"abc\"", "\"abc\"\r", "\"ab\"c,d\ne", "\"ab\"é,d\ne", "\"ab\"😀x\",y",
            "\"ab\"\u{301}c\",d", "a\"b,c\"d", "\"\",\"\"\n\"\"", "\"\"\"\"", "é,ü\r\nß,\"ø\",", "x;y,z\n", "a\tb\t\"c\td\"",
            "\"a\"\"\"\"b\"\"c\" ,d", "\"a\" \n", "h1,h2\r\n\"a\r\nb\",c\n\"x\ny\nz\",w\r\nplain,row\n"
        ])
    func parserMatchesLibrary(text: String) throws {
        for delimiter: Unicode.Scalar in [",", ";", "\t"] {
            #expect(try Self.parserRows(text, delimiter: delimiter) == Self.libraryRows(text, delimiter: delimiter), "\(delimiter)")
        }
    }

    @Test("the byte parser agrees with the CSV library on many random texts of quotes, delimiters and line breaks")
    func parserMatchesLibraryOnRandomText() throws {
        let pieces = ["a", "b", "\"", "\"\"", ",", ";", "\n", "\r", "\r\n", " ", "é", "\u{301}", "😀", "x\"y"]
        var state: UInt64 = 0x9E37_79B9_7F4A_7C15
        for _ in 0..<2000 {
            var text = ""
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            for _ in 0..<Int(state >> 59) + 1 {
                state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
                text += pieces[Int(state >> 33) % pieces.count]
            }
            #expect(try Self.parserRows(text, delimiter: ",") == Self.libraryRows(text, delimiter: ","), "\(text.debugDescription)")
        }
    }

    @Test("a delimiter the byte parser does not take goes to the library")
    func otherDelimiters() throws {
        #expect(CSVRecordParser(text: "a|b", delimiter: "|") != nil)
        #expect(CSVRecordParser(text: "a¦b", delimiter: "¦") == nil)
        #expect(CSVRecordParser(text: "a\"b", delimiter: "\"") == nil)
        let reader = try CSVLeadReader(text: "name¦phone\nAnn¦555 0100\n", delimiter: "¦")
        #expect(reader.header == ["name", "phone"])
        #expect(reader.next()?.fields == ["Ann", "555 0100"])
    }

    @Test(
        "an ASCII email is checked on bytes exactly as on characters",
        arguments: [
            "ann@example.com", "a@b.c", "@b.c", "a@.c", "a@b.", "a@b", "a@@b.c", "a@b@c.d", "a b@c.d", "a\t@b.c", "a@b.c\r\n", "a@b.c\n",
            "a,b@c.d", "a;b@c.d", "<a@b.c>", "a@b.c>", "", "@", ".", "a.b@c", "a.b@c.", "a.@b.c", ".a@b.c", "a@b..c", "a@b.c.", "a@b\u{0B}.c",
            "a@b\u{0C}.c", "a@b.c\u{7F}"
        ])
    func asciiEmail(text: String) {
        #expect(LeadRowValidator.looksLikeASCIIEmail(text) == LeadRowValidator.looksLikeEmailByCharacters(text))
        #expect(LeadRowValidator.looksLikeEmail(text) == LeadRowValidator.looksLikeEmailByCharacters(text))
    }

    @Test("an email that is not ASCII is checked on characters: an accent on the @ or the dot makes another character")
    func nonASCIIEmail() {
        #expect(LeadRowValidator.looksLikeEmail("chloé.walker@example.com"))
        #expect(!LeadRowValidator.looksLikeEmail("ann@\u{301}example.com"))
        #expect(!LeadRowValidator.looksLikeEmail("ann\u{A0}x@example.com"))
    }

    @Test("a CRM's words for nothing are found whatever their case, and nothing else is")
    func meansEmpty() {
        for word in ["null", "NULL", "N/A", "#N/A", "None", "-", "[Not Provided]", "(not provided)", "Not provided"] {
            #expect(HeaderMapping.meansEmpty(word), "\(word)")
        }
        for word in ["", "Nina", "nonesuch", "--", "x", "é", "ΝULL", "n/a ", " null"] {
            #expect(!HeaderMapping.meansEmpty(word), "\(word)")
        }
    }

    @Test("a label that holds fax anywhere is a fax; a name with ?? only where the bytes hold two ? in a row")
    func labelsAndLostLetters() {
        #expect(LeadRowValidator.phoneLabel("fax") == "fax")
        #expect(LeadRowValidator.phoneLabel("homefax") == "fax")
        #expect(LeadRowValidator.phoneLabel("work") == "work")
        #expect(LeadRowValidator.phoneLabel("Work Fax") == "fax")
        #expect(ASCIIText.contains("J??rg", "??"))
        #expect(!ASCIIText.contains("J?r?g", "??"))
        #expect(!ASCIIText.contains("?", "??"))
        #expect(ASCIIText.contains("x", ""))
    }

    @Test("a planner with room reserved for the file's lines plans what one without it plans")
    func reservedPlanner() throws {
        for policy in [DuplicatePolicy.skip, .merge] {
            let reader = try ExchangeFixtures.reader("crm-export.csv")
            var planner = ImportPlanner(state: DeskState(), policy: policy, validator: ExchangeFixtures.validator())
            planner.reserveCapacity(reader.totalLines)
            while let raw = reader.next() { planner.add(raw) }
            let expected = try ExchangeFixtures.plan("crm-export.csv", policy: policy)
            #expect(planner.finish() == expected)
        }
    }

    @Test("a spreadsheet's apostrophe comes off only before a formula character")
    func apostrophe() {
        #expect(SpreadsheetSafety.restore("'=1+1") == "=1+1")
        #expect(SpreadsheetSafety.restore("'Brien") == "'Brien")
        #expect(SpreadsheetSafety.restore("=1") == "=1")
        #expect(SpreadsheetSafety.restore("'\u{301}=1") == "'\u{301}=1")
    }
}
