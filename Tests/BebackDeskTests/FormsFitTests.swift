@testable import BebackDesk
import BebackDomain
import BebackCells
import BebackText
import BebackTestSupport
import Foundation
import Testing

/// Forms, help, the key bar and the status line at every size the desk supports (60x15, 80x24,
/// 100x30): nothing the rep needs is cut off or out of reach.
@Suite("Forms and help fit the screen")
struct FormsFitTests {
    static let sizes = [(60, 15), (80, 24), (100, 30)]

    func press(_ keys: [Key], _ model: inout DeskModel, _ context: DeskContext) -> [DeskEffect] {
        var effects: [DeskEffect] = []
        for key in keys { effects += model.update(.key(key), context: context) }
        return effects
    }

    func type(_ text: String) -> [Key] { text.map { Key.character($0) } }

    func screen(_ model: DeskModel, _ context: DeskContext, width: Int, height: Int) -> DeskFrame {
        DeskRenderer.render(model, context: context, width: width, height: height)
    }

    /// The screen's text with box drawing and runs of spaces gone, to find wrapped text in.
    func flattened(_ lines: [String]) -> String {
        let text = lines.map { line in
            String(line.map { character in character.unicodeScalars.allSatisfy { (0x2500...0x257F).contains($0.value) } ? " " : character })
        }.joined(separator: " ")
        return text.split(separator: " ", omittingEmptySubsequences: true).joined(separator: " ")
    }

    /// A form alone, drawn on an empty screen (the panes under it cannot come between its wrapped lines).
    func formAlone(_ model: DeskModel, width: Int, height: Int) -> [String] {
        guard case .form(let form) = model.mode else { return [] }
        var buffer = CellBuffer(width: width, height: height)
        _ = FormOverlay.draw(form, into: &buffer, width: width, height: height)
        return buffer.lines()
    }

    /// Every form the desk builds, for the fixture's first lead.
    func everyForm(_ desk: DeskFixtures.Desk) throws -> [DeskForm] {
        let context = desk.context()
        let lead = try #require(context.state.leads[desk.priya])
        return Disposition.allCases.map { DeskFormFactory.outcome($0, lead: lead, context: context) } + [
            DeskFormFactory.note(lead), DeskFormFactory.objection(lead), DeskFormFactory.agreement(lead, context: context),
            DeskFormFactory.reopen(lead), DeskFormFactory.contact(lead), DeskFormFactory.capture(context: context)
        ]
    }

    // MARK: Text fields

    @Test("a text longer than its field scrolls sideways with the cursor: End shows the end, Home the start")
    func lineEditorWindow() {
        var editor = LineEditor(String(repeating: "abcdefghij", count: 5) + "END")
        var window = editor.window(width: 20)
        #expect(window.text.hasPrefix("…") && window.text.hasSuffix("END"), "\(window.text)")
        #expect(SafeText.displayWidth(window.text) <= 20)
        #expect(window.cursor == 19 || window.cursor == 18, "the cursor sits after the end, in the field")
        editor.handle(.home)
        window = editor.window(width: 20)
        #expect(window.text.hasPrefix("abcdefghij") && window.text.hasSuffix("…"), "\(window.text)")
        #expect(window.cursor == 0)
        editor.handle(.end)
        #expect(editor.window(width: 20).text.hasSuffix("END"))
        let short = LineEditor("short")
        #expect(short.window(width: 20) == ("short", 5))
    }

    @Test("wide characters scroll by whole characters and the window never passes the field's width")
    func lineEditorWide() {
        var editor = LineEditor(String(repeating: "王小明", count: 10))
        for width in 5...25 {
            let window = editor.window(width: width)
            #expect(SafeText.displayWidth(window.text) <= width, "width \(width): \(window.text)")
            #expect(window.cursor < width)
        }
        editor.handle(.home)
        for _ in 0..<12 { editor.handle(.right) }
        let window = editor.window(width: 12)
        #expect(window.cursor < 12 && window.text.hasPrefix("…"))
    }

    @Test("a long note typed into the form shows its end where the cursor is, at every size", arguments: sizes)
    func longNote(width: Int, height: Int) throws {
        let desk = try DeskFixtures.desk()
        let context = desk.context()
        var model = desk.model()
        let note = "the customer wants the oak kitchen with a granite top, delivery before Christmas, and a call back from Tom ZZEND"
        _ = press([.character("n")] + type(note), &model, context)
        var frame = screen(model, context, width: width, height: height)
        var text = frame.buffer.lines().joined(separator: "\n")
        #expect(text.contains("ZZEND"), "the end of what was typed is in view")
        #expect(!text.contains("the customer wants"), "the start has scrolled out of the field")
        let cursor = try #require(frame.cursor)
        #expect(cursor.x < width - 2)
        #expect(frame.buffer.lines()[cursor.y].contains("ZZEND"))
        _ = press([.home], &model, context)
        frame = screen(model, context, width: width, height: height)
        text = frame.buffer.lines().joined(separator: "\n")
        #expect(text.contains("the customer wants") && !text.contains("ZZEND"))
        Snapshot.check(frame.buffer.lines(), named: "form-long-note-home-\(width)x\(height)")
        _ = press([.end], &model, context)
        #expect(screen(model, context, width: width, height: height).buffer.lines().joined().contains("ZZEND"))
        let effects = press([.enter], &model, context)
        #expect(effects == [.append([.noted(note)], lead: desk.priya, summary: "note")], "the whole note is saved")
    }

