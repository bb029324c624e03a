import Testing
import BebackText

@Suite("SafeText.fit and wrap")
struct TextFittingTests {
    @Test func shortTextIsKept() {
        #expect(SafeText.fit("Ada", width: 5) == "Ada")
        #expect(SafeText.fit("Ada", width: 5, pad: true) == "Ada  ")
        #expect(SafeText.fit("王小明", width: 6) == "王小明")
    }

    @Test func longTextIsCutWithEllipsis() {
        #expect(SafeText.fit("Ada Lovelace", width: 6) == "Ada L…")
        #expect(SafeText.fit("Ada Lovelace", width: 1) == "…")
        #expect(SafeText.fit("Ada", width: 0) == "")
        #expect(SafeText.fit("Ada", width: -3, pad: true) == "")
    }

    @Test func wideCharacterIsNeverSplit() {
        // 4 columns: "王" (2) fits, "小" would straddle the ellipsis column.
        let fitted = SafeText.fit("王小明", width: 4)
        #expect(fitted == "王 …")
        #expect(SafeText.displayWidth(fitted) == 4)
        #expect(SafeText.fit("王小明", width: 5) == "王小…")
        #expect(SafeText.fit("😀😀😀", width: 3, pad: true) == "😀…")
    }

    @Test func fitSanitizesFirst() {
        #expect(SafeText.fit("\u{1b}[31mEvil", width: 20) == "^[[31mEvil")
        #expect(SafeText.fit("\u{1b}[31mEvil", width: 4) == "^[[…")
    }

    @Test func fitAlwaysHonoursTheWidth() {
        let samples = ["王小明 Ada 😀 e\u{301}", "\u{1b}[1mX\u{202E}", "👨\u{200D}👩\u{200D}👧 family"]
        for sample in samples {
            for width in 0...20 {
                let fitted = SafeText.fit(sample, width: width)
                #expect(SafeText.displayWidth(fitted) <= width)
                #expect(SafeText.displayWidth(SafeText.fit(sample, width: width, pad: true)) == max(width, 0))
            }
        }
    }

    @Test func wrapBreaksBetweenWords() {
        #expect(
            SafeText.wrap("call back after the trade show", width: 12)
                == ["call back", "after the", "trade show"])
    }

    @Test func wrapBreaksLongWords() {
        #expect(SafeText.wrap("abcdefghij", width: 4) == ["abcd", "efgh", "ij"])
    }

    @Test func wrapMeasuresWideCharacters() {
        #expect(SafeText.wrap("王小明 王小明", width: 6) == ["王小明", "王小明"])
        #expect(SafeText.wrap("王小明王", width: 5) == ["王小", "明王"])
        #expect(SafeText.wrap("😀😀 ok", width: 4) == ["😀😀", "ok"])
    }

    @Test func wrapKeepsParagraphsAndSanitizes() {
        #expect(SafeText.wrap("first line\n\nthird \u{1b}[0m", width: 20) == ["first line", "", "third ^[[0m"])
        #expect(SafeText.wrap("", width: 10) == [""])
        #expect(SafeText.wrap("anything", width: 0) == [])
    }

    @Test func wrapNeverExceedsWidth() {
        let text = "王小明 called about the 😀 demo; wants pricing for 25 seats\tand a trial"
        for width in 1...30 {
            let lines = SafeText.wrap(text, width: width)
            #expect(!lines.isEmpty)
            for line in lines {
                #expect(SafeText.displayWidth(line) <= width, "width \(width): \(line)")
            }
        }
    }
}
