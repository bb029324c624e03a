import BebackDomain
import BebackCells
import BebackText
import Foundation

/// Draws the manager's desk: the team screen (board with a weekly sparkline per rep, the report with
/// compliance, objections and charts, the pool), or a rep's calendar through the desk's own renderer,
/// read-only, with the key bar saying how to go back.
public enum ManagerRenderer {
    public static func render(_ model: ManagerModel, context: ManagerContext, width: Int, height: Int) -> DeskFrame {
        if case .calendar(let rep) = model.screen {
            var frame = DeskRenderer.render(model.calendar, context: context.calendar(of: rep), width: width, height: height)
            if DeskLayout(width: width, height: height, focus: model.calendar.focus).arrangement != .tooSmall, model.calendar.mode == .normal {
                let text = " READ-ONLY \(rep)  Esc team  j/k move  Tab pane  Enter script  / filter  ] [ script  ? help  q quit"
                frame.buffer.put(String(repeating: " ", count: width), x: 0, y: height - 2, style: .plain)
                frame.buffer.put(text, x: 0, y: height - 2, style: .muted, maxWidth: width)
                if model.calendar.status.isEmpty {
                    // The rep's session counters mean nothing here: say whose calendar this is instead.
                    frame.buffer.put(String(repeating: " ", count: width), x: 0, y: height - 1, style: .plain)
                    frame.buffer.put(
                        " \(context.manager) (manager) looking at \(rep)'s calendar: read-only, as \(rep) sees it",
                        x: 0, y: height - 1, style: .muted, maxWidth: width)
                }
            }
            return frame
        }
        var buffer = CellBuffer(width: max(1, width), height: max(1, height))
        let layout = ManagerLayout(width: width, height: height, focus: model.focus, reps: context.reps.count)
        guard !layout.tooSmall else {
            return DeskRenderer.tooSmall(width: width, height: height)
        }
        header(model, context: context, into: &buffer, width: width)
        if let row = layout.tabBar {
            let panes = ManagerModel.Pane.allCases
            TabBar.draw(titles: panes.map(\.title), focused: panes.firstIndex(of: model.focus), row: row, into: &buffer, width: width)
        }
        for (pane, rect) in layout.panes {
            let focused = pane == model.focus
            switch pane {
            case .board: board(model, context: context, in: rect, focused: focused, into: &buffer)
            case .pool: pool(model, context: context, in: rect, focused: focused, into: &buffer)
            case .report: report(model, context: context, in: rect, focused: focused, into: &buffer)
            }
        }
        keyBar(model, context: context, row: height - 2, into: &buffer, width: width)
        status(model, row: height - 1, into: &buffer, width: width)
        if model.showingHelp { help(scroll: model.helpScroll, into: &buffer, width: width, height: height) }
        return DeskFrame(buffer: buffer, cursor: nil)
    }

    static func header(_ model: ManagerModel, context: ManagerContext, into buffer: inout CellBuffer, width: Int) {
        let time = HumanTime(timeZone: context.timeZone, now: context.now)
        buffer.put(String(repeating: " ", count: width), x: 0, y: 0, style: .header)
        var x = buffer.put(" Beback · \(context.manager) · manager · \(time.dayAndClock(context.now))", x: 0, y: 0, style: .header, maxWidth: width)
        if let reason = context.readOnlyReason {
            buffer.put("  READ-ONLY: \(reason)", x: x, y: 0, style: .error, maxWidth: width - x)
            return
        }
        let team = context.sheet.board.team
        let summary = "   team: due today \(team.dueToday) · overdue \(team.overdue) · idle \(team.idle) · pool \(context.pool.count)"
        x += buffer.put(summary, x: x, y: 0, style: .header, maxWidth: max(0, width - x))
        if let saved = model.lastSaved {
            let text = "saved \(time.clock(saved)) "
            let textWidth = SafeText.displayWidth(text)
            if width - textWidth > x + 1 { buffer.put(text, x: width - textWidth, y: 0, style: .header) }
        }
    }

