/// A desk.conf command split into words the way a shell would split them (single and double quotes
/// group, nothing is expanded), so that the words can be run directly, never through `sh -c`.
public struct CommandWords: Equatable, Sendable {
    public var words: [String]
    /// Whether a quote was left open at the end (the dial command refuses that).
    public var unclosedQuote: Bool

    public init(_ template: String) {
        var words: [String] = []
        var current = ""
        var inWord = false
        var quote: Character?
        for character in template {
            if let open = quote {
                if character == open { quote = nil } else { current.append(character) }
                continue
            }
            if character == "'" || character == "\"" {
                quote = character
                inWord = true
            } else if character.isWhitespace {
                if inWord { words.append(current) }
                current = ""
                inWord = false
            } else {
                current.append(character)
                inWord = true
            }
        }
        if inWord { words.append(current) }
        self.words = words
        self.unclosedQuote = quote != nil
    }
}
