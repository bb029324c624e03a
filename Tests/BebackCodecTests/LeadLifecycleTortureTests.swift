import BebackCodec
import BebackDomain
import BebackTestSupport
import Foundation
import Testing

/// Seeded random sequences of outcomes, agreements, deliveries, reopenings, reassignments, reclaims,
/// undos and clock jumps over a few leads and reps; after every step the lifecycle's invariants hold.
/// Short in `make test`; `make torture` (BEBACK_TORTURE=full) runs the long form. It sits with the
/// codec's tests because its replay check goes through the journal's JSON form.
@Suite("The lead lifecycle under random sequences")
struct LeadLifecycleTortureTests {
    static let zone = "Europe/London"
    static let reps: [RepName] = ["ann", "ben"]

    struct World {
        var state = DeskState()
        var events: [Event] = []
        var groups: [[Event]] = []
        var ids = SeededIDGenerator(seed: 7)
        var now = Fixtures.at("2026-11-23 09:30", LeadLifecycleTortureTests.zone)
        var leads: [LeadID] = []

        mutating func save(_ new: [Event]) {
            for event in new { state.apply(event) }
            events += new
            groups.append(new)
        }
        func actions(for lead: LeadID) -> LeadActions { LeadActions(rep: state.leads[lead]!.profile.owner) }
    }

    @Test("every non-final lead keeps one planned step with a purpose, on some list; agreements shown are live; replay agrees; the table holds")
    func randomSequences() throws {
        let sequences = Torture.size(short: 150, full: 4_000)
        var steps = 0, refused = 0
        for seed in 0..<UInt64(sequences) {
            var random = SeededRandom(seed: seed &* 7919 &+ 1)
            var world = World()
            for (index, rep) in ["ann", "ben", "ann"].enumerated() {
                let profile = Fixtures.profile(name: "Lead \(index)", owner: RepName(rep))
                world.save(
                    try LeadActions(rep: RepName(rep)).capture(
                        profile, wants: "oak kitchen", holdingBack: "price",
                        state: world.state, at: world.now, ids: &world.ids))
                world.leads.append(world.events[world.events.count - 2].lead)
            }
            for _ in 0..<40 {
                steps += 1
                if try !Self.step(&world, random: &random) { refused += 1 }
                try Self.check(world, seed: seed)
            }
        }
        #expect(refused < steps)
        Torture.report("lead lifecycle", ["sequences": sequences, "steps": steps, "refused": refused])
    }

    /// One random step; false when the desk refused it (as the lifecycle's table says it must).
    static func step(_ world: inout World, random: inout SeededRandom) throws -> Bool {
        let lead = world.leads[Int(random.next() % UInt64(world.leads.count))]
        let before = world.state.leads[lead]!
        let stageBefore = LeadLifecycle.stage(of: before)
        let actions = world.actions(for: lead)
        let choice = random.next() % 14
        var step: LeadLifecycle.Step?
        var new: [Event] = []
        do {
            switch choice {
            case 0...6:
                let outcome = Disposition.allCases[Int(random.next() % UInt64(Disposition.allCases.count))]
                step = .outcome(outcome)
                var details = OutcomeDetails(checkInReason: "the spring range", lostReason: .price)
                let later = world.now.addingTimeInterval(Double(1 + random.next() % 96) * 3600)
                if outcome == .reached, random.next() % 2 == 0 {
                    details.agreement = Agreement(callbackAt: later, subject: "the quote", madeAt: world.now)
                }
                if outcome == .appointment { details.appointmentAt = later; details.appointmentSubject = "showroom" }
                new = try actions.record(
                    OutcomeRequest(lead: lead, outcome: outcome, details: details, confirmed: true),
                    state: world.state, at: world.now, ids: &world.ids
                ).events
            case 7:
                step = .agreement
                let later = world.now.addingTimeInterval(Double(1 + random.next() % 96) * 3600)
                new = try actions.agree(
                    Agreement(callbackAt: later, subject: "the quote", madeAt: world.now), on: lead, confirmed: true,
                    state: world.state, at: world.now, ids: &world.ids)
            case 8:
                step = .delivered
                new = try actions.deliver(lead, state: world.state, at: world.now, ids: &world.ids)
            case 9:
                step = .reopen
                new = try actions.reopen(lead, reason: "new budget", state: world.state, at: world.now, ids: &world.ids)
            case 10:
                step = .reassign
                let to = reps[Int(random.next() % UInt64(reps.count))]
                new = [Event(id: world.ids.newEventID(), at: world.now, actor: "mgr", lead: lead, payload: .reassigned(to: to))]
            case 11:
                new = IdleSweep(policy: .standard, actor: "mgr").events(for: world.state, at: world.now, ids: &world.ids)
                if new.isEmpty { return true }
            case 12:
                // Undo the last group that is not a capture (the desk undoes its session's groups, newest first).
                guard let index = world.groups.lastIndex(where: { group in !group.contains { if case .captured = $0.payload { true } else { false } } })
                else { return true }
                let group = world.groups.remove(at: index)
                let undos = group.reversed().map {
                    Event(id: world.ids.newEventID(), at: world.now, actor: $0.actor, lead: $0.lead, payload: .revoked($0.id, reason: "undo"))
                }
                for event in undos { world.state.apply(event) }
                world.events += undos
                return true
            default:
                world.now = world.now.addingTimeInterval(Double(1 + random.next() % (10 * 24)) * 3600)
                return true
            }
        } catch let error as LeadActionError {
            guard case .refused = error else { throw error }
            // Refused by the lifecycle: its table says the step goes nowhere from this stage.
            if let step { #expect(LeadLifecycle.stage(after: step, from: stageBefore) == nil, "\(step) refused from \(stageBefore): \(error)") }
            return false
        }
        world.save(new)
        if let step, let expected = LeadLifecycle.stage(after: step, from: stageBefore) {
            #expect(LeadLifecycle.stage(of: world.state.leads[lead]!) == expected, "\(step) from \(stageBefore)")
        } else if let step {
            Issue.record("\(step) from \(stageBefore) was accepted, but the table refuses it")
        }
        return true
    }

    static func check(_ world: World, seed: UInt64) throws {
        let far = world.now.addingTimeInterval(400 * 86_400)
        let lists = DueListBuilder(timeZone: TimeZone(identifier: zone)!).build(from: world.state, at: far, rep: nil)
        for lead in world.state.leads.values {
            let stage = LeadLifecycle.stage(of: lead)
            if stage.isFinal { continue }
            // One planned step with a purpose, and on the owner's (or the pool's) list once it is due.
            let next = try #require(lead.next, "seed \(seed): \(lead.id) at \(stage) has nothing planned (\(lead.unscheduledReason ?? ""))")
            #expect(!next.purpose.isEmpty)
            #expect(lists.contains { $0.lead == lead.id }, "seed \(seed): \(lead.id) is on no list")
            // Only a live agreement is shown: no touch at or after its time, no closing touch, since it was made.
            if let agreement = lead.agreement {
                let later = lead.touches.filter { $0.at > agreement.madeAt }
                #expect(
                    !later.contains { $0.at >= agreement.callbackAt || $0.touch.outcome.endsAgreement }, "seed \(seed): a dead agreement shows on \(lead.id)")
            }
        }
        // A replay of the journal (through its JSON form) gives the same desk.
        let decoded = try world.events.map { try EventCodec.decode(try EventCodec.encode($0)) }
        #expect(DeskState(replaying: decoded) == world.state, "seed \(seed): replay differs")
    }
}
