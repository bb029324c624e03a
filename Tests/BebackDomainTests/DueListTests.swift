@testable import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("The due list")
struct DueListTests {
    let zone = "Europe/London"

    @Test("callbacks and appointments today first at their exact time, then overdue oldest first, then due; other reps and future leads left out")
    func orderAndBuckets() throws {
        var ann = DeskHarness(rep: "ann")
        let now = Fixtures.at("2026-11-23 10:42", zone)
        // Overdue by 2 days: captured Thu, first follow-up Fri, untouched.
        let overdue = try ann.capture(Fixtures.profile(name: "Owen Hale"), at: Fixtures.at("2026-11-19 10:00", zone))
        // Due earlier today: captured yesterday (Sunday) 09:00 -> due Monday 09:00.
        let dueToday = try ann.capture(Fixtures.profile(name: "Ana Lima"), at: Fixtures.at("2026-11-22 09:00", zone))
        // An agreed callback at 15:00 today.
        let appointment = try ann.capture(Fixtures.profile(name: "Kenji Sato"), at: Fixtures.at("2026-11-16 10:00", zone))
        let agreement = Agreement(callbackAt: Fixtures.at("2026-11-23 15:00", zone), subject: "the quote", madeAt: Fixtures.at("2026-11-17 10:00", zone))
        try ann.record(
            OutcomeRequest(lead: appointment, outcome: .reached, details: OutcomeDetails(agreement: agreement)), at: Fixtures.at("2026-11-17 10:00", zone))
        // A meeting at 12:00 today: an appointment, not a callback.
        let meeting = try ann.capture(Fixtures.profile(name: "Rosa Díaz"), at: Fixtures.at("2026-11-16 11:00", zone))
        try ann.record(
            OutcomeRequest(
                lead: meeting, outcome: .appointment,
                details: OutcomeDetails(appointmentAt: Fixtures.at("2026-11-23 12:00", zone), appointmentSubject: "the showroom")),
            at: Fixtures.at("2026-11-17 11:00", zone))
        // Not due yet: captured this morning.
        _ = try ann.capture(Fixtures.profile(name: "Mara Quist"), at: Fixtures.at("2026-11-23 10:00", zone))
        // Another rep's overdue lead.
        var ben = DeskHarness(rep: "ben")
        ben.state = ann.state
        ben.ids = SeededIDGenerator(seed: 99)
        let bens = try ben.capture(Fixtures.profile(name: "Ben's lead", owner: "ben"), at: Fixtures.at("2026-11-19 11:00", zone))

        let builder = DueListBuilder(timeZone: TimeZone(identifier: zone)!)
        let items = builder.build(from: ben.state, at: now, rep: "ann")
        #expect(items.map(\.lead) == [meeting, appointment, overdue, dueToday])
        #expect(items.map(\.bucket) == [.appointment, .callback, .overdue, .due])
        #expect(items.map(\.bucket.name) == ["appointment", "callback", "overdue", "due"])
        #expect(items[2].daysLate == 3)
        #expect(items[1].reason == "agreed callback: the quote")
        let counts = Dictionary(grouping: items, by: \.bucket).mapValues(\.count)
        #expect(DueBucket.countsText(counts) == "due now 1 · overdue 1 · callbacks today 1 · appointments today 1")

        let everyone = builder.build(from: ben.state, at: now, rep: nil)
        #expect(everyone.map(\.lead) == [meeting, appointment, overdue, bens, dueToday])
    }

    @Test("closed leads and leads that asked not to be contacted never show")
    func closedLeadsHidden() throws {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(), at: Fixtures.at("2026-11-16 10:00", zone))
        try desk.record(OutcomeRequest(lead: lead, outcome: .doNotContact), at: Fixtures.at("2026-11-17 10:00", zone))
        let items = DueListBuilder(timeZone: TimeZone(identifier: zone)!).build(from: desk.state, at: Fixtures.at("2026-11-23 10:00", zone), rep: "ann")
        #expect(items.isEmpty)
    }
}

