import BebackDomain
import BebackTestSupport
import Testing

@Suite("Bundled call scripts and a desk's own")
struct ScriptTemplateSetTests {
    static let deskVoicemail = """
        [prep]
        Ring {number}.
        [message]
        Hello {first_name}, {rep} from the desk's own script.
        """

    @Test("the bundled set has every variant and no problem")
    func bundled() {
        let set = ScriptFixtures.bundled()
        #expect(set.isSound, "\(set.problems)")
        #expect(Set(set.templates.keys) == Set(ScriptVariant.allCases))
        #expect(set.origins.values.allSatisfy { $0.origin == .bundled })
        #expect(set.notes.isEmpty)
    }

    @Test("a sound desk file of the same name wins over the bundled one")
    func overrideWins() throws {
        let desk = ScriptSource(name: "voicemail.script", path: "DESK/scripts/voicemail.script", text: Self.deskVoicemail, origin: .desk)
        let set = ScriptTemplateSet(bundled: ScriptFixtures.bundledSources(), overrides: [desk])
        #expect(set.isSound)
        #expect(set.origins[.voicemail] == desk)
        #expect(set.origins[.followUp]?.origin == .bundled)
        let (lead, now) = try ScriptJournals.priya()
        let script = try #require(CallScriptBuilder.script(for: lead, rep: "ann", now: now, variant: .voicemail, templates: set))
        #expect(script.steps.map(\.lines) == [["Ring +44 20 7946 0003."], ["Hello Priya, Ann from the desk's own script."]])
    }

    @Test("a desk file with problems is set aside: the bundled one stays, and the problems are kept with the desk path")
    func brokenOverride() {
        let broken = ScriptSource(name: "voicemail.script", path: "DESK/scripts/voicemail.script", text: "[prep]\nRing {numbr}.\n[message]\nHi.", origin: .desk)
        let stray = ScriptSource(name: "voicemale.script", path: "DESK/scripts/voicemale.script", text: "[prep]\nHi.\n[message]\nHi.", origin: .desk)
        let set = ScriptTemplateSet(bundled: ScriptFixtures.bundledSources(), overrides: [broken, stray])
        #expect(set.origins[.voicemail]?.origin == .bundled)
        #expect(
            set.problems.map(\.description) == [
                "DESK/scripts/voicemail.script:1: [prep] has no lines to show",
                "DESK/scripts/voicemail.script:2: unknown placeholder {numbr} (did you mean {number}?)",
                "DESK/scripts/voicemale.script: not a call script Beback uses (the names are follow-up.script, first-after-walkout.script, long-term.script, satisfaction.script, voicemail.script, customer-voicemail.script)"
            ])
        #expect(
            set.notes == [
                "DESK/scripts/voicemail.script: 2 problems (beback scripts check lists them)",
                "DESK/scripts/voicemale.script: 1 problem (beback scripts check lists them)"
            ])
    }

    @Test("a variant with no usable template at all is a problem, and the builder gives no script for it")
    func missingVariant() throws {
        let set = ScriptTemplateSet(bundled: ScriptFixtures.bundledSources().filter { $0.name != "long-term.script" })
        #expect(set.problems.map(\.description) == ["long-term.script: no usable long-term script: neither a bundled one nor a sound desk file"])
        let (lead, now) = try ScriptJournals.mara()
        #expect(CallScriptBuilder.script(for: lead, rep: "ann", now: now, templates: set) == nil)
        #expect(CallScriptBuilder.steps(for: lead, rep: "ann", now: now, variant: .followUp, templates: set).count == 5)
    }
}
