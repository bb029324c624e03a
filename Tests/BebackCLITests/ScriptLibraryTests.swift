@testable import BebackCLI
import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Call scripts read from disk: bundled, and a desk's own over them")
struct ScriptLibraryTests {
    let now = Fixtures.at("2026-11-23 10:42", "Europe/London")

    func desk(_ files: [String: Data]) throws -> String {
        let root = Fixtures.temporaryFolder("scripts").appendingPathComponent("desk")
        let scripts = root.appendingPathComponent("scripts")
        try FileManager.default.createDirectory(at: scripts, withIntermediateDirectories: true)
        for (name, data) in files { try data.write(to: scripts.appendingPathComponent(name)) }
        return root.path
    }

    @Test("a desk file of the same name wins; a broken one is set aside with its lines; other files are ignored")
    func overrides() throws {
        let path = try desk([
            "voicemail.script": Data("[prep]\nRing {number}.\n[message]\nHello {first_name}, this is the desk's own.\n".utf8),
            "follow-up.script": Data("[prep]\nWhy: {reasn}.\n".utf8),
            "notes.txt": Data("not a script".utf8),
            "long-term.script": Data([0xFF, 0xFE, 0x00])
        ])
        let library = ScriptLibrary(deskPath: path, bundledFolder: ScriptFixtures.folder)
        let set = library.load()
        #expect(set.origins[.voicemail]?.origin == .desk)
        #expect(set.origins[.voicemail]?.path == "\(path)/scripts/voicemail.script")
        #expect(set.origins[.followUp]?.origin == .bundled)
        #expect(set.origins[.longTermCheckIn]?.origin == .bundled)
        let problems = set.problems.map(\.description)
        #expect(
            Array(problems.prefix(3)) == [
                "\(path)/scripts/long-term.script: is not UTF-8 text",
                "\(path)/scripts/follow-up.script:1: [prep] has no lines to show",
                "\(path)/scripts/follow-up.script:2: unknown placeholder {reasn} (did you mean {reason}?)"
            ])
        #expect(
            problems.dropFirst(3).map { $0.components(separatedBy: " (").first! }
                == [
                    "opening", "question", "advance:not-reviewed", "advance:other-decider", "advance:nothing-moved", "advance:new-objection", "close"
                ].map { "\(path)/scripts/follow-up.script: missing section [\($0)]" })
        #expect(library.ignoredDeskFiles == ["notes.txt"])
        #expect(library.deskHasScripts)
    }

    @Test("without a scripts folder the desk uses the bundled scripts; without bundled scripts every variant is a problem")
    func noFolders() throws {
        let bare = Fixtures.temporaryFolder("scripts").path
        let library = ScriptLibrary(deskPath: bare, bundledFolder: ScriptFixtures.folder)
        #expect(!library.deskHasScripts)
        #expect(library.load().isSound)
        let lost = ScriptLibrary(deskPath: bare, bundledFolder: nil).load()
        #expect(lost.templates.isEmpty)
        #expect(lost.problems.first?.message.hasPrefix("the bundled call scripts were not found") == true)
        #expect(lost.problems.count == 1 + ScriptVariant.allCases.count)
    }

    @Test("every lead of a demo desk gets a script for every variant, filled only from its own history")
    func demoLeads() throws {
        let state = DeskState(replaying: DemoGenerator(leads: 120, seed: 3, now: now).events().values.joined().sorted { $0.at < $1.at })
        let set = ScriptLibrary(deskPath: Fixtures.temporaryFolder("scripts").path, bundledFolder: ScriptFixtures.folder).load()
        let names = Dictionary(grouping: state.leads.values, by: \.profile.name)
        var automatic: Set<ScriptVariant> = []
        for lead in state.leads.values {
            let rep = lead.profile.owner
            automatic.insert(ScriptVariant.forLead(lead))
            for variant in ScriptVariant.allCases {
                let script = try #require(CallScriptBuilder.script(for: lead, rep: rep, now: now, variant: variant, templates: set))
                let text = (script.steps.flatMap(\.lines) + script.moves.flatMap(\.lines)).joined(separator: "\n")
                #expect(!text.contains("{") && !text.contains("}"), "\(lead.id) \(variant): \(text)")
                #expect(text.contains("Hi \(lead.profile.name.split(separator: " ")[0]), it's \(rep.rawValue.capitalized)"))
                // No other lead's name, so nothing leaks from another history.
                for (other, leads) in names where other != lead.profile.name && leads.allSatisfy({ $0.id != lead.id }) {
                    #expect(!text.contains(other), "\(lead.id) \(variant) mentions \(other)")
                }
            }
            let script = try #require(CallScriptBuilder.script(for: lead, rep: rep, now: now, templates: set))
            let prep = script.steps[0].lines.joined(separator: "\n")
            let time = HumanTime(timeZone: lead.profile.contact.timeZone, now: now)
            if let agreement = lead.agreement, script.variant == .followUp {
                #expect(prep.contains("Agreed on \(time.day(agreement.madeAt)): call \(time.dayAndClock(agreement.callbackAt)) about \(agreement.subject)."))
                if !agreement.customerAction.isEmpty { #expect(prep.contains("They were going to \(agreement.customerAction).")) }
            }
            for objection in lead.openObjections where script.variant != .voicemail {
                #expect(prep.contains(objection.words), "\(lead.id) \(script.variant) lacks the objection \(objection.words)")
            }
        }
        #expect(automatic == [.followUp, .firstAfterWalkout, .longTermCheckIn, .satisfaction])
    }
}
