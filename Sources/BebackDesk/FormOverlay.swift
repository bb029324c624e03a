import BebackDomain
import BebackCells
import BebackText

/// A form drawn over the desk: labelled fields with hints, the error or confirmation line, and the keys.
/// Returns where the text cursor goes.
enum FormOverlay {
    static func draw(_ form: DeskForm, into buffer: inout CellBuffer, width: Int, height: Int) -> (x: Int, y: Int)? {
        let boxWidth = min(width - 2, 76)
        let labelWidth = max(8, (form.fields.map { SafeText.displayWidth($0.label) }.max() ?? 8) + 1)
        let fieldRows = form.fields.count * (height >= 24 ? 2 : 1)
        let boxHeight = min(height - 2, fieldRows + 4)
        let x = (width - boxWidth) / 2
        let y = max(1, (height - boxHeight) / 2)
        let rect = Rect(x: x, y: y, width: boxWidth, height: boxHeight)
        for row in rect.y..<(rect.y + rect.height) {
            buffer.put(String(repeating: " ", count: rect.width), x: rect.x, y: row, style: .plain)
        }
        Draw.box(rect, title: form.title, focused: true, into: &buffer)
        let area = Draw.inner(rect)
        var cursor: (x: Int, y: Int)?
        let spacing = height >= 24 ? 2 : 1
        let visibleFields = max(1, (area.height - 2) / spacing)
        let firstField = max(0, min(form.focus - visibleFields + 1, form.fields.count - visibleFields))
        for (offset, field) in form.fields.enumerated().dropFirst(firstField).prefix(visibleFields).map({ ($0.offset - firstField, $0.element) }) {
            let index = offset + firstField
            let row = area.y + offset * spacing
            let focused = index == form.focus
            buffer.put(SafeText.fit(field.label, width: labelWidth, pad: true), x: area.x, y: row, style: focused ? .accent : .plain)
            let valueX = area.x + labelWidth + 1
            let valueWidth = area.maxX - valueX
            switch field.kind {
            case .text(let editor):
                let shown = buffer.put(
                    editor.text.isEmpty && !focused ? "" : editor.text, x: valueX, y: row, style: focused ? Style(underline: true) : .plain,
                    maxWidth: valueWidth)
                if focused {
                    cursor = (min(area.maxX - 1, valueX + SafeText.displayWidth(SafeText.sanitize(editor.beforeCursor))), row)
                }
                if !field.hint.isEmpty, shown + 3 < valueWidth {
                    let hintRow = spacing == 2 ? row + 1 : row
                    let hintX = spacing == 2 ? valueX : valueX + shown + 2
                    buffer.put(field.hint, x: hintX, y: hintRow, style: .muted, maxWidth: area.maxX - hintX)
                }
            case .choice(let options, let selected):
                var cx = valueX
                for (optionIndex, option) in options.enumerated() where cx < area.maxX {
                    let label = "\(option.key) \(option.label)"
                    cx += buffer.put(label, x: cx, y: row, style: optionIndex == selected ? .selected : .muted, maxWidth: area.maxX - cx)
                    cx += 1
                }
                if spacing == 2, !field.hint.isEmpty { buffer.put(field.hint, x: valueX, y: row + 1, style: .muted, maxWidth: valueWidth) }
            }
        }
        let messageRow = area.y + area.height - 2
        if let confirmation = form.confirmation {
            buffer.put(confirmation, x: area.x, y: messageRow, style: .warning, maxWidth: area.width)
            cursor = nil
        } else if let error = form.error {
            buffer.put(error, x: area.x, y: messageRow, style: .error, maxWidth: area.width)
        }
        buffer.put("Enter save · Tab next field · Esc cancel (nothing written)", x: area.x, y: area.y + area.height - 1, style: .muted, maxWidth: area.width)
        return cursor
    }
}
