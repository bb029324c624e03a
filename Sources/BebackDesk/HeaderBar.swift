import BebackDomain
import BebackCells
import BebackText

/// The top line: who and when, the due counts, the filter, the last save, and a read-only banner.
enum HeaderBar {
    static func draw(_ model: DeskModel, context: DeskContext, into buffer: inout CellBuffer, width: Int, cursor: inout (x: Int, y: Int)?) {
        let time = HumanTime(timeZone: context.timeZone, now: context.now)
        buffer.put(String(repeating: " ", count: width), x: 0, y: 0, style: .header)
        let left = " Beback · \(context.rep) · \(time.dayAndClock(context.now))"
        var x = buffer.put(left, x: 0, y: 0, style: .header, maxWidth: width)
        if let reason = context.readOnlyReason {
            buffer.put("  READ-ONLY: \(reason)", x: x, y: 0, style: .error, maxWidth: width - x)
            return
        }
        if let reminder = model.reminder {
            let name = context.state.leads.summary(reminder.lead)?.name ?? reminder.lead.rawValue
            let text = "  ▶ " + model.reminderText(reminder, name: name, context: context)
            x += buffer.put(text, x: x, y: 0, style: .warning, maxWidth: max(0, width - x))
        }
        if model.powerDialling {
            x += buffer.put("  ▶ session", x: x, y: 0, style: .header, maxWidth: max(0, width - x))
        }
        let counts = model.dueCounts
        let summary = "   " + DueBucket.countsText(counts)
        if let call = model.call {
            // Before the counts, so a narrow terminal still shows it.
            x += buffer.put("  on call \(CallDuration.text(call.seconds(at: context.now)))", x: x, y: 0, style: .header, maxWidth: max(0, width - x))
        }
        // While a filter is typed, it keeps at least 24 columns: the counts give way.
        let filtering: Bool = if case .filtering = model.mode { true } else { false }
        let summaryRoom = max(0, width - x - (filtering ? 24 : 0))
        if SafeText.displayWidth(summary) <= summaryRoom {
            x += buffer.put(summary, x: x, y: 0, style: .header, maxWidth: summaryRoom)
        } else if !filtering {
            x += buffer.put(summary, x: x, y: 0, style: .header, maxWidth: summaryRoom)
        }
        if case .filtering(let editor) = model.mode {
            let label = "  / "
            let start = x + buffer.put(label, x: x, y: 0, style: .header, maxWidth: max(0, width - x))
            // A filter longer than the room left scrolls sideways with the cursor, like a form's field.
            let window = editor.window(width: max(2, width - start))
            x = start + buffer.put(window.text, x: start, y: 0, style: .selected, maxWidth: max(0, width - start))
            cursor = (min(width - 1, start + window.cursor), 0)
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
