#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

extension SafeText {
    /// The number of terminal columns `text` takes once sanitized.
    ///
    /// Each grapheme cluster is as wide as its widest scalar, capped at 2, so an emoji ZWJ
    /// sequence counts as one wide character and a decomposed "é" as one column. Scalar
    /// widths come from the C library's `wcwidth`, which is what ncurses uses. Control
    /// and invisible characters count as the escapes `sanitize` shows for them.
    public static func displayWidth(_ text: String) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        let shown = needsSanitizing(text) ? sanitize(text) : text
        var total = 0
        for character in shown {
            total += clusterWidth(character)
        }
        return total
    }

    /// The number of terminal columns one grapheme cluster takes once sanitized (0 for a
    /// lone combining mark, 1 or 2 for a printable character, more for an escape).
    public static func displayWidth(_ character: Character) -> Int {
        let text = String(character)
        if needsSanitizing(text) {
            return displayWidth(text)
        }
        return clusterWidth(character)
    }

    /// Makes sure `LC_CTYPE` uses UTF-8, switching to `C.UTF-8` when it does not, so that
    /// `wcwidth` (and ncurses) measure wide characters correctly. Returns whether the
    /// character type locale now uses UTF-8. Width functions call this once by themselves;
    /// call it again after changing the locale (for example after `setlocale(LC_ALL, "")`).
    /// Like `setlocale`, call it before other threads start measuring text.
    @discardableResult
    public static func ensureUTF8Locale() -> Bool {
        if DisplayWidthTable.codesetIsUTF8() { return true }
        for name in ["C.UTF-8", "C.utf8", "en_US.UTF-8"] where setlocale(LC_CTYPE, name) != nil {
            if DisplayWidthTable.codesetIsUTF8() { return true }
        }
        return false
    }

    /// Width of a cluster that is already sanitized: its widest scalar, capped at 2.
    static func clusterWidth(_ character: Character) -> Int {
        var widest = 0
        for scalar in character.unicodeScalars {
            widest = max(widest, DisplayWidthTable.width(of: scalar))
        }
        return min(widest, 2)
    }
}

/// Column widths of single scalars: the C library's `wcwidth` under a UTF-8 locale, or a
/// small built-in approximation when no UTF-8 locale can be had.
enum DisplayWidthTable {
    /// The C library's `wcwidth`, set up once (lazily and thread-safely) on first use,
    /// or nil when no UTF-8 locale is available.
    private static let cWidth: CWidthFunction? = {
        guard SafeText.ensureUTF8Locale() else { return nil }
        return CWidthFunction.lookUp()
    }()

    /// Columns for `scalar`, or -1 when the terminal cannot print it.
    static func width(of scalar: Unicode.Scalar) -> Int {
        if scalar.value >= 0x20 && scalar.value < 0x7F { return 1 }
        if let cWidth {
            return Int(cWidth.function(wchar_t(scalar.value)))
        }
        return fallbackWidth(of: scalar)
    }

    static func isPrintable(_ scalar: Unicode.Scalar) -> Bool {
        width(of: scalar) >= 0
    }

    static func codesetIsUTF8() -> Bool {
        guard let codeset = nl_langinfo(nl_item(CODESET)) else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// An approximation of `wcwidth` from the standard library's Unicode properties.
    static func fallbackWidth(of scalar: Unicode.Scalar) -> Int {
        let properties = scalar.properties
        switch properties.generalCategory {
        case .control, .unassigned, .surrogate, .lineSeparator, .paragraphSeparator:
            return -1
        case .nonspacingMark, .enclosingMark, .format:
            return scalar.value == 0x00AD ? 1 : 0
        default:
            break
        }
        if properties.isEmojiPresentation || isEastAsianWide(scalar.value) { return 2 }
        return 1
    }

    private static func isEastAsianWide(_ value: UInt32) -> Bool {
        switch value {
        case 0x1100...0x115F, 0x2E80...0x303E, 0x3041...0x33FF, 0x3400...0x4DBF,
            0x4E00...0x9FFF, 0xA000...0xA4CF, 0xAC00...0xD7A3, 0xF900...0xFAFF,
            0xFE30...0xFE4F, 0xFF00...0xFF60, 0xFFE0...0xFFE6, 0x20000...0x3FFFD:
            return true
        default:
            return false
        }
    }
}

/// A pointer to the C library's `wcwidth`.
///
/// The C library declares `wcwidth` only under `_XOPEN_SOURCE`, which the Swift overlay
/// for the C library does not set, so it is looked up by name in the running process.
private struct CWidthFunction: Sendable {
    typealias Function = @convention(c) (wchar_t) -> Int32
    let function: Function

    static func lookUp() -> CWidthFunction? {
        guard let process = dlopen(nil, RTLD_NOW), let symbol = dlsym(process, "wcwidth") else {
            return nil
        }
        return CWidthFunction(function: unsafeBitCast(symbol, to: Function.self))
    }
}
