import BebackCells
import BebackText

/// A one-line text field that edits like a shell line: arrows, Home/End, Ctrl-A/E/K/U/W,
/// backspace over whole characters (wide ones included), typed or pasted text.
public struct LineEditor: Equatable, Sendable {
    public private(set) var characters: [Character]
    /// The cursor, as an index into `characters` (0...count).
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        characters = Array(text)
        cursor = characters.count
    }

    public var text: String { String(characters) }

    /// Applies an editing key; returns false when the key is not an editing key.
    @discardableResult
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let character):
            characters.insert(character, at: cursor)
            cursor += 1
        case .left, .control("b"): cursor = max(0, cursor - 1)
        case .right, .control("f"): cursor = min(characters.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .backspace, .control("h"):
            guard cursor > 0 else { return true }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .control("d"):
            guard cursor < characters.count else { return true }
            characters.remove(at: cursor)
        case .control("k"): characters.removeSubrange(cursor...)
        case .control("u"):
            characters.removeSubrange(..<cursor)
            cursor = 0
        case .control("w"):
            var start = cursor
            while start > 0, characters[start - 1] == " " { start -= 1 }
            while start > 0, characters[start - 1] != " " { start -= 1 }
            characters.removeSubrange(start..<cursor)
            cursor = start
        default:
            return false
        }
        return true
    }

    /// The text before the cursor (to place the terminal cursor by display width).
    public var beforeCursor: String { String(characters[..<cursor]) }

    /// What a field `width` columns wide shows of the text: the part around the cursor, sideways
    /// scrolled so the cursor is always in view (`End` shows the end), with `…` where text goes
    /// on past either edge; and the cursor's column in it. Text that fits is shown whole.
    public func window(width: Int) -> (text: String, cursor: Int) {
        guard width > 1 else { return ("", 0) }
        let widths = characters.map { character in
            character.isASCII && !character.isNewline && character.asciiValue.map { $0 >= 0x20 && $0 < 0x7F } == true
                ? 1 : SafeText.displayWidth(SafeText.sanitize(String(character)))
        }
        let total = widths.reduce(0, +)
        if total < width { return (text, widths[..<cursor].reduce(0, +)) }
        // The first character shown: as far left as keeps the cursor (and one cell for it) in view.
        var start = 0
        var beforeWidth = widths[..<cursor].reduce(0, +)
        while start < cursor, beforeWidth + (start > 0 ? 1 : 0) > width - 2 {
            beforeWidth -= widths[start]
            start += 1
        }
        var shown = start > 0 ? "…" : ""
        var used = start > 0 ? 1 : 0
        var index = start
        var rest = widths[start...].reduce(0, +)
        while index < characters.count {
            // The last column is kept for `…` unless the rest of the text fits in it.
            if used + rest <= width {
                shown += String(characters[index...])
                break
            }
            guard used + widths[index] <= width - 1 else {
                shown += "…"
                break
            }
            shown.append(characters[index])
            used += widths[index]
            rest -= widths[index]
            index += 1
        }
        return (shown, beforeWidth + (start > 0 ? 1 : 0))
    }
}
