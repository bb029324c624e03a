import BebackCells
import CNCursesW

/// Turns what ncurses' `wget_wch` returned into a `Key`. A pure function, kept apart from
/// `TerminalScreen` so it can be tested without a terminal.
public enum KeyDecoder {
    /// Decodes one `wget_wch` result: `status` is its return value (`OK` for a character,
    /// `KEY_CODE_YES` for a function key, `ERR` for a timeout) and `value` the wide
    /// character or key code it stored. Returns nil for a timeout.
    public static func decode(status: Int32, value: UInt32) -> Key? {
        switch status {
        case ERR:
            return nil
        case KEY_CODE_YES:
            return decodeKeyCode(Int32(bitPattern: value))
        case OK:
            return decodeCharacter(value)
        default:
            return .unknown(status)
        }
    }

    /// Function keys: ncurses' `KEY_*` codes.
    private static func decodeKeyCode(_ code: Int32) -> Key {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        // Home and End also arrive as Find and Select (vt220-style keypads, tmux, the
        // Linux console) or as the keypad's corner keys.
        case KEY_HOME, KEY_FIND, KEY_A1: return .home
        case KEY_END, KEY_SELECT, KEY_C1: return .end
        case KEY_PPAGE, KEY_A3: return .pageUp
        case KEY_NPAGE, KEY_C3: return .pageDown
        case KEY_ENTER: return .enter
        case KEY_BACKSPACE: return .backspace
        case KEY_DC: return .delete
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        case KEY_F0 + 1...KEY_F0 + 63: return .function(Int(code - KEY_F0))
        default: return .unknown(code)
        }
    }

    /// Characters, including the control bytes a terminal sends for Enter, Tab, Esc...
    private static func decodeCharacter(_ value: UInt32) -> Key {
        switch value {
        case 10, 13: return .enter
        case 9: return .tab
        case 8, 127: return .backspace
        case 27: return .escape
        case 0: return .control("@")
        case 1...26: return .control(Character(Unicode.Scalar(UInt8(value) + 0x60)))  // 1 -> "a"
        case 28...31: return .control(Character(Unicode.Scalar(UInt8(value) + 0x40)))  // 28 -> "\"
        case 0x80...0x9F: return .unknown(Int32(value))  // C1 controls are not typed text
        default:
            guard let scalar = Unicode.Scalar(value) else { return .unknown(Int32(bitPattern: value)) }
            return .character(Character(scalar))
        }
    }
}