    /// The board's table: the long headings when they fit, short ones otherwise; a sparkline of weekly touches per rep.
    static func boardTable(_ context: ManagerContext, width: Int) -> [String] {
        let sheet = context.sheet
        let idle = "IDLE \(sheet.policy.idleFlagDays)d+"
        let long = ["REP", "OPEN", "DUE TODAY", "OVERDUE", "CALLBACKS", "APPTS TODAY", idle, "TOUCHES", "CONTACT RATE", "APPTS SET", "WINS", "8 WEEKS"]
        let short = ["REP", "DUE", "LATE", "CB/AP", "IDLE", "TCH", "CONT", "SET", "WON", "WEEKS"]
        let rows = (sheet.board.rows + [sheet.board.team]).map { row -> [String] in
            let trend = row.rep == "team" ? "" : BlockChart.sparkline(context.weekly[row.rep] ?? [])
            return [
                row.rep.rawValue, "\(row.openLeads)", "\(row.dueToday)", "\(row.overdue)", "\(row.callbacksToday)", "\(row.appointmentsToday)", "\(row.idle)",
                "\(row.touches)", row.contactRate.share.map { "\(Int(($0 * 100).rounded()))%" } ?? "-", "\(row.appointmentsSet)", "\(row.wins)", trend
            ]
        }
        let wide = TeamSheet.table(long, rows)
        if (wide.map { SafeText.displayWidth($0) }.max() ?? 0) + 2 <= width { return wide }
        // Narrow: no OPEN column, callbacks and appointments today in one "2/1" column, and the last five weeks of the sparkline.
        let narrowRows = rows.enumerated().map { index, row -> [String] in
            let exact: String = row[4] + "/" + row[5]
            var cells: [String] = [row[0], row[2], row[3], exact]
            cells += row[6...]
            if index < sheet.board.rows.count { cells[cells.count - 1] = BlockChart.sparkline(Array((context.weekly[RepName(row[0])] ?? []).suffix(5))) }
            return cells
        }
        return TeamSheet.table(short, narrowRows)
    }

    static func board(_ model: ManagerModel, context: ManagerContext, in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
        Draw.box(rect, title: "Team board · this week · Enter opens a rep's calendar", focused: focused, into: &buffer)
        let area = Draw.inner(rect)
        guard area.height > 0 else { return }
        let table = boardTable(context, width: area.width)
        var lines: [(String, Style)] = []
        for (index, line) in table.enumerated() {
            let repIndex = index - 1
            if index == 0 {
                lines.append(("  " + line, Style(bold: true)))
            } else if repIndex == model.selectedRep, repIndex < context.reps.count {
                lines.append(("> " + line, focused ? .selected : Style(bold: true, reverse: true)))
            } else {
                lines.append(("  " + line, repIndex == context.reps.count ? .muted : .plain))
            }
        }
        let pool = context.sheet.board.poolLeads
        lines.append(("  pool: \(pool) open lead\(pool == 1 ? "" : "s") waiting to be assigned", .muted))
        // Keep the selected rep in view on a short board.
        let selectedLine = model.selectedRep + 1
        let start = selectedLine < area.height ? 0 : selectedLine - area.height + 1
        for (row, line) in lines.dropFirst(start).prefix(area.height).enumerated() {
            if line.1 == .selected || line.1 == Style(bold: true, reverse: true) {
                buffer.put(String(repeating: " ", count: area.width), x: area.x, y: area.y + row, style: line.1)
            }
            buffer.put(line.0, x: area.x, y: area.y + row, style: line.1, maxWidth: area.width)
        }
    }

