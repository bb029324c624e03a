import BebackDomain

/// The leads one frame shows, read before the frame is drawn: the selected lead whole (the lead and
/// script panes) and the list line of each due row in view. The panes draw only these; no view
/// reads the desk's lead table, whose leads may still be in a snapshot or a journal on disk.
public struct FrameLeads: Sendable {
    public var selected: LeadState?
    public var rows: [LeadID: LeadSummary]

    public init(selected: LeadState? = nil, rows: [LeadID: LeadSummary] = [:]) {
        self.selected = selected
        self.rows = rows
    }

    /// Reads what a frame of `model` at this size shows: the run loop's step between update and draw.
    public static func load(for model: DeskModel, context: DeskContext, width: Int, height: Int) -> FrameLeads {
        var leads = FrameLeads()
        leads.selected = model.selectedLead.flatMap { context.state.leads[$0] }
        let layout = DeskLayout(width: width, height: height, focus: model.focus)
        guard model.found == nil, let rect = layout.panes[.due] else { return leads }
        for index in DuePane.visibleRows(model, height: Draw.inner(rect).height) {
            let lead = model.due[index].lead
            if let summary = context.state.leads.summary(lead) { leads.rows[lead] = summary }
        }
        return leads
    }
}
