import BebackDomain
import BebackCells
import BebackText

/// The key bar, generated from the key table: outcomes first, then the most used keys; with the
/// script pane focused, the script's keys first (step, variant, what happened, agreed), the
/// outcomes as one range, then dial, note and undo. Cut to the width, always ending with help and quit.
enum KeyBar {
    static func draw(row: Int, focus: DeskPane = .due, into buffer: inout CellBuffer, width: Int) {
        put(parts(focus: focus), tail: tail(KeyBindings.table), row: row, into: &buffer, width: width)
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

    /// "? help  q quit", from the table's help and quit bindings.
    static func tail<Action>(_ table: KeyTable<Action>) -> String {
        "  " + table.barParts { $0.short == "help" || $0.short == "quit" }.joined(separator: "  ")
    }

    /// Draws as many of `parts` as fit in `width`, always ending with `tail`.
    static func put(_ parts: [String], tail: String, row: Int, into buffer: inout CellBuffer, width: Int) {
        var text = ""
        for part in parts {
            let candidate = text.isEmpty ? part : text + "  " + part
            guard SafeText.displayWidth(candidate + tail) <= width - 1 else { break }
            text = candidate
        }
        text = text.isEmpty ? String(tail.dropFirst(2)) : text + tail
        buffer.put(" " + text, x: 0, y: row, style: .muted, maxWidth: width)
    }
}
