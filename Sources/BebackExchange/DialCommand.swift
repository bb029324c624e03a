/// The program a desk runs to dial a number, from a configured template such as
/// `softphone tel:{number}` or `"/opt/My Phone/dial" --call {number}`. The template is split into
/// arguments the way a shell would split words (single and double quotes group); `{number}` is
/// replaced by the number reduced to digits and a leading `+`, and `{tel}` by the same as a `tel:`
/// URI (`tel:+442079460003`), so nothing from a lead's record can add an argument or reach a shell.
/// A template with neither placeholder gets the number as its last argument. The argv is run
/// directly, never through `sh -c`.
public struct DialCommand: Equatable, Sendable {
    public let template: String
    private let words: [String]

    /// Reads a template; refuses an empty one or one with an unclosed quote.
    public init(template: String) throws(ExchangeError) {
        let split = CommandWords(template)
        if split.unclosedQuote { throw ExchangeError("dial command: unclosed quote in '\(template)'") }
        var words = split.words
        guard let program = words.first, !program.isEmpty else { throw ExchangeError("dial command: empty (try 'softphone tel:{number}')") }
        if !words.contains(where: { $0.contains("{number}") || $0.contains("{tel}") }) { words.append("{number}") }
        self.template = template
        self.words = words
    }

    /// The argv that dials `number` (the program first); nil when the number has no digits.
    public func arguments(for number: String) -> [String]? {
        guard let dialable = DuplicateIndex.phoneKey(number) else { return nil }
        return words.map { $0.replacingOccurrences(of: "{number}", with: dialable).replacingOccurrences(of: "{tel}", with: "tel:" + dialable) }
    }
}
