@testable import BebackDomain
import Foundation
import Testing

@Suite("Follow-ups: every one says why we call, its purpose trimmed")
struct FollowUpTests {
    /// Purposes with every kind of edge: ASCII, spaces, tabs and newlines, Unicode spaces, marks
    /// that join the character before them, a prepended mark, emoji, and nothing at all.
    static let purposes = [
        "price check", " price check", "price check ", "\tcall back\n", "\r\n", "a", " ", "", "x\u{301}", "\u{301}x",
        "\u{A0}quote\u{A0}", "quote\u{2003}", "\u{3000}見積もり", "見積もり", "\u{600}1", "go\u{600}", "#1 ", "*", "🙂 demo 🙂",
        "demo \u{200B}", "e\u{301}", "\u{1F1E9}\u{1F1EA} trip", "~tilde~"
    ]

    @Test("a purpose that starts and ends with printable ASCII is known to need no trim without splitting it", arguments: purposes)
    func printableEndsNeedNoTrim(purpose: String) {
        let whitespaceEnd = purpose.first?.isWhitespace == true || purpose.last?.isWhitespace == true
        if FollowUp.printableASCIIEnds(purpose) { #expect(!whitespaceEnd) }
        let expected = purpose.trimmingCharacters(in: .whitespacesAndNewlines)
        let made = FollowUp(due: Date(timeIntervalSince1970: 0), kind: .first, purpose: purpose)
        if whitespaceEnd {
            #expect(made?.purpose == (expected.isEmpty ? nil : expected))
        } else {
            #expect(made?.purpose == (purpose.isEmpty ? nil : purpose))
        }
    }

    @Test("the quick test says printable ASCII ends only for those")
    func quickTestIsExact() {
        #expect(FollowUp.printableASCIIEnds("a") && FollowUp.printableASCIIEnds("#1") && FollowUp.printableASCIIEnds("~ ~"))
        for text in ["", " a", "a ", "a\n", "\u{A0}a", "a\u{301}", "é", "a\u{7F}"] { #expect(!FollowUp.printableASCIIEnds(text), "\(text.debugDescription)") }
    }
}
