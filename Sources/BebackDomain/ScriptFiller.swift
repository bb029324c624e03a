/// Fills a parsed template with a lead's facts: pure, so the same journal and clock always give the
/// same script. A `?` line shows only when the journal has every fact it names; an `else:` line shows
/// only when the `?` line above it did not; other lines fill missing facts with their fallbacks.
public enum ScriptFiller {
    public static func fill(_ template: ScriptTemplate, facts: ScriptFacts) -> FilledScript {
        var steps: [ScriptStep] = []
        var moves: [ScriptMove] = []
        var closing = NextCallProposal(number: facts.has(.number) ? facts.value(.number) : "")
        for section in template.sections {
            let filled = fill(section.lines, facts: facts)
            switch section.name {
            case .branch(let branch):
                moves.append(
                    ScriptMove(
                        branch: branch, title: section.title, lines: filled.say,
                        subject: filled.subject, customerAction: filled.customerAction))
            default:
                steps.append(ScriptStep(title: section.title, lines: filled.say, section: section.name))
                if section.name == .close {
                    closing.subject = filled.subject ?? (facts.has(.agreedSubject) ? facts.value(.agreedSubject) : "")
                    closing.customerAction = filled.customerAction ?? ""
                }
            }
        }
        // Branches without an [advance] introduction still get their step, between the question and the close.
        if !moves.isEmpty, !steps.contains(where: { $0.section == .advance }) {
            let at = steps.firstIndex { $0.section > .advance } ?? steps.count
            steps.insert(ScriptStep(title: ScriptSectionName.advance.defaultTitle, lines: [], section: .advance), at: at)
        }
        return FilledScript(variant: template.variant, steps: steps, moves: moves, closing: closing)
    }

    /// The lines to show, and the last `@subject` and `@they-will` of a section.
    static func fill(_ lines: [ScriptTemplateLine], facts: ScriptFacts) -> (say: [String], subject: String?, customerAction: String?) {
        var say: [String] = []
        var subject: String?
        var action: String?
        var lastOptionalShown = true
        for line in lines {
            switch line.condition {
            case .always: break
            case .whenKnown:
                lastOptionalShown = line.placeholders.allSatisfy(facts.has)
                if !lastOptionalShown { continue }
            case .otherwise:
                if lastOptionalShown { continue }
            }
            let text = text(line.pieces, facts: facts)
            switch line.role {
            case .say: say.append(text)
            case .subject: subject = text
            case .customerAction: action = text
            }
        }
        return (say, subject, action)
    }

    /// The pieces of a line with each fact put in.
    public static func text(_ pieces: [ScriptTextPiece], facts: ScriptFacts) -> String {
        var result = ""
        for piece in pieces {
            switch piece {
            case .text(let text): result += text
            case .fact(let placeholder): result += facts.value(placeholder)
            }
        }
        return result
    }
}