    /// The report's lines: compliance, objections across the team, and the charts.
    static func reportLines(_ context: ManagerContext, width: Int) -> [(String, Style)] {
        let sheet = context.sheet
        let policy = sheet.policy
        if let pending = context.reportPending {
            return [("Idle leads, compliance, objections, charts", Style(bold: true))]
                + Draw.wrapped(pending, width: width - 2, style: .muted, indent: 2).map { ("  " + $0.0, $0.1) }
        }
        var lines: [(String, Style)] = [
            (
                "Idle leads (flagged \(policy.idleFlagDays), to you \(policy.idleEscalateDays), reclaimed \(policy.idleReclaimDays) working days past due)",
                Style(bold: true)
            )
        ]
        if context.idle.isEmpty { lines.append(("  none: every rep's leads were touched on time", .muted)) }
        let shown = 8
        for idle in context.idle.prefix(shown) {
            let step: String
            let style: Style
            switch idle.status {
            case .escalated(_, let left): step = "escalated, reclaimed in \(left)"; style = .warning
            case .reclaimable: step = "due for reclaim (R)"; style = .error
            case .flagged(_, let left): step = "flagged, reclaimed in \(left)"; style = .plain
            case .fresh: continue
            }
            lines += Draw.wrapped(
                "\(idle.lead.profile.owner): \(idle.lead.profile.name) · \(idle.days)d past due · \(step)", width: width - 2, style: style, indent: 2
            )
            .map { ("  " + $0.0, $0.1) }
        }
        if context.idle.count > shown { lines.append(("  and \(context.idle.count - shown) more (beback reclaim --dry-run lists them)", .muted)) }
        lines.append(("Find a working number (no other way to reach them)", Style(bold: true)))
        for line in sheet.numberHuntLines {
            lines += Draw.wrapped(line, width: width - 2, style: sheet.numberHunts.isEmpty ? .muted : .warning, indent: 2).map { ("  " + $0.0, $0.1) }
        }
        lines.append(("Practice compliance", Style(bold: true)))
        let table = sheet.complianceLines
        if (table.map { SafeText.displayWidth($0) }.max() ?? 0) + 2 <= width {
            lines += table.map { ("  " + $0, .plain) }
        } else {
            // Too wide for the pane: one line per figure, the reps and the team along it.
            let rows = sheet.compliance.rows + [sheet.compliance.team]
            let figures: [(String, (ComplianceRow) -> String)] = [
                ("walkouts followed up in \(sheet.policy.firstFollowUpHours)h", { $0.walkoutsFollowedUp.share.map { "\(Int(($0 * 100).rounded()))%" } ?? "-" }),
                ("voicemails retried next working day", { $0.voicemailsRetried.share.map { "\(Int(($0 * 100).rounded()))%" } ?? "-" }),
                ("lost with under \(sheet.policy.minimumTouchesBeforeLost) touches", { "\($0.lostEarly.count)" }),
                ("follow-ups without a purpose", { "\($0.withoutPurpose.count)" }),
                ("long-term check-ins late", { "\($0.longTermLate.count)" }),
                ("wins without an after-sale call", { "\($0.winsWithoutAftercare.count)" })
            ]
            for (label, value) in figures {
                lines += Draw.wrapped(label + ": " + rows.map { "\($0.rep) \(value($0))" }.joined(separator: " · "), width: width - 2, style: .plain, indent: 2)
                    .map { ("  " + $0.0, $0.1) }
            }
        }
        lines.append(("Objections this month", Style(bold: true)))
        for line in sheet.objectionLines() {
            let indent = line.hasPrefix("  ") ? 4 : 2
            lines += Draw.wrapped(line, width: width - indent, style: .plain, indent: 2).map { (String(repeating: " ", count: indent) + $0.0, $0.1) }
        }
        lines.append(("Charts", Style(bold: true)))
        lines += sheet.chartLines(width: max(8, min(30, width - 24))).map { ("  " + $0, .plain) }
        return lines
    }

    static func report(_ model: ManagerModel, context: ManagerContext, in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
        Draw.box(rect, title: "Report · \(context.sheet.periodText)", focused: focused, into: &buffer)
        let area = Draw.inner(rect)
        let lines = reportLines(context, width: area.width)
        let start = min(model.reportScroll, max(0, lines.count - area.height))
        Draw.lines(lines, in: area, from: start, into: &buffer)
        if start + area.height < lines.count, rect.width > 10 {
            buffer.put(" more ↓ ", x: rect.x + rect.width - 10, y: rect.y + rect.height - 1, style: focused ? .accent : .muted)
        }
    }

