import BebackDomain
import BebackTestSupport
import Foundation

/// A hand-built journal for team figures: every entry placed by hand at a UTC time, so each figure has a known answer.
struct TeamJournal {
    var events: [Event] = []
    private var counter = 0

    static func t(_ text: String) -> Date { Fixtures.at(text, "UTC") }

    mutating func add(_ lead: LeadID, _ at: String, by rep: RepName, _ payload: EventPayload) {
        counter += 1
        events.append(Event(id: EventID("e\(counter)"), at: Self.t(at), actor: rep, lead: lead, payload: payload))
    }

    /// A lead captured by `owner`, with a first follow-up a day later.
    mutating func capture(_ lead: LeadID, owner: RepName, at: String, source: LeadSource = .walkIn) {
        let profile = Fixtures.profile(name: "Lead \(lead)", owner: owner, zone: "UTC", source: source)
        add(lead, at, by: owner, .captured(profile, wants: "oak kitchen", holdingBack: "price"))
        let due = Self.t(at).addingTimeInterval(86_400)
        add(lead, at, by: owner, .scheduled(FollowUp(due: due, kind: .first, purpose: "first follow-up: the quote")!))
    }

    mutating func touch(_ lead: LeadID, _ at: String, by rep: RepName, _ outcome: Disposition) {
        add(lead, at, by: rep, .touched(Touch(outcome: outcome, lostReason: outcome == .lost ? .silence : nil)))
    }

    mutating func schedule(_ lead: LeadID, _ at: String, by rep: RepName, due: String, kind: FollowUpKind = .retry, purpose: String = "go through the quote") {
        add(lead, at, by: rep, .scheduled(FollowUp(due: Self.t(due), kind: kind, purpose: purpose)!))
    }

    /// The desk after replaying the entries in time order (ties keep their order).
    var state: DeskState {
        DeskState(replaying: events.enumerated().sorted { ($0.element.at, $0.offset) < ($1.element.at, $1.offset) }.map(\.element))
    }
}
