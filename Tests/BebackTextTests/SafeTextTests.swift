import Testing
@testable import BebackText

@Suite("SafeText.sanitize")
struct SafeTextTests {
    @Test func plainTextIsUnchanged() {
        let names = ["Ada Lovelace", "王小明", "José Müller", "😀 party", "Zoë O'Brien-Smith", ""]
        for name in names {
            #expect(SafeText.sanitize(name) == name)
            #expect(!SafeText.needsSanitizing(name))
        }
    }

    @Test func escapeSequenceBecomesCaretNotation() {
        #expect(SafeText.sanitize("\u{1b}[31mEvil\u{1b}[0m") == "^[[31mEvil^[[0m")
    }

    @Test func titleSettingSequenceIsDefanged() {
        // OSC 0 (set window title) terminated by BEL, a classic log-injection payload.
        let sanitized = SafeText.sanitize("\u{1b}]0;pwned\u{07}Bob")
        #expect(sanitized == "^[]0;pwned^GBob")
        #expect(!sanitized.unicodeScalars.contains { $0.value < 0x20 || $0.value == 0x7F })
    }

    @Test(arguments: [
        ("\t", "^I"), ("\r", "^M"), ("\n", "^J"), ("\u{0}", "^@"), ("\u{7f}", "^?"),
        ("\u{1f}", "^_"), ("\u{08}", "^H")
    ])
    func c0AndDeleteUseCaretNotation(input: String, expected: String) {
        #expect(SafeText.sanitize("a\(input)b") == "a\(expected)b")
    }

    @Test func crlfShowsBothControls() {
        #expect(SafeText.sanitize("one\r\ntwo") == "one^M^Jtwo")
    }

    @Test func c1ControlsUseCodePointNotation() {
        #expect(SafeText.sanitize("x\u{9b}31my") == "x<U+009B>31my")
        #expect(SafeText.sanitize("\u{80}\u{9f}") == "<U+0080><U+009F>")
    }

    @Test func bidiOverrideIsNeutralized() {
        // CVE-2021-42574 style: RLO makes "txt.exe" look like "exe.txt".
        let sanitized = SafeText.sanitize("invoice\u{202E}txt.exe")
        #expect(sanitized == "invoice<U+202E>txt.exe")
    }

    @Test(arguments: [
        0x061C, 0x200E, 0x200F, 0x202A, 0x202B, 0x202C, 0x202D, 0x202E,
        0x2066, 0x2067, 0x2068, 0x2069, 0xFEFF, 0x200B, 0x2060
    ])
    func bidiAndInvisibleFormatCharactersAreShown(value: UInt32) throws {
        let scalar = try #require(Unicode.Scalar(value))
        let sanitized = SafeText.sanitize("a" + String(Character(scalar)) + "b")
        #expect(sanitized == "a" + SafeText.codePointEscape(value) + "b")
        #expect(sanitized.hasPrefix("a<U+"))
    }

    @Test func unprintableCodePointsAreShown() {
        #expect(SafeText.sanitize("a\u{2028}b") == "a<U+2028>b")
        #expect(SafeText.sanitize("\u{FFFF}") == "<U+FFFF>")
        #expect(SafeText.sanitize("\u{50000}") == "<U+50000>")
    }

    @Test func emojiSequencesSurvive() {
        let family = "👨\u{200D}👩\u{200D}👧"
        let england = "\u{1F3F4}\u{E0067}\u{E0062}\u{E0065}\u{E006E}\u{E0067}\u{E007F}"
        let heart = "❤\u{FE0F}"
        #expect(SafeText.sanitize(family) == family)
        #expect(SafeText.sanitize(england) == england)
        #expect(SafeText.sanitize(heart) == heart)
    }

    @Test func hiddenTagTextIsShown() {
        // Tag characters outside a flag hide text; they are shown as escapes.
        #expect(SafeText.sanitize("Bob\u{E0041}") == "Bob<U+E0041>")
    }

    @Test func invalidUTF8BecomesReplacementCharacter() {
        let bytes: [UInt8] = [0x41, 0xFF, 0x42, 0xC3, 0x28, 0xE2, 0x82]
        let sanitized = SafeText.sanitize(bytes: bytes)
        #expect(sanitized == "A\u{FFFD}B\u{FFFD}(\u{FFFD}")
    }

    @Test func bytesAreSanitizedAfterDecoding() {
        let bytes = Array("\u{1b}[2JAda".utf8) + [0xC0, 0x80]  // overlong NUL
        #expect(SafeText.sanitize(bytes: bytes) == "^[[2JAda\u{FFFD}\u{FFFD}")
    }

    @Test func sanitizeIsIdempotent() {
        let samples = ["\u{1b}[31mEvil\u{1b}[0m", "a\u{202E}b", "\u{9b}\u{7f}\t", "王\u{0}😀", "x\u{E0041}"]
        for sample in samples {
            let once = SafeText.sanitize(sample)
            #expect(SafeText.sanitize(once) == once)
            #expect(!SafeText.needsSanitizing(once))
        }
    }

    @Test func everyControlScalarIsEscaped() {
        for value in UInt32(0)...0x9F where value < 0x20 || value >= 0x7F {
            let scalar = Unicode.Scalar(value)!
            let sanitized = SafeText.sanitize(String(Character(scalar)))
            #expect(!sanitized.unicodeScalars.contains(scalar), "U+\(value) survived")
        }
    }

    @Test func sanitizeLinesSplitsOnNewlines() {
        #expect(SafeText.sanitizeLines("one\ntwo\r\nthree") == ["one", "two", "three"])
        #expect(SafeText.sanitizeLines("a\rb\n") == ["a^Mb", ""])
        #expect(SafeText.sanitizeLines("") == [""])
        #expect(SafeText.sanitizeLines("\u{1b}[1mhi\n\tthere") == ["^[[1mhi", "^Ithere"])
    }
}
