import BebackDomain
import BebackCells
import BebackText

/// The key bar, generated from the key table: outcomes first, then the most used keys; with the
/// script pane focused, the script's keys first (step, variant, what happened, agreed), the
/// outcomes as one range, then dial, note and undo. Cut to the width between entries, in priority
/// order, always ending with help and quit; a cut bar says `? more` instead of `? help`.
enum KeyBar {
    static func draw(row: Int, focus: DeskPane = .due, into buffer: inout CellBuffer, width: Int) {
        put(parts(focus: focus), table: KeyBindings.table, row: row, into: &buffer, width: width)
    }

    /// The bar's entries for a focus, before the help and quit keys.
    static func parts(focus: DeskPane) -> [String] {
        let table = KeyBindings.table
        let endKeys: Set<String> = ["help", "quit"]
        guard focus == .script else { return table.barParts { $0.group != "Script" && !endKeys.contains($0.short) } }
        let outcomes = KeyBindings.outcomeKeys
        let range = "\(outcomes.first.map { String($0.1) } ?? "")-\(outcomes.last.map { String($0.1) } ?? "") outcome"
        let scriptKeys = table.barParts { $0.group == "Script" }
        let callKeys = table.barParts { [.dial, .addNote, .undo].contains($0.action) }
        return scriptKeys + [range] + callKeys
    }

    /// "? help  q quit", from the table's help and quit bindings ("? more  q quit" when the bar was cut).
    static func tail<Action>(_ table: KeyTable<Action>, cut: Bool = false) -> String {
        let parts = table.barParts { $0.short == "help" || $0.short == "quit" }
        return "  " + parts.map { cut && $0.hasSuffix(" help") ? String($0.dropLast(4)) + "more" : $0 }.joined(separator: "  ")
    }

    /// Draws as many of `parts` as fit in `width`, in their order, always ending with the table's help
    /// and quit keys; when some are left out, help says `more`.
    static func put<Action>(_ parts: [String], table: KeyTable<Action>, row: Int, into buffer: inout CellBuffer, width: Int) {
        let whole = parts.joined(separator: "  ")
        var text = ""
        let tail: String
        if SafeText.displayWidth(whole + Self.tail(table)) <= width - 1 {
            text = whole
            tail = Self.tail(table)
        } else {
            tail = Self.tail(table, cut: true)
            for part in parts {
                let candidate = text.isEmpty ? part : text + "  " + part
                guard SafeText.displayWidth(candidate + tail) <= width - 1 else { break }
                text = candidate
            }
        }
        text = text.isEmpty ? String(tail.dropFirst(2)) : text + tail
        buffer.put(" " + text, x: 0, y: row, style: .muted, maxWidth: width)
    }
}
