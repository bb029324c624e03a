import BebackDomain
import Foundation
import Testing

@testable import BebackExchange

@Suite("The byte-level fast paths of an import read what the character-level ones read")
struct ByteFastPathTests {
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
