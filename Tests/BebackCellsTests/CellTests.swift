@testable import BebackCells
import Testing

/// A cell keeps its grapheme exactly, inline or in the table of long ones, and compares by it.
@Suite("Cells")
struct CellTests {
    @Test("graphemes of every length come back as they went in, and equal graphemes make equal cells")
    func graphemesRoundTrip() {
        let samples = [
            "", " ", "a", "~", "é", "e\u{301}", "王", "😀", "🇬🇧", "👍🏽", "a\u{301}\u{302}\u{303}\u{304}\u{305}\u{306}",
            "👩‍👩‍👧‍👦", "🏳️‍🌈", "👨🏿‍❤️‍💋‍👨🏻"
        ]
        for text in samples {
            let cell = Cell(grapheme: text, style: .plain, width: 1)
            #expect(cell.grapheme == text)
            #expect(cell == Cell(grapheme: String(text.unicodeScalars), style: .plain, width: 1))
        }
        let cells = samples.map { Cell(grapheme: $0, style: .plain, width: 1) }
        #expect(Set(cells).count == samples.count)
        #expect(Cell(grapheme: "👩‍👩‍👧‍👦", style: .plain, width: 2) != Cell(grapheme: "👩‍👩‍👧‍👦", style: .accent, width: 2))
    }

    @Test("only a lone printable ASCII character takes the terminal's fast path")
    func asciiByte() {
        #expect(Cell(ascii: UInt8(ascii: "x"), style: .plain).asciiByte == UInt8(ascii: "x"))
        #expect(Cell(grapheme: "x", style: .plain, width: 1).asciiByte == UInt8(ascii: "x"))
        #expect(Cell(grapheme: "xy", style: .plain, width: 1).asciiByte == nil)
        #expect(Cell(grapheme: "é", style: .plain, width: 1).asciiByte == nil)
        #expect(Cell(grapheme: "", style: .plain, width: 0).asciiByte == nil)
        #expect(Cell.blank.grapheme == " ")
    }
}
