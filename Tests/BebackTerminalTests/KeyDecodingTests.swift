import BebackCells
import BebackTerminal
import Testing

/// Raw values as ncurses' `wget_wch` reports them. The key codes are ncurses' own
/// (octal in curses.h), written out here so the test checks the decoder against them.
private enum Raw {
    static let ok: Int32 = 0
    static let keyCodeYes: Int32 = 0o400
    static let err: Int32 = -1

    static let down: UInt32 = 0o402, up: UInt32 = 0o403, left: UInt32 = 0o404, right: UInt32 = 0o405
    static let home: UInt32 = 0o406, backspace: UInt32 = 0o407, f0: UInt32 = 0o410
    static let delete: UInt32 = 0o512, pageDown: UInt32 = 0o522, pageUp: UInt32 = 0o523
    static let enter: UInt32 = 0o527, backTab: UInt32 = 0o541, end: UInt32 = 0o550
    static let find: UInt32 = 0o552, select: UInt32 = 0o601, resize: UInt32 = 0o632
    static let insert: UInt32 = 0o513
}

@Suite("KeyDecoder")
struct KeyDecodingTests {
    @Test func timeoutIsNil() {
        #expect(KeyDecoder.decode(status: Raw.err, value: 0) == nil)
    }

    @Test(arguments: [
        (Raw.up, Key.up), (Raw.down, .down), (Raw.left, .left), (Raw.right, .right),
        (Raw.home, .home), (Raw.end, .end), (Raw.find, .home), (Raw.select, .end),
        (Raw.pageUp, .pageUp), (Raw.pageDown, .pageDown), (Raw.enter, .enter),
        (Raw.backspace, .backspace), (Raw.delete, .delete), (Raw.backTab, .backTab),
        (Raw.resize, .resize), (Raw.f0 + 1, .function(1)), (Raw.f0 + 12, .function(12))
    ])
    func keyCodes(code: UInt32, expected: Key) {
        #expect(KeyDecoder.decode(status: Raw.keyCodeYes, value: code) == expected)
    }

    @Test func unknownKeyCodeKeepsItsValue() {
        #expect(KeyDecoder.decode(status: Raw.keyCodeYes, value: Raw.insert) == .unknown(Int32(Raw.insert)))
    }

    @Test(arguments: [
        (UInt32(10), Key.enter), (13, .enter), (9, .tab), (127, .backspace), (8, .backspace),
        (27, .escape), (1, .control("a")), (3, .control("c")), (26, .control("z")),
        (11, .control("k")), (0, .control("@")), (28, .control("\\")), (31, .control("_"))
    ])
    func controlBytes(value: UInt32, expected: Key) {
        #expect(KeyDecoder.decode(status: Raw.ok, value: value) == expected)
    }

    @Test func everyControlLetterExceptTheNamedKeysIsControl() {
        let named: Set<UInt32> = [8, 9, 10, 13]
        for value in UInt32(1)...26 where !named.contains(value) {
            let letter = Character(Unicode.Scalar(UInt8(96 + value)))
            #expect(KeyDecoder.decode(status: Raw.ok, value: value) == .control(letter))
        }
    }

    @Test(arguments: ["a", "Z", "?", " ", "王", "é", "😀"] as [Character])
    func printableCharacters(character: Character) {
        let value = character.unicodeScalars.first!.value
        #expect(KeyDecoder.decode(status: Raw.ok, value: value) == .character(character))
    }

    @Test func invalidAndC1ValuesAreUnknown() {
        #expect(KeyDecoder.decode(status: Raw.ok, value: 0xD800) == .unknown(0xD800))
        #expect(KeyDecoder.decode(status: Raw.ok, value: 0x9B) == .unknown(0x9B))
        #expect(KeyDecoder.decode(status: 7, value: 65) == .unknown(7))
    }
}
