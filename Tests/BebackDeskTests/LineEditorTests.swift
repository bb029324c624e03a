@testable import BebackDesk
import BebackCells
import Testing

@Suite("Text fields edit like a shell line")
struct LineEditorTests {
    func typed(_ text: String) -> LineEditor {
        var editor = LineEditor()
        for character in text { editor.handle(.character(character)) }
        return editor
    }

    @Test("typing, moving and inserting in the middle")
    func insert() {
        var editor = typed("helo")
        editor.handle(.left)
        editor.handle(.character("l"))
        #expect(editor.text == "hello")
        editor.handle(.home)
        editor.handle(.character(">"))
        editor.handle(.control("e"))
        editor.handle(.character("!"))
        #expect(editor.text == ">hello!")
    }

    @Test("backspace removes a whole wide character or emoji")
    func wideBackspace() {
        var editor = typed("王小明😀")
        editor.handle(.backspace)
        #expect(editor.text == "王小明")
        editor.handle(.backspace)
        #expect(editor.text == "王小")
        #expect(editor.beforeCursor == "王小")
    }

    @Test("Ctrl-W deletes a word, Ctrl-U to the start, Ctrl-K to the end")
    func killKeys() {
        var editor = typed("call Tom tomorrow")
        editor.handle(.control("w"))
        #expect(editor.text == "call Tom ")
        editor.handle(.left)
        editor.handle(.left)
        editor.handle(.control("k"))
        #expect(editor.text == "call To")
        editor.handle(.control("u"))
        #expect(editor.text == "")
        #expect(editor.cursor == 0)
    }

    @Test("keys that are not editing keys are declined")
    func declines() {
        var editor = typed("x")
        let tookEnter = editor.handle(.enter)
        let tookEscape = editor.handle(.escape)
        #expect(!tookEnter)
        #expect(!tookEscape)
        #expect(editor.text == "x")
    }
}
