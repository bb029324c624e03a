/// Reads a call script file (the format is described in the README's "Call scripts" section):
///
///     # a comment
///     [prep] Before you dial
///     Why we call: {reason}.
///     ? Agreed {agreed_on}: call {agreed_time} about {agreed_subject}.
///     else: Nothing was agreed last time.
///     [close]
///     @subject {agreed_subject}
///
/// Pure: text in, a template and every problem found out, each problem with its line number.
public enum ScriptTemplateParser {
    /// The directives a line may start with, and what they set.
    static let directives: [String: ScriptTemplateLine.Role] = ["@subject": .subject, "@they-will": .customerAction]

    /// Parses the file `fileName` ("follow-up.script"); the variant comes from the name.
    /// `source` is how messages name the file (defaults to `fileName`).
    public static func parse(_ text: String, fileName: String, source: String? = nil) -> (template: ScriptTemplate?, problems: [ScriptProblem]) {
        let shownName = source ?? fileName
        let variant = ScriptVariant.allCases.first { $0.fileName == fileName }
        var (template, problems) = parse(text, variant: variant, source: shownName)
        if variant == nil {
            let names = ScriptVariant.allCases.map(\.fileName).joined(separator: ", ")
            problems.insert(ScriptProblem(file: shownName, line: nil, message: "not a call script Beback uses (the names are \(names))"), at: 0)
            template = nil
        }
        return (template, problems)
    }

