@testable import BebackDesk
import BebackDomain
import BebackCells
import Testing

@Suite("A frame's leads are read before it is drawn; the panes read nothing else")
struct FrameLeadsTests {
    @Test("load reads the selected lead and the due rows in view, no more")
    func loadsWhatIsShown() throws {
        let desk = try DeskFixtures.desk()
        let model = desk.model()
        let context = desk.context()
        let leads = FrameLeads.load(for: model, context: context, width: 120, height: 35)
        #expect(leads.selected?.id == model.selectedLead)
        #expect(Set(leads.rows.keys) == Set(model.due.map(\.lead)), "every due row fits at 120x35")
        // A pane two rows high shows two rows around the cursor.
        #expect(DuePane.visibleRows(model, height: 2).count == 2)
        #expect(DuePane.visibleRows(model, height: 0).isEmpty)
    }

    @Test("the panes draw only the leads they were given: a lead left out of the frame's leads is not drawn")
    func panesReadOnlyTheFrame() throws {
        let desk = try DeskFixtures.desk()
        let model = desk.model()
        let context = desk.context()
        let full = FrameLeads.load(for: model, context: context, width: 120, height: 35)
        let shown = DeskRenderer.render(model, context: context, leads: full, width: 120, height: 35).buffer.lines().joined(separator: "\n")
        #expect(shown.contains("Owen Hale"))
        var without = full
        without.rows[desk.owen] = nil
        let drawn = DeskRenderer.render(model, context: context, leads: without, width: 120, height: 35).buffer.lines().joined(separator: "\n")
        #expect(!drawn.contains("Owen Hale"), "the due pane read the lead table instead of the frame's leads")
        #expect(drawn.contains("Priya Raman"))
    }
}
