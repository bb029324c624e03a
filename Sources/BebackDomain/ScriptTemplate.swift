/// The named parts of a call script file, in the order the prompter walks them.
public enum ScriptSectionName: Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Before dialling: why we call, what was agreed, objections, deciders, their local time.
    case prep
    /// The introduction and the reminder of the last conversation.
    case opening
    /// The open question about how things went since.
    case question
    /// What the rep says before picking what happened (optional).
    case advance
    /// The move for one answer to "what happened since".
    case branch(AdvanceBranch)
    /// Agreeing the next step: a precise time, the number, the subject.
    case close
    /// The voicemail message.
    case message

    /// Every name a file may use.
    public static let all: [ScriptSectionName] = [.prep, .opening, .question, .advance] + AdvanceBranch.allCases.map { .branch($0) } + [.close, .message]

    /// Reads a section name as written between the brackets ("prep", "advance:nothing-moved").
    public init?(_ text: String) {
        guard let found = Self.all.first(where: { $0.description == text }) else { return nil }
        self = found
    }

    public var description: String {
        switch self {
        case .prep: return "prep"
        case .opening: return "opening"
        case .question: return "question"
        case .advance: return "advance"
        case .branch(let branch): return "advance:\(branch.rawValue)"
        case .close: return "close"
        case .message: return "message"
        }
    }

    /// The title shown when the file gives none.
    public var defaultTitle: String {
        switch self {
        case .prep: return "Before you dial"
        case .opening: return "Opening"
        case .question: return "Ask"
        case .advance: return "Advance the sale"
        case .branch(let branch): return branch.label
        case .close: return "Agree the next step"
        case .message: return "The message"
        }
    }

    /// Whether `@subject` and `@they-will` lines belong here (they propose the next call).
    public var proposesNextCall: Bool {
        switch self {
        case .branch, .close: return true
        default: return false
        }
    }

    var order: Int { Self.all.firstIndex(of: self) ?? 0 }

    public static func < (lhs: ScriptSectionName, rhs: ScriptSectionName) -> Bool { lhs.order < rhs.order }
}

/// A piece of a template line: literal text or a fact to fill in.
public enum ScriptTextPiece: Equatable, Sendable {
    case text(String)
    case fact(ScriptPlaceholder)
}

/// One line of a template section, as parsed.
public struct ScriptTemplateLine: Equatable, Sendable {
    /// When the line is shown.
    public enum Condition: Equatable, Sendable {
        /// Always; missing facts take their fallback.
        case always
        /// `? …`: only when every fact in it is in the journal.
        case whenKnown
        /// `else: …`: only when the `?` line right above it was left out.
        case otherwise
    }

    /// What the line is for.
    public enum Role: Equatable, Sendable {
        /// A line the rep reads or says.
        case say
        /// `@subject …`: the subject proposed for the next call.
        case subject
        /// `@they-will …`: what the customer is proposed to do before it.
        case customerAction
    }

    public var condition: Condition
    public var role: Role
    public var pieces: [ScriptTextPiece]
    /// The line number in the file (from 1).
    public var line: Int

    public init(condition: Condition = .always, role: Role = .say, pieces: [ScriptTextPiece], line: Int) {
        self.condition = condition
        self.role = role
        self.pieces = pieces
        self.line = line
    }

    /// The facts the line uses.
    public var placeholders: [ScriptPlaceholder] {
        pieces.compactMap { piece in
            if case .fact(let placeholder) = piece { return placeholder }
            return nil
        }
    }
}

/// One `[section]` of a template: its name, the title shown, and its lines.
public struct ScriptSection: Equatable, Sendable {
    public var name: ScriptSectionName
    public var title: String
    public var lines: [ScriptTemplateLine]
    /// The line of the `[section]` header.
    public var line: Int

    public init(name: ScriptSectionName, title: String, lines: [ScriptTemplateLine], line: Int) {
        self.name = name
        self.title = title
        self.lines = lines
        self.line = line
    }
}

/// A parsed call script file: which variant it is, and its sections in prompter order.
public struct ScriptTemplate: Equatable, Sendable {
    public var variant: ScriptVariant
    public var sections: [ScriptSection]
    /// Where it came from, for messages ("Resources/scripts/follow-up.script").
    public var source: String

    public init(variant: ScriptVariant, sections: [ScriptSection], source: String) {
        self.variant = variant
        self.sections = sections.sorted { $0.name < $1.name }
        self.source = source
    }

    public func section(_ name: ScriptSectionName) -> ScriptSection? { sections.first { $0.name == name } }
}

extension ScriptVariant {
    /// The file that holds this variant's template ("follow-up.script").
    public var fileName: String { "\(rawValue).script" }

    /// The sections a file of this variant must have.
    public var requiredSections: [ScriptSectionName] {
        switch self {
        case .voicemail, .customerVoicemail: return [.prep, .message]
        case .satisfaction: return [.prep, .opening, .question, .close]
        case .followUp, .firstAfterWalkout, .longTermCheckIn:
            return [.prep, .opening, .question] + AdvanceBranch.allCases.map { .branch($0) } + [.close]
        }
    }

    /// The sections a file of this variant may have.
    public var allowedSections: [ScriptSectionName] {
        switch self {
        case .voicemail, .customerVoicemail: return [.prep, .message]
        default: return ScriptSectionName.all.filter { $0 != .message }
        }
    }
}