    /// Parses a template of a known variant (nil: only the syntax is checked).
    public static func parse(_ text: String, variant: ScriptVariant?, source: String) -> (template: ScriptTemplate?, problems: [ScriptProblem]) {
        var reader = Reader(variant: variant, source: source)
        var number = 0
        // "\r\n" is one Character in Swift, so it is named as a separator of its own.
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            reader.read(String(raw), line: number)
        }
        reader.finish()
        // In file order; problems with the whole file (no line) last.
        let problems = reader.problems.enumerated().sorted { left, right in
            (left.element.line ?? Int.max, left.offset) < (right.element.line ?? Int.max, right.offset)
        }.map(\.element)
        guard let variant, problems.isEmpty else { return (nil, problems) }
        return (ScriptTemplate(variant: variant, sections: reader.sections, source: source), [])
    }

    /// The state of one pass over a file.
    struct Reader {
        let variant: ScriptVariant?
        let source: String
        var sections: [ScriptSection] = []
        var problems: [ScriptProblem] = []
        /// The section lines go to; nil before the first header or after a bad one.
        var current: ScriptSection?
        /// Lines after a bad header are checked but not kept, and do not count as text before a section.
        var skipping = false

        init(variant: ScriptVariant?, source: String) {
            self.variant = variant
            self.source = source
        }

        mutating func problem(_ line: Int?, _ message: String) {
            problems.append(ScriptProblem(file: source, line: line, message: message))
        }

        mutating func read(_ raw: String, line: Int) {
            let text = raw.trimmingWhitespace()
            if text.isEmpty || text.hasPrefix("#") { return }
            if text.hasPrefix("[") {
                header(text, line: line)
                return
            }
            guard let parsed = body(text, line: line) else { return }
            if current != nil {
                current!.lines.append(parsed)
            } else if !skipping {
                problem(line, "text before the first [section]: start the file with a header such as [prep]")
                skipping = true
            }
        }

        mutating func header(_ text: String, line: Int) {
            closeSection()
            skipping = true
            guard let end = text.firstIndex(of: "]") else {
                problem(line, "malformed section header '\(text)': missing ]")
                return
            }
            let nameText = String(text[text.index(after: text.startIndex)..<end]).trimmingWhitespace()
            let title = String(text[text.index(after: end)...]).trimmingWhitespace()
            guard let name = ScriptSectionName(nameText) else {
                problem(line, "unknown section [\(nameText)] (the sections are \(ScriptSectionName.all.map { "[\($0)]" }.joined(separator: ", ")))")
                return
            }
            if let variant, !variant.allowedSections.contains(name) {
                let owners = ScriptVariant.allCases.filter { $0.allowedSections.contains(name) }.map(\.fileName).joined(separator: ", ")
                problem(line, "[\(name)] does not belong in \(variant.fileName) (only in \(owners))")
                return
            }
            if let earlier = sections.first(where: { $0.name == name }) {
                problem(line, "[\(name)] appears twice (first on line \(earlier.line))")
                return
            }
            current = ScriptSection(name: name, title: title.isEmpty ? name.defaultTitle : title, lines: [], line: line)
            skipping = false
        }

        mutating func closeSection() {
            guard let section = current else { return }
            if !section.lines.contains(where: { $0.role == .say }) {
                problem(section.line, "[\(section.name)] has no lines to show")
            }
            sections.append(section)
            current = nil
        }

        mutating func finish() {
            closeSection()
            guard let variant else { return }
            for name in variant.requiredSections
            where !sections.contains(where: { $0.name == name }) && !problems.contains(where: { $0.message.hasPrefix("[\(name)]") }) {
                problem(nil, "missing section [\(name)] (\(variant.fileName) needs \(variant.requiredSections.map { "[\($0)]" }.joined(separator: " ")))")
            }
        }

        /// One line inside a section; nil when it has a problem (reported).
        mutating func body(_ text: String, line: Int) -> ScriptTemplateLine? {
            var rest = text
            var condition = ScriptTemplateLine.Condition.always
            var role = ScriptTemplateLine.Role.say
            if rest.hasPrefix("?") {
                condition = .whenKnown
                rest = String(rest.dropFirst()).trimmingWhitespace()
            } else if rest.hasPrefix("else:") {
                condition = .otherwise
                rest = String(rest.dropFirst(5)).trimmingWhitespace()
                if current?.lines.last?.condition != .whenKnown {
                    problem(line, "else: needs a ? line right above it")
                    return nil
                }
            }
            if rest.hasPrefix("@") {
                let word = String(rest.prefix { !$0.isWhitespace })
                guard let directive = ScriptTemplateParser.directives[word] else {
                    problem(line, "unknown directive \(word) (the directives are @subject and @they-will)")
                    return nil
                }
                if let name = current?.name, !name.proposesNextCall {
                    problem(line, "\(word) belongs in [close] or an [advance:…] section, not [\(name)]")
                    return nil
                }
                role = directive
                rest = String(rest.dropFirst(word.count)).trimmingWhitespace()
            }
            if rest.isEmpty {
                let what = role == .subject ? "@subject" : role == .customerAction ? "@they-will" : (condition == .whenKnown ? "?" : "else:")
                problem(line, "\(what) needs text after it")
                return nil
            }
            guard let pieces = pieces(rest, line: line) else { return nil }
            let parsed = ScriptTemplateLine(condition: condition, role: role, pieces: pieces, line: line)
            if condition == .whenKnown, parsed.placeholders.isEmpty {
                problem(line, "a ? line needs a {placeholder}: without one it would always show")
                return nil
            }
            return parsed
        }

        /// Splits text into literal pieces and `{facts}`; `{{` and `}}` are literal braces.
        mutating func pieces(_ text: String, line: Int) -> [ScriptTextPiece]? {
            var pieces: [ScriptTextPiece] = []
            var literal = ""
            var index = text.startIndex
            var failed = false
            while index < text.endIndex {
                let character = text[index]
                let next = text.index(after: index)
                if character == "{", next < text.endIndex, text[next] == "{" {
                    literal.append("{")
                    index = text.index(after: next)
                    continue
                }
                if character == "}", next < text.endIndex, text[next] == "}" {
                    literal.append("}")
                    index = text.index(after: next)
                    continue
                }
                if character == "}" {
                    problem(line, "} without a { before it (write }} for a literal brace)")
                    return nil
                }
                guard character == "{" else {
                    literal.append(character)
                    index = next
                    continue
                }
                guard let close = text[next...].firstIndex(where: { $0 == "}" || $0 == "{" }), text[close] == "}" else {
                    problem(line, "{ is not closed (write {{ for a literal brace)")
                    return nil
                }
                let name = String(text[next..<close])
                if name.isEmpty {
                    problem(line, "empty placeholder {}")
                    failed = true
                } else if let placeholder = ScriptPlaceholder(rawValue: name) {
                    if !literal.isEmpty { pieces.append(.text(literal)) }
                    literal = ""
                    pieces.append(.fact(placeholder))
                } else {
                    let hint = ScriptTemplateParser.closest(to: name).map { " (did you mean {\($0.rawValue)}?)" } ?? ""
                    problem(line, "unknown placeholder {\(name)}\(hint)")
                    failed = true
                }
                index = text.index(after: close)
            }
            if !literal.isEmpty { pieces.append(.text(literal)) }
            return failed ? nil : pieces
        }
    }

    /// The placeholder a misspelt name most likely meant (at most two edits away).
    static func closest(to name: String) -> ScriptPlaceholder? {
        let scored = ScriptPlaceholder.allCases.map { ($0, editDistance(Array(name.lowercased()), Array($0.rawValue))) }
        guard let best = scored.min(by: { $0.1 < $1.1 }), best.1 <= 2 else { return nil }
        return best.0
    }

    static func editDistance(_ a: [Character], _ b: [Character]) -> Int {
        guard !a.isEmpty else { return b.count }
        guard !b.isEmpty else { return a.count }
        var previous = Array(0...b.count)
        for (i, left) in a.enumerated() {
            var row = [i + 1] + Array(repeating: 0, count: b.count)
            for (j, right) in b.enumerated() {
                row[j + 1] = min(previous[j + 1] + 1, row[j] + 1, previous[j] + (left == right ? 0 : 1))
            }
            previous = row
        }
        return previous[b.count]
    }
}

extension String {
    /// Without leading and trailing spaces, tabs and carriage returns (no Foundation needed).
    func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }) else { return "" }
        let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })!
        return String(scalars[first...last])
    }
}
