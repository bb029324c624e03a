@testable import BebackDesk
import BebackDomain
import BebackCells
import BebackTestSupport
import Foundation
import Testing

@Suite("Form fields by name: read, found and focused without strings")
struct FormFieldTests {
    @Test("an outcome form whose next step the cadence proposes opens on the note; a reached form on its first field")
    func outcomeFocus() throws {
        let desk = try DeskFixtures.desk()
        let context = desk.context()
        let lead = try #require(context.state.leads[desk.owen])
        for disposition in [Disposition.voicemail, .noAnswer, .busy, .won, .badNumber] {
            let form = DeskFormFactory.outcome(disposition, lead: lead, context: context)
            #expect(form.fields[form.focus].name == .note, "\(disposition)")
        }
        let reached = DeskFormFactory.outcome(.reached, lead: lead, context: context)
        #expect(reached.focus == 0)
        #expect(reached.fields[0].name == .callback)
    }

    @Test("focus(on:) moves to a field the form has and ignores one it has not")
    func focusOn() {
        var form = DeskForm(purpose: .capture, title: "t", fields: [FormField(.name, label: "Name"), FormField(.phone, label: "Phone")])
        #expect(form.focus == 0)
        form.focus(on: .phone)
        #expect(form.focus == 1)
        form.focus(on: .note)
        #expect(form.focus == 1)
        #expect(form.has(.phone) && !form.has(.note))
        #expect(form.value(.note) == "")
    }
}
