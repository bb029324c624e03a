import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("Practice compliance against a hand-built journal with known answers")
struct ComplianceTests {
    static let period = TeamPeriod(since: TeamJournal.t("2026-11-16 00:00"), now: TeamJournal.t("2026-11-25 12:00"), timeZone: TimeZone(identifier: "UTC")!)
    static let config = DeskConfig(members: [TeamMember(name: "ann", role: .rep), TeamMember(name: "ben", role: .rep), TeamMember(name: "mia", role: .manager)])

    /// Monday 16 to Wednesday 25 November 2026 (UTC); the comments give each lead's expected verdict.
    static func journal() -> TeamJournal {
        var j = TeamJournal()
        // Walkouts (rule 1).
        j.capture("w1", owner: "ann", at: "2026-11-17 10:00")  // touched after 23h: met
        j.touch("w1", "2026-11-18 09:00", by: "ann", .voicemail)  // voicemail retried Thursday: met
        j.touch("w1", "2026-11-19 16:00", by: "ann", .reached)
        j.capture("w2", owner: "ann", at: "2026-11-17 10:00")  // first touch after 48h: missed
        j.touch("w2", "2026-11-19 10:00", by: "ann", .voicemail)  // next touch Monday, deadline end of Friday: missed
        j.touch("w2", "2026-11-23 10:00", by: "ann", .noAnswer)
        j.capture("w3", owner: "ann", at: "2026-11-20 15:00")  // 24h ends Saturday: deadline end of Monday, met
        j.touch("w3", "2026-11-23 11:00", by: "ann", .voicemail)  // never retried, deadline end of Tuesday: missed
        j.capture("w4", owner: "ann", at: "2026-11-25 09:00")  // deadline tomorrow: pending, left out
        // A Friday voicemail retried on Monday (rule 2 across a weekend): met.
        j.capture("v1", owner: "ann", at: "2026-11-19 10:00", source: .phone)
        j.touch("v1", "2026-11-20 10:00", by: "ann", .voicemail)
        j.touch("v1", "2026-11-23 09:00", by: "ann", .reached)
        // A voicemail this morning: pending.
        j.capture("v2", owner: "ann", at: "2026-11-24 10:00", source: .phone)
        j.touch("v2", "2026-11-25 10:00", by: "ann", .voicemail)
        // Lost after two touches (rule 5): counted; lost after seven: fine.
        j.capture("l1", owner: "ann", at: "2026-11-17 10:00", source: .referral)
        j.touch("l1", "2026-11-18 10:00", by: "ann", .noAnswer)
        j.touch("l1", "2026-11-20 10:00", by: "ann", .lost)
        j.capture("l2", owner: "ann", at: "2026-10-01 10:00", source: .referral)
        for day in 10...15 { j.touch("l2", "2026-10-\(day) 10:00", by: "ann", .noAnswer) }
        j.touch("l2", "2026-11-18 10:00", by: "ann", .lost)
        // A follow-up whose purpose says nothing.
        j.capture("p1", owner: "ann", at: "2026-10-01 10:00", source: .website)
        j.schedule("p1", "2026-10-02 10:00", by: "ann", due: "2026-12-01 10:00", kind: .manual, purpose: "Checking in.")
        // Long-term check-ins (rule 6): one late, one on time.
        j.capture("t1", owner: "ann", at: "2026-08-01 10:00", source: .website)
        j.touch("t1", "2026-08-20 10:00", by: "ann", .notNow)
        j.schedule("t1", "2026-08-20 10:00", by: "ann", due: "2026-11-20 10:00", kind: .longTerm, purpose: "long-term check-in: new range")
        j.capture("t2", owner: "ann", at: "2026-11-01 10:00", source: .website)
        j.touch("t2", "2026-11-02 10:00", by: "ann", .notNow)
        j.schedule("t2", "2026-11-02 10:00", by: "ann", due: "2027-02-01 10:00", kind: .longTerm, purpose: "long-term check-in: spring")
        // Wins (rule 9): one without the satisfaction call, one with it, one not due yet.
        j.capture("s1", owner: "ann", at: "2026-11-02 10:00", source: .referral)
        j.touch("s1", "2026-11-16 10:00", by: "ann", .won)
        j.capture("s2", owner: "ann", at: "2026-11-02 10:00", source: .referral)
        j.touch("s2", "2026-11-16 10:00", by: "ann", .won)
        j.touch("s2", "2026-11-23 10:00", by: "ann", .reached)
        j.capture("s3", owner: "ann", at: "2026-11-02 10:00", source: .referral)
        j.touch("s3", "2026-11-24 10:00", by: "ann", .won)
        // Ben: a walkout and a voicemail, both on time.
        j.capture("b1", owner: "ben", at: "2026-11-16 10:00")
        j.touch("b1", "2026-11-16 12:00", by: "ben", .voicemail)
        j.touch("b1", "2026-11-17 12:00", by: "ben", .reached)
        return j
    }

    @Test("per rep: walkouts, voicemails, early losses, empty purposes, late check-ins, wins without a call")
    func perRep() throws {
        let compliance = Compliance(state: Self.journal().state, config: Self.config, period: Self.period)
        #expect(compliance.rows.map(\.rep) == ["ann", "ben"])
        let ann = compliance.rows[0]
        #expect(ann.walkoutsFollowedUp == Ratio(met: 2, total: 3))
        #expect(ann.walkoutsMissed == ["w2"])
        #expect(ann.voicemailsRetried == Ratio(met: 2, total: 4))
        #expect(ann.voicemailsNotRetried.sorted() == ["w2", "w3"])
        #expect(ann.lostEarly == ["l1"])
        #expect(ann.withoutPurpose == ["p1"])
        #expect(ann.longTermLate == ["t1"])
        #expect(ann.winsWithoutAftercare == ["s1"])
        let ben = compliance.rows[1]
        #expect(ben.walkoutsFollowedUp == Ratio(met: 1, total: 1))
        #expect(ben.voicemailsRetried == Ratio(met: 1, total: 1))
        #expect(ben.misses == 0)
    }

    @Test("the team line adds the reps up")
    func team() {
        let team = Compliance(state: Self.journal().state, config: Self.config, period: Self.period).team
        #expect(team.walkoutsFollowedUp == Ratio(met: 3, total: 4))
        #expect(team.walkoutsFollowedUp.text == "75% (3/4)")
        #expect(team.voicemailsRetried == Ratio(met: 3, total: 5))
        #expect(team.misses == 7)
    }

    @Test("one rep only")
    func onlyOne() {
        let compliance = Compliance(state: Self.journal().state, config: Self.config, period: Self.period, only: "ben")
        #expect(compliance.rows.map(\.rep) == ["ben"])
        #expect(compliance.team.walkoutsFollowedUp == Ratio(met: 1, total: 1))
    }

    @Test("purposes that say nothing", arguments: [("Checking in.", true), ("", true), ("follow up", true), ("go through the quote", false)])
    func emptyPurpose(purpose: String, empty: Bool) {
        #expect(Compliance.isEmptyPurpose(purpose) == empty)
    }
}
