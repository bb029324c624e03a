import BebackDomain
import Testing

@Suite("email and text templates: parsed with the call scripts' line syntax, filled with fallbacks")
struct MessageTemplateTests {
    @Test("an email's Subject: and body fill from facts; ? and else: lines pick; missing facts fall back")
    func fill() throws {
        let text = "# c\nSubject: About {discussed}\n\nHi {first_name},\n? We spoke on {last_spoke}.\nelse: We have not spoken yet.\n{rep}\n? {rep_phone}\n"
        let (template, problems) = MessageTemplateParser.parse(text, fileName: "follow-up.email")
        #expect(problems.isEmpty)
        let parsed = try #require(template)
        let known = parsed.fill(ScriptFacts(known: [.discussed: "oak kitchen", .firstName: "Zoë", .lastSpoke: "Mon 16 Nov"]))
        #expect(known == FilledMessage(subject: "About oak kitchen", body: "Hi Zoë,\nWe spoke on Mon 16 Nov.\nyour rep"))
        let bare = parsed.fill(ScriptFacts(known: [:]).withRepContact(email: nil, phone: "+44 1"))
        #expect(bare == FilledMessage(subject: "About what they are looking for", body: "Hi there,\nWe have not spoken yet.\nyour rep\n+44 1"))
    }

    @Test("problems are reported with their line: no Subject:, unknown placeholder, sections")
    func problems() {
        let (_, missing) = MessageTemplateParser.parse("Hello {first_name}\n", fileName: "referral.email", source: "t/referral.email")
        #expect(missing.map(\.description) == ["t/referral.email:1: an email template starts with a Subject: line"])
        let (_, unknown) = MessageTemplateParser.parse("\n\nHi {frist_name}\n[prep]\n", fileName: "referral.text")
        #expect(
            unknown.map(\.description) == [
                "referral.text:3: unknown placeholder {frist_name} (did you mean {first_name}?)",
                "referral.text:4: a message template has no [sections] or @directives: write the message as it should read"
            ])
        let (_, name) = MessageTemplateParser.parse("Hi\n", fileName: "hello.text")
        #expect(name.count == 1)
    }

    @Test("a desk override with problems is set aside and the bundled one is used")
    func overrides() {
        let bundled = MessagePurpose.allCases.flatMap { purpose in
            [
                ScriptSource(name: "\(purpose.rawValue).email", text: "Subject: S\nBundled {rep}\n", origin: .bundled),
                ScriptSource(name: "\(purpose.rawValue).text", text: "Bundled text\n", origin: .bundled)
            ]
        }
        let set = MessageTemplateSet(
            bundled: bundled,
            overrides: [
                ScriptSource(name: "referral.text", text: "Ours\n", origin: .desk), ScriptSource(name: "follow-up.text", text: "{x}\n", origin: .desk)
            ])
        #expect(set.origins["referral.text"]?.origin == .desk)
        #expect(set.origins["follow-up.text"]?.origin == .bundled)
        #expect(set.problems.count == 1)
        #expect(set.template(.referral, .text)?.fill(ScriptFacts(known: [:])).body == "Ours")
    }
}
