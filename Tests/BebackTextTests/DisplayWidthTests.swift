import Testing
@testable import BebackText

@Suite("SafeText.displayWidth")
struct DisplayWidthTests {
    @Test(arguments: [
        ("", 0), ("Ada", 3), ("王小明", 6), ("😀", 2), ("e\u{301}", 1), ("é", 1),
        ("Beback 王小明 😀", 16), ("ｈｉ", 4), ("한국", 4)
    ])
    func measuresColumns(text: String, expected: Int) {
        #expect(SafeText.displayWidth(text) == expected)
    }

    @Test func emojiZWJSequenceIsOneWideCharacter() {
        #expect(SafeText.displayWidth("👨\u{200D}👩\u{200D}👧\u{200D}👦") == 2)
        #expect(SafeText.displayWidth("👍\u{1F3FD}") == 2)  // skin tone modifier
    }

    @Test func controlsCountAsTheirEscapes() {
        #expect(SafeText.displayWidth("\u{1b}[0m") == 5)  // "^[[0m"
        #expect(SafeText.displayWidth("a\u{202E}b") == 10)  // "a<U+202E>b"
        #expect(SafeText.displayWidth("\t") == 2)
    }

    @Test func characterWidthMatchesStringWidth() {
        for character in ["a", "王", "😀", "e\u{301}", "\u{1b}", "\u{9b}"] as [Character] {
            #expect(SafeText.displayWidth(character) == SafeText.displayWidth(String(character)))
        }
        #expect(SafeText.displayWidth("\u{301}" as Character) == 0)
    }

    @Test func localeIsUTF8AfterSetup() {
        #expect(SafeText.ensureUTF8Locale())
        #expect(DisplayWidthTable.codesetIsUTF8())
    }

    @Test func fallbackTableAgreesOnCommonText() {
        let samples: [Unicode.Scalar] = ["a", "王", "😀", "\u{301}", "한", "ｈ", "\u{200D}", "é", "─"]
        for scalar in samples {
            #expect(
                DisplayWidthTable.fallbackWidth(of: scalar) == DisplayWidthTable.width(of: scalar),
                "U+\(String(scalar.value, radix: 16))")
        }
        #expect(DisplayWidthTable.fallbackWidth(of: "\u{1b}") == -1)
    }
}
