/// The one chokepoint for text that comes from outside the program (lead names, notes,
/// imported fields) on its way to the screen.
///
/// Such text may carry terminal escape sequences (kubectl CVE-2021-25743, git
/// CVE-2024-52005, less CVE-2022-46663) or bidirectional overrides (CVE-2021-42574).
/// Text is stored as given; it is made harmless only when shown:
///
/// - C0 controls and DEL become caret notation: ESC -> `^[`, CR -> `^M`, TAB -> `^I`,
///   LF -> `^J`, DEL -> `^?`.
/// - C1 controls (U+0080-U+009F), bidi controls (U+061C, U+200E, U+200F, U+202A-U+202E,
///   U+2066-U+2069) and invisible format characters that could hide or reorder text
///   (U+FEFF, U+200B, U+2060-U+2064, U+206A-U+206F, U+FFF9-U+FFFB, tag characters outside
///   an emoji flag) become `<U+202E>` style escapes.
/// - Anything the C library cannot print (unassigned code points, noncharacters, line and
///   paragraph separators) becomes a `<U+XXXX>` escape as well, so every scalar that
///   reaches the terminal has a known width.
///
/// The output of `sanitize` is itself left unchanged by `sanitize`, so sanitizing twice is
/// harmless. Display width, fitting and wrapping live in the other files of this target.
public enum SafeText {
    /// Returns `text` with every control, bidi and invisible scalar replaced by a visible
    /// escape. The result is a single line: newlines show as `^J`.
    public static func sanitize(_ text: String) -> String {
        guard needsSanitizing(text) else { return text }
        var result = ""
        result.reserveCapacity(text.utf8.count + 8)
        for character in text {
            let scalars = character.unicodeScalars
            let isTagFlag = scalars.first?.value == emojiBlackFlag
            for scalar in scalars {
                if let escape = escape(for: scalar, inTagFlag: isTagFlag) {
                    result += escape
                } else {
                    result.unicodeScalars.append(scalar)
                }
            }
        }
        return result
    }

    /// Decodes `bytes` as UTF-8, turning every invalid sequence into U+FFFD, and sanitizes
    /// the result.
    public static func sanitize(bytes: some Collection<UInt8>) -> String {
        sanitize(String(decoding: bytes, as: UTF8.self))
    }

    /// Splits `text` into lines at LF and CR LF, then sanitizes each line. A lone CR stays
    /// in its line and shows as `^M`. Text ending in a newline gives a final empty line;
    /// empty text gives one empty line.
    public static func sanitizeLines(_ text: String) -> [String] {
        splitLines(text).map(sanitize)
    }

    /// Whether `sanitize` would change `text`.
    public static func needsSanitizing(_ text: String) -> Bool {
        if isPrintableASCII(text) { return false }
        // Tag characters count here even inside a flag; the slow path sorts that out.
        return text.unicodeScalars.contains { escape(for: $0, inTagFlag: false) != nil }
    }

    // MARK: - Internals

    /// Whether every byte of `text` is printable ASCII (space to tilde): such text is shown as it
    /// is, one column a byte, and most text on the desk is like that.
    static func isPrintableASCII(_ text: String) -> Bool {
        !text.utf8.contains { $0 < 0x20 || $0 > 0x7E }
    }

    /// U+1F3F4 WAVING BLACK FLAG, the base of the tag-sequence flags (England, Scotland).
    private static let emojiBlackFlag: UInt32 = 0x1F3F4

    /// The visible replacement for `scalar`, or nil when it may be shown as it is.
    static func escape(for scalar: Unicode.Scalar, inTagFlag: Bool) -> String? {
        let value = scalar.value
        switch value {
        case 0x20..<0x7F:
            return nil
        case 0x00..<0x20:
            return "^" + String(Unicode.Scalar(UInt8(value + 0x40)))
        case 0x7F:
            return "^?"
        case 0x80...0x9F:
            return codePointEscape(value)
        case 0xE0000...0xE007F:
            return inTagFlag ? nil : codePointEscape(value)
        default:
            if isInvisibleFormat(value) || !DisplayWidthTable.isPrintable(scalar) {
                return codePointEscape(value)
            }
            return nil
        }
    }

    /// Bidi controls and invisible format characters that can hide or reorder text.
    private static func isInvisibleFormat(_ value: UInt32) -> Bool {
        switch value {
        case 0x061C, 0x200E, 0x200F, 0x202A...0x202E, 0x2066...0x2069:  // bidi controls
            return true
        case 0xFEFF, 0x200B, 0x2060...0x2064, 0x206A...0x206F, 0xFFF9...0xFFFB:
            return true
        default:
            return false
        }
    }

    /// `<U+XXXX>` with at least four upper-case hex digits.
    static func codePointEscape(_ value: UInt32) -> String {
        let hex = String(value, radix: 16, uppercase: true)
        let padding = String(repeating: "0", count: max(0, 4 - hex.count))
        return "<U+" + padding + hex + ">"
    }

    /// Splits at LF and CR LF (by scalar: Swift treats CR LF as one `Character`).
    static func splitLines(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var pendingCR = false
        for scalar in text.unicodeScalars {
            if pendingCR {
                pendingCR = false
                if scalar == "\n" {
                    lines.append(String(current))
                    current = String.UnicodeScalarView()
                    continue
                }
                current.append("\r")
            }
            switch scalar {
            case "\r":
                pendingCR = true
            case "\n":
                lines.append(String(current))
                current = String.UnicodeScalarView()
            default:
                current.append(scalar)
            }
        }
        if pendingCR { current.append("\r") }
        lines.append(String(current))
        return lines
    }
}
