import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Cadence rules of practice.md, with a fixed clock")
struct CadenceEngineTests {
    let london = "Europe/London"

    // MARK: Rule 1
    @Test("rule 1: a walkout captured Monday morning is due the next morning, within 24 hours")
    func firstFollowUpNextMorning() throws {
        var desk = DeskHarness()
        let capturedAt = Fixtures.at("2026-11-23 10:00", london)
        let lead = try desk.capture(Fixtures.profile(), at: capturedAt)
        let next = try #require(desk.lead(lead).next)
        #expect(next.kind == .first)
        #expect(Fixtures.local(next.due, london) == "2026-11-24 10:00 Tue")
        #expect(next.due.timeIntervalSince(capturedAt) <= 24 * 3600)
        #expect(next.purpose.contains("oak kitchen"))
    }

    @Test("rule 1: a late-evening walkout is called before the 24 hours run out, inside calling hours")
    func firstFollowUpEvening() throws {
        var desk = DeskHarness()
        let capturedAt = Fixtures.at("2026-11-23 21:00", london)
        let lead = try desk.capture(Fixtures.profile(), at: capturedAt)
        let due = try #require(desk.lead(lead).next).due
        #expect(Fixtures.local(due, london) == "2026-11-24 19:59 Tue")
        #expect(due.timeIntervalSince(capturedAt) <= 24 * 3600)
    }

