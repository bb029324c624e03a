import BebackCLI
import BebackDomain
import BebackStore
import Foundation
import Testing
#if Postgres
    import BebackPostgres
#endif

/// The fold `beback migrate` builds the summary rows and the tally with (`summaryFold`: the entries
/// replayed by their positions in replay order, the leads read where they lie) against the plain
/// path it replaced: the entries sorted, replayed whole, every lead copied out, on demo desks with
/// undos, ties in causal order, orphans and unknown entries mixed in, handed over in any order.
/// Needs no server.
@Suite("The migrate fold of summary rows against a plain replay")
struct PostgresSummaryFoldTests {
    #if Postgres
        /// A demo desk's entries as journals hold them, plus what a demo never writes: undone touches
        /// and captures (one undo written before the entry it withdraws), entries sharing one causal
        /// order across journals, an entry of a lead nobody captured, an unknown kind and a session.
        static func entries(seed: UInt64, crossingUndo: Bool) -> [StoredEvent] {
            let now = Date(timeIntervalSince1970: 1_794_000_000 + Double(seed % 31) * 86_400)
            let generator = DemoGenerator(leads: 240, seed: seed, now: now, repCount: 4)
            var random = SeededRandom(seed: seed &+ 99)
            var stored: [StoredEvent] = []
            var sequences: [RepName: UInt64] = [:]
            func add(_ event: Event, journal rep: RepName, order: UInt64? = nil) {
                sequences[rep, default: 0] += 1
                stored.append(StoredEvent(event: event, journal: .rep(rep), sequence: sequences[rep, default: 0], offset: 0, order: order))
            }
            for (rep, events) in generator.events().sorted(by: { $0.key < $1.key }) {
                for event in events { add(event, journal: rep) }
            }
            let demo = stored
            let touches = demo.filter { if case .touched = $0.event.payload { return true } else { return false } }
            let captures = demo.filter { if case .captured = $0.event.payload { return true } else { return false } }
            var undo = 0
            func revoke(_ target: StoredEvent, order: UInt64) {
                undo += 1
                let event = Event(
                    id: EventID("undo-\(seed)-\(undo)"), at: Date(timeIntervalSince1970: Double(order) / 1000), actor: target.event.actor,
                    lead: target.event.lead, payload: .revoked(target.event.id, reason: "test"))
                add(event, journal: target.event.actor, order: order)
            }
            for _ in 0..<6 {
                let touch = touches[Int(random.next() % UInt64(touches.count))]
                revoke(touch, order: touch.order + 1 + random.next() % 86_400_000)
            }
            for _ in 0..<3 {
                let capture = captures[Int(random.next() % UInt64(captures.count))]
                revoke(capture, order: capture.order + 1 + random.next() % 86_400_000)
            }
            // Withdrawn before it is seen: the undo's causal order is before its entry's.
            let early = touches[Int(random.next() % UInt64(touches.count))]
            revoke(early, order: early.order - 1)
            if crossingUndo {
                // An undo under one lead naming an entry of another, written before that entry: the
                // entry is skipped, which only a fold in replay order across leads sees.
                let target = touches.first { $0.event.lead != captures[1].event.lead }!
                undo += 1
                let event = Event(
                    id: EventID("undo-\(seed)-\(undo)"), at: Date(timeIntervalSince1970: Double(target.order - 1) / 1000),
                    actor: captures[1].event.actor, lead: captures[1].event.lead, payload: .revoked(target.event.id, reason: "test"))
                add(event, journal: captures[1].event.actor, order: target.order - 1)
            }
            // Entries of other journals at the very same causal order (journal, then sequence, decide).
            for _ in 0..<40 {
                let one = Int(random.next() % UInt64(stored.count)), other = Int(random.next() % UInt64(stored.count))
                stored[other].order = stored[one].order
            }
            let rep = generator.reps[0]
            let at = now.addingTimeInterval(-3600)
            add(Event(id: EventID("orphan-\(seed)"), at: at, actor: rep, lead: LeadID("nobody-\(seed)"), payload: .noted("who?")), journal: rep)
            add(Event(id: EventID("unknown-\(seed)"), at: at, actor: rep, lead: captures[0].event.lead, payload: .unknown(kind: "future")), journal: rep)
            add(Event(id: EventID("session-\(seed)"), at: at, actor: rep, lead: SessionRecord.lead, payload: .noted("ended")), journal: rep)
            return stored
        }