    static func pool(_ model: ManagerModel, context: ManagerContext, in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
        Draw.box(rect, title: "Pool · \(context.pool.count) open", focused: focused, into: &buffer)
        let area = Draw.inner(rect)
        guard area.height > 0 else { return }
        if context.pool.isEmpty {
            Draw.lines(
                Draw.wrapped(
                    "The pool is empty. R reclaims leads left idle past \(context.config.policy.idleReclaimDays) working days.",
                    width: area.width, style: .muted), in: area, from: 0, into: &buffer)
            return
        }
        let listHeight = max(1, area.height - 1)
        let first = max(0, min(model.selectedPool - listHeight / 2, context.pool.count - listHeight))
        let time = HumanTime(timeZone: context.timeZone, now: context.now)
        for row in 0..<min(listHeight, context.pool.count - first) {
            let index = first + row
            let lead = context.pool[index]
            let selected = index == model.selectedPool
            let style: Style = selected ? (focused ? .selected : Style(bold: true, reverse: true)) : .plain
            let y = area.y + row
            if selected { buffer.put(String(repeating: " ", count: area.width), x: area.x, y: y, style: style) }
            let due = lead.next.map { time.day($0.due) } ?? "-"
            let was = lead.reclaimedFrom.map { " (was \($0)'s)" } ?? ""
            var x = area.x
            x += buffer.put(SafeText.fit(due, width: 11, pad: true), x: x, y: y, style: style, maxWidth: area.maxX - x)
            buffer.put(lead.profile.name + was, x: x, y: y, style: style, maxWidth: area.maxX - x)
        }
        let target = model.selectedRepName(context).map { "a gives it to \($0) (board's pick)" } ?? "select a rep on the board"
        buffer.put(target, x: area.x, y: area.y + area.height - 1, style: .muted, maxWidth: area.width)
    }

    static func keyBar(_ model: ManagerModel, context: ManagerContext, row: Int, into buffer: inout CellBuffer, width: Int) {
        let rep = model.selectedRepName(context).map(\.rawValue) ?? "rep"
        let table = ManagerKeyBindings.table
        // The board's pick names the rep the calendar and assign keys act on.
        let parts = table.barParts { $0.short != "help" && $0.short != "quit" }.map { part in
            part.hasPrefix("Enter ") ? "Enter \(rep)'s calendar" : part == "a assign" ? "a assign to \(rep)" : part
        }
        KeyBar.put(parts, table: table, row: row, into: &buffer, width: width)
    }

    static func status(_ model: ManagerModel, row: Int, into buffer: inout CellBuffer, width: Int) {
        if model.status.isEmpty {
            buffer.put(
                StatusBar.words(" manager's view: reps' calendars open read-only; assignments and reclaims go to the desk journal", width: width),
                x: 0, y: row, style: .muted, maxWidth: width)
        } else {
            let lines = StatusBar.lines(model.status, width: width, rows: row > 0 ? 2 : 1)
            for (index, line) in lines.enumerated() {
                let y = row - (lines.count - 1) + index
                if lines.count > 1 { buffer.put(String(repeating: " ", count: width), x: 0, y: y, style: .plain) }
                buffer.put(" \(line) ", x: 0, y: y, style: model.statusIsError ? .error : .accent, maxWidth: width)
            }
        }
    }

    static let helpExtra: [(group: String, text: String)] = [
        ("A rep's calendar (read-only)", "the rep's own keys to move, filter and read the script; outcome keys are refused; Esc back"),
        ("This help", "j/k ↑/↓ a line · PgDn/PgUp a page · Home/End first/last · any other key closes")
    ]

    static func help(scroll: Int = 0, into buffer: inout CellBuffer, width: Int, height: Int) {
        HelpOverlay.draw(
            title: "Manager keys · j/k scroll · any other key closes", table: ManagerKeyBindings.table, extra: helpExtra, scroll: scroll,
            into: &buffer, width: width, height: height)
    }

    /// The manager's help laid out for this size (how far it scrolls).
    static func helpPage(width: Int, height: Int) -> HelpOverlay.Page {
        HelpOverlay.page(table: ManagerKeyBindings.table, extra: helpExtra, width: width, height: height)
    }
}
