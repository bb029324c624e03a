import BebackCells
import BebackTerminal
import Testing

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Real ncurses screens writing to /dev/null. ncurses is not thread-safe, so every test
/// that opens a screen lives in this one serialized suite.
@Suite("TerminalScreen (headless)", .serialized)
struct TerminalScreenTests {
    private func sampleBuffer(width: Int = 40, height: Int = 10) -> CellBuffer {
        var buffer = CellBuffer(width: width, height: height)
        buffer.put("Beback 王小明 😀", x: 2, y: 1, style: .header)
        buffer.box(x: 0, y: 3, width: 20, height: 4, title: "Leads")
        buffer.put("Ada", x: 2, y: 4)
        return buffer
    }

    @Test func drawsTextAndBoxesWhereExpected() throws {
        let screen = try TerminalScreen.headless(rows: 10, cols: 40)
        defer { screen.end() }
        #expect(screen.size == (rows: 10, cols: 40))
        let buffer = sampleBuffer()
        screen.draw(buffer)
        let lines = screen.readBack()
        #expect(lines.count == 10)
        #expect(lines[1] == "  Beback 王小明 😀")
        #expect(
            Array(lines[3...6]) == [
                "┌ Leads ───────────┐",
                "│ Ada              │",
                "│                  │",
                "└──────────────────┘"
            ])
        #expect(lines == buffer.lines())
    }

    @Test func redrawsOnlyWhatChangedAndLeavesNoDebris() throws {
        let screen = try TerminalScreen.headless(rows: 4, cols: 20)
        defer { screen.end() }
        var buffer = CellBuffer(width: 20, height: 4)
        buffer.put("王小明 called", x: 0, y: 0)
        buffer.put("keep me", x: 0, y: 2)
        screen.draw(buffer)

        buffer.put("ab", x: 0, y: 0)  // two narrow cells over a wide one
        buffer.put("x", x: 3, y: 0)  // right half of 小
        screen.draw(buffer)
        #expect(screen.readBack() == ["ab x明 called", "", "keep me", ""])

        buffer.put("李", x: 0, y: 2)  // a wide character over narrow ones
        screen.draw(buffer)
        #expect(screen.readBack()[2] == "李ep me")
        #expect(screen.readBack() == buffer.lines())
    }

    @Test func writesOnlyChangedCells() throws {
        let screen = try TerminalScreen.headless(rows: 3, cols: 10)
        defer { screen.end() }
        var buffer = CellBuffer(width: 10, height: 3)
        buffer.put("王小明", x: 0, y: 0)
        screen.draw(buffer)
        #expect(screen.cellsWrittenByLastDraw == 27)  // 30 cells, 3 of them continuations
        screen.draw(buffer)
        #expect(screen.cellsWrittenByLastDraw == 0)
        buffer.put("Bo", x: 2, y: 2)
        screen.draw(buffer)
        #expect(screen.cellsWrittenByLastDraw == 2)
        screen.redrawAll()
        screen.draw(buffer)
        #expect(screen.cellsWrittenByLastDraw == 27)
        #expect(screen.readBack() == ["王小明", "", "  Bo"])
    }

    @Test func hostileNameShowsAsVisibleEscapes() throws {
        let screen = try TerminalScreen.headless(rows: 3, cols: 40)
        defer { screen.end() }
        var buffer = CellBuffer(width: 40, height: 3)
        buffer.put("\u{1b}[31mEvil\u{1b}[0m\u{9b}2J\u{202E}abc", x: 0, y: 1)
        screen.draw(buffer)
        #expect(screen.readBack()[1] == "^[[31mEvil^[[0m<U+009B>2J<U+202E>abc")
    }

    @Test func resizeRedrawsAtTheNewSize() throws {
        let screen = try TerminalScreen.headless(rows: 10, cols: 40)
        defer { screen.end() }
        screen.draw(sampleBuffer())
        screen.resize(rows: 5, cols: 12)
        #expect(screen.size == (rows: 5, cols: 12))
        var small = CellBuffer(width: 12, height: 5)
        small.put("small", x: 0, y: 0)
        screen.draw(small)
        #expect(screen.readBack() == ["small", "", "", "", ""])
    }

    @Test func buffersLargerThanTheScreenAreClipped() throws {
        let screen = try TerminalScreen.headless(rows: 2, cols: 7)
        defer { screen.end() }
        var buffer = CellBuffer(width: 20, height: 5)
        buffer.put("abcdef王x", x: 0, y: 0)  // 王 straddles the last column
        buffer.put("row 2", x: 0, y: 1)
        buffer.put("row 3", x: 0, y: 2)
        screen.draw(buffer)
        #expect(screen.readBack() == ["abcdef", "row 2"])
    }

    @Test func emojiSequenceKeepsColumnsAligned() throws {
        let screen = try TerminalScreen.headless(rows: 2, cols: 10)
        defer { screen.end() }
        var buffer = CellBuffer(width: 10, height: 2)
        buffer.put("👨\u{200D}👩\u{200D}👧|e\u{301}|", x: 0, y: 0)
        screen.draw(buffer)
        // ncurses holds one spacing character per cell: the family shows as its first
        // member, and everything after it stays in its column.
        #expect(screen.readBack()[0] == "👨|e\u{301}|")
    }

    @Test func stylesReachNcurses() throws {
        let colour = try TerminalScreen.headless(rows: 2, cols: 10, colorEnabled: true)
        var buffer = CellBuffer(width: 10, height: 2)
        buffer.put("E", x: 0, y: 0, style: .error)
        buffer.put("S", x: 1, y: 0, style: .selected)
        buffer.put("王", x: 2, y: 0, style: .accent)
        colour.draw(buffer)
        #expect(colour.isColorEnabled)
        #expect(colour.readBackStyle(x: 0, y: 0) == .error)
        #expect(colour.readBackStyle(x: 1, y: 0) == .selected)
        #expect(colour.readBackStyle(x: 2, y: 0) == .accent)
        #expect(colour.readBackStyle(x: 4, y: 0) == .plain)
        colour.end()

        let mono = try TerminalScreen.headless(rows: 2, cols: 10, colorEnabled: false)
        defer { mono.end() }
        mono.draw(buffer)
        #expect(!mono.isColorEnabled)
        #expect(mono.readBackStyle(x: 0, y: 0) == Style.error.monochrome)
        #expect(mono.readBackStyle(x: 2, y: 0) == Style.accent.monochrome)
        #expect(mono.readBackStyle(x: 20, y: 0) == nil)
    }

    @Test func readKeyTimesOutWithoutInputAndReportsResizes() throws {
        let screen = try TerminalScreen.headless(rows: 2, cols: 10)
        defer { screen.end() }
        #expect(screen.readKey(timeoutMilliseconds: 10) == nil)
        screen.resize(rows: 3, cols: 12)
        #expect(screen.readKey(timeoutMilliseconds: 10) == .resize)
        #expect(screen.readKey(timeoutMilliseconds: 0) == nil)
    }

    @Test func cursorCanBeShownAndHidden() throws {
        let screen = try TerminalScreen.headless(rows: 3, cols: 10)
        defer { screen.end() }
        var buffer = CellBuffer(width: 10, height: 3)
        buffer.put("name: Ada", x: 0, y: 1)
        screen.showCursor(at: (x: 9, y: 1))
        screen.draw(buffer)
        screen.hideCursor()
        #expect(screen.readBack() == ["", "name: Ada", ""])
    }

    @Test func endIsIdempotentAndStopsDrawing() throws {
        let screen = try TerminalScreen.headless(rows: 3, cols: 10)
        screen.draw(sampleBuffer(width: 10, height: 3))
        #expect(screen.readBack().contains { !$0.isEmpty })
        screen.end()
        screen.end()
        screen.draw(sampleBuffer(width: 10, height: 3))
        #expect(screen.readBack() == [])
        #expect(screen.readKey(timeoutMilliseconds: 0) == nil)
    }

    @Test func unknownTerminalTypeIsAClearError() {
        #expect(throws: TerminalError.unknownTerminalType("no-such-terminal-beback")) {
            _ = try TerminalScreen.headless(rows: 3, cols: 10, terminalType: "no-such-terminal-beback")
        }
    }

    @Test(.enabled(if: isatty(STDIN_FILENO) == 0 || isatty(STDOUT_FILENO) == 0))
    func refusesWithoutATerminal() {
        #expect(throws: TerminalError.notATerminal) {
            _ = try TerminalScreen(colorEnabled: true)
        }
    }
}

@Suite("TerminalError")
struct TerminalErrorTests {
    @Test func descriptionsAreOneSanitizedLine() {
        let errors: [TerminalError] = [
            .notATerminal, .noTerminalType, .dumbTerminal,
            .unknownTerminalType("evil\u{1b}[2J\nterm"), .systemFailure("open failed")
        ]
        for error in errors {
            #expect(!error.description.isEmpty)
            #expect(!error.description.unicodeScalars.contains { $0.value < 0x20 }, "\(error)")
        }
        #expect(TerminalError.unknownTerminalType("evil\u{1b}[2J").description.contains("evil^[[2J"))
    }
}
