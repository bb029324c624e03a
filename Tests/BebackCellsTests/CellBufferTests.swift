import BebackCells
import Testing

@Suite("CellBuffer")
struct CellBufferTests {
    @Test func putWritesTextAndReturnsColumns() {
        var buffer = CellBuffer(width: 12, height: 2)
        #expect(buffer.put("Ada", x: 1, y: 0) == 3)
        #expect(buffer.put("王小明", x: 0, y: 1) == 6)
        #expect(buffer.lines() == [" Ada", "王小明"])
    }

    @Test func wideCharactersTakeTwoCells() {
        var buffer = CellBuffer(width: 6, height: 1)
        buffer.put("王😀", x: 0, y: 0, style: .accent)
        #expect(buffer[0, 0].grapheme == "王")
        #expect(buffer[0, 0].width == 2)
        #expect(buffer[1, 0].isContinuation)
        #expect(buffer[1, 0].style == .accent)
        #expect(buffer[2, 0].grapheme == "😀")
        #expect(buffer[3, 0].isContinuation)
        #expect(!buffer[4, 0].isContinuation)
    }

    @Test func putIsTheSanitizingChokepoint() {
        var buffer = CellBuffer(width: 30, height: 1)
        let written = buffer.put("\u{1b}[31mEvil\u{1b}[0m \u{202E}x", x: 0, y: 0)
        #expect(buffer.lines() == ["^[[31mEvil^[[0m <U+202E>x"])
        #expect(written == 25)
        let controls = buffer.cells.flatMap(\.grapheme.unicodeScalars).filter { $0.value < 0x20 || (0x7F...0x9F).contains($0.value) }
        #expect(controls.isEmpty)
    }

    @Test func clipsAtRightEdgeWithoutSplittingWideCharacters() {
        var buffer = CellBuffer(width: 5, height: 1)
        #expect(buffer.put("王小明", x: 0, y: 0) == 5)
        #expect(buffer.lines() == ["王小"])
        #expect(buffer[4, 0].grapheme == " ")
        #expect(!buffer[4, 0].isContinuation)
    }

    @Test func clipsAtMaxWidth() {
        var buffer = CellBuffer(width: 20, height: 1)
        #expect(buffer.put("Ada Lovelace", x: 2, y: 0, maxWidth: 3) == 3)
        #expect(buffer.put("王小明", x: 6, y: 0, maxWidth: 3) == 3)
        #expect(buffer.lines() == ["  Ada 王"])
        #expect(buffer[8, 0].grapheme == " ")
    }

    @Test func clipsAtLeftAndOutsideRows() {
        var buffer = CellBuffer(width: 4, height: 1)
        #expect(buffer.put("王ab", x: -1, y: 0) == 3)
        #expect(buffer.lines() == [" ab"])
        #expect(buffer.put("hidden", x: 0, y: 1) == 0)
        #expect(buffer.put("hidden", x: 0, y: -1) == 0)
        #expect(buffer.put("abc", x: -5, y: 0, maxWidth: 2) == 0)
        #expect(buffer.lines() == [" ab"])
    }

    @Test func overwritingHalfAWideCharacterBlanksTheOtherHalf() {
        var buffer = CellBuffer(width: 6, height: 2)
        buffer.put("王小", x: 0, y: 0)
        buffer.put("x", x: 1, y: 0)  // right half of 王
        buffer.put("y", x: 2, y: 0)  // left half of 小
        #expect(buffer.lines()[0] == " xy")
        #expect(!buffer[3, 0].isContinuation)

        buffer.put("ab", x: 0, y: 1)
        buffer.put("明", x: 1, y: 1)  // wide over two narrow cells
        #expect(buffer.lines()[1] == "a明")
    }

    @Test func emojiSequencesStayInOneWideCell() {
        var buffer = CellBuffer(width: 8, height: 1)
        let family = "👨\u{200D}👩\u{200D}👧"
        #expect(buffer.put(family + "ok", x: 0, y: 0) == 4)
        #expect(buffer[0, 0].grapheme == family)
        #expect(buffer.lines() == [family + "ok"])
    }

    @Test func leadingCombiningMarkIsDropped() {
        var buffer = CellBuffer(width: 8, height: 1)
        #expect(buffer.put("\u{301}e\u{301}x", x: 0, y: 0) == 2)
        #expect(buffer.lines() == ["e\u{301}x"])
    }