@Suite("The due index")
struct DueIndexTests {
    @Test("after every change, the due list from the index equals the one from a full scan")
    func indexMatchesScan() throws {
        let zone = "Europe/London"
        var desk = DeskHarness()
        var index = DueIndex(desk.state)
        var leads: [LeadID] = []
        var random = SeededRandom(seed: 9)
        let builder = DueListBuilder(timeZone: TimeZone(identifier: zone)!)
        let now = Fixtures.at("2026-11-23 10:42", zone)
        for step in 0..<120 {
            let at = Fixtures.at("2026-11-02 10:00", zone).addingTimeInterval(Double(step) * 3 * 3600)
            let changed: LeadID
            let before: DueIndex.Placement?
            if leads.isEmpty || random.next() % 3 == 0 {
                before = nil
                changed = try desk.capture(Fixtures.profile(name: "Lead \(step)"), at: at)
                leads.append(changed)
            } else {
                changed = leads[Int(random.next() % UInt64(leads.count))]
                let outcomes: [Disposition] = [.voicemail, .noAnswer, .reached, .notNow, .doNotContact, .won]
                let outcome = outcomes[Int(random.next() % UInt64(outcomes.count))]
                guard !desk.lead(changed).doNotContact, desk.lead(changed).stage != .lost else { continue }
                before = DueIndex.placement(of: changed, in: desk.state)
                try desk.record(OutcomeRequest(lead: changed, outcome: outcome, details: OutcomeDetails(checkInReason: "the spring range")), at: at)
            }
            index.update(changed, was: before, in: desk.state)
            #expect(builder.build(from: desk.state, at: now, rep: "ann", index: index) == builder.build(from: desk.state, at: now, rep: "ann"))
        }
        #expect(index.count == desk.state.leads.values.filter { $0.next != nil && !$0.isClosed && !$0.doNotContact }.count)
    }
}

extension DueIndexTests {
    @Test("an index made in two halves and merged is the one a single sort makes", arguments: [1, 2, 3])
    func halvesMergeAsOneSort(seed: UInt64) {
        var random = SeededRandom(seed: seed)
        let reps: [RepName] = ["ann", "ben", "cho", "dev", "eve", "fay", "pool"]
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        // Many leads share a due time, so the order of ties (by id) is tested too.
        let entries = (0..<3_000).map { number in
            (
                id: LeadID(String(number * 7919 % 3_001, radix: 36)), owner: reps[Int(random.next() % UInt64(reps.count))],
                due: start.addingTimeInterval(Double(random.next() % 40) * 3_600)
            )
        }
        let middle = entries.count / 2
        let split = DueIndex(merging: DueIndex(entries: entries[..<middle]), DueIndex(entries: entries[middle...]))
        let whole = DueIndex(entries: entries[...])
        #expect(split.count == entries.count && whole.count == entries.count)
        for rep in reps {
            let expected = entries.filter { $0.owner == rep }.sorted { ($0.due, $0.id) < ($1.due, $1.id) }.map(\.id)
            #expect(split.leads(of: rep, dueBefore: .distantFuture) == expected, "\(rep)")
            #expect(whole.leads(of: rep, dueBefore: .distantFuture) == expected, "\(rep)")
            let noon = start.addingTimeInterval(20 * 3_600)
            #expect(
                split.leads(of: rep, dueBefore: noon)
                    == entries.filter { $0.owner == rep && $0.due < noon }
                    .sorted { ($0.due, $0.id) < ($1.due, $1.id) }.map(\.id))
        }
    }

    @Test("merging two sorted lists keeps every entry, in order")
    func mergeKeepsOrder() {
        let at = { (hour: Double) in Date(timeIntervalSince1970: 1_790_000_000 + hour * 3_600) }
        let first = [DueIndex.Entry(due: at(1), lead: "a"), DueIndex.Entry(due: at(3), lead: "b"), DueIndex.Entry(due: at(3), lead: "d")]
        let second = [DueIndex.Entry(due: at(0), lead: "z"), DueIndex.Entry(due: at(3), lead: "c"), DueIndex.Entry(due: at(9), lead: "e")]
        #expect(DueIndex.merged(first, second).map(\.lead) == ["z", "a", "b", "c", "d", "e"])
        #expect(DueIndex.merged([], second) == second)
        #expect(DueIndex.merged(first, []) == first)
    }
}

@Suite("Local day numbers: days late by subtraction, as the calendar counts them")
struct LocalDayNumberTests {
    @Test(
        "the day difference equals the calendar's across DST changes", arguments: ["Europe/London", "America/New_York", "Australia/Lord_Howe", "Asia/Kolkata"])
    func matchesCalendar(zone: String) throws {
        let timeZone = try #require(TimeZone(identifier: zone))
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = timeZone
        var seed: UInt64 = 77
        for _ in 0..<400 {
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let due = Date(timeIntervalSince1970: 1_760_000_000 + Double(seed >> 40) * 3)
            seed = seed &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            let today = calendar.startOfDay(for: due.addingTimeInterval(Double(seed >> 41)))
            let expected = calendar.dateComponents([.day], from: calendar.startOfDay(for: due), to: today).day
            #expect(LocalTime(today, in: timeZone).dayNumber - LocalTime(due, in: timeZone).dayNumber == expected)
        }
    }
}
