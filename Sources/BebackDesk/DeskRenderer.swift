import BebackDomain
import BebackCells
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
        let lines = [
            "Beback needs at least \(DeskLayout.minimumWidth)x\(DeskLayout.minimumHeight);",
            "this terminal is \(width)x\(height).", "Make it larger, or press q to quit."
        ]
        for (index, line) in lines.enumerated() where index < height {
            buffer.put(line, x: 0, y: index, style: index == 0 ? .warning : .plain, maxWidth: width)
        }
        return DeskFrame(buffer: buffer, cursor: nil)
    }

    /// Reads the frame's leads (`FrameLeads.load`), then draws them.
    public static func render(_ model: DeskModel, context: DeskContext, width: Int, height: Int) -> DeskFrame {
        render(model, context: context, leads: FrameLeads.load(for: model, context: context, width: width, height: height), width: width, height: height)
    }

    /// Draws a frame from the model, the context and the leads read for it before (never from the desk's lead table).
    public static func render(_ model: DeskModel, context: DeskContext, leads: FrameLeads, width: Int, height: Int) -> DeskFrame {
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
        let lead = leads.selected
        for (pane, rect) in layout.panes {
            let focused = pane == model.focus
            switch pane {
            case .due: DuePane.draw(model, context: context, leads: leads, in: rect, focused: focused, into: &buffer)
            case .lead: LeadPane.draw(lead, model: model, context: context, in: rect, focused: focused, into: &buffer)
            case .script: ScriptPane.draw(lead, model: model, context: context, in: rect, focused: focused, into: &buffer)
            }
        }
        KeyBar.draw(row: height - 2, focus: model.focus, into: &buffer, width: width)
        StatusBar.draw(model, row: height - 1, into: &buffer, width: width, goals: context.session)
        switch model.mode {
        case .form(let form): cursor = FormOverlay.draw(form, into: &buffer, width: width, height: height)
        case .help: HelpOverlay.draw(scroll: model.helpScroll, into: &buffer, width: width, height: height)
        default: break
        }
        return DeskFrame(buffer: buffer, cursor: cursor)
    }
}
