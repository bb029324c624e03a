import BebackText

/// Why a `TerminalScreen` could not be opened; `description` is one line for the user.
public enum TerminalError: Error, Equatable, Sendable, CustomStringConvertible {
    /// Standard input or standard output is not a terminal (redirected or piped).
    case notATerminal
    /// `TERM` is unset or empty.
    case noTerminalType
    /// `TERM` is `dumb`, which cannot move the cursor.
    case dumbTerminal
    /// ncurses found no terminfo entry for this terminal type.
    case unknownTerminalType(String)
    /// A system call needed for the screen failed.
    case systemFailure(String)

    public var description: String {
        switch self {
        case .notATerminal:
            return "the full-screen desk needs a terminal, but standard input or output is redirected"
        case .noTerminalType:
            return "TERM is not set, so the terminal type is unknown (try TERM=xterm-256color)"
        case .dumbTerminal:
            return "TERM=dumb cannot show a full-screen display (try TERM=xterm-256color)"
        case .unknownTerminalType(let type):
            return "no terminfo entry for terminal type '\(SafeText.sanitize(type))' (try TERM=xterm-256color)"
        case .systemFailure(let what):
            return "cannot set up the terminal: \(SafeText.sanitize(what))"
        }
    }
}
