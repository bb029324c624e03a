import BebackDomain
import BebackTestSupport
import Testing

@Suite("Reading call script files")
struct ScriptTemplateParserTests {
    static let good = """
        # a small but complete follow-up script
        [prep] Before we ring
        Why: {reason}.
        ? Agreed {agreed_on} about {agreed_subject}.
        else: Nothing agreed.

        [opening]
        Hi {first_name}, braces stay: {{not a fact}}.
        [question]
        How did it go?
        [advance:not-reviewed] Not reviewed
        Walk through it.
        ? @subject {agreed_subject} again
        [advance:other-decider]
        Call with {deciders}.
        [advance:nothing-moved]
        Cost of waiting.
        [advance:new-objection]
        A new reason, not a discount.
        @they-will think about {discussed}
        [close]
        Agree a time.
        @subject {agreed_subject}
        """

    @Test("a sound file: sections in prompter order, titles, conditions, facts and directives")
    func goodFile() throws {
        let (parsed, problems) = ScriptTemplateParser.parse(Self.good, fileName: "follow-up.script")
        #expect(problems.isEmpty)
        let template = try #require(parsed)
        #expect(template.variant == .followUp)
        #expect(
            template.sections.map(\.name) == [
                .prep, .opening, .question, .branch(.notReviewed), .branch(.otherDecider),
                .branch(.nothingMoved), .branch(.newObjection), .close
            ])
        #expect(
            template.sections.map(\.title) == [
                "Before we ring", "Opening", "Ask", "Not reviewed", "other decider not involved",
                "nothing moved", "a new objection", "Agree the next step"
            ])
        let prep = try #require(template.section(.prep))
        #expect(prep.line == 2)
        #expect(prep.lines.map(\.condition) == [.always, .whenKnown, .otherwise])
        #expect(prep.lines.map(\.line) == [3, 4, 5])
        #expect(prep.lines[1].pieces == [.text("Agreed "), .fact(.agreedOn), .text(" about "), .fact(.agreedSubject), .text(".")])
        #expect(template.section(.opening)?.lines.first?.pieces == [.text("Hi "), .fact(.firstName), .text(", braces stay: {not a fact}.")])
        let notReviewed = try #require(template.section(.branch(.notReviewed)))
        #expect(notReviewed.lines.map(\.role) == [.say, .subject])
        #expect(notReviewed.lines[1].condition == .whenKnown)
        #expect(template.section(.branch(.newObjection))?.lines.last?.role == .customerAction)
    }

    @Test("every bundled script is sound")
    func bundled() {
        let sources = ScriptFixtures.bundledSources()
        #expect(
            sources.map(\.name) == [
                "customer-voicemail.script", "first-after-walkout.script", "follow-up.script", "long-term.script", "satisfaction.script", "voicemail.script"
            ])
        for source in sources {
            let (template, problems) = ScriptTemplateParser.parse(source.text, fileName: source.name, source: source.path)
            #expect(problems.isEmpty, "\(problems)")
            #expect(template != nil)
        }
    }

    @Test("a broken file: every problem, with its line, in file order; missing sections last")
    func brokenFile() {
        let text = """
            # broken on purpose
            Hello before any section
            [prep
            [opening] Hi
            Hi {frist_name}, it's {rep}.
            else: an orphan
            [question]
            Ask about {discussed
            [wat]
            [close]
            @subject
            @when tomorrow
            Nice } brace
            [question] again
            ? no placeholder here
            [message]
            [prep] Now
            Hello {}, {zzzzzz}.
            """
        let (template, problems) = ScriptTemplateParser.parse(text, fileName: "follow-up.script", source: "desk/scripts/follow-up.script")
        #expect(template == nil)
        let sections =
            "[prep], [opening], [question], [advance], [advance:not-reviewed], [advance:other-decider], [advance:nothing-moved], [advance:new-objection], [close], [message]"
        let needs =
            "(follow-up.script needs [prep] [opening] [question] [advance:not-reviewed] [advance:other-decider] [advance:nothing-moved] [advance:new-objection] [close])"
        #expect(
            problems.map(\.description) == [
                "desk/scripts/follow-up.script:2: text before the first [section]: start the file with a header such as [prep]",
                "desk/scripts/follow-up.script:3: malformed section header '[prep': missing ]",
                "desk/scripts/follow-up.script:4: [opening] has no lines to show",
                "desk/scripts/follow-up.script:5: unknown placeholder {frist_name} (did you mean {first_name}?)",
                "desk/scripts/follow-up.script:6: else: needs a ? line right above it",
                "desk/scripts/follow-up.script:7: [question] has no lines to show",
                "desk/scripts/follow-up.script:8: { is not closed (write {{ for a literal brace)",
                "desk/scripts/follow-up.script:9: unknown section [wat] (the sections are \(sections))",
                "desk/scripts/follow-up.script:10: [close] has no lines to show",
                "desk/scripts/follow-up.script:11: @subject needs text after it",
                "desk/scripts/follow-up.script:12: unknown directive @when (the directives are @subject and @they-will)",
                "desk/scripts/follow-up.script:13: } without a { before it (write }} for a literal brace)",
                "desk/scripts/follow-up.script:14: [question] appears twice (first on line 7)",
                "desk/scripts/follow-up.script:15: a ? line needs a {placeholder}: without one it would always show",
                "desk/scripts/follow-up.script:16: [message] does not belong in follow-up.script (only in voicemail.script, customer-voicemail.script)",
                "desk/scripts/follow-up.script:17: [prep] has no lines to show",
                "desk/scripts/follow-up.script:18: empty placeholder {}",
                "desk/scripts/follow-up.script:18: unknown placeholder {zzzzzz}",
                "desk/scripts/follow-up.script: missing section [advance:not-reviewed] \(needs)",
                "desk/scripts/follow-up.script: missing section [advance:other-decider] \(needs)",
                "desk/scripts/follow-up.script: missing section [advance:nothing-moved] \(needs)",
                "desk/scripts/follow-up.script: missing section [advance:new-objection] \(needs)"
            ])
    }

    @Test("a directive outside [close] and [advance:…] is refused")
    func directivePlace() {
        let (_, problems) = ScriptTemplateParser.parse("[prep]\nWhy: {reason}.\n@subject the quote\n[message]\nHi.", fileName: "voicemail.script")
        #expect(problems.map(\.description) == ["voicemail.script:3: @subject belongs in [close] or an [advance:…] section, not [prep]"])
    }

    @Test("a file whose name is not a variant is refused, its syntax still checked")
    func unknownName() {
        let (template, problems) = ScriptTemplateParser.parse("[prep]\nHi {nmae}.", fileName: "followup.script")
        #expect(template == nil)
        #expect(
            problems.map(\.description) == [
                "followup.script: not a call script Beback uses (the names are follow-up.script, first-after-walkout.script, long-term.script, satisfaction.script, voicemail.script, customer-voicemail.script)",
                "followup.script:1: [prep] has no lines to show",
                "followup.script:2: unknown placeholder {nmae} (did you mean {name}?)"
            ])
    }

    @Test("Windows line endings and indentation do not matter")
    func lineEndings() throws {
        let text = "[prep]\r\n   Why: {reason}.\r\n[message]\r\n\tHi {first_name}.\r\n"
        let (template, problems) = ScriptTemplateParser.parse(text, fileName: "voicemail.script")
        #expect(problems.isEmpty)
        #expect(try #require(template).section(.message)?.lines.first?.pieces == [.text("Hi "), .fact(.firstName), .text(".")])
    }
}