    @Test func boxWithTitle() {
        var buffer = CellBuffer(width: 12, height: 4)
        buffer.box(x: 1, y: 0, width: 10, height: 4, title: "Leads")
        #expect(
            buffer.lines() == [
                " ┌ Leads ─┐",
                " │        │",
                " │        │",
                " └────────┘"
            ])
    }

    @Test func boxTitleIsSanitizedAndFitted() {
        var buffer = CellBuffer(width: 14, height: 2)
        buffer.box(x: 0, y: 0, width: 14, height: 2, title: "\u{1b}]0;pwned\u{07}")
        #expect(buffer.lines() == ["┌ ^[]0;pwne… ┐", "└────────────┘"])

        var narrow = CellBuffer(width: 8, height: 2)
        narrow.box(Rect(x: 0, y: 0, width: 8, height: 2), title: "王小明")
        #expect(narrow.lines() == ["┌ 王 … ┐", "└──────┘"])
    }

    @Test func boxClipsAtEdgesAndIgnoresTinySizes() {
        var buffer = CellBuffer(width: 4, height: 3)
        buffer.box(x: 2, y: 1, width: 5, height: 5)
        #expect(buffer.lines() == ["", "  ┌─", "  │"])
        var untouched = CellBuffer(width: 4, height: 3)
        untouched.box(x: 0, y: 0, width: 1, height: 3)
        #expect(untouched == CellBuffer(width: 4, height: 3))
    }

    /// A box drawn as text through `put`, as the buffer once drew it: the reference the direct one must match.
    static func boxThroughPut(_ buffer: inout CellBuffer, x: Int, y: Int, width: Int, height: Int, style: Style) {
        guard width >= 2, height >= 2 else { return }
        let horizontal = String(repeating: "─", count: width - 2)
        buffer.put("┌" + horizontal + "┐", x: x, y: y, style: style)
        for row in y + 1..<y + height - 1 {
            buffer.put("│", x: x, y: row, style: style)
            buffer.put("│", x: x + width - 1, y: row, style: style)
        }
        buffer.put("└" + horizontal + "┘", x: x, y: y + height - 1, style: style)
    }

    @Test("a box gives the cells its text would, anywhere, partly or wholly outside, over wide characters")
    func boxMatchesItsText() {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<2_000 {
            var base = CellBuffer(width: 9, height: 6)
            base.put("王小明 😀 ab", x: Int.random(in: -3...4, using: &generator), y: Int.random(in: 0...5, using: &generator))
            base.put("界é王", x: Int.random(in: -3...6, using: &generator), y: Int.random(in: 0...5, using: &generator))
            let (x, y) = (Int.random(in: -12...11, using: &generator), Int.random(in: -8...8, using: &generator))
            let (width, height) = (Int.random(in: 0...14, using: &generator), Int.random(in: 0...10, using: &generator))
            let style: Style = Bool.random(using: &generator) ? .accent : .plain
            var direct = base
            direct.box(x: x, y: y, width: width, height: height, style: style)
            var expected = base
            Self.boxThroughPut(&expected, x: x, y: y, width: width, height: height, style: style)
            #expect(direct == expected, "box at (\(x), \(y)) \(width)x\(height)")
            if direct != expected { return }
        }
    }

    @Test func fillClearsAndStyles() {
        var buffer = CellBuffer(width: 6, height: 2)
        buffer.put("王小明", x: 0, y: 0)
        buffer.put("abcdef", x: 0, y: 1)
        buffer.fill(Rect(x: 1, y: 0, width: 2, height: 5), style: .selected)
        #expect(buffer.lines() == ["    明", "a  def"])
        #expect(buffer[1, 1].style == .selected)
        #expect(buffer[3, 1].style == .plain)
        #expect(!buffer[3, 0].isContinuation)  // right half of 小, now a space
    }

    @Test func runsGroupCellsByStyle() {
        var buffer = CellBuffer(width: 10, height: 1)
        buffer.put("Due", x: 0, y: 0, style: .header)
        buffer.put("王", x: 4, y: 0, style: .error)
        #expect(
            buffer.runs(row: 0) == [
                StyledRun(x: 0, text: "Due", style: .header),
                StyledRun(x: 3, text: " ", style: .plain),
                StyledRun(x: 4, text: "王", style: .error),
                StyledRun(x: 6, text: "    ", style: .plain)
            ])
        #expect(buffer.runs(row: 3) == [])
    }

    @Test func clearResetsEveryCell() {
        var buffer = CellBuffer(width: 5, height: 2)
        buffer.put("hello", x: 0, y: 1, style: .error)
        buffer.clear()
        #expect(buffer == CellBuffer(width: 5, height: 2))
    }
}
