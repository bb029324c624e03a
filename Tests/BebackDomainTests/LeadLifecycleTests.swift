import BebackDomain
import BebackTestSupport
import Foundation
import Testing

/// The defects of issue 17, each as it was reported, and the README's table of how a lead moves.
@Suite("The lead lifecycle: one checked path for every lead")
struct LeadLifecycleTests {
    let london = "Europe/London"

    @Test("the README's 'how a lead moves' table is the lifecycle in the code (BEBACK_RECORD_SNAPSHOTS=1 rewrites it)")
    func readmeTable() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        var text = try String(contentsOf: readme, encoding: .utf8)
        let begin = "<!-- lifecycle (generated from LeadLifecycle; LeadLifecycleTests checks it) -->\n", end = "<!-- /lifecycle -->"
        let start = try #require(text.range(of: begin)), stop = try #require(text.range(of: end, range: start.upperBound..<text.endIndex))
        let table = LeadLifecycle.markdownTable() + "\n"
        if ProcessInfo.processInfo.environment["BEBACK_RECORD_SNAPSHOTS"] == "1" {
            text.replaceSubrange(start.upperBound..<stop.lowerBound, with: table)
            try text.write(to: readme, atomically: true, encoding: .utf8)
        } else {
            #expect(String(text[start.upperBound..<stop.lowerBound]) == table, "README's lifecycle table differs; expected:\n\(table)")
        }
    }

    @Test("a bad number with no other way to reach them plans 'find a working number' the next working day")
    func badNumberKeepsAStep() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(email: nil), at: Fixtures.at("2026-11-26 10:00", london))
        try desk.record(OutcomeRequest(lead: lead, outcome: .badNumber), at: Fixtures.at("2026-11-27 15:00", london))
        let next = try #require(desk.lead(lead).next)
        #expect(next.purpose.hasPrefix("find a working number"))
        #expect(Fixtures.local(next.due, london) == "2026-11-30 15:00 Mon")
    }

    @Test("a callback agreed for a time already passed is refused")
    func pastCallbackRefused() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-23 10:00", london))
        let yesterday = Agreement(callbackAt: Fixtures.at("2026-11-23 11:00", london), subject: "t", madeAt: Fixtures.at("2026-11-24 10:00", london))
        #expect(throws: LeadActionError.self) {
            try desk.record(
                OutcomeRequest(lead: lead, outcome: .reached, details: OutcomeDetails(agreement: yesterday), confirmed: true),
                at: Fixtures.at("2026-11-24 10:00", london))
        }
        #expect(desk.lead(lead).touchCount == 0)
    }

    @Test("idle time counts from when the step was planned when that is after its due time")
    func idleFromPlanning() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-02 10:00", london))
        // A follow-up planned by hand for a time already gone, on Monday 23.
        let late = try #require(FollowUp(due: Fixtures.at("2026-11-03 10:00", london), kind: .manual, purpose: "call"))
        try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail, nextOverride: late), at: Fixtures.at("2026-11-23 10:00", london))
        #expect(IdleStatus.of(desk.lead(lead), at: Fixtures.at("2026-11-24 10:00", london), policy: .standard) == .fresh)
        #expect(IdleStatus.of(desk.lead(lead), at: Fixtures.at("2026-11-27 10:00", london), policy: .standard) != .fresh)
    }

    @Test("after a sale: delivery moves the satisfaction call; a voicemail keeps it; reached plans a customer check-in, never selling")
    func afterTheSale() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-23 10:00", london))
        try desk.record(OutcomeRequest(lead: lead, outcome: .won), at: Fixtures.at("2026-11-24 10:00", london))
        #expect(LeadLifecycle.stage(of: desk.lead(lead)) == .won)
        desk.apply(try desk.actions.deliver(lead, state: desk.state, at: Fixtures.at("2026-12-01 10:00", london), ids: &desk.ids))
        #expect(LeadLifecycle.stage(of: desk.lead(lead)) == .delivered)
        #expect(Fixtures.local(try #require(desk.lead(lead).next).due, london) == "2026-12-08 10:00 Tue")
        try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail), at: Fixtures.at("2026-12-08 10:00", london))
        #expect(desk.lead(lead).next?.kind == .satisfaction)
        #expect(ScriptVariant.forLead(desk.lead(lead)) == .satisfaction)
        try desk.record(OutcomeRequest(lead: lead, outcome: .reached), at: Fixtures.at("2026-12-09 10:00", london))
        let next = try #require(desk.lead(lead).next)
        #expect(next.kind == .customerCheckIn)
        #expect(!next.purpose.contains("agree the next step"))
        #expect(LeadLifecycle.stage(of: desk.lead(lead)) == .customer)
    }

    @Test("an agreement ends once a touch happens at or after its time, and when the lead is won")
    func agreementsExpire() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-23 10:00", london))
        let agreement = Agreement(callbackAt: Fixtures.at("2026-11-26 16:00", london), subject: "the quote", madeAt: Fixtures.at("2026-11-24 10:00", london))
        try desk.record(
            OutcomeRequest(lead: lead, outcome: .reached, details: OutcomeDetails(agreement: agreement)), at: Fixtures.at("2026-11-24 10:00", london))
        try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail), at: Fixtures.at("2026-11-25 10:00", london))
        #expect(desk.lead(lead).agreement == agreement)
        try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail), at: Fixtures.at("2026-11-26 16:05", london))
        #expect(desk.lead(lead).agreement == nil)
        var other = DeskHarness()
        let second = try other.capture(Fixtures.profile(), at: Fixtures.at("2026-11-23 10:00", london))
        try other.record(
            OutcomeRequest(lead: second, outcome: .reached, details: OutcomeDetails(agreement: agreement)), at: Fixtures.at("2026-11-24 10:00", london))
        try other.record(OutcomeRequest(lead: second, outcome: .won), at: Fixtures.at("2026-11-25 10:00", london))
        #expect(other.lead(second).agreement == nil)
    }

    @Test("lost twice is refused; a voicemail on a lost lead is refused until it is reopened with a reason")
    func closingAndReopening() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-23 10:00", london))
        try desk.record(OutcomeRequest(lead: lead, outcome: .lost, details: OutcomeDetails(lostReason: .price)), at: Fixtures.at("2026-11-24 10:00", london))
        #expect(throws: LeadActionError.refused("lead \(lead) is already closed as lost")) {
            try desk.record(
                OutcomeRequest(lead: lead, outcome: .lost, details: OutcomeDetails(lostReason: .price)), at: Fixtures.at("2026-11-24 11:00", london))
        }
        #expect(throws: LeadActionError.self) {
            try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail), at: Fixtures.at("2026-11-24 12:00", london))
        }
        #expect(throws: LeadActionError.missing("the reason to reopen the lead (--reason)")) {
            try desk.actions.reopen(lead, reason: " ", state: desk.state, at: Fixtures.at("2026-11-25 10:00", london), ids: &desk.ids)
        }
        desk.apply(try desk.actions.reopen(lead, reason: "new budget", state: desk.state, at: Fixtures.at("2026-11-25 10:00", london), ids: &desk.ids))
        #expect(LeadLifecycle.stage(of: desk.lead(lead)) == .working)
        #expect(desk.lead(lead).next?.purpose == "reopened: new budget")
        try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail), at: Fixtures.at("2026-11-25 11:00", london))
        #expect(desk.lead(lead).touchCount == 2)
    }

    @Test("'not now' needs a reason")
    func notNowNeedsReason() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-23 10:00", london))
        #expect(throws: LeadActionError.self) {
            try desk.record(OutcomeRequest(lead: lead, outcome: .notNow), at: Fixtures.at("2026-11-24 10:00", london))
        }
    }
}
