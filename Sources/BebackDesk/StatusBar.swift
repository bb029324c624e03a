import BebackCells
import BebackText

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
