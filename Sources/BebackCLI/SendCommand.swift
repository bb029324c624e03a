import ArgumentParser
import BebackDomain
import BebackExchange
import BebackText
import Foundation

/// `beback send LEAD --channel email|text`: fills a template, hands the message to desk.conf's
/// `[mail]` or `[text]` command on standard input, and journals the touch with the command's status.
struct SendCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "send",
        abstract: "Send a lead an email or a text from a template, through desk.conf's [mail] or [text] command.",
        discussion: """
            The message is filled from the lead's journal (see 'beback templates') and written to the command's \
            standard input; the command runs without a shell. A sent message is journaled as a touch on its channel \
            with its subject and body; a failed one as a note that it was not sent (the cadence does not move). \
            Do-not-contact addresses and numbers are never messaged; outside the lead's calling hours a text needs --yes.
            """)

    @OptionGroup var desk: DeskOptions
    @Argument(help: "The lead id (or an unambiguous prefix).") var lead: String
    @Option(help: ArgumentHelp("email or text.", valueName: "channel")) var channel: String
    @Option(help: ArgumentHelp("The template (follow-up, after-voicemail, long-term, thank-you, referral; default: the one that fits).", valueName: "name"))
    var template: String?
    @Flag(help: "Edit the message in $VISUAL/$EDITOR (else vi) before it is sent.") var edit = false
    @Flag(help: "Send without asking: outside the lead's calling hours, and without the Send? question.") var yes = false

    func run() throws {
        var failed = false
        try reportingErrors {
            guard let kind = MessageKind(rawValue: channel) else { throw CLIError("--channel: '\(channel)' is not email or text") }
            let purpose = try template.map { name in
                guard let found = MessagePurpose(rawValue: name) else {
                    throw CLIError("--template: '\(name)' is not a template (\(MessagePurpose.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return found
            }
            let session = try desk.openSession()
            let found = try session.actions.ownLead(try session.state.findLead(lead).id, in: session.state)
            var draft = try MessageDelivery.draft(
                kind, lead: found, purpose: purpose, session: session, templates: TemplateLibrary.of(session, deskPath: desk.deskPath))
            if kind == .text, draft.outsideHours, !yes {
                throw CLIError("it is outside \(found.id)'s calling hours: add --yes to send the text anyway")
            }
            if edit { draft = try Self.edited(draft) }
            let (outcome, line) = try MessageDelivery.send(draft, session: session)
            print(line)
            failed = !outcome.sent
        }
        if failed { throw ExitCode.failure }
    }

    /// The draft after the rep edited it (an email as a whole message, a text as its words).
    static func edited(_ draft: MessageDraft) throws -> MessageDraft {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("beback-\(UUID().uuidString).\(draft.kind == .email ? "eml" : "txt")")
        let initial = draft.email?.draft ?? draft.text + "\n"
        try Data(initial.utf8).write(to: file, options: .atomic)
        defer { try? FileManager.default.removeItem(at: file) }
        if let problem = MessageEditor.edit(file.path) { throw CLIError(problem) }
        guard let data = FileManager.default.contents(atPath: file.path), let text = String(data: data, encoding: .utf8) else {
            throw CLIError("the edited message cannot be read as UTF-8: nothing was sent")
        }
        var result = draft
        if let email = draft.email {
            switch email.applying(draft: text) {
            case .success(let updated):
                result.email = updated
                result.text = updated.body
            case .failure(let error): throw CLIError(error.description)
            }
        } else {
            let words = text.trimmingCharacters(in: .whitespacesAndNewlines)
            guard !words.isEmpty else { throw CLIError("the text is empty: nothing was sent") }
            result.text = words
        }
        return result
    }
}

/// `beback templates`: the email and text templates `send` and the desk fill.
struct TemplatesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "templates",
        abstract: "Check a desk's email and text templates, or print one lead's filled message.",
        discussion: """
            Templates are NAME.email and NAME.text for follow-up, after-voicemail, long-term, thank-you and referral. \
            A file of the same name in DESK/templates/ replaces the bundled one; a file with problems is set aside.
            """,
        subcommands: [TemplatesCheckCommand.self, TemplatesShowCommand.self])
}

/// `beback templates check`: each problem as FILE:LINE: message; exit 1 on problems.
struct TemplatesCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Validate the desk's email and text templates (unknown placeholders, a missing Subject:); exit 1 on problems.")

    @OptionGroup var desk: DeskOptions

    func run() throws {
        var failed = false
        try reportingErrors {
            guard FileManager.default.fileExists(atPath: desk.deskPath) else { throw CLIError("no desk folder at \(desk.deskPath) (--data names it)") }
            let library = TemplateLibrary(deskPath: desk.deskPath)
            let set = library.load()
            for purpose in MessagePurpose.allCases {
                for kind in MessageKind.allCases {
                    let name = MessageTemplate.fileName(purpose, kind)
                    let origin = set.origins[name].map { $0.origin == .desk ? "the desk's own, \(SafeText.sanitize($0.path))" : "bundled" } ?? "none"
                    print("\(name.padding(toLength: 22, withPad: " ", startingAt: 0)) \(origin)")
                }
            }
            for name in library.ignoredDeskFiles {
                print(
                    "note: \(SafeText.sanitize((library.deskLabel as NSString).appendingPathComponent(name))) is ignored (only *.email and *.text files are read)"
                )
            }
            for problem in set.problems { print(SafeText.sanitize(problem.description)) }
            if set.problems.isEmpty {
                print("all \(MessagePurpose.allCases.count * MessageKind.allCases.count) templates are sound")
            } else {
                print("\(set.problems.count) problem\(set.problems.count == 1 ? "" : "s"); a desk file with problems is set aside and the bundled one is used")
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }
}

/// `beback templates show LEAD --channel email|text`: the message `send` would hand over, unsent.
struct TemplatesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the message 'send' would send a lead (nothing is sent).")

    @OptionGroup var desk: DeskOptions
    @Argument(help: "The lead id (or an unambiguous prefix).") var lead: String
    @Option(help: ArgumentHelp("email or text.", valueName: "channel")) var channel: String
    @Option(help: ArgumentHelp("The template (default: the one that fits).", valueName: "name")) var template: String?

    func run() throws {
        try reportingErrors {
            guard let kind = MessageKind(rawValue: channel) else { throw CLIError("--channel: '\(channel)' is not email or text") }
            let purpose = try template.map { name in
                guard let found = MessagePurpose(rawValue: name) else { throw CLIError("--template: '\(name)' is not a template") }
                return found
            }
            let session = try desk.openSession()
            let found = try session.state.findLead(lead)
            let draft = try MessageDelivery.draft(
                kind, lead: found, purpose: purpose, session: session, templates: TemplateLibrary.of(session, deskPath: desk.deskPath))
            for line in SafeText.sanitizeLines(MessageDelivery.input(draft)) { print(line) }
            if kind == .text { print(TextSegments(draft.text).label) }
        }
    }
}