    @Test("rule 1: a Saturday walkout with no working hours left in 24 hours is due at Monday's opening")
    func firstFollowUpWeekend() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-28 11:00", london))
        #expect(Fixtures.local(try #require(desk.lead(lead).next).due, london) == "2026-11-30 09:00 Mon")
    }

    // MARK: Rule 2
    @Test("rule 2: after a voicemail the lead is due the next working day, to make sure the message arrived")
    func voicemailNextWorkingDay() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-26 10:00", london))
        try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail), at: Fixtures.at("2026-11-27 15:00", london))
        let next = try #require(desk.lead(lead).next)
        #expect(Fixtures.local(next.due, london) == "2026-11-30 15:00 Mon")
        #expect(next.kind == .retry)
        #expect(next.purpose == "make sure the voicemail reached them")
    }

    @Test("rule 2 across a DST change: Friday 15:00 New York stays 15:00 local on Monday after clocks go back")
    func voicemailAcrossDST() throws {
        let zone = "America/New_York"
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(zone: zone), at: Fixtures.at("2026-10-29 10:00", zone))
        let calledAt = Fixtures.at("2026-10-30 15:00", zone)
        try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail), at: calledAt)
        let due = try #require(desk.lead(lead).next).due
        #expect(Fixtures.local(due, zone) == "2026-11-02 15:00 Mon")
        #expect(due.timeIntervalSince(calledAt) == 73 * 3600)
    }

    @Test("rule 2 with a stated preference: a morning voicemail to an afternoon person is retried next working afternoon")
    func voicemailRespectsBestTime() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(bestTime: .afternoon), at: Fixtures.at("2026-11-23 09:00", london))
        try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail), at: Fixtures.at("2026-11-24 09:30", london))
        #expect(Fixtures.local(try #require(desk.lead(lead).next).due, london) == "2026-11-25 12:00 Wed")
    }

    // MARK: Rule 3
    @Test("rule 3: attempts without contact are spaced 2, 3, 5, 7 then 7 days, on working days")
    func growingSpacing() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(email: nil, cycleDays: 365), at: Fixtures.at("2026-11-02 10:00", london))
        var at = Fixtures.at("2026-11-03 10:00", london)
        var gaps: [Int] = []
        for _ in 0..<5 {
            try desk.record(OutcomeRequest(lead: lead, outcome: .noAnswer), at: at)
            let due = try #require(desk.lead(lead).next).due
            let window = CallingWindow(policy: .standard, timeZone: TimeZone(identifier: london)!)
            #expect(window.isCallable(due))
            gaps.append(Int((due.timeIntervalSince(at) / 86_400).rounded(.down)))
            at = due
        }
        // Raw gaps 2, 3, 5, 7, 7; a gap landing on a weekend moves to Monday.
        let expected = [2, 3, 5, 7, 7]
        for (gap, minimum) in zip(gaps, expected) {
            #expect(gap >= minimum && gap <= minimum + 2, "gap \(gap) for \(minimum)")
        }
        #expect(desk.lead(lead).attemptsWithoutContact == 5)
    }

    // MARK: Rule 4
    @Test("rule 4: an agreed callback is due at exactly the agreed time, in the lead's zone, with its subject")
    func agreedCallbackExact() throws {
        let zone = "America/New_York"
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(zone: zone), at: Fixtures.at("2026-11-23 10:00", zone))
        let callback = Fixtures.at("2026-11-27 15:00", zone)
        let agreement = Agreement(
            callbackAt: callback, number: "+1 212 555 0100", subject: "go through the quote",
            customerAction: "review it with Tom", madeAt: Fixtures.at("2026-11-24 11:00", zone))
        let plan = try desk.record(
            OutcomeRequest(lead: lead, outcome: .reached, details: OutcomeDetails(agreement: agreement)),
            at: Fixtures.at("2026-11-24 11:00", zone))
        let next = try #require(desk.lead(lead).next)
        #expect(next.due == callback)
        #expect(next.kind == .agreedCallback)
        #expect(next.purpose == "go through the quote")
        #expect(plan.warnings.isEmpty)
        #expect(desk.lead(lead).agreement?.customerAction == "review it with Tom")
    }

    @Test("rule 4: an agreed time outside calling hours needs confirming (showing their time), then is kept")
    func agreedCallbackOutsideHours() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-23 10:00", london))
        let sundayNight = Fixtures.at("2026-11-29 22:00", london)
        let zone = TimeZone(identifier: london)!
        let agreement = Agreement(callbackAt: sundayNight, subject: "final numbers", madeAt: Fixtures.at("2026-11-24 10:00", london))
        let request = OutcomeRequest(lead: lead, outcome: .reached, details: OutcomeDetails(agreement: agreement))
        #expect(throws: LeadActionError.needsConfirmation([.outsideCallingHours(sundayNight, zone)])) {
            try desk.record(request, at: Fixtures.at("2026-11-24 10:00", london))
        }
        #expect(CadenceWarning.outsideCallingHours(sundayNight, zone).description.contains("22:00 their time"))
        var confirmed = request
        confirmed.confirmed = true
        let plan = try desk.record(confirmed, at: Fixtures.at("2026-11-24 10:00", london))
        #expect(desk.lead(lead).next?.due == sundayNight)
        #expect(plan.warnings == [.outsideCallingHours(sundayNight, zone)])
    }

    // MARK: Rule 5
    @Test("rule 5: closing as lost for silence under seven touches needs confirmation; touches are counted")
    func lostTooEarly() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-02 10:00", london))
        try desk.record(OutcomeRequest(lead: lead, outcome: .noAnswer), at: Fixtures.at("2026-11-03 10:00", london))
        try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail), at: Fixtures.at("2026-11-05 10:00", london))
        let request = OutcomeRequest(lead: lead, outcome: .lost, details: OutcomeDetails(lostReason: .silence))
        #expect(throws: LeadActionError.needsConfirmation([.lostTooEarly(touches: 3, minimum: 7)])) {
            try desk.record(request, at: Fixtures.at("2026-11-09 10:00", london))
        }
        #expect(desk.lead(lead).touchCount == 2)
        var confirmed = request
        confirmed.confirmed = true
        try desk.record(confirmed, at: Fixtures.at("2026-11-09 10:00", london))
        #expect(desk.lead(lead).stage == .lost)
        #expect(desk.lead(lead).next == nil)
        #expect(desk.lead(lead).touchCount == 3)
    }

    @Test("rule 5: lost to a competitor, or for silence after seven touches, needs no confirmation")
    func lostWithoutWarning() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-02 10:00", london))
        let plan = try desk.record(
            OutcomeRequest(lead: lead, outcome: .lost, details: OutcomeDetails(lostReason: .competitor)),
            at: Fixtures.at("2026-11-03 10:00", london))
        #expect(plan.warnings.isEmpty)
        #expect(desk.lead(lead).touches.last?.touch.lostReason == .competitor)

        var other = DeskHarness()
        let quiet = try other.capture(Fixtures.profile(), at: Fixtures.at("2026-10-01 10:00", london))
        var at = Fixtures.at("2026-10-02 10:00", london)
        for _ in 0..<6 {
            try other.record(OutcomeRequest(lead: quiet, outcome: .noAnswer), at: at)
            at = try #require(other.lead(quiet).next).due
        }
        let closing = try other.record(OutcomeRequest(lead: quiet, outcome: .lost, details: OutcomeDetails(lostReason: .silence)), at: at)
        #expect(closing.warnings.isEmpty)
        #expect(other.lead(quiet).touchCount == 7)
    }

    // MARK: Rule 6
    @Test("rule 6: not now moves the lead to a long-term check-in 90 days out, with the reason for calling")
    func notNowLongTerm() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-23 10:00", london))
        try desk.record(
            OutcomeRequest(lead: lead, outcome: .notNow, details: OutcomeDetails(checkInReason: "the spring range arrives")),
            at: Fixtures.at("2026-11-24 10:00", london))
        let next = try #require(desk.lead(lead).next)
        #expect(next.kind == .longTerm)
        #expect(Fixtures.local(next.due, london) == "2027-02-22 10:00 Mon")
        #expect(next.purpose == "long-term check-in: the spring range arrives")
        #expect(desk.lead(lead).stage == .longTerm)
    }

    // MARK: Rule 7
    @Test("rule 7: inside a long sales cycle the lead keeps its follow-up plan after many silent tries")
    func salesCycleKeepsPlan() throws {
        var long = DeskHarness()
        let patient = try long.capture(Fixtures.profile(email: nil, cycleDays: 180), at: Fixtures.at("2026-09-01 10:00", london))
        var short = DeskHarness()
        let brief = try short.capture(Fixtures.profile(email: nil, cycleDays: 14), at: Fixtures.at("2026-09-01 10:00", london))
        var at = Fixtures.at("2026-09-02 10:00", london)
        for _ in 0..<8 {
            try long.record(OutcomeRequest(lead: patient, outcome: .noAnswer), at: at)
            try short.record(OutcomeRequest(lead: brief, outcome: .noAnswer), at: at)
            at = try #require(long.lead(patient).next).due
        }
        #expect(long.lead(patient).next?.kind == .retry)
        #expect(short.lead(brief).next?.kind == .longTerm)
    }

    // MARK: Rule 8
    @Test("rule 8: after three phone tries without contact the next try is by email, or text without an email")
    func mixChannels() throws {
        for (email, expected) in [("priya@example.com" as String?, Channel.email), (nil, Channel.text)] {
            var desk = DeskHarness()
            let lead = try desk.capture(Fixtures.profile(email: email), at: Fixtures.at("2026-11-02 10:00", london))
            var at = Fixtures.at("2026-11-03 10:00", london)
            var plan = CadencePlan(next: nil)
            for _ in 0..<3 {
                plan = try desk.record(OutcomeRequest(lead: lead, outcome: .noAnswer), at: at)
                at = try #require(desk.lead(lead).next).due
            }
            #expect(desk.lead(lead).next?.channel == expected)
            #expect(plan.warnings.contains(.tryAnotherChannel(expected)))
        }
    }

    @Test("rule 8: two failed calls are not yet enough to switch channel")
    func twoCallsStayOnPhone() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-02 10:00", london))
        try desk.record(OutcomeRequest(lead: lead, outcome: .noAnswer), at: Fixtures.at("2026-11-03 10:00", london))
        try desk.record(OutcomeRequest(lead: lead, outcome: .busy), at: Fixtures.at("2026-11-05 10:00", london))
        #expect(desk.lead(lead).next?.channel == .phone)
    }

    // MARK: Rule 9
    @Test("rule 9: a win schedules the satisfaction call seven days later; a delivery moves it")
    func satisfactionCall() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-23 10:00", london))
        try desk.record(OutcomeRequest(lead: lead, outcome: .won), at: Fixtures.at("2026-11-24 10:00", london))
        let next = try #require(desk.lead(lead).next)
        #expect(next.kind == .satisfaction)
        #expect(Fixtures.local(next.due, london) == "2026-12-01 10:00 Tue")
        #expect(desk.lead(lead).stage == .customer)
        let moved = desk.actions.engine.satisfactionCall(for: desk.lead(lead), deliveredAt: Fixtures.at("2026-12-03 14:00", london))
        #expect(Fixtures.local(moved.due, london) == "2026-12-10 14:00 Thu")
    }

    // MARK: Rule 10
    @Test("rule 10: an untouched lead is flagged at working day 3, escalated at 5, reclaimable at 7 (weekends do not count)")
    func idleLeads() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-20 10:00", london))
        let due = try #require(desk.lead(lead).next).due
        #expect(Fixtures.local(due, london).hasSuffix("Fri"))
        let policy = CadencePolicy.standard
        let state = desk.lead(lead)
        #expect(IdleStatus.of(state, at: due.addingTimeInterval(4 * 86_400), policy: policy) == .fresh, "Tuesday: 2 working days")
        #expect(IdleStatus.of(state, at: due.addingTimeInterval(5 * 86_400 + 60), policy: policy) == .flagged(daysPastDue: 3, daysUntilReclaim: 4))
        #expect(IdleStatus.of(state, at: due.addingTimeInterval(7 * 86_400 + 60), policy: policy) == .escalated(daysPastDue: 5, daysUntilReclaim: 2))
        #expect(IdleStatus.of(state, at: due.addingTimeInterval(11 * 86_400 + 60), policy: policy) == .reclaimable(daysPastDue: 7))
        try desk.record(OutcomeRequest(lead: lead, outcome: .noAnswer), at: due.addingTimeInterval(3600))
        #expect(IdleStatus.of(desk.lead(lead), at: due.addingTimeInterval(5 * 86_400), policy: policy) == .fresh)
    }

    // MARK: Rule 11
    @Test("rule 11: every source gets the same plan")
    func sameProcessForEverySource() throws {
        var plans: Set<String> = []
        for source in LeadSource.allCases {
            var desk = DeskHarness()
            let lead = try desk.capture(Fixtures.profile(source: source), at: Fixtures.at("2026-11-23 10:00", london))
            try desk.record(OutcomeRequest(lead: lead, outcome: .voicemail), at: Fixtures.at("2026-11-24 10:00", london))
            let next = try #require(desk.lead(lead).next)
            plans.insert("\(next.due.timeIntervalSince1970) \(next.kind) \(next.purpose)")
        }
        #expect(plans.count == 1)
    }

    // MARK: Other outcomes
    @Test("a tunable policy: a desk with calling hours 8 to 18 never schedules after 18:00")
    func tunedCallingHours() throws {
        var policy = CadencePolicy()
        policy.callingStartMinute = 8 * 60
        policy.callingEndMinute = 18 * 60
        var desk = DeskHarness(policy: policy)
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-23 19:30", london))
        #expect(Fixtures.local(try #require(desk.lead(lead).next).due, london) == "2026-11-24 17:59 Tue")
    }

    @Test("an appointment is due at its exact time; a bad number falls back to email; do not contact ends everything")
    func otherOutcomes() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-23 10:00", london))
        let meeting = Fixtures.at("2026-11-26 11:30", london)
        try desk.record(
            OutcomeRequest(
                lead: lead, outcome: .appointment,
                details: OutcomeDetails(appointmentAt: meeting, appointmentSubject: "showroom visit")),
            at: Fixtures.at("2026-11-24 10:00", london))
        #expect(desk.lead(lead).next?.due == meeting)
        #expect(desk.lead(lead).next?.kind == .appointment)
        #expect(desk.lead(lead).next?.purpose == "appointment: showroom visit")

        try desk.record(OutcomeRequest(lead: lead, outcome: .badNumber), at: Fixtures.at("2026-11-26 12:00", london))
        #expect(desk.lead(lead).next?.channel == .email)

        try desk.record(OutcomeRequest(lead: lead, outcome: .doNotContact), at: Fixtures.at("2026-11-27 12:00", london))
        #expect(desk.lead(lead).next == nil)
        #expect(desk.lead(lead).doNotContact)
        #expect(throws: LeadActionError.refused("lead \(lead) asked not to be contacted: nothing more is recorded on it")) {
            try desk.record(OutcomeRequest(lead: lead, outcome: .reached), at: Fixtures.at("2026-11-30 12:00", london))
        }
    }

    @Test("an appointment without a time is refused, and a follow-up without a purpose cannot exist")
    func refusals() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-23 10:00", london))
        #expect(throws: LeadActionError.missing("the appointment time")) {
            try desk.record(OutcomeRequest(lead: lead, outcome: .appointment), at: Fixtures.at("2026-11-24 10:00", london))
        }
        #expect(FollowUp(due: Date(), kind: .manual, purpose: "   ") == nil)
    }

    @Test("a rep cannot record a touch on another rep's lead")
    func ownership() throws {
        var ann = DeskHarness(rep: "ann")
        let lead = try ann.capture(Fixtures.profile(owner: "ann"), at: Fixtures.at("2026-11-23 10:00", london))
        let ben = LeadActions(rep: "ben")
        var ids = SeededIDGenerator(seed: 7)
        #expect(throws: LeadActionError.notOwner(lead: lead, owner: "ann", rep: "ben")) {
            _ = try ben.record(OutcomeRequest(lead: lead, outcome: .reached), state: ann.state, at: Fixtures.at("2026-11-24 10:00", london), ids: &ids)
        }
    }
}

