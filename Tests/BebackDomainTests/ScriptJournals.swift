import BebackDomain
import BebackTestSupport
import Foundation

/// Hand-built journals for the call-script tests, one per variant, each at a fixed instant in London,
/// and a plain-text rendering of a filled script to compare with the exact expected text.
enum ScriptJournals {
    static let zone = "Europe/London"
    static func at(_ text: String) -> Date { Fixtures.at(text, zone) }

    /// Priya: a walk-in, a voicemail, then a conversation with an agreed callback, an open objection,
    /// another decider and feedback. Now is the morning of the agreed day.
    static func priya() throws -> (lead: LeadState, now: Date) {
        var desk = DeskHarness()
        let id = try desk.capture(Fixtures.profile(name: "Priya Raman", bestTime: .afternoon), at: at("2026-11-13 11:00"), wants: "oak kitchen")
        try desk.record(OutcomeRequest(lead: id, outcome: .voicemail), at: at("2026-11-14 10:00"))
        let agreement = Agreement(
            callbackAt: at("2026-11-23 15:00"), number: "+44 20 7946 0003", subject: "the quote",
            customerAction: "review it with Tom", madeAt: at("2026-11-16 10:00"))
        try desk.record(
            OutcomeRequest(lead: id, outcome: .reached, note: "wants oak, quote sent", details: OutcomeDetails(agreement: agreement)),
            at: at("2026-11-16 10:00"))
        let objection = Objection(id: "obj-1", category: .price, words: "more than we planned", loggedAt: at("2026-11-16 10:05"))
        for payload: EventPayload in [
            .objectionLogged(objection),
            .decisionProcess(DecisionProcess(otherDeciders: "Tom (husband)")),
            .feedback(Feedback(likes: "the oak finish", priceFit: "a stretch"))
        ] {
            desk.apply([try desk.actions.event(payload, on: id, state: desk.state, at: at("2026-11-16 10:06"), ids: &desk.ids)])
        }
        return (desk.lead(id), at("2026-11-23 10:42"))
    }

    /// Kenji: walked out yesterday afternoon; nothing since. He prefers mornings.
    static func kenji() throws -> (lead: LeadState, now: Date) {
        var desk = DeskHarness()
        var profile = Fixtures.profile(name: "Kenji Sato", bestTime: .morning)
        profile.contact.phones = [PhoneNumber("+44 20 7946 0111")]
        let id = try desk.capture(profile, at: at("2026-11-22 16:00"), wants: "leather sofa")
        return (desk.lead(id), at("2026-11-23 10:42"))
    }

    /// Mara: spoke in September, said "not now" with a reason; the 90-day check-in is due.
    static func mara() throws -> (lead: LeadState, now: Date) {
        var desk = DeskHarness()
        let id = try desk.capture(Fixtures.profile(name: "Mara Quist"), at: at("2026-09-01 10:00"), wants: "garden room")
        try desk.record(
            OutcomeRequest(
                lead: id, outcome: .notNow, note: "budget frozen until spring",
                details: OutcomeDetails(checkInReason: "the spring range arrives")), at: at("2026-09-03 10:00"))
        return (desk.lead(id), at("2026-12-02 10:05"))
    }

    /// Lena: bought, the goods were delivered, the satisfaction call is due.
    static func lena() throws -> (lead: LeadState, now: Date) {
        var desk = DeskHarness()
        let id = try desk.capture(Fixtures.profile(name: "Lena Berg"), at: at("2026-11-02 10:00"), wants: "e-bike")
        try desk.record(OutcomeRequest(lead: id, outcome: .won, note: "signed"), at: at("2026-11-10 10:00"))
        desk.apply([try desk.actions.event(.delivered, on: id, state: desk.state, at: at("2026-11-16 09:00"), ids: &desk.ids)])
        let call = desk.actions.engine.satisfactionCall(for: desk.lead(id), deliveredAt: at("2026-11-16 09:00"))
        desk.apply([try desk.actions.event(.scheduled(call), on: id, state: desk.state, at: at("2026-11-16 09:00"), ids: &desk.ids)])
        return (desk.lead(id), at("2026-11-25 11:00"))
    }

    /// Lena again, a sale that began with an agreed call about a quote: won, delivered, and the
    /// satisfaction call went to voicemail once. Now the retry is due.
    static func lenaAfterVoicemail() throws -> (lead: LeadState, now: Date) {
        var desk = DeskHarness()
        let id = try desk.capture(Fixtures.profile(name: "Lena Berg"), at: at("2026-11-02 10:00"), wants: "e-bike")
        let agreement = Agreement(
            callbackAt: at("2026-11-09 15:00"), number: "+44 20 7946 0003", subject: "going through the e-bike quote",
            customerAction: "read the quote", madeAt: at("2026-11-03 10:00"))
        try desk.record(
            OutcomeRequest(lead: id, outcome: .reached, note: "quote sent", details: OutcomeDetails(agreement: agreement)),
            at: at("2026-11-03 10:00"))
        try desk.record(OutcomeRequest(lead: id, outcome: .won, note: "signed"), at: at("2026-11-10 10:00"))
        desk.apply(try desk.actions.deliver(id, state: desk.state, at: at("2026-11-16 09:00"), ids: &desk.ids))
        try desk.record(OutcomeRequest(lead: id, outcome: .voicemail), at: at("2026-11-23 11:00"))
        return (desk.lead(id), at("2026-11-24 11:00"))
    }

    /// Sam: imported from the website with nothing but a name and a number; we have never spoken.
    static func sam() throws -> (lead: LeadState, now: Date) {
        var desk = DeskHarness()
        var profile = Fixtures.profile(name: "Sam", source: .website, email: nil, phones: ["+44 20 7946 0222"])
        profile.interest = ""
        let id = try desk.capture(profile, at: at("2026-11-22 09:00"), wants: "")
        return (desk.lead(id), at("2026-11-23 10:42"))
    }

    /// A filled script as plain text: titles, lines indented, moves with their branch, the proposals.
    static func text(_ script: FilledScript) -> String {
        var out: [String] = []
        for step in script.steps {
            out.append("[\(step.section)] \(step.title)")
            out += step.lines.map { "  " + $0 }
        }
        for move in script.moves {
            out.append("(\(move.branch.rawValue)) \(move.title)")
            out += move.lines.map { "  " + $0 }
            out.append("  -> " + describe(script.proposal(after: move.branch)))
        }
        out.append("close -> " + describe(script.closing))
        return out.joined(separator: "\n")
    }

    static func describe(_ proposal: NextCallProposal) -> String {
        "subject: \(proposal.subject) | they will: \(proposal.customerAction) | number: \(proposal.number)"
    }
}