        /// The rows and tally as `migrate` folded them before: sorted entries, a whole replay, the
        /// newest order of each lead, every lead copied out, rows sorted by id; each touch counted.
        static func plainFold(_ sorted: [StoredEvent]) -> (rows: [PostgresLeadRow], tally: [WorkTally.Key: WorkTally.Counts]) {
            let state = DeskState(replaying: sorted.map(\.event))
            var orders: [LeadID: UInt64] = [:]
            for stored in sorted { orders[stored.event.lead] = max(orders[stored.event.lead] ?? 0, stored.order) }
            let rows = state.leads.all.map { PostgresLeadRow($0.value, lastOrder: orders[$0.key] ?? 0) }.sorted { $0.lead < $1.lead }
            var tally: [WorkTally.Key: WorkTally.Counts] = [:]
            for lead in state.leads.values {
                for recorded in lead.touches {
                    let key = WorkTally.Key(rep: recorded.actor, slot: WorkTally.slot(of: recorded.at))
                    var count = tally[key] ?? WorkTally.Counts()
                    count.touches += 1
                    if recorded.touch.outcome.flags.contains(.contactMade) { count.contacts += 1 }
                    if recorded.touch.outcome == .appointment { count.appointments += 1 }
                    if recorded.touch.outcome == .won { count.wins += 1 }
                    count.lastAt = max(count.lastAt, recorded.at.timeIntervalSince1970)
                    tally[key] = count
                }
            }
            return (rows, tally)
        }

        @Test(
            "The fold gives the plain replay's rows and tally, the entries given in any order",
            arguments: [(UInt64(1), false), (7, false), (23, false), (5, true)])
        func foldEqualsPlainReplay(seed: UInt64, crossingUndo: Bool) throws {
            let journalOrder = Self.entries(seed: seed, crossingUndo: crossingUndo)
            let sorted = journalOrder.sorted(by: StoredEvent.replayOrder)
            let plain = Self.plainFold(sorted)
            #expect(plain.rows.count > 200 && plain.rows.count < 240, "the demo's leads, less the captures undone")
            #expect(plain.rows.contains { $0.touches > 1 } && plain.tally.values.contains { $0.wins > 0 })
            var shuffled = journalOrder
            var random = SeededRandom(seed: seed &+ 5)
            shuffled.shuffle(using: &random)
            for events in [journalOrder, shuffled, sorted] {
                #expect(PostgresEventStore.replayOrder(of: events).map { events[$0] } == sorted)
                let plan = PostgresEventStore.foldPlan(events)
                #expect(plan.byLead == !crossingUndo)
                #expect(plan.order.sorted() == Array(events.indices))
                // Each lead's entries come in replay order (and all of them, in order, without lead by lead).
                let folded = plan.order.map { events[$0] }
                if plan.byLead {
                    #expect(Dictionary(grouping: folded, by: \.event.lead) == Dictionary(grouping: sorted, by: \.event.lead))
                } else {
                    #expect(folded == sorted)
                }
                let (rows, tally) = PostgresEventStore.summaryFold(events, plan: plan)
                #expect(rows == plain.rows)
                #expect(tally.counts == plain.tally)
            }
            #expect(PostgresEventStore.summaryRows(replaying: sorted) == plain.rows)
            #expect(WorkTally(leads: DeskState(replaying: sorted.map(\.event)).leads.values).counts == plain.tally)
        }

        @Test(
            "An append of new leads changes the query model as the plain append's fold does: rows, leads gone, tally",
            arguments: [(UInt64(3), false), (11, false), (5, true)])
        func newLeadsChangeEqualsPlainChange(seed: UInt64, crossingUndo: Bool) throws {
            let entries = Self.entries(seed: seed, crossingUndo: crossingUndo).sorted(by: StoredEvent.replayOrder)
            var leads: [String] = []
            var seen: Set<LeadID> = []
            for entry in entries where entry.event.lead != SessionRecord.lead && seen.insert(entry.event.lead).inserted {
                leads.append(entry.event.lead.rawValue)
            }
            let plain = PostgresEventStore.summaryChange(of: leads, replaying: entries, earlier: [], board: true)
            let fast = PostgresEventStore.newLeadsChange(of: leads, replaying: entries, board: true)
            #expect(!plain.gone.isEmpty, "some captures are undone: their leads have no row")
            #expect(fast.rows == plain.rows)
            #expect(fast.gone == plain.gone)
            #expect(fast.tally == plain.tally && !fast.tally.isEmpty)
            #expect(PostgresEventStore.newLeadsChange(of: leads, replaying: entries, board: false).tally.isEmpty)
        }

        @Test("A row's phone digits are the ASCII digits of each number, whatever else the number holds")
        func phoneDigits() {
            for number in ["+44 (0) 20 7946 0958", "555-0100\r\n12", "1\u{20E3}2", "\u{FF11}\u{FF12}3", "\u{0663}4", "é5 6", "", "no digits"] {
                #expect(PostgresLeadRow.digits(of: number) == String(number.filter { $0.isASCII && $0.isNumber }), "\(number.debugDescription)")
            }
            #expect(PostgresLeadRow.digits(of: "+44 (0) 20 7946 0958") == "4402079460958")
            #expect(PostgresLeadRow.digits(of: "1\u{20E3}2") == "2")
        }
    #endif
}