@Suite("The first follow-up by source")
struct FirstFollowUpBySourceTests {
    let now = Fixtures.at("2026-11-23 10:42", "Europe/London")

    @Test(
        "the purpose follows the source: the visit, an enquiry, a referral, a list",
        arguments: [
            (LeadSource.walkIn, "first follow-up after the visit: e-bike"),
            (.website, "answer their enquiry: e-bike"),
            (.phone, "answer their enquiry: e-bike"),
            (.referral, "first call on a referral: say who sent us, then e-bike"),
            (.other, "first call from a list: is e-bike of interest to them?")
        ])
    func purpose(source: LeadSource, expected: String) {
        let first = CadenceEngine().firstFollowUp(for: Fixtures.profile(source: source), wants: "e-bike", at: now)
        #expect(first.purpose == expected)
        #expect(first.kind == .first)
    }

    @Test("only a walkout gets the walkout script; a web, phone, referral or imported lead gets the follow-up script")
    func variant() throws {
        for source in LeadSource.allCases {
            var desk = DeskHarness()
            let id = try desk.capture(Fixtures.profile(source: source), at: now, wants: "e-bike")
            let variant = ScriptVariant.forLead(desk.lead(id))
            #expect(variant == (source == .walkIn ? .firstAfterWalkout : .followUp), "\(source)")
            #expect(source == .walkIn || !desk.lead(id).next!.purpose.contains("visit"), "\(source)")
        }
    }
}
