import BebackDomain
import BebackCells
import BebackText
import Foundation

/// The due list pane: one row per due lead (time, name, company, purpose, touches, channel), the
/// selected row highlighted, overdue rows in the warning style, scrolled to keep the cursor in view.
enum DuePane {
    /// The due rows in view in a pane `height` rows high: scrolled to keep the cursor in the middle.
    static func visibleRows(_ model: DeskModel, height: Int) -> Range<Int> {
        guard height > 0, model.listCount > 0 else { return 0..<0 }
        let first = max(0, min(model.selected - height / 2, model.listCount - height))
        return first..<min(model.listCount, first + height)
    }

    static func draw(_ model: DeskModel, context: DeskContext, leads: FrameLeads, in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
        if let found = model.found {
            drawFound(found, model: model, context: context, in: rect, focused: focused, into: &buffer)
            return
        }
        let title = model.filter.isEmpty ? "Due \(model.due.count)" : "Due \(model.due.count) matching \"\(model.filter)\""
        Draw.box(rect, title: title, focused: focused, into: &buffer)
        let area = Draw.inner(rect)
        guard area.height > 0 else { return }
        if model.due.isEmpty {
            let message = model.filter.isEmpty ? "Nothing is due. Press c to capture a walkout." : "No due lead matches. Esc clears the filter."
            buffer.put(message, x: area.x, y: area.y, style: .muted, maxWidth: area.width)
            return
        }
        let visible = visibleRows(model, height: area.height)
        let time = HumanTime(timeZone: context.timeZone, now: context.now)
        for index in visible {
            let row = index - visible.lowerBound
            let item = model.due[index]
            // Read before the frame (`FrameLeads`): a summary, so a lead still on disk is drawn without decoding its history.
            guard let lead = leads.rows[item.lead] else { continue }
            let selected = index == model.selected
            // The lead of a reminder stands out without colour too: bold, underlined, marked ▶.
            let reminded = model.reminder?.lead == item.lead
            let rowStyle: Style =
                selected
                ? (focused ? .selected : Style(bold: true, reverse: true)) : (reminded ? Style(foreground: .yellow, bold: true, underline: true) : .plain)
            let y = area.y + row
            buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: rowStyle)
            let when =
                reminded
                ? "▶ " + whenText(item, now: context.now, time: time).replacingOccurrences(of: "callback", with: "call")
                : whenText(item, now: context.now, time: time)
            var x = area.x
            let whenStyle: Style = selected ? rowStyle : (item.bucket == .overdue ? .warning : (item.bucket.isExact ? .accent : .plain))
            x += buffer.put(SafeText.fit(when, width: 14, pad: true), x: x, y: y, style: whenStyle, maxWidth: area.maxX - x)
            x += 1
            let remaining = area.maxX - x
            guard remaining > 4 else { continue }
            let nameWidth = remaining >= 40 ? max(12, remaining * 35 / 100) : (remaining >= 20 ? remaining * 55 / 100 : remaining)
            x += buffer.put(SafeText.fit(lead.name, width: nameWidth, pad: true), x: x, y: y, style: rowStyle, maxWidth: area.maxX - x)
            x += 1
            let rest = area.maxX - x
            guard rest > 6 else { continue }
            let tail = "\(lead.touchCount)× \(item.followUp.channel.label)"
            let tailWidth = rest >= 30 ? SafeText.displayWidth(tail) + 1 : 0
            let companyWidth = rest - tailWidth >= 36 && !lead.company.isEmpty ? (rest - tailWidth) * 35 / 100 : 0
            if companyWidth > 0 {
                x += buffer.put(
                    SafeText.fit(lead.company, width: companyWidth, pad: true), x: x, y: y, style: selected ? rowStyle : .muted, maxWidth: area.maxX - x)
                x += 1
            }
            let purposeWidth = area.maxX - x - tailWidth
            if purposeWidth > 0 {
                buffer.put(SafeText.fit(item.followUp.purpose, width: purposeWidth, pad: true), x: x, y: y, style: rowStyle, maxWidth: purposeWidth)
            }
            if tailWidth > 0 {
                buffer.put(tail, x: area.maxX - tailWidth + 1, y: y, style: selected ? rowStyle : .muted, maxWidth: tailWidth - 1)
            }
        }
    }

    /// A find's leads in the list's place: name, company, stage and next step (any lead, due or not).
    static func drawFound(
        _ found: [LeadFinder.Hit], model: DeskModel, context: DeskContext, in rect: Rect, focused: Bool, into buffer: inout CellBuffer
    ) {
        let count = model.foundMore ? "\(model.foundTotal)+ leads" : "\(model.foundTotal) lead\(model.foundTotal == 1 ? "" : "s")"
        let title = "Find \"\(model.filter)\": \(count)"
        Draw.box(rect, title: title, focused: focused, into: &buffer)
        let area = Draw.inner(rect)
        guard area.height > 0 else { return }
        if found.isEmpty {
            buffer.put("No lead matches. Esc goes back to the due list.", x: area.x, y: area.y, style: .muted, maxWidth: area.width)
            return
        }
        let visible = visibleRows(model, height: area.height)
        let time = HumanTime(timeZone: context.timeZone, now: context.now)
        for index in visible {
            let hit = found[index]
            let y = area.y + index - visible.lowerBound
            let selected = index == model.selected
            let rowStyle: Style = selected ? (focused ? .selected : Style(bold: true, reverse: true)) : .plain
            buffer.fill(Rect(x: area.x, y: y, width: area.width, height: 1), style: rowStyle)
            var x = area.x
            let nameWidth = area.width >= 40 ? max(12, area.width * 30 / 100) : area.width * 55 / 100
            x += buffer.put(SafeText.fit(hit.name, width: nameWidth, pad: true), x: x, y: y, style: rowStyle, maxWidth: area.maxX - x)
            x += 1
            let stageWidth = 12
            guard area.maxX - x > stageWidth else { continue }
            x += buffer.put(
                SafeText.fit(hit.stage.rawValue, width: stageWidth, pad: true), x: x, y: y, style: selected ? rowStyle : .accent, maxWidth: stageWidth)
            x += 1
            let next = hit.next.map { "\(time.dayAndClock($0.due)) · \($0.purpose)" } ?? "nothing planned"
            let company = hit.company.isEmpty || area.maxX - x < 50 ? "" : hit.company + " · "
            buffer.put(
                SafeText.fit(company + next, width: max(0, area.maxX - x), pad: true), x: x, y: y, style: selected ? rowStyle : .muted,
                maxWidth: max(0, area.maxX - x))
        }
    }

    /// "10:30 callback", "11:00 appt", "2d late", "due 09:00".
    static func whenText(_ item: DueItem, now: Date, time: HumanTime) -> String {
        switch item.bucket {
        case .callback: return item.followUp.due < now ? "\(time.clock(item.followUp.due)) late" : "\(time.clock(item.followUp.due)) callback"
        case .appointment: return item.followUp.due < now ? "\(time.clock(item.followUp.due)) late" : "\(time.clock(item.followUp.due)) appt"
        case .overdue: return "overdue \(item.daysLate)d"
        case .due: return time.clock(item.followUp.due)
        }
    }
}
