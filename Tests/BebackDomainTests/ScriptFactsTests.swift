import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("The facts a script is filled from")
struct ScriptFactsTests {
    @Test("a lead with history: each fact from its own journal")
    func fromJournal() throws {
        let (lead, now) = try ScriptJournals.priya()
        let facts = ScriptFacts(lead: lead, rep: "ann", now: now)
        #expect(
            facts.known == [
                .rep: "Ann", .name: "Priya Raman", .firstName: "Priya", .reason: "the quote",
                .lastSpoke: "Mon 16 Nov", .lastSpokeRelative: "7 days ago", .discussed: "oak kitchen", .lastNote: "wants oak, quote sent",
                .holdingBack: "price", .agreedOn: "Mon 16 Nov", .agreedTime: "Mon 23 Nov 15:00", .agreedSubject: "the quote",
                .customerAction: "review it with Tom", .openObjections: "price: \"more than we planned\" (no answer yet)",
                .deciders: "Tom (husband)", .feedback: "likes the oak finish; price: a stretch", .localTime: "Mon 10:42",
                .goodTime: "inside calling hours, but they prefer the afternoon (12:00–17:00)", .number: "+44 20 7946 0003",
                .nextTry: "Tue 24 Nov 12:00", .touches: "2"
            ])
    }

    @Test("a lead we never spoke with: the facts are missing and the fallbacks say so")
    func fallbacks() throws {
        let (lead, now) = try ScriptJournals.sam()
        let facts = ScriptFacts(lead: lead, rep: "ann", now: now)
        #expect(!facts.has(.lastSpoke))
        #expect(facts.value(.lastSpoke) == "we have not spoken yet")
        #expect(facts.value(.lastSpokeRelative) == "not yet")
        #expect(facts.value(.discussed) == "what they are looking for")
        #expect(facts.value(.agreedSubject) == "the next step")
        #expect(facts.value(.openObjections) == "none recorded")
        #expect(facts.value(.deciders) == "nobody else named")
        #expect(facts.value(.delivered) == "recently")
        for placeholder in ScriptPlaceholder.allCases {
            #expect(!facts.value(placeholder).isEmpty, "\(placeholder) has no fallback")
        }
    }

    @Test("a walk-in's visit counts as the last conversation until we speak on the phone")
    func visitCounts() throws {
        let (lead, now) = try ScriptJournals.kenji()
        let facts = ScriptFacts(lead: lead, rep: "ann", now: now)
        #expect(facts.known[.lastSpoke] == "Sun 22 Nov")
        #expect(facts.known[.lastSpokeRelative] == "yesterday")
    }

    @Test("good time: outside calling hours, inside their preference, or no preference")
    func goodTime() throws {
        let (lead, _) = try ScriptJournals.priya()
        func good(_ text: String) -> String? { ScriptFacts(lead: lead, rep: "ann", now: ScriptJournals.at(text)).known[.goodTime] }
        #expect(good("2026-11-23 14:00") == "a good time (they prefer the afternoon)")
        #expect(good("2026-11-23 21:30") == "outside their calling hours (09:00–20:00 on working days): better later")
        #expect(good("2026-11-22 14:00") == "outside their calling hours (09:00–20:00 on working days): better later")
        let (mara, now) = try ScriptJournals.mara()
        #expect(ScriptFacts(lead: mara, rep: "ann", now: now).known[.goodTime] == "inside their calling hours; they named no preferred time")
    }

    @Test("a long-term check-in's reason is the reason given at not-now; an answered objection is not open")
    func reasonAndObjections() throws {
        let (mara, now) = try ScriptJournals.mara()
        #expect(ScriptFacts(lead: mara, rep: "ann", now: now).known[.reason] == "the spring range arrives")
        var (priya, later) = try ScriptJournals.priya()
        priya.objections[0].answer = "we can spread the cost"
        #expect(ScriptFacts(lead: priya, rep: "ann", now: later).known[.openObjections] == "price: \"more than we planned\" (we said: we can spread the cost)")
        priya.objections[0].status = .answered
        #expect(ScriptFacts(lead: priya, rep: "ann", now: later).known[.openObjections] == nil)
    }
}
