import BebackCells
import BebackText
import CNCursesW

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The full-screen ncurses display: draws `CellBuffer`s (writing only the cells that
/// changed) and reads keys as `Key` values.
///
/// ncurses keeps global state and is not thread-safe: create a screen, use it and end it
/// on one thread, and keep only one open at a time. Input is raw: Ctrl-C, Ctrl-Z and
/// Ctrl-S arrive as `.control` keys instead of signals, so the key map decides what they
/// do. `end()` (also run on deinit) gives the terminal back.
public final class TerminalScreen {
    /// Whether styles are drawn in colour; otherwise `Style.monochrome` is drawn.
    public let isColorEnabled: Bool
    /// Whether this screen writes to /dev/null (see `headless(rows:cols:colorEnabled:terminalType:)`).
    public let isHeadless: Bool
    /// How many cells the last `draw` handed to ncurses (for tests and diagnostics).
    public private(set) var cellsWrittenByLastDraw = 0

    private let screen: OpaquePointer
    private let window: UnsafeMutablePointer<WINDOW>
    private let ownedFiles: [UnsafeMutablePointer<FILE>]
    private var previous: CellBuffer?
    private var previousSize: (rows: Int, cols: Int)?
    private var needsFullRedraw = true
    private var cursor: (x: Int, y: Int)?
    private var isEnded = false

    /// Colour pair numbers by foreground colour (pair 0 is the default colours).
    private static let pairs: [Style.Color: Int16] = [
        .red: 1, .green: 2, .yellow: 3, .blue: 4, .magenta: 5, .cyan: 6, .white: 7
    ]

    // MARK: - Opening and closing

    /// Takes over the terminal on standard input and output.
    ///
    /// Throws `TerminalError` when either is not a terminal or `TERM` is unset, `dumb` or
    /// unknown. Colours are used when `colorEnabled` and the terminal has them; otherwise
    /// bold, reverse and underline carry the styles.
    public convenience init(colorEnabled: Bool) throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else {
            throw TerminalError.notATerminal
        }
        guard let termValue = getenv("TERM"), termValue.pointee != 0 else {
            throw TerminalError.noTerminalType
        }
        let term = String(cString: termValue)
        guard term != "dumb" else { throw TerminalError.dumbTerminal }

        setlocale(LC_ALL, "")
        SafeText.ensureUTF8Locale()  // a "C" locale would measure CJK as one column
        guard let screen = newterm(nil, beback_stdout(), beback_stdin()) else {
            throw TerminalError.unknownTerminalType(term)
        }
        self.init(screen: screen, files: [], headless: false, colorEnabled: colorEnabled)
    }

    /// A real ncurses screen that writes to /dev/null and reads from /dev/null (so
    /// `readKey` always times out), for tests: draw into it and check `readBack()`.
    ///
    /// The terminal type does not come from `TERM`: it is `terminalType`, or by default
    /// the first of xterm-256color, xterm and vt100 that terminfo knows.
    public static func headless(
        rows: Int,
        cols: Int,
        colorEnabled: Bool = false,
        terminalType: String? = nil
    ) throws -> TerminalScreen {
        SafeText.ensureUTF8Locale()
        guard let output = fopen("/dev/null", "w") else {
            throw TerminalError.systemFailure("cannot open /dev/null for writing")
        }
        guard let input = fopen("/dev/null", "r") else {
            fclose(output)
            throw TerminalError.systemFailure("cannot open /dev/null for reading")
        }
        let candidates = terminalType.map { [$0] } ?? ["xterm-256color", "xterm", "vt100"]
        for type in candidates {
            if let screen = newterm(type, output, input) {
                let terminal = TerminalScreen(screen: screen, files: [output, input], headless: true, colorEnabled: colorEnabled)
                terminal.resize(rows: rows, cols: cols)
                flushinp()  // drop the KEY_RESIZE that sizing the new screen queued
                return terminal
            }
        }
        fclose(output)
        fclose(input)
        throw TerminalError.unknownTerminalType(candidates.joined(separator: ", "))
    }

    private init(screen: OpaquePointer, files: [UnsafeMutablePointer<FILE>], headless: Bool, colorEnabled: Bool) {
        self.screen = screen
        ownedFiles = files
        isHeadless = headless
        set_term(screen)
        window = beback_stdscr()

        raw()
        noecho()
        nonl()
        keypad(window, true)
        _ = beback_set_escdelay(25)
        curs_set(0)
        // The run loop reads every key typed ahead before it draws, so ncurses need not poll the
        // input between lines of an update (a system call per few lines) nor cut an update short.
        typeahead(-1)
        // Until a screen has once been ended and resumed, ncurses takes it for a low-level terminfo
        // program's and writes its output out at every cursor move: dozens of small writes per
        // frame, each waking the terminal (tmux, ssh). One suspend and resume at the start puts it
        // in its running state, where a frame goes out in one write.
        def_prog_mode()
        endwin()
        doupdate()

        var colors = false
        if colorEnabled && has_colors() {
            colors = start_color() == OK
        }
        isColorEnabled = colors
        if colors {
            let background: Int16 = use_default_colors() == OK ? -1 : Int16(COLOR_BLACK)
            let codes: [Style.Color: Int32] = [
                .red: COLOR_RED, .green: COLOR_GREEN, .yellow: COLOR_YELLOW, .blue: COLOR_BLUE,
                .magenta: COLOR_MAGENTA, .cyan: COLOR_CYAN, .white: COLOR_WHITE
            ]
            for (color, pair) in Self.pairs {
                if let code = codes[color] {
                    init_pair(pair, Int16(code), background)
                }
            }
        }
    }

    deinit {
        end()
    }

    /// Hands the terminal to another program (an editor) until `resume`: the screen's modes are
    /// kept (def_prog_mode) and the terminal restored (endwin).
    public func suspend() {
        guard !isEnded, !isHeadless else { return }
        set_term(screen)
        def_prog_mode()
        endwin()
        fflush(beback_stdout())
    }

    /// Takes the terminal back after `suspend`, whatever the other program left on it: the modes
    /// come back and the next draw repaints every cell.
    public func resume() {
        guard !isEnded, !isHeadless else { return }
        set_term(screen)
        reset_prog_mode()
        refresh()
        needsFullRedraw = true
    }

    /// Gives the terminal back (endwin) and frees the screen. Safe to call more than
    /// once; after it, drawing and reading do nothing.
    public func end() {
        guard !isEnded else { return }
        isEnded = true
        set_term(screen)
        endwin()
        // endwin's last bytes (leaving the alternate screen) may still sit in stdio's buffer:
        // flush them now, so that whatever the program writes next lands on the normal screen.
        fflush(isHeadless ? nil : beback_stdout())
        delscreen(screen)
        for file in ownedFiles {
            fclose(file)
        }
    }

    // MARK: - Size

    /// The current size in rows and columns.
    public var size: (rows: Int, cols: Int) {
        guard !isEnded else { return previousSize ?? (0, 0) }
        activate()
        return (Int(beback_maxy(window)), Int(beback_maxx(window)))
    }

    /// For headless screens (tests): pretends the terminal changed to this size; like a
    /// real resize, the next `readKey` returns `.resize`. Does nothing on a real
    /// terminal, whose size comes from the terminal itself.
    public func resize(rows: Int, cols: Int) {
        guard isHeadless, !isEnded else { return }
        activate()
        resizeterm(Int32(max(1, rows)), Int32(max(1, cols)))
        needsFullRedraw = true
    }

    // MARK: - Keys

    /// Waits up to `timeoutMilliseconds` (forever when negative) for a key; nil on
    /// timeout. After `.resize`, the next `draw` repaints the whole screen.
    public func readKey(timeoutMilliseconds: Int32) -> Key? {
        guard !isEnded else { return nil }
        activate()
        wtimeout(window, timeoutMilliseconds)
        var value: wint_t = 0
        let status = wget_wch(window, &value)
        let key = KeyDecoder.decode(status: status, value: UInt32(value))
        if key == .resize {
            needsFullRedraw = true
        }
        return key
    }

    // MARK: - Drawing

    /// Shows `buffer`: writes the cells that differ from the last drawn buffer (all of
    /// them on the first draw, after a resize or `redrawAll()`), then updates the
    /// terminal. Cells beyond the screen are clipped.
    public func draw(_ buffer: CellBuffer) {
        guard !isEnded else { return }
        activate()
        let screenSize = size
        let full =
            needsFullRedraw || previous == nil || previous?.width != buffer.width
            || previous?.height != buffer.height || previousSize.map { $0 != screenSize } ?? true
        if full {
            werase(window)
        }
        let rows = min(buffer.height, screenSize.rows)
        let cols = min(buffer.width, screenSize.cols)
        var written = 0
        for y in 0..<rows {
            var x = 0
            while x < cols {
                let cell = buffer[x, y]
                if !full, let previous, previous[x, y] == cell {
                    x += max(cell.width, 1)
                    continue
                }
                if !cell.isContinuation {
                    write(cell, x: x, y: y, columns: cols)
                    written += 1
                }
                x += max(cell.width, 1)
            }
        }
        if let cursor, cursor.y >= 0, cursor.y < screenSize.rows, cursor.x >= 0, cursor.x < screenSize.cols {
            wmove(window, Int32(cursor.y), Int32(cursor.x))
        }
        wnoutrefresh(window)
        doupdate()
        cellsWrittenByLastDraw = written
        previous = buffer
        previousSize = screenSize
        needsFullRedraw = false
    }

    /// Makes the next `draw` repaint every cell and clear the terminal first (for a
    /// "redraw" key, or after another program wrote to the terminal).
    /// Rings the terminal's bell once (a reminder).
    public func bell() {
        guard !isEnded else { return }
        activate()
        beep()
    }

    public func redrawAll() {
        guard !isEnded else { return }
        activate()
        clearok(beback_curscr(), true)
        needsFullRedraw = true
    }

    /// Shows the text cursor at column `x`, row `y` (for text fields); it stays there
    /// across draws until `hideCursor()`.
    public func showCursor(at position: (x: Int, y: Int)) {
        guard !isEnded else { return }
        activate()
        cursor = position
        curs_set(1)
        wmove(window, Int32(position.y), Int32(position.x))
        wnoutrefresh(window)
        doupdate()
    }

    /// Hides the text cursor again.
    public func hideCursor() {
        guard !isEnded else { return }
        activate()
        cursor = nil
        curs_set(0)
        doupdate()
    }

    // MARK: - Reading back (tests)

    /// The text ncurses believes is on the terminal, one string per row, trailing spaces
    /// trimmed. Wide characters appear once; combining marks stay with their base.
    public func readBack() -> [String] {
        guard !isEnded else { return [] }
        activate()
        let physical = beback_curscr()
        let savedY = getcury(physical)
        let savedX = getcurx(physical)
        defer { wmove(physical, savedY, savedX) }
        let (rows, cols) = size
        let capacity = cols * Int(CCHARW_MAX) + 1
        var text = [wchar_t](repeating: 0, count: capacity)
        return (0..<rows).map { row in
            let count = mvwinnwstr(physical, Int32(row), 0, &text, Int32(capacity - 1))
            guard count > 0 else { return "" }
            var line = String.UnicodeScalarView()
            for character in text.prefix(Int(count)) {
                guard character != 0 else { break }
                line.append(Unicode.Scalar(UInt32(bitPattern: character)) ?? "\u{FFFD}")
            }
            var result = String(line)
            while result.last == " " { result.removeLast() }
            return result
        }
    }

    /// The style ncurses holds for the cell at column `x`, row `y` of what was drawn
    /// (in colour mode, or the monochrome attributes), or nil outside the screen.
    public func readBackStyle(x: Int, y: Int) -> Style? {
        guard !isEnded else { return nil }
        activate()
        let (rows, cols) = size
        guard y >= 0, y < rows, x >= 0, x < cols else { return nil }
        let physical = beback_curscr()
        let savedY = getcury(physical)
        let savedX = getcurx(physical)
        defer { wmove(physical, savedY, savedX) }
        var cell = cchar_t()
        guard mvwin_wch(physical, Int32(y), Int32(x), &cell) == OK else { return nil }
        var characters = [wchar_t](repeating: 0, count: Int(CCHARW_MAX) + 1)
        var attributes: attr_t = 0
        var pair: Int16 = 0
        guard getcchar(&cell, &characters, &attributes, &pair, nil) == OK else { return nil }
        let color = Self.pairs.first { $0.value == pair }?.key ?? .default
        return Style(
            foreground: color,
            bold: attributes & beback_a_bold() != 0,
            reverse: attributes & beback_a_reverse() != 0,
            underline: attributes & beback_a_underline() != 0,
            dim: attributes & beback_a_dim() != 0
        )
    }

    // MARK: - Internals

    private func activate() {
        set_term(screen)
    }

    /// Writes one leading cell. ncurses holds one spacing character per cell plus a few
    /// combining marks, so a longer cluster (an emoji ZWJ sequence) is drawn as its first
    /// character; spaces make up any columns that leaves, so columns never shift.
    private func write(_ cell: Cell, x: Int, y: Int, columns: Int) {
        let (attributes, pair) = cursesAttributes(for: cell.style)
        // Most cells are one printable ASCII character: no grapheme or width work for them.
        if cell.width == 1, let byte = cell.asciiByte {
            put([wchar_t(byte)], attributes: attributes, pair: pair, x: x, y: y)
            return
        }
        var characters: [wchar_t] = []
        var drawnWidth = 1
        if x + cell.width <= columns {
            for scalar in cell.grapheme.unicodeScalars {
                let scalarWidth = SafeText.displayWidth(Character(scalar))
                if characters.isEmpty {
                    if scalarWidth > 0 {
                        characters.append(wchar_t(bitPattern: scalar.value))
                        drawnWidth = scalarWidth
                    }
                } else if scalarWidth == 0 && scalar.value != 0x200D {
                    characters.append(wchar_t(bitPattern: scalar.value))
                    if characters.count == Int(CCHARW_MAX) { break }
                } else if scalarWidth > 0 {
                    break
                }
            }
        }
        if characters.isEmpty {
            characters = [wchar_t(UInt8(ascii: " "))]
            drawnWidth = 1
        }
        put(characters, attributes: attributes, pair: pair, x: x, y: y)
        var column = x + drawnWidth
        while column < min(x + cell.width, columns) {
            put([wchar_t(UInt8(ascii: " "))], attributes: attributes, pair: pair, x: column, y: y)
            column += 1
        }
    }

    private func put(_ characters: [wchar_t], attributes: attr_t, pair: Int16, x: Int, y: Int) {
        var cell = cchar_t()
        setcchar(&cell, characters + [0], attributes, pair, nil)
        mvwadd_wch(window, Int32(y), Int32(x), &cell)
    }

    private func cursesAttributes(for style: Style) -> (attr_t, Int16) {
        let shown = isColorEnabled ? style : style.monochrome
        var attributes = beback_a_normal()
        if shown.bold { attributes |= beback_a_bold() }
        if shown.reverse { attributes |= beback_a_reverse() }
        if shown.underline { attributes |= beback_a_underline() }
        if shown.dim { attributes |= beback_a_dim() }
        let pair = isColorEnabled ? Self.pairs[shown.foreground] ?? 0 : 0
        return (attributes, pair)
    }
}
