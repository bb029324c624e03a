/// One key press as a plain value, decoded from ncurses by `KeyDecoder`, so the desk's
/// key map can match keys without knowing anything about ncurses.
///
/// Keys that share a byte with a control letter arrive as the named key: Ctrl-H is
/// `.backspace`, Ctrl-I is `.tab`, Ctrl-J and Ctrl-M are `.enter`, Ctrl-[ is `.escape`.
public enum Key: Hashable, Sendable {
    /// A printable character (any script, emoji included).
    case character(Character)
    case up, down, left, right
    case home, end, pageUp, pageDown
    case enter, tab, backTab, backspace, delete, escape
    /// The terminal changed size; redraw at the new `TerminalScreen.size`.
    case resize
    /// A control key, by its lower-case letter: Ctrl-A is `.control("a")`. The few
    /// controls that are not letters use their caret symbol: Ctrl-@ (and Ctrl-Space) is
    /// `.control("@")`, then `"\\"`, `"]"`, `"^"`, `"_"`.
    case control(Character)
    /// F1 is `.function(1)`.
    case function(Int)
    /// Anything else, by its raw code.
    case unknown(Int32)
}
