import BebackDesk
import BebackDomain
import BebackTestSupport
import Foundation

/// A small team for the manager's desk: reps ann and ben and manager mia in desk.conf, leads for each
/// rep (touches this week, an objection answered before an appointment, one of ann's left idle five
/// working days), and two leads in the pool.
enum ManagerFixtures {
    static let zone = DeskFixtures.zone
    static let now = DeskFixtures.now
    static let config = DeskConfig(members: [
        TeamMember(name: "ann", role: .rep), TeamMember(name: "ben", role: .rep),
        TeamMember(name: "mia", role: .manager)
    ])

    struct Team {
        var state: DeskState
        var annLead: LeadID, benLead: LeadID, benOther: LeadID, poolFirst: LeadID, poolSecond: LeadID

        func context(readOnly: String? = nil) -> ManagerContext {
            ManagerContext(
                state: state, now: ManagerFixtures.now, manager: "mia", config: ManagerFixtures.config,
                timeZone: TimeZone(identifier: ManagerFixtures.zone)!, readOnlyReason: readOnly, scripts: DeskFixtures.scripts)
        }

        func model() -> ManagerModel {
            var model = ManagerModel()
            model.reload(context())
            return model
        }
    }

    static func team() throws -> Team {
        var events: [Event] = []
        var counter = 0
        func add(_ lead: LeadID, _ at: String, by rep: RepName, _ payload: EventPayload) {
            counter += 1
            events.append(Event(id: EventID("m\(counter)"), at: Fixtures.at(at, zone), actor: rep, lead: lead, payload: payload))
        }
        func capture(_ lead: LeadID, _ name: String, owner: RepName, at: String, due: String) {
            add(
                lead, at, by: owner == DeskConfig.poolOwner ? "mia" : owner,
                .captured(Fixtures.profile(name: name, owner: owner, phones: ["+44 20 7946 \(1000 + counter)"]), wants: "oak kitchen", holdingBack: "price"))
            add(
                lead, at, by: owner == DeskConfig.poolOwner ? "mia" : owner,
                .scheduled(FollowUp(due: Fixtures.at(due, zone), kind: .first, purpose: "first follow-up: the quote")!))
        }
        let ann = LeadID("ann01"), ben = LeadID("ben01"), benOther = LeadID("ben02"), poolA = LeadID("pool1"), poolB = LeadID("pool2")
        capture(ann, "Priya Raman", owner: "ann", at: "2026-11-20 10:00", due: "2026-11-23 09:30")
        add(ann, "2026-11-23 09:00", by: "ann", .touched(Touch(outcome: .reached, note: "wants the quote")))
        add(
            ann, "2026-11-23 09:01", by: "ann",
            .objectionLogged(
                Objection(
                    id: "o1", category: .price, words: "too dear", answer: "spread it over 12 months",
                    status: .answered, loggedAt: Fixtures.at("2026-11-23 09:01", zone))))
        add(ann, "2026-11-23 09:02", by: "ann", .touched(Touch(outcome: .appointment)))
        add(
            ann, "2026-11-23 09:03", by: "ann",
            .scheduled(FollowUp(due: Fixtures.at("2026-11-23 15:00", zone), kind: .appointment, purpose: "the showroom visit")!))
        capture(LeadID("ann02"), "Ivy Idle", owner: "ann", at: "2026-11-12 10:00", due: "2026-11-16 10:00")
        capture(ben, "Owen Hale", owner: "ben", at: "2026-11-18 10:00", due: "2026-11-20 10:00")
        capture(benOther, "Ana Lima", owner: "ben", at: "2026-11-22 10:00", due: "2026-11-23 10:00")
        add(benOther, "2026-11-23 08:30", by: "ben", .touched(Touch(outcome: .voicemail)))
        add(
            benOther, "2026-11-23 08:31", by: "ben",
            .scheduled(FollowUp(due: Fixtures.at("2026-11-23 10:30", zone), kind: .retry, purpose: "make sure the message reached her")!))
        capture(poolA, "Kenji Sato", owner: DeskConfig.poolOwner, at: "2026-11-10 10:00", due: "2026-11-12 10:00")
        capture(poolB, "Mara Quist", owner: DeskConfig.poolOwner, at: "2026-11-11 10:00", due: "2026-11-13 10:00")
        let state = DeskState(replaying: events.sorted { $0.at < $1.at })
        return Team(state: state, annLead: ann, benLead: ben, benOther: benOther, poolFirst: poolA, poolSecond: poolB)
    }
}
