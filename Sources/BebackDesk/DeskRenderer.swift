import BebackDomain
import BebackTerminal
import BebackText
import Foundation

/// A rendered screen: the cells, and where the text cursor goes (in a form or the filter), if anywhere.
public struct DeskFrame: Equatable, Sendable {
    public var buffer: CellBuffer
    public var cursor: (x: Int, y: Int)?

    public static func == (lhs: DeskFrame, rhs: DeskFrame) -> Bool {
        lhs.buffer == rhs.buffer && lhs.cursor?.x == rhs.cursor?.x && lhs.cursor?.y == rhs.cursor?.y
    }
}

/// Draws the whole desk into a cell buffer: header, panes, key bar, status line, and any form or overlay.
/// It only reads the model and the context; all outside text reaches the buffer through its sanitizing `put`.
public enum DeskRenderer {
    /// The notice drawn instead of panes when the terminal is smaller than the desk needs.
    static func tooSmall(width: Int, height: Int) -> DeskFrame {
        var buffer = CellBuffer(width: max(1, width), height: max(1, height))
        let lines = ["Beback needs at least \(DeskLayout.minimumWidth)x\(DeskLayout.minimumHeight);",
                     "this terminal is \(width)x\(height).", "Make it larger, or press q to quit."]
        for (index, line) in lines.enumerated() where index < height {
            buffer.put(line, x: 0, y: index, style: index == 0 ? .warning : .plain, maxWidth: width)
        }
        return DeskFrame(buffer: buffer, cursor: nil)
    }

    public static func render(_ model: DeskModel, context: DeskContext, width: Int, height: Int) -> DeskFrame {
        var buffer = CellBuffer(width: max(1, width), height: max(1, height))
        let layout = DeskLayout(width: width, height: height, focus: model.focus)
        guard layout.arrangement != .tooSmall else {
            return tooSmall(width: width, height: height)
        }
        var cursor: (x: Int, y: Int)?
        HeaderBar.draw(model, context: context, into: &buffer, width: width, cursor: &cursor)
        if let tabRow = layout.tabBar {
            TabBar.draw(focus: model.focus, row: tabRow, into: &buffer, width: width)
        }
        let lead = model.selectedLead.flatMap { context.state.leads[$0] }
        for (pane, rect) in layout.panes {
            let focused = pane == model.focus
            switch pane {
            case .due: DuePane.draw(model, context: context, in: rect, focused: focused, into: &buffer)
            case .lead: LeadPane.draw(lead, model: model, context: context, in: rect, focused: focused, into: &buffer)
            case .script: ScriptPane.draw(lead, model: model, context: context, in: rect, focused: focused, into: &buffer)
            }
        }
        KeyBar.draw(row: height - 2, focus: model.focus, into: &buffer, width: width)
        StatusBar.draw(model, row: height - 1, into: &buffer, width: width)
        switch model.mode {
        case .form(let form): cursor = FormOverlay.draw(form, into: &buffer, width: width, height: height)
        case .help: HelpOverlay.draw(into: &buffer, width: width, height: height)
        default: break
        }
        return DeskFrame(buffer: buffer, cursor: cursor)
    }
}

/// Drawing helpers shared by the panes.
enum Draw {
    /// A pane's box; the focused pane stands out. The title is outside text: `box` sanitizes it.
    static func box(_ rect: Rect, title: String, focused: Bool, into buffer: inout CellBuffer) {
        buffer.box(rect, title: title, style: focused ? .accent : .muted)
    }

    /// The inside of a box.
    static func inner(_ rect: Rect) -> Rect {
        Rect(x: rect.x + 1, y: rect.y + 1, width: max(0, rect.width - 2), height: max(0, rect.height - 2))
    }

    /// Writes styled lines into a rect, starting at line `from`.
    static func lines(_ lines: [(String, Style)], in rect: Rect, from start: Int, into buffer: inout CellBuffer) {
        guard rect.height > 0, rect.width > 0 else { return }
        for (row, line) in lines.dropFirst(min(start, max(0, lines.count - 1))).prefix(rect.height).enumerated() {
            buffer.put(line.0, x: rect.x, y: rect.y + row, style: line.1, maxWidth: rect.width)
        }
    }

    /// Word-wraps a paragraph to a width, with a hanging indent for the lines after the first.
    static func wrapped(_ text: String, width: Int, style: Style, indent: Int = 0) -> [(String, Style)] {
        let wrapped = SafeText.wrap(text, width: max(4, width - indent))
        return wrapped.enumerated().map { index, line in
            (index == 0 ? line : String(repeating: " ", count: indent) + line, style)
        }
    }
}
