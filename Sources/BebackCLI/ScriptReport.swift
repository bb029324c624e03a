import BebackDesk
import BebackDomain
import BebackText

/// A filled call script as plain text for `beback scripts show`: the steps in order, each branch of the
/// advance step with its desk key and move, and the next call the close proposes. Outside text is sanitized.
struct ScriptReport {
    let script: FilledScript
    let lead: LeadState
    /// Show only this branch's move (nil: all of them).
    let branch: AdvanceBranch?

    var text: String {
        let safe = SafeText.sanitize
        var lines = ["Call script · \(script.variant.rawValue) · \(safe(lead.profile.name)) (\(lead.id))", ""]
        var number = 0
        for step in script.steps {
            if step.section != .prep { number += 1 }
            lines.append(step.section == .prep ? step.title : "\(number) \(step.title)")
            lines += step.lines.map { "  " + safe($0) }
            switch step.section {
            case .advance:
                for move in script.moves where branch == nil || branch == move.branch {
                    let key = KeyBindings.label(for: .scriptBranch(move.branch)) ?? "-"
                    lines.append("  \(key)  \(move.title) [\(move.branch.rawValue)]")
                    lines += move.lines.map { "       " + safe($0) }
                    if let subject = move.subject {
                        lines.append("       -> next call about \(safe(subject))" + (move.customerAction.map { "; they will \(safe($0))" } ?? ""))
                    }
                }
            case .close:
                let proposal = script.proposal(after: branch)
                var next = "  Next call: \(proposal.subject.isEmpty ? "(subject to agree)" : safe(proposal.subject))"
                if !proposal.customerAction.isEmpty { next += "; they will \(safe(proposal.customerAction))" }
                if !proposal.number.isEmpty { next += "; on \(safe(proposal.number))" }
                lines.append(next)
            default:
                break
            }
            lines.append("")
        }
        return lines.joined(separator: "\n")
    }
}
