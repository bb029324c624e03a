import BebackDomain
import BebackCells
import BebackText

/// The call-script prompter pane: the steps of the selected lead's script, filled from its journal,
/// the current step marked and kept in view. The advance step lists what may have happened, each with
/// its key; the one picked shows its move. The close shows the next call the "reached" form will hold.
/// `]`/`[` step, PgDn/PgUp scroll a long step, `v`/`V` switch the variant; long or wide text wraps.
enum ScriptPane {
    /// The inside width of the narrowest script pane any layout draws (three columns at 110).
    static let narrowestWidth = 32

    static func draw(_ lead: LeadState?, model: DeskModel, context: DeskContext, in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
        guard let lead else {
            Draw.box(rect, title: "Script", focused: focused, into: &buffer)
            return
        }
        let variant = model.scriptVariant(for: lead)
        let area = Draw.inner(rect)
        guard let script = model.script(for: lead, context: context) else {
            Draw.box(rect, title: "Script · \(variant.rawValue)", focused: focused, into: &buffer)
            var out = Draw.wrapped(
                "No \(variant.rawValue) script: no bundled template was found and DESK/scripts has none.",
                width: area.width, style: .warning)
            for note in context.scripts.notes { out += Draw.wrapped(note, width: area.width, style: .muted) }
            Draw.lines(out, in: area, from: 0, into: &buffer)
            return
        }
        let current = min(model.scriptStep, max(0, script.steps.count - 1))
        Draw.box(rect, title: "Script · \(variant.label) · step \(current + 1)/\(script.steps.count)", focused: focused, into: &buffer)
        guard area.height > 0 else { return }
        let (out, currentStart) = lines(script, model: model, current: current, width: area.width, notes: context.scripts.notes)
        let last = max(0, out.count - area.height)
        let start = min(currentStart + model.scriptScroll, last)
        Draw.lines(out, in: area, from: start, into: &buffer)
        if start < last, rect.width > 10 {
            buffer.put(" more ↓ ", x: rect.x + rect.width - 10, y: rect.y + rect.height - 1, style: focused ? .accent : .muted)
        }
    }

    /// The pane's text, and the line where the current step starts.
    static func lines(_ script: FilledScript, model: DeskModel, current: Int, width: Int, notes: [String]) -> ([(String, Style)], Int) {
        var out: [(String, Style)] = []
        var currentStart = 0
        var number = 0
        /// Wraps `text` to the pane, `indent` columns in; continuation lines hang `hang` columns further.
        func add(_ text: String, _ style: Style, indent: Int, hang: Int = 0) {
            let pad = String(repeating: " ", count: indent)
            out += Draw.wrapped(text, width: width - indent, style: style, indent: hang).map { (pad + $0.0, $0.1) }
        }
        for (index, step) in script.steps.enumerated() {
            let isCurrent = index == current
            if isCurrent { currentStart = out.count }
            if step.section != .prep { number += 1 }
            let title = step.section == .prep ? step.title : "\(number) \(step.title)"
            add((isCurrent ? "▶ " : "  ") + title, isCurrent ? .accent : Style(bold: true), indent: 0, hang: step.section == .prep ? 2 : 4)
            let text: Style = isCurrent ? .plain : .muted
            for line in step.lines { add(line, text, indent: 2) }
            switch step.section {
            case .advance:
                for move in script.moves {
                    let key = KeyBindings.label(for: .scriptBranch(move.branch)) ?? "?"
                    let picked = model.scriptBranch == move.branch
                    add("\(key) \(move.title)", picked ? .selected : (isCurrent ? Style(bold: true) : .muted), indent: 2, hang: 2)
                    if picked {
                        for line in move.lines { add(line, .plain, indent: 4) }
                    }
                }
            case .close:
                let proposal = script.proposal(after: model.scriptBranch)
                let key = KeyBindings.label(for: .scriptAgree) ?? "?"
                var next = "\(key) agreed: next call about \(proposal.subject.isEmpty ? "(to fill in)" : proposal.subject)"
                if !proposal.customerAction.isEmpty { next += "; they will \(proposal.customerAction)" }
                if !proposal.number.isEmpty { next += "; on \(proposal.number)" }
                add(next, isCurrent ? .accent : .muted, indent: 2, hang: 2)
            default:
                break
            }
        }
        for note in notes { add(note, .warning, indent: 0) }
        return (out, currentStart)
    }
}
