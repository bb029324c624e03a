import BebackCells
import Testing

@Suite("Style and Rect")
struct StyleTests {
    @Test func presetsAreDistinct() {
        let presets: [Style] = [.plain, .header, .selected, .warning, .muted, .accent, .error]
        #expect(Set(presets).count == presets.count)
    }

    @Test func monochromeReplacesColourWithAttributes() {
        #expect(Style.error.monochrome == Style(bold: true, underline: true))
        #expect(Style.warning.monochrome == Style(bold: true, underline: true))
        #expect(Style.accent.monochrome == Style(bold: true))
        #expect(Style(foreground: .green, dim: true).monochrome == Style(bold: true, dim: true))
    }

    @Test func monochromeKeepsUncolouredStyles() {
        for style in [Style.plain, .header, .selected, .muted] {
            #expect(style.monochrome == style)
        }
    }

    @Test func monochromeStylesStillStandOutFromPlain() {
        for color in Style.Color.allCases where color != .default {
            #expect(Style(foreground: color).monochrome != .plain, "\(color)")
        }
    }

    @Test func rectIntersectionAndInset() {
        let pane = Rect(x: 2, y: 1, width: 10, height: 5)
        #expect(pane.intersection(Rect(x: 8, y: 0, width: 10, height: 3)) == Rect(x: 8, y: 1, width: 4, height: 2))
        #expect(pane.intersection(Rect(x: 20, y: 20, width: 1, height: 1)).isEmpty)
        #expect(pane.inset(by: 1) == Rect(x: 3, y: 2, width: 8, height: 3))
        #expect(pane.inset(by: 4).isEmpty)
        #expect(pane.contains(x: 11, y: 5))
        #expect(!pane.contains(x: 12, y: 5))
    }
}
