@testable import BebackDesk
import BebackDomain
import BebackCells
import Testing

@Suite("The key bar follows the focused pane")
struct KeyBarTests {
    func bar(_ focus: DeskPane, width: Int = 120) -> String {
        var buffer = CellBuffer(width: width, height: 1)
        KeyBar.draw(row: 0, focus: focus, into: &buffer, width: width)
        return buffer.lines()[0]
    }

    @Test("the due list's bar leads with the outcome digits and shows d dial")
    func due() {
        let text = bar(.due)
        #expect(text.hasPrefix(" 1 reached  2 voicemail"))
        #expect(text.contains("d dial") && text.hasSuffix("? more  q quit"), "cut at 120: help says there is more")
    }

    @Test("with the script focused the bar lists the script keys from the key table, the branch keys included")
    func script() {
        let text = bar(.script)
        #expect(text.hasPrefix(" ] next step  [ back  v voicemail  V variant  r/w/m/b what happened  s agreed"), "\(text)")
        #expect(!text.contains("2 voicemail"))
        for action in [DeskAction.scriptNext, .scriptPrevious, .scriptVoicemail, .scriptCycleVariant, .scriptAgree] {
            #expect(text.contains(" \(KeyBindings.label(for: action)!) "), "\(action)")
        }
    }

    @Test("at 60 columns the bar is cut between entries and keeps help (as ? more) and quit")
    func narrow() {
        let text = bar(.script, width: 60)
        #expect(text.hasSuffix("? more  q quit"))
        #expect(text.count <= 60)
    }
}
