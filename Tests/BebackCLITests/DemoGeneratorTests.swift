@testable import BebackCLI
import BebackDomain
import BebackTestSupport
import Foundation
import Testing

@Suite("The demo desk")
struct DemoGeneratorTests {
    let now = Fixtures.at("2026-11-23 10:42", "Europe/London")

    @Test("the same seed and clock give the same desk; another seed another")
    func deterministic() {
        let first = DemoGenerator(leads: 40, seed: 5, now: now).events()
        let again = DemoGenerator(leads: 40, seed: 5, now: now).events()
        let other = DemoGenerator(leads: 40, seed: 6, now: now).events()
        #expect(first == again)
        #expect(first != other)
    }

    @Test("a demo has several reps and the variety a rep meets: voicemails, appointments, objections, wins, long-term leads")
    func variety() {
        let byRep = DemoGenerator(leads: 120, seed: 1, now: now).events()
        #expect(byRep.keys.count >= 3)
        let events = byRep.values.flatMap { $0 }
        let state = DeskState(replaying: events.sorted { $0.at < $1.at })
        #expect(state.leads.count == 120)
        let outcomes = Set(state.leads.values.flatMap { $0.touches.map(\.touch.outcome) })
        for expected in [Disposition.voicemail, .noAnswer, .reached, .appointment, .won, .notNow] {
            #expect(outcomes.contains(expected), "no \(expected) in the demo")
        }
        #expect(state.leads.values.contains { !$0.objections.isEmpty })
        #expect(state.leads.values.contains { $0.stage == .longTerm })
        #expect(state.leads.values.contains { $0.agreement != nil })
        let due = DueListBuilder(timeZone: TimeZone(identifier: "Europe/London")!).build(from: state, at: now, rep: "ann")
        #expect(due.contains { $0.bucket == .overdue })
        #expect(!due.isEmpty)
        #expect(state.orphanEvents.isEmpty)
    }

    /// The demo desks the realism rules are checked on.
    static let seeds: [UInt64] = [1, 2, 7, 42, 2026]

    func demoState(seed: UInt64, leads: Int = 300) -> DeskState {
        let events = DemoGenerator(leads: leads, seed: seed, now: now).events().values.flatMap { $0 }
        return DeskState(replaying: events.sorted { $0.at < $1.at })
    }

    @Test("every touch is on a channel its outcome can happen on: no email voicemail, no text busy", arguments: seeds)
    func outcomesOnTheirChannels(seed: UInt64) {
        let state = demoState(seed: seed)
        var channels = Set<Channel>()
        for lead in state.leads.values {
            for recorded in lead.touches {
                channels.insert(recorded.touch.channel)
                #expect(
                    recorded.touch.outcome.happens(on: recorded.touch.channel),
                    "\(lead.id): \(recorded.touch.channel.label) \(recorded.touch.outcome.label)")
            }
        }
        #expect(channels.count >= 2, "the demo only uses \(channels)")
    }

    @Test("every touch and every agreed callback is inside the lead's calling hours, on a working day", arguments: seeds)
    func callingHours(seed: UInt64) {
        let state = demoState(seed: seed)
        var agreements = 0
        for lead in state.leads.values {
            let window = CallingWindow(policy: .standard, timeZone: lead.profile.contact.timeZone)
            for recorded in lead.touches {
                #expect(
                    window.isCallable(recorded.at),
                    "\(lead.id): \(recorded.touch.outcome.label) at \(HumanTime(timeZone: lead.profile.contact.timeZone).dayAndClock(recorded.at))")
            }
            for event in lead.events {
                guard case .agreed(let agreement) = event.payload else { continue }
                agreements += 1
                #expect(window.isCallable(agreement.callbackAt), "\(lead.id): callback agreed for \(agreement.callbackAt)")
            }
        }
        #expect(agreements > 10)
    }

    @Test("histories read in a believable order: after a sale only the customer's calls, never not-now, lost or a meeting", arguments: seeds)
    func believableOrder(seed: UInt64) {
        let state = demoState(seed: seed)
        var delivered = 0
        for lead in state.leads.values {
            #expect(zip(lead.touches, lead.touches.dropFirst()).allSatisfy { $0.at <= $1.at }, "\(lead.id): touches out of time order")
            guard let sale = lead.touches.firstIndex(where: { $0.touch.outcome == .won }) else { continue }
            let after = lead.touches[(sale + 1)...].map(\.touch.outcome)
            #expect(after.allSatisfy { [.reached, .voicemail, .noAnswer].contains($0) }, "\(lead.id): won, then \(after.map(\.label))")
            if let deliveredAt = lead.deliveredAt {
                delivered += 1
                #expect(deliveredAt > lead.touches[sale].at)
            }
        }
        #expect(delivered > 0, "no delivery in the demo")
    }

    @Test("the demo records the whole practice: decision processes, feedback, and objections of every status")
    func wholePractice() {
        let state = demoState(seed: 1)
        #expect(state.leads.values.contains { !$0.decisionProcess.informationNeeded.isEmpty })
        #expect(state.leads.values.contains { !$0.feedback.likes.isEmpty })
        let statuses = Set(state.leads.values.flatMap { $0.objections.map(\.status) })
        #expect(statuses == Set(ObjectionStatus.allCases))
    }
}
