import BebackDomain
import BebackTerminal
import BebackText

/// The top line: who and when, the due counts, the filter, the last save, and a read-only banner.
enum HeaderBar {
    static func draw(_ model: DeskModel, context: DeskContext, into buffer: inout CellBuffer, width: Int, cursor: inout (x: Int, y: Int)?) {
        let time = HumanTime(timeZone: context.timeZone)
        buffer.put(String(repeating: " ", count: width), x: 0, y: 0, style: .header)
        let left = " Beback · \(context.rep) · \(time.dayAndClock(context.now))"
        var x = buffer.put(left, x: 0, y: 0, style: .header, maxWidth: width)
        if let reason = context.readOnlyReason {
            buffer.put("  READ-ONLY: \(reason)", x: x, y: 0, style: .error, maxWidth: width - x)
            return
        }
        let counts = model.dueCounts
        let summary = "   due now \(counts[.due, default: 0]) · overdue \(counts[.overdue, default: 0]) · appointments today \(counts[.appointment, default: 0])"
        if let call = model.call {
            // Before the counts, so a narrow terminal still shows it.
            x += buffer.put("  on call \(CallDuration.text(call.seconds(at: context.now)))", x: x, y: 0, style: .header, maxWidth: max(0, width - x))
        }
        x += buffer.put(summary, x: x, y: 0, style: .header, maxWidth: max(0, width - x))
        if case .filtering(let editor) = model.mode {
            let label = "  / "
            let start = x + buffer.put(label, x: x, y: 0, style: .header, maxWidth: max(0, width - x))
            x = start + buffer.put(editor.text, x: start, y: 0, style: .selected, maxWidth: max(0, width - start))
            cursor = (min(width - 1, start + SafeText.displayWidth(SafeText.sanitize(editor.beforeCursor))), 0)
        } else if !model.filter.isEmpty {
            x += buffer.put("  filter: \(model.filter)", x: x, y: 0, style: .header, maxWidth: max(0, width - x))
        }
        if let saved = model.lastSaved {
            let text = "saved \(time.clock(saved)) "
            let textWidth = SafeText.displayWidth(text)
            if width - textWidth > x + 1 { buffer.put(text, x: width - textWidth, y: 0, style: .header) }
        }
    }
}

/// The tab bar on narrow terminals (Due · Lead · Script, or the manager's Board · Pool · Report),
/// the focused one highlighted.
enum TabBar {
    static func draw(focus: DeskPane, row: Int, into buffer: inout CellBuffer, width: Int) {
        draw(titles: DeskPane.allCases.map(\.title), focused: DeskPane.allCases.firstIndex(of: focus), row: row, into: &buffer, width: width)
    }

    static func draw(titles: [String], focused: Int?, row: Int, into buffer: inout CellBuffer, width: Int) {
        var x = 0
        for (index, title) in titles.enumerated() {
            if index > 0 { x += buffer.put("·", x: x, y: row, style: .muted, maxWidth: max(0, width - x)) }
            x += buffer.put(" \(title) ", x: x, y: row, style: index == focused ? .selected : .muted, maxWidth: max(0, width - x))
        }
        buffer.put("  Tab switches", x: x, y: row, style: .muted, maxWidth: max(0, width - x))
    }
}

/// The key bar, generated from the key table: outcomes first, then the most used keys; with the
/// script pane focused, the script's keys first (step, variant, what happened, agreed). Cut to the width.
enum KeyBar {
    static func draw(row: Int, focus: DeskPane = .due, into buffer: inout CellBuffer, width: Int) {
        let outcomes = Disposition.allCases.map { "\($0.key) \(short($0))" }
        let parts = focus == .script
            ? scriptParts + ["1-0 outcome", "d dial", "n note", "u undo"]
            : outcomes + ["d dial", "n note", "o objection", "a agree", "c capture", "u undo", "/ filter"]
        put(parts, row: row, into: &buffer, width: width)
    }

    /// Draws as many of `parts` as fit in `width`, always ending with the help and quit keys.
    static func put(_ parts: [String], row: Int, into buffer: inout CellBuffer, width: Int) {
        let tail = "  ? help  q quit"
        var text = ""
        for part in parts {
            let candidate = text.isEmpty ? part : text + "  " + part
            guard SafeText.displayWidth(candidate + tail) <= width - 1 else { break }
            text = candidate
        }
        text = text.isEmpty ? String(tail.dropFirst(2)) : text + tail
        buffer.put(" " + text, x: 0, y: row, style: .muted, maxWidth: width)
    }

    /// The script keys from the key table: "] next", "[ back", "v voicemail", "V variant", "r/w/m/b happened", "s agreed".
    static var scriptParts: [String] {
        func label(_ action: DeskAction) -> String { KeyBindings.label(for: action) ?? "?" }
        let branches = AdvanceBranch.allCases.map { label(.scriptBranch($0)) }.joined(separator: "/")
        return ["\(label(.scriptNext)) next step", "\(label(.scriptPrevious)) back", "\(label(.scriptVoicemail)) voicemail",
                "\(label(.scriptCycleVariant)) variant", "\(branches) what happened", "\(label(.scriptAgree)) agreed"]
    }

    static func short(_ disposition: Disposition) -> String {
        switch disposition {
        case .badNumber: return "bad no."
        case .doNotContact: return "DNC"
        case .appointment: return "appt"
        default: return disposition.label
        }
    }
}

/// The bottom line: this session's counters, and the last message (errors stand out).
enum StatusBar {
    static func draw(_ model: DeskModel, row: Int, into buffer: inout CellBuffer, width: Int) {
        let counters = " this session: \(model.counters.summary)"
        if model.status.isEmpty {
            buffer.put(counters, x: 0, y: row, style: .plain, maxWidth: width)
            return
        }
        let message = " \(model.status) "
        let used = buffer.put(message, x: 0, y: row, style: model.statusIsError ? .error : .accent, maxWidth: width)
        if used + 4 < width {
            buffer.put(" ·" + counters, x: used, y: row, style: .muted, maxWidth: width - used)
        }
    }
}