    @Test("the filter being typed scrolls sideways too: its end and the cursor stay in view", arguments: sizes)
    func longFilter(width: Int, height: Int) throws {
        let desk = try DeskFixtures.desk()
        let context = desk.context()
        var model = desk.model()
        _ = press([.character("/")] + type(String(repeating: "x", count: 120) + "END"), &model, context)
        let frame = screen(model, context, width: width, height: height)
        #expect(frame.buffer.lines()[0].hasSuffix("END"), "\(frame.buffer.lines()[0])")
        let cursor = try #require(frame.cursor)
        #expect(cursor.y == 0 && cursor.x < width)
    }

    // MARK: Focus

    @Test("every form opens on its first empty required field (else where the rep types first)")
    func firstEmptyRequired() throws {
        let desk = try DeskFixtures.desk()
        for form in try everyForm(desk) {
            let focused = form.fields[form.focus]
            if let empty = form.fields.first(where: { $0.required && $0.value.isEmpty }) {
                #expect(focused.name == empty.name, "\(form.title): opens on \(focused.name), not \(empty.name)")
            } else {
                #expect(!focused.required || !focused.value.isEmpty, "\(form.title)")
            }
        }
        let lead = try #require(desk.context().state.leads[desk.priya])
        #expect(DeskFormFactory.objection(lead).fields[DeskFormFactory.objection(lead).focus].name == .words)
        #expect(DeskFormFactory.outcome(.notNow, lead: lead, context: desk.context()).fields.first?.name == .reason)
        let capture = DeskFormFactory.capture(context: desk.context())
        #expect(capture.fields[capture.focus].name == .name)
        let voicemail = DeskFormFactory.outcome(.voicemail, lead: lead, context: desk.context())
        #expect(voicemail.fields[voicemail.focus].name == .note, "nothing required is empty: the note comes first, as before")
    }

    // MARK: Choices

    @Test("no choice field of any form gives two options the same key, and each key picks its own option")
    func choiceKeys() throws {
        let desk = try DeskFixtures.desk()
        var checked = 0
        for var form in try everyForm(desk) {
            for (index, field) in form.fields.enumerated() {
                guard case .choice(let options, _) = field.kind else { continue }
                checked += 1
                let keys = options.map(\.key)
                #expect(Set(keys).count == keys.count, "\(form.title) · \(field.label): keys \(keys)")
                form.focus = index
                for (optionIndex, option) in options.enumerated() {
                    let used = form.edit(.character(option.key))
                    #expect(used)
                    guard case .choice(_, let selected) = form.fields[index].kind else { continue }
                    #expect(selected == optionIndex, "\(form.title) · \(field.label): \(option.key) picks \(option.label)")
                }
            }
        }
        #expect(checked >= 5, "lost reason, objection category, contact best time, capture source, best time and channel")
        let best = ChoiceOption.keyed(BestTime.allCases.map { ($0.rawValue, $0.rawValue) })
        #expect(best.map(\.key) == ["a", "m", "f", "e"])
    }

