/// The text of one call script file and where it came from; reading files is the caller's job.
public struct ScriptSource: Equatable, Sendable {
    /// Whether the file ships with Beback or belongs to a desk.
    public enum Origin: String, Equatable, Sendable {
        case bundled
        case desk
    }

    /// The file's name ("follow-up.script"): it says which variant the file is.
    public var name: String
    /// How messages name it ("DESK/scripts/follow-up.script").
    public var path: String
    public var text: String
    public var origin: Origin

    public init(name: String, path: String? = nil, text: String, origin: Origin) {
        self.name = name
        self.path = path ?? name
        self.text = text
        self.origin = origin
    }
}

/// The call scripts a desk uses: the bundled templates, each replaced by a desk file of the same
/// name when that file is sound. A desk file with problems is set aside (the bundled one stays)
/// and its problems are kept for `beback scripts check` and the script pane to show.
public struct ScriptTemplateSet: Equatable, Sendable {
    public private(set) var templates: [ScriptVariant: ScriptTemplate] = [:]
    /// Where each variant's template came from.
    public private(set) var origins: [ScriptVariant: ScriptSource] = [:]
    /// Every problem found, in the order the files were given.
    public private(set) var problems: [ScriptProblem] = []
    /// How many files were read.
    public private(set) var fileCount = 0

    /// No templates at all.
    public init() {}

    /// Parses the bundled files, then lets each sound desk file replace the bundled one of the same name.
    /// `unreadable` names files that could not even be read (they count as problems).
    public init(bundled: [ScriptSource], overrides: [ScriptSource] = [], unreadable: [ScriptProblem] = []) {
        problems = unreadable
        for source in bundled + overrides {
            fileCount += 1
            let (template, found) = ScriptTemplateParser.parse(source.text, fileName: source.name, source: source.path)
            problems += found
            guard let template else { continue }
            templates[template.variant] = template
            origins[template.variant] = source
        }
        for variant in ScriptVariant.allCases where templates[variant] == nil {
            problems.append(
                ScriptProblem(
                    file: variant.fileName, line: nil,
                    message: "no usable \(variant.rawValue) script: neither a bundled one nor a sound desk file"))
        }
    }

    public func template(for variant: ScriptVariant) -> ScriptTemplate? { templates[variant] }

    /// Whether every variant has a template and no file had a problem.
    public var isSound: Bool { problems.isEmpty }

    /// One line per file that was set aside or variant that has no script, for the script pane.
    public var notes: [String] {
        var files: [String] = []
        for problem in problems where !files.contains(problem.file) { files.append(problem.file) }
        return files.map { file in
            let count = problems.filter { $0.file == file }.count
            return "\(file): \(count) problem\(count == 1 ? "" : "s") (beback scripts check lists them)"
        }
    }
}
