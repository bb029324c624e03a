import BebackDomain
import BebackTerminal
import BebackText

/// The call-script prompter pane: the steps of the script for the selected lead, the current one
/// marked and kept in view; `]`/`[` step through, `v` switches to the voicemail message.
enum ScriptPane {
    static func draw(_ lead: LeadState?, model: DeskModel, context: DeskContext, in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
        guard let lead else {
            Draw.box(rect, title: "Script", focused: focused, into: &buffer)
            return
        }
        let variant: ScriptVariant = model.scriptVoicemail ? .voicemail : ScriptVariant.forLead(lead)
        let steps = CallScriptBuilder.steps(for: lead, rep: context.rep, now: context.now, variant: variant, policy: context.policy)
        let current = min(model.scriptStep, max(0, steps.count - 1))
        Draw.box(rect, title: "Script · \(variant.rawValue) · step \(current + 1)/\(steps.count)", focused: focused, into: &buffer)
        let area = Draw.inner(rect)
        guard area.height > 0 else { return }
        var out: [(String, Style)] = []
        var currentStart = 0
        for (index, step) in steps.enumerated() {
            let isCurrent = index == current
            if isCurrent { currentStart = out.count }
            out.append(((isCurrent ? "▶ " : "  ") + step.title, isCurrent ? .accent : Style(bold: true)))
            for line in step.lines {
                out += Draw.wrapped(line, width: area.width - 2, style: isCurrent ? .plain : .muted, indent: 0).map { ("  " + $0.0, $0.1) }
            }
        }
        let start = max(0, min(currentStart, out.count - area.height))
        Draw.lines(out, in: area, from: start, into: &buffer)
    }
}
