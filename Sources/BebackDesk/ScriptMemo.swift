import BebackDomain
import Foundation
import Synchronization

/// The call scripts the script pane last filled, by lead. The pane is drawn at every key, yet most
/// keys (a pane switch, a letter typed in find, a move back to a lead already seen) leave its lead,
/// its rep, its policy and its templates as they were; filling the script again (facts, calling
/// hours, the cadence's next try) was a tenth of a keystroke's time. A script is filled as of the
/// start of the current minute, the finest time it shows, so a kept one is reused only while every
/// input is equal to the one it was filled from: a hit is always what filling would give.
final class ScriptMemo: Sendable {
    private struct Entry {
        var lead: LeadState
        var rep: RepName
        var minute: Date
        var variant: ScriptVariant
        var policy: CadencePolicy
        var templates: ScriptTemplateSet
        var script: FilledScript?
    }

    private let table = Mutex<[LeadID: Entry]>([:])
    let limit: Int

    init(limit: Int = 256) {
        self.limit = limit
    }

    /// The pane's memo, shared by every desk of this process (the screen is drawn on one thread).
    static let pane = ScriptMemo()

    /// `CallScriptBuilder.script` for `lead` at the start of `now`'s minute, kept or filled and kept.
    func script(
        for lead: LeadState, rep: RepName, now: Date, variant: ScriptVariant, policy: CadencePolicy, templates: ScriptTemplateSet
    ) -> FilledScript? {
        let minute = Date(timeIntervalSince1970: (now.timeIntervalSince1970 / 60).rounded(.down) * 60)
        let kept = table.withLock { $0[lead.id] }
        if let kept, kept.minute == minute, kept.variant == variant, kept.rep == rep, kept.lead == lead, kept.policy == policy,
            kept.templates == templates
        {
            return kept.script
        }
        let script = CallScriptBuilder.script(for: lead, rep: rep, now: minute, variant: variant, policy: policy, templates: templates)
        table.withLock { table in
            if table.count >= limit { table.removeAll(keepingCapacity: true) }
            table[lead.id] = Entry(lead: lead, rep: rep, minute: minute, variant: variant, policy: policy, templates: templates, script: script)
        }
        return script
    }

    /// How many scripts are kept (for tests).
    var count: Int { table.withLock { $0.count } }
}
