import BebackDomain

/// The call-script prompter's keys: step through the script, switch variant, pick what happened to
/// see the matching move, and jump to the "reached" form pre-filled from the close. Pure, like the rest
/// of `DeskModel`: a new objection or an agreed next step opens a form; saving it is the form's effect.
extension DeskModel {
    /// The variant shown for `lead`: the voicemail for the call when toggled with `v` (a customer's
    /// after the sale), else the one picked with `V`, else the one that fits the lead's next follow-up.
    public func scriptVariant(for lead: LeadState) -> ScriptVariant {
        let call = scriptVariantChoice ?? ScriptVariant.forLead(lead)
        return scriptVoicemail ? call.voicemail : call
    }

    /// The script for `lead` as the pane shows it (nil when the desk has no template for the variant).
    /// Filled as of the start of the minute (`ScriptMemo`), the finest time a script shows.
    public func script(for lead: LeadState, context: DeskContext) -> FilledScript? {
        ScriptMemo.pane.script(
            for: lead, rep: context.rep, now: context.now, variant: scriptVariant(for: lead),
            policy: context.policy, templates: context.scripts)
    }

    /// Back to the start of the script that fits the lead (a new lead was selected).
    mutating func resetScript() {
        scriptStep = 0
        scriptScroll = 0
        scriptVoicemail = false
        scriptVariantChoice = nil
        scriptBranch = nil
    }

    mutating func performScript(_ action: DeskAction, context: DeskContext) -> [DeskEffect] {
        guard let leadID = selectedLead, let lead = context.state.leads[leadID] else {
            setStatus("no lead selected", error: true)
            return []
        }
        let script = script(for: lead, context: context)
        let lastStep = max(0, (script?.steps.count ?? 1) - 1)
        switch action {
        case .scriptNext:
            scriptStep = min(scriptStep + 1, lastStep)
            scriptScroll = 0
        case .scriptPrevious:
            scriptStep = max(0, min(scriptStep, lastStep) - 1)
            scriptScroll = 0
        case .pageDown:
            // Never past the end of the script as the narrowest pane wraps it, so PgUp comes straight back.
            let longest = script.map { ScriptPane.lines($0, model: self, current: scriptStep, width: ScriptPane.narrowestWidth, notes: []).0.count } ?? 0
            scriptScroll = min(scriptScroll + max(1, pageSize / 2), longest)
        case .pageUp:
            scriptScroll = max(0, scriptScroll - max(1, pageSize / 2))
        case .scriptVoicemail:
            if scriptVariant(for: lead).isVoicemail {
                scriptVoicemail = false
                if scriptVariantChoice?.isVoicemail == true { scriptVariantChoice = nil }
            } else {
                scriptVoicemail = true
            }
            scriptStep = 0
            scriptScroll = 0
        case .scriptCycleVariant:
            scriptVariantChoice = scriptVariant(for: lead).next
            scriptVoicemail = false
            scriptStep = 0
            scriptScroll = 0
        case .scriptBranch(let branch):
            focus = .script
            guard let script, script.move(branch) != nil else {
                setStatus("the \(scriptVariant(for: lead).rawValue) script has no move for \"\(branch.label)\" (V switches the script)", error: true)
                return []
            }
            scriptBranch = branch
            scriptStep = script.stepIndex(.advance) ?? scriptStep
            scriptScroll = 0
            if branch == .newObjection {
                if let reason = context.readOnlyReason {
                    setStatus("read-only: \(reason)", error: true)
                    return []
                }
                mode = .form(DeskFormFactory.objection(lead))
            }
        case .scriptAgree:
            if let reason = context.readOnlyReason {
                setStatus("read-only: \(reason)", error: true)
                return []
            }
            if let close = script?.stepIndex(.close) { scriptStep = close }
            scriptScroll = 0
            let proposal = script?.proposal(after: scriptBranch)
            mode = .form(outcomeForm(.reached, lead: lead, context: context, proposal: proposal))
        default:
            break
        }
        return []
    }
}
