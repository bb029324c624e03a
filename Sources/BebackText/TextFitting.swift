extension SafeText {
    /// The ellipsis that marks cut text (one column wide).
    public static let ellipsis = "…"

    /// Sanitizes `text` and cuts it to at most `width` columns. Cut text ends with "…";
    /// a wide character is never split: when one would straddle the cut it is left out and
    /// a space takes its place. With `pad`, the result is padded with spaces to exactly
    /// `width` columns. A width of zero or less gives the empty string.
    public static func fit(_ text: String, width: Int, pad: Bool = false) -> String {
        guard width > 0 else { return "" }
        // Printable ASCII: nothing to sanitize, one column a byte (most names, purposes, times).
        if isPrintableASCII(text) {
            let count = text.utf8.count
            if count <= width { return pad ? text + spaces(width - count) : text }
            return String(text.utf8.prefix(width - 1))! + ellipsis
        }
        let shown = sanitize(text)
        let fullWidth = columns(ofSanitized: shown)
        if fullWidth <= width {
            return pad ? shown + spaces(width - fullWidth) : shown
        }
        let budget = width - 1  // columns left for text before the ellipsis
        var result = ""
        var used = 0
        for character in shown {
            let characterWidth = clusterWidth(character)
            if used + characterWidth > budget { break }
            result.append(character)
            used += characterWidth
        }
        return result + spaces(budget - used) + ellipsis
    }

    /// Sanitizes `text` and word-wraps it to lines of at most `width` columns.
    ///
    /// Newlines (LF, CR LF) start a new line; words are separated by spaces (runs of
    /// spaces collapse to one); a word wider than `width` is broken between characters,
    /// never inside a wide character. Empty text gives one empty line; a width of zero or
    /// less gives no lines.
    public static func wrap(_ text: String, width: Int) -> [String] {
        guard width > 0 else { return [] }
        return wrapCache.lines(text, width: width) {
            var lines: [String] = []
            for paragraph in sanitizeLines(text) {
                lines += wrapSanitizedLine(paragraph, width: width)
            }
            return lines
        }
    }

    /// The wrappings the desk redraws with at every key.
    static let wrapCache = WrapCache()

    // MARK: - Internals

    static func columns(ofSanitized text: String) -> Int {
        if isPrintableASCII(text) { return text.utf8.count }
        var total = 0
        for character in text {
            total += clusterWidth(character)
        }
        return total
    }

    static func spaces(_ count: Int) -> String {
        count > 0 ? String(repeating: " ", count: count) : ""
    }

    private static func wrapSanitizedLine(_ line: String, width: Int) -> [String] {
        var lines: [String] = []
        var current = ""
        var currentWidth = 0

        func finishLine() {
            lines.append(current)
            current = ""
            currentWidth = 0
        }

        for word in line.split(separator: " ") {
            let wordWidth = columns(ofSanitized: String(word))
            if !current.isEmpty {
                if currentWidth + 1 + wordWidth <= width {
                    current += " " + word
                    currentWidth += 1 + wordWidth
                    continue
                }
                finishLine()
            }
            if wordWidth <= width {
                current = String(word)
                currentWidth = wordWidth
                continue
            }
            // A word longer than the line: break it between characters.
            for character in word {
                var piece = String(character)
                var pieceWidth = clusterWidth(character)
                if pieceWidth > width {  // a wide character on a one-column line
                    piece = ellipsis
                    pieceWidth = 1
                }
                if currentWidth + pieceWidth > width { finishLine() }
                current += piece
                currentWidth += pieceWidth
            }
        }
        if !current.isEmpty || lines.isEmpty { finishLine() }
        return lines
    }
}
