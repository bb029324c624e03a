import BebackDomain
import BebackCells
import BebackText

/// The bottom line: this session's counters, and the last message (errors stand out). A message
/// too long for the line is never cut mid-word: it wraps onto the key bar's row above, and past
/// two rows ends at a whole word with `…`. The counters follow when there is room, cut the same way.
/// With desk.conf `[session]` goals, the counters give way to a progress bar per goal, narrowed
/// (shorter bars, then numbers only) until they fit.
enum StatusBar {
    static func draw(_ model: DeskModel, row: Int, into buffer: inout CellBuffer, width: Int, goals: SessionSettings = SessionSettings()) {
        let counters = " this session: \(model.counters.summary)"
        if model.status.isEmpty {
            if goals.hasGoals, let progress = progress(model.counters, goals: goals, width: width - 1) {
                buffer.put(" " + progress, x: 0, y: row, style: .plain, maxWidth: width)
                return
            }
            buffer.put(words(counters, width: width), x: 0, y: row, style: .plain, maxWidth: width)
            return
        }
        let lines = lines(model.status, width: width, rows: row > 0 ? 2 : 1)
        let style: Style = model.statusIsError ? .error : .accent
        for (index, line) in lines.enumerated() {
            let y = row - (lines.count - 1) + index
            if lines.count > 1 { buffer.put(String(repeating: " ", count: width), x: 0, y: y, style: .plain) }
            buffer.put(" \(line) ", x: 0, y: y, style: style, maxWidth: width)
        }
        let used = SafeText.displayWidth(" \(lines.last ?? "") ")
        if goals.hasGoals {
            if let progress = progress(model.counters, goals: goals, width: width - used - 3) {
                buffer.put(" · " + progress, x: used, y: row, style: .muted, maxWidth: width - used)
            }
        } else if used + 16 < width {
            buffer.put(words(" ·" + counters, width: width - used), x: used, y: row, style: .muted, maxWidth: width - used)
        }
    }

    /// The goals' progress in at most `width` columns: bars of 8, then of 4, then numbers, then bare
    /// numbers (nil: not even those fit). A goal met is marked ✓.
    static func progress(_ counters: SessionCounters, goals: SessionSettings, width: Int) -> String? {
        let items: [(name: String, short: String, done: Int, goal: Int)] = [
            goals.calls.map { ("calls", "C", counters.calls, $0) }, goals.contacts.map { ("contacts", "R", counters.reached, $0) },
            goals.appointments.map { ("appts", "A", counters.appointments, $0) }
        ].compactMap { $0 }
        func bar(_ done: Int, _ goal: Int, _ size: Int) -> String {
            let filled = BlockChart.bar(Double(done), maximum: Double(goal), width: size)
            return "▕" + filled + String(repeating: "░", count: max(0, size - SafeText.displayWidth(filled))) + "▏"
        }
        func mark(_ done: Int, _ goal: Int) -> String { done >= goal ? "✓" : "" }
        let tiers: [[String]] = [
            items.map { "\($0.name) \(bar($0.done, $0.goal, 8))\($0.done)/\($0.goal)\(mark($0.done, $0.goal))" },
            items.map { "\($0.name) \(bar($0.done, $0.goal, 4))\($0.done)/\($0.goal)\(mark($0.done, $0.goal))" },
            items.map { "\($0.short) \(bar($0.done, $0.goal, 3))\($0.done)/\($0.goal)\(mark($0.done, $0.goal))" },
            items.map { "\($0.name) \($0.done)/\($0.goal)\(mark($0.done, $0.goal))" },
            items.map { "\($0.short) \($0.done)/\($0.goal)" }
        ]
        for tier in tiers {
            let text = tier.joined(separator: " · ")
            if SafeText.displayWidth(text) <= width { return text }
        }
        return nil
    }

    /// A message as at most `rows` lines of `width` (less a space each side), broken between words;
    /// what does not fit ends the last line with `…` after a whole word.
    static func lines(_ text: String, width: Int, rows: Int) -> [String] {
        let room = max(1, width - 2)
        let wrapped = SafeText.wrap(text, width: room)
        guard wrapped.count > rows else { return wrapped }
        var shown = Array(wrapped.prefix(rows))
        shown[rows - 1] = words(shown[rows - 1] + " " + wrapped[rows], width: room)
        return shown
    }

    /// `text` cut to `width` columns at the end of a whole word, with `…` (whole when it fits).
    static func words(_ text: String, width: Int) -> String {
        guard SafeText.displayWidth(text) > width else { return text }
        var cut = SafeText.fit(text, width: width)
        cut.removeLast()  // the ellipsis
        if let space = cut.lastIndex(of: " "), cut[cut.startIndex..<space].contains(where: { $0 != " " }) {
            cut = String(cut[..<space])
        }
        while cut.hasSuffix(" ") { cut.removeLast() }
        return cut + "…"
    }
}