    @Test("a choice wider than its field shows the picked option, with … where more lie", arguments: sizes)
    func wideChoice(width: Int, height: Int) throws {
        let desk = try DeskFixtures.desk()
        let context = desk.context()
        var model = desk.model()
        _ = press([.character("c")], &model, context)
        guard case .form(var form) = model.mode else { Issue.record("no form"); return }
        form.focus(on: .source)
        _ = form.edit(.character("t"))  // "other", the last source
        model.mode = .form(form)
        let lines = screen(model, context, width: width, height: height).buffer.lines()
        let row = try #require(lines.first { $0.contains("Source") })
        #expect(row.contains("t other"), "\(row)")
        if width < 100 { #expect(row.contains("…")) }
    }

    // MARK: Confirmation

    @Test("closing as lost with few touches asks the whole question, y included, at every size", arguments: sizes)
    func lostConfirmation(width: Int, height: Int) throws {
        let desk = try DeskFixtures.desk()
        let context = desk.context()
        var model = desk.model()
        let lead = try #require(context.state.leads[desk.priya])
        model.mode = .form(DeskFormFactory.outcome(.lost, lead: lead, context: context))
        #expect(press([.enter], &model, context).isEmpty)
        guard case .form(let form) = model.mode, let question = form.confirmation else {
            Issue.record("no confirmation")
            return
        }
        #expect(question.hasSuffix("Close anyway? y = close anyway, any other key = back to the form"))
        let frame = screen(model, context, width: width, height: height)
        Snapshot.check(frame.buffer.lines(), named: "form-lost-confirm-\(width)x\(height)")
        #expect(flattened(formAlone(model, width: width, height: height)).contains(question), "the question is whole on screen")
        let effects = press([.character("y")], &model, context)
        #expect(effects.count == 1, "y closes anyway")
    }

    // MARK: Help

    @Test("help scrolls to its last key at every size, says there is more, and every binding is reachable", arguments: sizes)
    func helpScrolls(width: Int, height: Int) throws {
        let desk = try DeskFixtures.desk()
        let context = desk.context()
        var model = desk.model()
        (model.screenWidth, model.screenHeight) = (width, height)
        _ = press([.character("?")], &model, context)
        let page = HelpOverlay.deskPage(width: width, height: height)
        var seen = flattened(screen(model, context, width: width, height: height).buffer.lines())
        if page.maxScroll > 0 { #expect(seen.contains("↓ more")) }
        var scrolls = 0
        while model.helpScroll < page.maxScroll, scrolls < 200 {
            _ = press([.character("j")], &model, context)
            seen += " " + flattened(screen(model, context, width: width, height: height).buffer.lines())
            scrolls += 1
        }
        #expect(model.mode == .help, "j scrolls, it does not close help")
        for binding in KeyBindings.all {
            #expect(seen.contains(binding.help), "\(width)x\(height): help never shows \(binding.help)")
        }
        let end = screen(model, context, width: width, height: height).buffer.lines()
        #expect(flattened(end).contains("any other key closes"), "the last line is in view")
        #expect(!flattened(end).contains("↓ more"))
        Snapshot.check(end, named: "help-end-\(width)x\(height)")
        // Home and End, PgUp and PgDn reach the ends; another key closes.
        _ = press([.home], &model, context)
        #expect(model.helpScroll == 0)
        _ = press([.end], &model, context)
        #expect(model.helpScroll == page.maxScroll)
        _ = press([.pageUp], &model, context)
        #expect(model.helpScroll == max(0, page.maxScroll - max(1, page.rows - 1)))
        _ = press([.pageDown, .pageDown, .pageDown, .pageDown, .pageDown], &model, context)
        #expect(model.helpScroll == page.maxScroll)
        _ = press([.escape], &model, context)
        #expect(model.mode == .normal)
    }

    @Test("the manager's help scrolls the same way", arguments: sizes)
    func managerHelp(width: Int, height: Int) throws {
        let team = try ManagerFixtures.team()
        var model = team.model()
        (model.screenWidth, model.screenHeight) = (width, height)
        _ = model.update(.key(.character("?")), context: team.context())
        let page = ManagerRenderer.helpPage(width: width, height: height)
        var seen = ""
        for _ in 0...page.maxScroll {
            seen += " " + flattened(ManagerRenderer.render(model, context: team.context(), width: width, height: height).buffer.lines())
            _ = model.update(.key(.down), context: team.context())
        }
        #expect(model.showingHelp)
        for binding in ManagerKeyBindings.all { #expect(seen.contains(binding.help), "\(width)x\(height): \(binding.help)") }
        _ = model.update(.key(.character("x")), context: team.context())
        #expect(!model.showingHelp)
    }

    // MARK: Key bar and status line

    @Test("at 80 columns the key bar keeps the outcomes in order and says ? more when it cuts")
    func keyBar() {
        func bar(_ width: Int) -> String {
            var buffer = CellBuffer(width: width, height: 1)
            KeyBar.draw(row: 0, focus: .due, into: &buffer, width: width)
            return buffer.lines()[0]
        }
        let narrow = bar(80)
        #expect(narrow.hasPrefix(" 1 reached  2 voicemail  3 no answer"), "\(narrow)")
        #expect(narrow.hasSuffix("? more  q quit"), "\(narrow)")
        let digits = narrow.split(separator: " ").compactMap { $0.count == 1 ? $0.first?.wholeNumberValue : nil }
        #expect(digits == Array(1...digits.count), "outcomes in their order, none skipped: \(digits)")
        let wide = bar(300)
        #expect(wide.hasSuffix("? help  q quit"), "nothing cut: \(wide)")
    }

    @Test("the status line is never cut mid-word: it wraps onto the row above or ends at a word", arguments: sizes)
    func statusLine(width: Int, height: Int) throws {
        let desk = try DeskFixtures.desk()
        let context = desk.context()
        var model = desk.model()
        let message =
            "NOT saved: the journal could not be synced to disk (No space left on device); what you typed is kept in the form, free some space and press Enter again, or Esc to cancel the whole thing"
        model.setStatus(message, error: true)
        let lines = screen(model, context, width: width, height: height).buffer.lines()
        let shown = lines[(height - 2)...].map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
        let words = Set(message.split(separator: " ").map(String.init))
        for word in shown.split(separator: " ").map(String.init) where word != "·" {
            let bare = word.hasSuffix("…") ? String(word.dropLast()) : word
            #expect(words.contains(bare) || bare.isEmpty, "\(width)x\(height): '\(word)' is a cut word in \(shown)")
        }
        #expect(shown.hasPrefix("NOT saved: the journal"))
        Snapshot.check(lines, named: "status-long-\(width)x\(height)")
        // A question the rep must answer is whole at every width the desk runs at.
        model.setStatus("Priya Raman is outside calling hours (their time 21:24). Dial anyway? y = dial, Esc = no", error: true)
        let question = screen(model, context, width: width, height: height).buffer.lines()[(height - 2)...].joined(separator: " ")
        #expect(flattened([question]).contains("Dial anyway? y = dial, Esc = no"))
    }

    // MARK: Capture

    @Test("the walkout form: the desk's time zone, source, company, best time and channel, all saved")
    func captureFields() throws {
        let desk = try DeskFixtures.desk()
        var context = desk.context()
        context.timeZone = TimeZone(identifier: "America/Chicago")!
        var model = desk.model()
        _ = press([.character("c")], &model, context)
        guard case .form(let form) = model.mode else { Issue.record("no form"); return }
        #expect(form.value(.timeZone) == "America/Chicago")
        for name: FormField.Name in [.name, .company, .phone, .email, .source, .wants, .holdingBack, .bestTime, .channel, .timeZone] {
            #expect(form.has(name), "\(name)")
        }
        #expect(form.value(.source) == LeadSource.walkIn.rawValue)
        let keys: [Key] =
            type("Dana Cole") + [.tab] + type("Cole Bakery") + [.tab] + type("+1 312 555 0199") + [.tab, .tab] + [.character("r")] + [.tab]
            + type("a wedding cake") + [.tab, .tab, .character("e"), .tab, .character("t"), .enter]
        let effects = press(keys, &model, context)
        guard case .capture(let profile, let wants, _) = try #require(effects.first) else {
            Issue.record("not captured: \(model.mode)")
            return
        }
        #expect(profile.company == "Cole Bakery")
        #expect(profile.source == .referral)
        #expect(profile.contact.bestTime == .evening)
        #expect(profile.contact.preferredChannel == .text)
        #expect(profile.contact.timeZoneID == "America/Chicago")
        #expect(wants == "a wedding cake")
    }

    @Test("the walkout form warns of a phone or email already on the desk, and saves anyway", arguments: sizes)
    func captureDuplicate(width: Int, height: Int) throws {
        let desk = try DeskFixtures.desk()
        let context = desk.context()
        var model = desk.model()
        _ = press([.character("c")] + type("Priya Again") + [.tab, .tab] + type("020 7946 0003") + [.tab], &model, context)
        guard case .form(let form) = model.mode else { Issue.record("no form"); return }
        let warning = try #require(form.warning)
        #expect(warning.contains("020 7946 0003 is already on the desk"), "\(warning)")
        let lines = screen(model, context, width: width, height: height).buffer.lines()
        #expect(flattened(formAlone(model, width: width, height: height)).contains(SafeText.sanitize(warning)), "the warning is whole on screen")
        Snapshot.check(lines, named: "capture-duplicate-\(width)x\(height)")
        let effects = press([.enter], &model, context)
        #expect(effects.count == 1, "a number already on the desk does not stop the save")
    }

    @Test("the walkout form warns of a number on the do-not-contact list as soon as it is typed")
    func captureDoNotContact() throws {
        var desk = try DeskFixtures.desk()
        let old = try desk.harness.capture(
            Fixtures.profile(name: "Old Tenant", email: "tenant@example.com", phones: ["020 7946 0777"]),
            at: Fixtures.at("2026-11-01 10:00", DeskFixtures.zone))
        try desk.harness.record(OutcomeRequest(lead: old, outcome: .doNotContact), at: Fixtures.at("2026-11-02 10:00", DeskFixtures.zone))
        let context = desk.context()
        var model = desk.model()
        _ = press([.character("c")] + type("New Person") + [.tab, .tab] + type("+44 20 7946 0777") + [.tab], &model, context)
        guard case .form(let form) = model.mode else { Issue.record("no form"); return }
        #expect(form.warning?.contains("+44 20 7946 0777 is on the do-not-contact list (lead \(old), Old Tenant)") == true, "\(form.warning ?? "")")
    }
}
