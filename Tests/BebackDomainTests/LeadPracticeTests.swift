import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("The whole practice: decision process, feedback, objection status, the channel of a touch")
struct LeadPracticeTests {
    let now = Fixtures.at("2026-11-23 10:42")

    func deskWithLead() throws -> (DeskHarness, LeadID) {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(name: "Priya Raman"), at: Fixtures.at("2026-11-20 10:00"))
        return (desk, lead)
    }

    @Test("a decision process is trimmed, folded, and shown as the practice names it; an empty one is refused")
    func decisionProcess() throws {
        var (desk, lead) = try deskWithLead()
        #expect(throws: LeadActionError.missing("the decision process: who else decides, their criteria, what they need, or the review time")) {
            try desk.actions.recordDecisionProcess(DecisionProcess(otherDeciders: "  "), on: lead, state: desk.state, at: now, ids: &desk.ids)
        }
        let process = DecisionProcess(otherDeciders: " Tom (husband) ", criteria: "oak finish", informationNeeded: "the written quote", reviewTime: "a week")
        desk.apply([try desk.actions.recordDecisionProcess(process, on: lead, state: desk.state, at: now, ids: &desk.ids)])
        #expect(desk.lead(lead).decisionProcess.otherDeciders == "Tom (husband)")
        #expect(
            LeadPractice.lines(desk.lead(lead), now: now) == [
                "Others who decide: Tom (husband)", "They decide on: oak finish", "What they need to see: the written quote", "Review time: a week"
            ])
        #expect(throws: LeadActionError.self) {
            try LeadActions(rep: "ben").recordDecisionProcess(process, on: lead, state: desk.state, at: now, ids: &desk.ids)
        }
    }

    @Test("the last feedback replaces the one before; an empty one is refused")
    func feedback() throws {
        var (desk, lead) = try deskWithLead()
        #expect(throws: LeadActionError.self) {
            try desk.actions.recordFeedback(Feedback(), on: lead, state: desk.state, at: now, ids: &desk.ids)
        }
        desk.apply([try desk.actions.recordFeedback(Feedback(likes: "the oak"), on: lead, state: desk.state, at: now, ids: &desk.ids)])
        desk.apply([
            try desk.actions.recordFeedback(
                Feedback(likes: "the walnut", comfort: "sure of the layout", priceFit: "a stretch"), on: lead, state: desk.state,
                at: now.addingTimeInterval(60), ids: &desk.ids)
        ])
        #expect(desk.lead(lead).feedback.likes == "the walnut")
        #expect(LeadPractice.lines(desk.lead(lead), now: now).last == "Feedback (Mon 23 Nov): likes the walnut; comfort: sure of the layout; price: a stretch")
    }

    @Test("an objection is found by its place, its id or a prefix; answered needs an answer; the log groups by status")
    func objectionStatus() throws {
        var (desk, lead) = try deskWithLead()
        desk.apply([try desk.actions.logObjection(.price, words: "more than we planned", answer: "", on: lead, state: desk.state, at: now, ids: &desk.ids)])
        desk.apply([try desk.actions.logObjection(.timing, words: "not before spring", answer: "", on: lead, state: desk.state, at: now, ids: &desk.ids)])
        #expect(throws: LeadActionError.missing("the answer we gave (an answered objection says how it was answered)")) {
            try desk.actions.updateObjection("1", on: lead, status: .answered, answer: nil, state: desk.state, at: now, ids: &desk.ids)
        }
        #expect(throws: LeadActionError.self) {
            try desk.actions.updateObjection("3", on: lead, status: .recurring, answer: nil, state: desk.state, at: now, ids: &desk.ids)
        }
        desk.apply([
            try desk.actions.updateObjection("1", on: lead, status: .answered, answer: "spread over 12 months", state: desk.state, at: now, ids: &desk.ids)
        ])
        let second = desk.lead(lead).objections[1].id
        desk.apply([
            try desk.actions.updateObjection(
                String(second.prefix(second.count - 1)), on: lead, status: .recurring, answer: nil, state: desk.state, at: now, ids: &desk.ids)
        ])
        let objections = desk.lead(lead).objections
        #expect(objections.map(\.status) == [.answered, .recurring])
        #expect(objections[0].answer == "spread over 12 months")
        #expect(desk.lead(lead).openObjections.map(\.words) == ["not before spring"])
        let groups = LeadPractice.objectionsByStatus(desk.lead(lead))
        #expect(groups.map(\.status) == ["recurring", "answered"])
        #expect(groups.map { $0.objections.map(\.place) } == [[2], [1]])
        // The same status and answer again changes nothing, so it is refused rather than journaled.
        #expect(throws: LeadActionError.self) {
            try desk.actions.updateObjection("2", on: lead, status: .recurring, answer: nil, state: desk.state, at: now, ids: &desk.ids)
        }
        let facts = ScriptFacts(lead: desk.lead(lead), rep: "ann", now: now)
        #expect(facts.value(.openObjections) == "timing: \"not before spring\" (recurring, no answer yet)")
        #expect(facts.value(.answeredObjections) == "price: \"more than we planned\" (we said: spread over 12 months)")
    }

    @Test("each outcome happens only on channels where it makes sense: no email voicemail, no text busy")
    func channels() throws {
        var (desk, lead) = try deskWithLead()
        #expect(!Disposition.voicemail.happens(on: .email))
        #expect(!Disposition.busy.happens(on: .text))
        #expect(!Disposition.noAnswer.happens(on: .inPerson))
        #expect(Disposition.reached.happens(on: .inPerson))
        for outcome in Disposition.allCases { #expect(outcome.happens(on: .phone)) }
        #expect(throws: LeadActionError.invalid("voicemail does not happen by email (only phone)")) {
            try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail, channel: .email), at: now)
        }
        _ = try desk.record(OutcomeRequest(lead: lead, outcome: .noAnswer, channel: .text), at: now)
        #expect(desk.lead(lead).lastTouch?.touch.channel == .text)
    }

    @Test("the script before you dial names who decides, what they need to see, and the review time")
    func scriptFacts() throws {
        var (desk, lead) = try deskWithLead()
        let process = DecisionProcess(otherDeciders: "Tom", criteria: "warranty", informationNeeded: "the quote in writing", reviewTime: "two weeks")
        desk.apply([try desk.actions.recordDecisionProcess(process, on: lead, state: desk.state, at: now, ids: &desk.ids)])
        let facts = ScriptFacts(lead: desk.lead(lead), rep: "ann", now: now)
        #expect(facts.value(.deciders) == "Tom")
        #expect(facts.value(.needs) == "the quote in writing")
        #expect(facts.value(.criteria) == "warranty")
        #expect(facts.value(.reviewTime) == "two weeks")
    }
}
