/// Byte-level checks for text that is plain ASCII. In such text every byte is one character (a
/// CR LF pair aside), so a check on bytes says what the same check on characters would, without
/// grapheme breaking or Foundation. Callers keep their character-level path for other text.
public enum ASCIIText {
    /// Whether every byte of the text is ASCII.
    public static func isASCII(_ text: String) -> Bool {
        text.utf8.withContiguousStorageIfAvailable { bytes in
            bytes.allSatisfy { $0 < 0x80 }
        } ?? text.utf8.allSatisfy { $0 < 0x80 }
    }

    /// Whether every scalar is ASCII or a Latin letter of U+00C0 to U+024F (`é`, `ü`, `ø`, `ł`). Such a
    /// letter is a character of its own, and neither white space nor punctuation, so that a check of
    /// the ASCII bytes of the text (its `@`, dots, spaces) says what the check of its characters says.
    public static func isLatinText(_ text: String) -> Bool {
        text.unicodeScalars.allSatisfy { $0.value < 0x80 || (0xC0...0x24F).contains($0.value) }
    }

    /// Whether the bytes of `text` hold the ASCII bytes of `needle` somewhere.
    public static func contains(_ text: String, _ needle: StaticString) -> Bool {
        needle.withUTF8Buffer { wanted in
            text.utf8.withContiguousStorageIfAvailable { find(wanted, in: $0) } ?? Array(text.utf8).withUnsafeBufferPointer { find(wanted, in: $0) }
        }
    }

    private static func find(_ wanted: UnsafeBufferPointer<UInt8>, in bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let head = wanted.first else { return true }
        guard bytes.count >= wanted.count else { return false }
        for start in 0...(bytes.count - wanted.count) where bytes[start] == head {
            var offset = 1
            while offset < wanted.count, bytes[start + offset] == wanted[offset] { offset += 1 }
            if offset == wanted.count { return true }
        }
        return false
    }

    /// The text in lower case; an ASCII text without capitals is that already, and kept as it is.
    public static func lowercased(_ text: String) -> String {
        let asIs = text.utf8.allSatisfy { $0 < 0x80 && !(0x41...0x5A).contains($0) }
        return asIs ? text : text.lowercased()
    }

    /// Whether the first and last bytes are printable ASCII other than a space: then no trimming of
    /// white space or line breaks (Foundation's or the standard library's) takes anything off.
    public static func hasNothingToTrim(_ text: String) -> Bool {
        guard let first = text.utf8.first, let last = text.utf8.last else { return false }
        return first > 0x20 && first < 0x7F && last > 0x20 && last < 0x7F
    }

    /// Whether some byte is printable ASCII other than a space: such text never trims to nothing.
    public static func hasVisibleASCII(_ text: String) -> Bool {
        text.utf8.contains { $0 > 0x20 && $0 < 0x7F }
    }

    /// Whether the text has at most `limit` characters; they are counted only when it has more
    /// than `limit` bytes (a character takes at least one byte).
    public static func countIsAtMost(_ text: String, _ limit: Int) -> Bool {
        text.utf8.count <= limit || text.count <= limit
    }
}
