import BebackDomain
import BebackTestSupport
import Testing

@Suite("Filling a template with a lead's facts")
struct ScriptFillerTests {
    static let template = """
        [prep]
        Why: {reason}.
        We last spoke: {last_spoke}.
        ? Agreed on {agreed_on} about {agreed_subject}.
        else: Nothing was agreed.
        [message]
        Hi {first_name}, it's {rep}.
        """

    static let advance = """
        [prep]
        Why: {reason}.
        [opening]
        Hi {first_name}.
        [question]
        How did it go?
        [advance:not-reviewed] Not reviewed
        Walk through it.
        ? @subject {agreed_subject}, together
        [advance:other-decider]
        Call with {deciders}.
        @subject a call with {deciders}
        @they-will ask {deciders}
        [advance:nothing-moved]
        Cost of waiting.
        [advance:new-objection]
        A new reason.
        [close]
        Agree a time.
        ? @subject {discussed}
        ? @subject {agreed_subject}
        """

    func parse(_ text: String, _ name: String) throws -> ScriptTemplate {
        let (template, problems) = ScriptTemplateParser.parse(text, fileName: name)
        #expect(problems.isEmpty, "\(problems)")
        return try #require(template)
    }

    @Test("a missing fact takes its fallback; a ? line needs its facts; else: stands in for it")
    func fallbacksAndConditions() throws {
        let template = try parse(Self.template, "voicemail.script")
        let bare = ScriptFiller.fill(template, facts: ScriptFacts(known: [.rep: "Ann"]))
        #expect(
            bare.steps == [
                ScriptStep(
                    title: "Before you dial", lines: ["Why: see where things stand.", "We last spoke: we have not spoken yet.", "Nothing was agreed."],
                    section: .prep),
                ScriptStep(title: "The message", lines: ["Hi there, it's Ann."], section: .message)
            ])
        let full = ScriptFiller.fill(
            template,
            facts: ScriptFacts(known: [
                .rep: "Ann", .firstName: "Priya", .reason: "the quote", .lastSpoke: "Mon 16 Nov",
                .agreedOn: "Mon 16 Nov", .agreedSubject: "the quote"
            ]))
        #expect(
            full.steps.map(\.lines) == [["Why: the quote.", "We last spoke: Mon 16 Nov.", "Agreed on Mon 16 Nov about the quote."], ["Hi Priya, it's Ann."]])
        // One fact of two is not enough for the ? line.
        let half = ScriptFiller.fill(template, facts: ScriptFacts(known: [.agreedOn: "Mon 16 Nov"]))
        #expect(half.steps[0].lines.last == "Nothing was agreed.")
    }

    @Test("branches become moves; without an [advance] section the advance step is still there, before the close")
    func moves() throws {
        let script = ScriptFiller.fill(try parse(Self.advance, "follow-up.script"), facts: ScriptFacts(known: [.deciders: "Tom", .firstName: "Priya"]))
        #expect(script.steps.map(\.section) == [.prep, .opening, .question, .advance, .close])
        #expect(script.steps[3] == ScriptStep(title: "Advance the sale", lines: [], section: .advance))
        #expect(script.moves.map(\.branch) == AdvanceBranch.allCases)
        #expect(
            script.move(.otherDecider)
                == ScriptMove(
                    branch: .otherDecider, title: "other decider not involved", lines: ["Call with Tom."],
                    subject: "a call with Tom", customerAction: "ask Tom"))
        #expect(script.stepIndex(.advance) == 3)
        #expect(script.stepIndex(.close) == 4)
    }

    @Test("the close proposes the next call; the last @subject shown wins; a picked branch's own proposal replaces it")
    func proposals() throws {
        let template = try parse(Self.advance, "follow-up.script")
        let agreed = ScriptFiller.fill(template, facts: ScriptFacts(known: [.discussed: "oak kitchen", .agreedSubject: "the quote", .number: "+44 1"]))
        #expect(agreed.closing == NextCallProposal(subject: "the quote", customerAction: "", number: "+44 1"))
        #expect(agreed.proposal(after: .notReviewed) == NextCallProposal(subject: "the quote, together", customerAction: "", number: "+44 1"))
        #expect(
            agreed.proposal(after: .otherDecider)
                == NextCallProposal(subject: "a call with nobody else named", customerAction: "ask nobody else named", number: "+44 1"))
        #expect(agreed.proposal(after: .nothingMoved) == agreed.closing)
        let walkIn = ScriptFiller.fill(template, facts: ScriptFacts(known: [.discussed: "oak kitchen"]))
        #expect(walkIn.closing == NextCallProposal(subject: "oak kitchen", customerAction: "", number: ""))
        #expect(walkIn.proposal(after: .notReviewed).subject == "oak kitchen")
        let nothing = ScriptFiller.fill(template, facts: ScriptFacts(known: [:]))
        #expect(nothing.closing == NextCallProposal())
    }
}
