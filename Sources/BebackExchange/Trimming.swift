extension String {
    /// The text without leading and trailing white space and line breaks. Much faster than
    /// Foundation's `trimmingCharacters(in:)` for the common case of a cell with nothing to trim.
    var trimmedCell: String {
        guard let first = utf8.first, let last = utf8.last else { return self }
        if first > 0x20, first < 0x80, last > 0x20, last < 0x80 { return self }
        let scalars = unicodeScalars
        guard let start = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let end = scalars.lastIndex { !$0.properties.isWhitespace }!
        return String(scalars[start...end])
    }
}
