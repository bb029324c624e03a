import BebackDomain
import BebackCells
import BebackText

/// A form drawn over the desk: labelled fields with hints, the error, warning or confirmation
/// (wrapped, never cut), and the keys. Text longer than its field scrolls sideways with the cursor;
/// a choice wider than its field shows the options around the one picked.
/// Returns where the text cursor goes.
enum FormOverlay {
    static let keysLine = "Enter save · Tab next · Esc cancel (nothing written)"

    static func draw(_ form: DeskForm, into buffer: inout CellBuffer, width: Int, height: Int) -> (x: Int, y: Int)? {
        let boxWidth = min(width - 2, 76)
        let innerWidth = boxWidth - 2
        let labelWidth = max(8, (form.fields.map { SafeText.displayWidth($0.label) }.max() ?? 8) + 1)
        let spacing = height >= 24 ? 2 : 1
        let message = Self.message(form)
        // A confirmation says its own keys.
        let keys = form.confirmation == nil ? SafeText.wrap(keysLine, width: innerWidth) : []
        let messageLines = message.map { SafeText.wrap($0.text, width: innerWidth) } ?? [""]
        let fieldRows = form.fields.count * spacing
        let boxHeight = min(height - 2, fieldRows + 2 + messageLines.count + keys.count)
        let x = (width - boxWidth) / 2
        let y = max(1, (height - boxHeight) / 2)
        let rect = Rect(x: x, y: y, width: boxWidth, height: boxHeight)
        for row in rect.y..<(rect.y + rect.height) {
            buffer.put(String(repeating: " ", count: rect.width), x: rect.x, y: row, style: .plain)
        }
        Draw.box(rect, title: form.title, focused: true, into: &buffer)
        let area = Draw.inner(rect)
        // The message and keys keep their rows; a long message takes rows from the fields, never the reverse.
        let bottomRows = min(area.height - 1, messageLines.count + keys.count)
        var cursor: (x: Int, y: Int)?
        let visibleFields = max(1, (area.height - bottomRows) / spacing)
        let firstField = max(0, min(form.focus - visibleFields + 1, form.fields.count - visibleFields))
        for offset in 0..<min(visibleFields, form.fields.count - firstField) {
            let index = offset + firstField
            let field = form.fields[index]
            let row = area.y + offset * spacing
            let focused = index == form.focus
            buffer.put(SafeText.fit(field.label, width: labelWidth, pad: true), x: area.x, y: row, style: focused ? .accent : .plain)
            let valueX = area.x + labelWidth + 1
            let valueWidth = area.maxX - valueX
            switch field.kind {
            case .text(let editor):
                var shown = 0
                if focused {
                    let window = editor.window(width: valueWidth)
                    shown = buffer.put(window.text, x: valueX, y: row, style: Style(underline: true), maxWidth: valueWidth)
                    cursor = (min(area.maxX - 1, valueX + window.cursor), row)
                } else if !editor.text.isEmpty {
                    shown = buffer.put(SafeText.fit(editor.text, width: valueWidth), x: valueX, y: row, style: .plain, maxWidth: valueWidth)
                }
                if !field.hint.isEmpty, shown + 3 < valueWidth {
                    let hintRow = spacing == 2 ? row + 1 : row
                    let hintX = spacing == 2 ? valueX : valueX + shown + 2
                    buffer.put(field.hint, x: hintX, y: hintRow, style: .muted, maxWidth: area.maxX - hintX)
                }
            case .choice(let options, let selected):
                drawChoice(options, selected: selected, x: valueX, row: row, width: valueWidth, into: &buffer)
                if spacing == 2, !field.hint.isEmpty { buffer.put(field.hint, x: valueX, y: row + 1, style: .muted, maxWidth: valueWidth) }
            }
        }
        let messageRow = area.y + area.height - bottomRows
        if let message {
            for (index, line) in messageLines.prefix(bottomRows - keys.count).enumerated() {
                buffer.put(line, x: area.x, y: messageRow + index, style: message.style, maxWidth: area.width)
            }
            if form.confirmation != nil { cursor = nil }
        }
        for (index, line) in keys.enumerated() {
            let keyRow = area.y + area.height - keys.count + index
            guard keyRow >= messageRow else { continue }
            buffer.put(line, x: area.x, y: keyRow, style: .muted, maxWidth: area.width)
        }
        return cursor
    }

    /// The line under the fields: a confirmation waiting for `y`, else why the save was refused, else a warning.
    static func message(_ form: DeskForm) -> (text: String, style: Style)? {
        if let confirmation = form.confirmation { return (confirmation, .warning) }
        if let error = form.error { return (error, .error) }
        if let warning = form.warning { return (warning, .warning) }
        return nil
    }

    /// A choice's options in a row; when they do not all fit, the ones around the picked option,
    /// with `…` where more lie either side.
    static func drawChoice(_ options: [ChoiceOption], selected: Int, x: Int, row: Int, width: Int, into buffer: inout CellBuffer) {
        let labels = options.map { "\($0.key) \($0.label)" }
        let widths = labels.map { SafeText.displayWidth($0) + 1 }
        var first = 0
        if widths.reduce(0, +) - 1 > width {
            // Move the start right until the picked option fits, leaving room for both marks.
            while first < selected, widths[first...selected].reduce(0, +) + 4 > width { first += 1 }
        }
        var cx = x
        if first > 0 { cx += buffer.put("… ", x: cx, y: row, style: .muted, maxWidth: x + width - cx) }
        for index in first..<options.count {
            let rest = widths[index...].reduce(0, +) - 1
            if cx + rest > x + width, cx + widths[index] + 1 > x + width {
                buffer.put("…", x: cx, y: row, style: .muted, maxWidth: x + width - cx)
                break
            }
            cx += buffer.put(labels[index], x: cx, y: row, style: index == selected ? .selected : .muted, maxWidth: x + width - cx) + 1
        }
    }
}
