/// What a message template is for: the moments of the practice a rep writes instead of calling.
public enum MessagePurpose: String, Sendable, CaseIterable {
    case followUp = "follow-up"
    case afterVoicemail = "after-voicemail"
    case longTerm = "long-term"
    case thankYou = "thank-you"
    case referral
}

/// The channel a message template is written for, and the file extension that says so.
public enum MessageKind: String, Sendable, CaseIterable {
    case email, text

    /// The channel a sent message is journaled on.
    public var channel: Channel { self == .email ? .email : .text }
}

/// A parsed email or text template: an optional subject (email only) and body lines in the call
/// scripts' line syntax (`{placeholder}`, `?` lines, `else:` lines), filled by `ScriptFiller`.
public struct MessageTemplate: Equatable, Sendable {
    public var kind: MessageKind
    public var purpose: MessagePurpose
    /// The `Subject:` line's pieces (email); nil for a text.
    public var subject: [ScriptTextPiece]?
    public var lines: [ScriptTemplateLine]
    /// How messages name the file the template came from.
    public var source: String

    public init(kind: MessageKind, purpose: MessagePurpose, subject: [ScriptTextPiece]?, lines: [ScriptTemplateLine], source: String) {
        self.kind = kind
        self.purpose = purpose
        self.subject = subject
        self.lines = lines
        self.source = source
    }

    /// The file name of a template: `follow-up.email`, `referral.text`.
    public static func fileName(_ purpose: MessagePurpose, _ kind: MessageKind) -> String { "\(purpose.rawValue).\(kind.rawValue)" }

    /// The template filled with a lead's facts: each missing fact takes its placeholder's fallback.
    public func fill(_ facts: ScriptFacts) -> FilledMessage {
        let body = ScriptFiller.fill(lines, facts: facts).say
        return FilledMessage(subject: subject.map { ScriptFiller.text($0, facts: facts) } ?? "", body: body.joined(separator: "\n"))
    }
}

/// A template filled for one lead: what goes to the editor or the text form.
public struct FilledMessage: Equatable, Sendable {
    public var subject: String
    public var body: String

    public init(subject: String, body: String) {
        self.subject = subject
        self.body = body
    }
}

/// Reads a message template file. An email's first line (after comments) is `Subject: …`; a text
/// has none. The body uses the call scripts' line syntax, with no `[sections]` and no directives;
/// an empty line is kept as a paragraph break. Pure: text in, a template and every problem out.
public enum MessageTemplateParser {
    /// Parses `fileName` (`follow-up.email`); purpose and kind come from the name.
    public static func parse(_ text: String, fileName: String, source: String? = nil) -> (template: MessageTemplate?, problems: [ScriptProblem]) {
        let shown = source ?? fileName
        let parts = fileName.split(separator: ".", maxSplits: 1).map(String.init)
        guard parts.count == 2, let purpose = MessagePurpose(rawValue: parts[0]), let kind = MessageKind(rawValue: parts[1]) else {
            let names = MessagePurpose.allCases.map(\.rawValue).joined(separator: ", ")
            return (nil, [ScriptProblem(file: shown, line: nil, message: "not a template Beback uses (the names are \(names), each .email or .text)")])
        }
        var reader = ScriptTemplateParser.Reader(variant: nil, source: shown)
        reader.current = ScriptSection(name: .message, title: "", lines: [], line: 0)
        var subject: [ScriptTextPiece]?
        var lines: [ScriptTemplateLine] = []
        var number = 0
        var started = false
        for raw in text.split(omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" }) {
            number += 1
            let line = String(raw).trimmingWhitespace()
            if line.hasPrefix("#") { continue }
            if !started {
                if line.isEmpty { continue }
                started = true
                if kind == .email {
                    guard line.lowercased().hasPrefix("subject:") else {
                        reader.problem(number, "an email template starts with a Subject: line")
                        continue
                    }
                    let rest = String(line.dropFirst(8)).trimmingWhitespace()
                    if rest.isEmpty { reader.problem(number, "Subject: needs text after it") }
                    subject = rest.isEmpty ? nil : reader.pieces(rest, line: number)
                    continue
                }
            }
            if line.isEmpty {
                if lines.isEmpty { continue }
                lines.append(ScriptTemplateLine(pieces: [], line: number))
                reader.current?.lines.append(ScriptTemplateLine(pieces: [], line: number))
                continue
            }
            if line.hasPrefix("[") || line.hasPrefix("@") {
                reader.problem(number, "a message template has no [sections] or @directives: write the message as it should read")
                continue
            }
            if let parsed = reader.body(line, line: number) {
                lines.append(parsed)
                reader.current?.lines.append(parsed)
            }
        }
        while lines.last?.pieces.isEmpty == true { lines.removeLast() }
        if reader.problems.isEmpty, !lines.contains(where: { !$0.pieces.isEmpty }) { reader.problem(nil, "the message has no text") }
        let problems = reader.problems.enumerated().sorted { left, right in
            (left.element.line ?? Int.max, left.offset) < (right.element.line ?? Int.max, right.offset)
        }.map(\.element)
        guard problems.isEmpty else { return (nil, problems) }
        if kind == .email, subject == nil { return (nil, [ScriptProblem(file: shown, line: nil, message: "an email template needs a Subject: line")]) }
        return (MessageTemplate(kind: kind, purpose: purpose, subject: subject, lines: lines, source: shown), [])
    }
}

