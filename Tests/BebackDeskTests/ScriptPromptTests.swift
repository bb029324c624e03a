@testable import BebackDesk
import BebackDomain
import BebackCells
import BebackText
import BebackTestSupport
import Foundation
import Testing

@Suite("The call-script prompter at the desk: keys, moves, forms, the pane")
struct ScriptPromptTests {
    func press(_ keys: [Key], _ model: inout DeskModel, _ context: DeskContext) -> [DeskEffect] {
        var effects: [DeskEffect] = []
        for key in keys { effects += model.update(.key(key), context: context) }
        return effects
    }

    func type(_ text: String) -> [Key] { text.map { Key.character($0) } }

    func screen(_ model: DeskModel, _ desk: DeskFixtures.Desk, width: Int = 120, height: Int = 40) -> [String] {
        DeskRenderer.render(model, context: desk.context(), width: width, height: height).buffer.lines()
    }

    @Test("a branch key shows the matching move under the advance step and moves the script there")
    func branchShowsMove() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        #expect(model.selectedLead == desk.priya)
        let effects = press([.character("r")], &model, context)
        #expect(effects.isEmpty)
        #expect(model.scriptBranch == .notReviewed)
        #expect(model.focus == .script)
        #expect(model.scriptStep == 3)
        let text = PaneText.unwrapped(screen(model, desk), fromColumn: 84)
        #expect(text.contains("r They have not reviewed it"))
        #expect(text.contains("Offer to go through it together now: it takes a few minutes on the phone."))
        #expect(!text.contains("Suggest one short call"))
        _ = press([.character("w")], &model, context)
        #expect(model.scriptBranch == .otherDecider)
        let other = PaneText.unwrapped(screen(model, desk), fromColumn: 84)
        #expect(other.contains("Suggest one short call with Priya and Tom (husband), so nobody has to pass the message on."))
        #expect(!other.contains("Offer to go through it"))
    }

    @Test("the new-objection key shows its move and opens the objection form, which logs into the objection log")
    func newObjectionOpensForm() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        _ = press([.character("b")], &model, context)
        #expect(model.scriptBranch == .newObjection)
        guard case .form(let form) = model.mode else { Issue.record("no objection form"); return }
        #expect(form.purpose == .objection(desk.priya))
        let effects = press(type("not before the spring") + [.tab, .character("t"), .enter], &model, context)
        #expect(effects == [.logObjection(lead: desk.priya, category: .timing, words: "not before the spring", answer: "")])
        #expect(model.mode == .normal)
        #expect(model.scriptBranch == .newObjection)
    }

    @Test("the agree key opens the reached form pre-filled from the close, or from the picked branch")
    func agreeOpensReachedForm() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        _ = press([.character("s")], &model, context)
        guard case .form(let closing) = model.mode else { Issue.record("no form"); return }
        #expect(closing.purpose == .outcome(.reached, lead: desk.priya))
        #expect(closing.value(.subject) == "the quote")
        #expect(closing.value(.number) == "+44 20 7946 0003")
        #expect(closing.value(.callback) == "")
        #expect(model.scriptStep == 4)
        _ = press([.escape, .character("w"), .character("s")], &model, context)
        guard case .form(let form) = model.mode else { Issue.record("no form"); return }
        #expect(form.value(.subject) == "a call with everyone who decides")
        #expect(form.value(.customerAction) == "check the time with the other decider")
        let effects = press(type("2026-11-26 18:00") + [.enter], &model, context)
        guard case .record(let request) = effects.first else { Issue.record("no record effect: \(effects)"); return }
        #expect(request.outcome == .reached)
        #expect(
            request.details.agreement
                == Agreement(
                    callbackAt: Fixtures.at("2026-11-26 18:00", DeskFixtures.zone), number: "+44 20 7946 0003",
                    subject: "a call with everyone who decides",
                    customerAction: "check the time with the other decider", madeAt: DeskFixtures.now))
    }

    @Test("V cycles every variant; v toggles voicemail and back; ] and [ stay inside the script")
    func variantsAndSteps() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        let priya = try #require(context.state.leads[desk.priya])
        var seen: [ScriptVariant] = [model.scriptVariant(for: priya)]
        for _ in 0..<6 {
            _ = press([.character("V")], &model, context)
            seen.append(model.scriptVariant(for: priya))
        }
        #expect(seen == [.followUp, .firstAfterWalkout, .longTermCheckIn, .satisfaction, .voicemail, .customerVoicemail, .followUp])
        _ = press([.character("v")], &model, context)
        #expect(model.scriptVariant(for: priya) == .voicemail)
        #expect(screen(model, desk).joined().contains("Script · voicemail · step 1/2"))
        _ = press([.character("v")], &model, context)
        #expect(model.scriptVariant(for: priya) == .followUp)
        _ = press(Array(repeating: .character("]"), count: 9), &model, context)
        #expect(model.scriptStep == 4)
        _ = press(Array(repeating: .character("["), count: 9), &model, context)
        #expect(model.scriptStep == 0)
    }

    @Test("v on a post-purchase script leaves the customer's message, not the sales voicemail; v again goes back")
    func customerVoicemail() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        let priya = try #require(context.state.leads[desk.priya])
        _ = press([.character("V"), .character("V"), .character("V")], &model, context)
        #expect(model.scriptVariant(for: priya) == .satisfaction)
        _ = press([.character("v")], &model, context)
        #expect(model.scriptVariant(for: priya) == .customerVoicemail)
        let shown = screen(model, desk).joined()
        #expect(shown.contains("Script · customer-voicemail"))
        #expect(shown.contains("Thank you"))
        #expect(!shown.contains("as we agreed"))
        _ = press([.character("v")], &model, context)
        #expect(model.scriptVariant(for: priya) == .satisfaction)
    }

    @Test("a script without the picked branch says so; another lead starts its own script from the top")
    func missingBranchAndReset() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        _ = press([.character("V"), .character("V"), .character("V"), .character("r")], &model, context)
        #expect(model.scriptBranch == nil)
        #expect(model.status == "the satisfaction script has no move for \"didn't review it\" (V switches the script)")
        #expect(model.statusIsError)
        _ = press([.character("m")], &model, desk.context())
        #expect(model.status.contains("no move"))
        _ = press([.character("V"), .character("V"), .character("V"), .character("m")], &model, context)
        #expect(model.scriptBranch == .nothingMoved)
        _ = press([.character("h"), .character("h"), .character("j")], &model, context)
        #expect(model.selectedLead == desk.owen)
        #expect(model.scriptBranch == nil)
        #expect(model.scriptVariantChoice == nil)
        #expect(model.scriptStep == 0)
    }

    @Test("a read-only desk shows the move but opens no form")
    func readOnly() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context(readOnly: "rep-ann.journal: damaged")
        _ = press([.character("b")], &model, context)
        #expect(model.scriptBranch == .newObjection)
        #expect(model.mode == .normal)
        #expect(model.status == "read-only: rep-ann.journal: damaged")
        _ = press([.character("s")], &model, context)
        #expect(model.mode == .normal)
    }

    @Test("the pane scrolls a long script with PgDn/PgUp and marks that more is below")
    func scrolling() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        model.pageSize = 10
        _ = press([.enter], &model, context)
        #expect(model.focus == .script)
        let top = screen(model, desk, width: 80, height: 24)
        #expect(top.contains { $0.contains("more ↓") })
        #expect(top.joined().contains("▶ Before you dial"))
        _ = press([.pageDown], &model, context)
        #expect(model.scriptScroll == 5)
        let scrolled = screen(model, desk, width: 80, height: 24).joined(separator: "\n")
        #expect(!scrolled.contains("▶ Before you dial"))
        _ = press(Array(repeating: .pageDown, count: 40), &model, context)
        #expect(!screen(model, desk, width: 80, height: 24).contains { $0.contains("more ↓") })
        let end = model.scriptScroll
        #expect(end < 100)
        _ = press(Array(repeating: .pageUp, count: (end + 4) / 5), &model, context)
        #expect(model.scriptScroll == 0)
    }

    @Test("a CJK and emoji name wraps inside the script pane: every row keeps its borders in place")
    func wideTextWraps() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        let context = desk.context()
        while model.selectedLead != desk.wang { _ = press([.character("j")], &model, context) }
        _ = press([.character("]")], &model, context)
        let lines = screen(model, desk, width: 100, height: 30)
        let text = lines.joined(separator: "\n")
        #expect(text.contains("Hi 王小明, it's Ann."))
        #expect(text.contains("You were looking at 钢琴课."))
        for line in lines {
            #expect(SafeText.displayWidth(line) <= 100, "row wider than the screen: \(line)")
        }
        // Every row of the script pane (rows 16 to 26 at 100x30) ends in its right border at column 100.
        let paneRows = lines[16...26]
        #expect(paneRows.allSatisfy { $0.hasSuffix("│") && SafeText.displayWidth($0) == 100 }, "\(paneRows)")
        Snapshot.check(lines, named: "script-cjk-100x30")
    }

    @Test("snapshot: the advance step with a branch picked, and the close with its proposal")
    func branchSnapshot() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        _ = press([.character("w")], &model, desk.context())
        Snapshot.check(screen(model, desk), named: "script-branch-120x40")
        _ = press([.character("]")], &model, desk.context())
        let close = screen(model, desk, width: 80, height: 24)
        Snapshot.check(close, named: "script-close-80x24")
        #expect(close.joined().contains("s agreed: next call about a call with"))
    }
}

/// A pane's text with its wrapping undone, for checks that must not depend on where lines break.
enum PaneText {
    /// The rows' text from `column` to the pane's right border, joined with single spaces.
    static func unwrapped(_ lines: [String], fromColumn column: Int) -> String {
        lines.map { String(Array($0).dropFirst(column).dropLast()).trimmingCharacters(in: .whitespaces) }
            .filter { !$0.isEmpty }.joined(separator: " ")
    }
}
