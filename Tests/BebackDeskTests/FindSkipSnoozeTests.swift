import BebackCells
import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@testable import BebackDesk

@Suite("The desk's find, skip and snooze")
struct FindSkipSnoozeTests {
    func press(_ keys: [Key], _ model: inout DeskModel, _ context: DeskContext) -> [DeskEffect] {
        var effects: [DeskEffect] = []
        for key in keys { effects += model.update(.key(key), context: context) }
        return effects
    }

    func type(_ text: String) -> [Key] { text.map { Key.character($0) } }

    /// The fixture desk with Ana snoozed to December (off today's list) and a find index.
    func desk() throws -> (DeskFixtures.Desk, DeskContext) {
        var desk = try DeskFixtures.desk()
        let events = try desk.harness.actions.snooze(
            desk.ana, until: Fixtures.at("2026-12-10 10:00", DeskFixtures.zone), reason: "away", state: desk.harness.state,
            at: Fixtures.at("2026-11-22 09:05", DeskFixtures.zone), ids: &desk.harness.ids)
        desk.harness.apply(events)
        var context = desk.context()
        context.finder = LeadFinderCache()
        return (desk, context)
    }

    @Test("/ finds a lead that is not due; Enter opens it to be worked; an outcome form opens on it; Esc goes back to the due list")
    func findAnyLead() throws {
        let (desk, context) = try desk()
        var model = DeskModel()
        model.reload(context)
        #expect(!model.listedLeads.contains(desk.ana), "Ana is not due today")
        _ = press([.character("/")] + type("ana lima"), &model, context)
        #expect(model.found?.map(\.id) == [desk.ana])
        #expect(model.found?.first?.next?.purpose != nil)
        _ = press([.enter], &model, context)
        #expect(model.mode == .normal && model.focus == .script && model.selectedLead == desk.ana)
        _ = press([.character("2")], &model, context)
        guard case .form(let form) = model.mode else {
            Issue.record("no outcome form on a found lead: \(model.status)")
            return
        }
        #expect(form.purpose == .outcome(.voicemail, lead: desk.ana))
        _ = press([.escape, .escape], &model, context)
        #expect(model.found == nil && model.filter.isEmpty && model.focus == .due)
        #expect(model.selectedLead != desk.ana)
    }

    @Test("a phone number typed in another format finds the lead; ↓ moves over the found leads while typing")
    func findByPhone() throws {
        let (desk, context) = try desk()
        var model = DeskModel()
        model.reload(context)
        _ = press([.character("/")] + type("(020) 7946-0003"), &model, context)
        #expect(Set(model.found?.map(\.id) ?? []) == [desk.priya, desk.owen, desk.ana, desk.wang, desk.evil], "every fixture lead has that number")
        let first = model.selectedLead
        _ = press([.down], &model, context)
        #expect(model.selectedLead != first && model.filter == "(020) 7946-0003")
    }

    @Test("x moves the selected lead to the end of this session's queue and writes nothing; a reload keeps it last")
    func skip() throws {
        let (_, context) = try desk()
        var model = DeskModel()
        model.reload(context)
        let order = model.due.map(\.lead)
        try #require(order.count >= 3)
        let effects = press([.character("x")], &model, context)
        #expect(effects.isEmpty)
        #expect(model.due.map(\.lead) == Array(order.dropFirst()) + [order[0]])
        #expect(model.selectedLead == order[1])
        #expect(model.status.hasPrefix("skipped "))
        model.reload(context)
        #expect(model.due.last?.lead == order[0])
        _ = press([.character("x")], &model, context)
        #expect(model.due.map(\.lead).suffix(2) == [order[0], order[1]])
    }

    @Test("z opens the snooze form; a time and a reason give a scheduled and a snoozed entry; no reason, no entry")
    func snooze() throws {
        let (desk, context) = try desk()
        var model = DeskModel()
        model.reload(context)
        let lead = try #require(model.selectedLead)
        _ = press([.character("z")], &model, context)
        guard case .form(let form) = model.mode else {
            Issue.record("no snooze form: \(model.status)")
            return
        }
        #expect(form.purpose == .snooze(lead))
        var effects = press(type("+2d") + [.enter], &model, context)
        #expect(effects.isEmpty, "a reason is required")
        effects = press([.tab] + type("on holiday") + [.enter], &model, context)
        guard case .append(let payloads, let target, _) = effects.first else {
            Issue.record("no entries: \(effects)")
            return
        }
        #expect(target == lead && payloads.map(\.kind) == ["scheduled", "snoozed"])
        guard case .snoozed(let snooze) = payloads[1] else { return }
        #expect(snooze.reason == "on holiday" && snooze.until == DeskFixtures.now.addingTimeInterval(2 * 86_400))
        _ = desk
    }
}