/// The message templates a desk uses: the bundled ones with the desk's own files of the same name
/// over them. A desk file with problems is set aside (its problems reported) and the bundled one used.
public struct MessageTemplateSet: Equatable, Sendable {
    public private(set) var templates: [String: MessageTemplate] = [:]
    /// Where each template in use came from, by file name.
    public private(set) var origins: [String: ScriptSource] = [:]
    public private(set) var problems: [ScriptProblem] = []

    public init(bundled: [ScriptSource], overrides: [ScriptSource] = [], unreadable: [ScriptProblem] = []) {
        problems = unreadable
        for source in bundled + overrides {
            let (template, found) = MessageTemplateParser.parse(source.text, fileName: source.name, source: source.path)
            problems += found
            if let template {
                templates[source.name] = template
                origins[source.name] = source
            }
        }
        for purpose in MessagePurpose.allCases {
            for kind in MessageKind.allCases where templates[MessageTemplate.fileName(purpose, kind)] == nil {
                problems.append(
                    ScriptProblem(file: MessageTemplate.fileName(purpose, kind), line: nil, message: "no usable template (bundled or the desk's own)"))
            }
        }
    }

    /// The template for a purpose and a channel, if one is usable.
    public func template(_ purpose: MessagePurpose, _ kind: MessageKind) -> MessageTemplate? {
        templates[MessageTemplate.fileName(purpose, kind)]
    }
}

extension MessagePurpose {
    /// The template that fits a lead now: a thank-you after a sale, the long-term check-in when that
    /// is what is planned, after-voicemail when the last touch left a message, else the follow-up.
    public static func forLead(_ lead: LeadState) -> MessagePurpose {
        if lead.touches.last?.touch.outcome == .won { return .thankYou }
        if lead.next?.kind == .longTerm { return .longTerm }
        if let last = lead.touches.last?.touch.outcome, last == .voicemail || last == .noAnswer || last == .busy { return .afterVoicemail }
        return .followUp
    }
}

extension ScriptFacts {
    /// These facts with the rep's own address and number (from desk.conf) added.
    public func withRepContact(email: String?, phone: String?) -> ScriptFacts {
        var known = self.known
        if let email, !email.isEmpty { known[.repEmail] = email }
        if let phone, !phone.isEmpty { known[.repPhone] = phone }
        return ScriptFacts(known: known)
    }
}
