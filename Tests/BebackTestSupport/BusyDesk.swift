import BebackDomain
import Foundation

extension DeskHarness {
    /// The zone the busy desk's times are in.
    public static let busyZone = "Europe/London"

    /// A busy little desk: captures, touches of every kind, agreement, objections, notes.
    public static func busy() throws -> DeskHarness {
        var desk = DeskHarness()
        let a = try desk.capture(Fixtures.profile(name: "Priya Raman"), at: Fixtures.at("2026-11-02 10:00", Self.busyZone))
        let b = try desk.capture(Fixtures.profile(name: "王小明 😀"), at: Fixtures.at("2026-11-02 11:00", Self.busyZone))
        try desk.record(OutcomeRequest(lead: a, outcome: .voicemail, note: "left message"), at: Fixtures.at("2026-11-03 10:00", Self.busyZone))
        let agreement = Agreement(
            callbackAt: Fixtures.at("2026-11-06 15:00", Self.busyZone), number: "+44 20 7946 0003", subject: "the quote",
            customerAction: "review with Tom", madeAt: Fixtures.at("2026-11-04 10:00", Self.busyZone))
        try desk.record(
            OutcomeRequest(lead: a, outcome: .reached, note: "wants oak", details: OutcomeDetails(agreement: agreement)),
            at: Fixtures.at("2026-11-04 10:00", Self.busyZone))
        let objection = Objection(id: "obj-1", category: .price, words: "more than we planned", loggedAt: Fixtures.at("2026-11-04 10:05", Self.busyZone))
        desk.apply([
            try desk.actions.event(.objectionLogged(objection), on: a, state: desk.state, at: Fixtures.at("2026-11-04 10:05", Self.busyZone), ids: &desk.ids)
        ])
        desk.apply([
            try desk.actions.event(
                .objectionUpdated(id: "obj-1", answer: "spread over 12 months", status: .answered), on: a,
                state: desk.state, at: Fixtures.at("2026-11-04 10:06", Self.busyZone), ids: &desk.ids)
        ])
        desk.apply([
            try desk.actions.event(.noted("prefers afternoons"), on: b, state: desk.state, at: Fixtures.at("2026-11-04 12:00", Self.busyZone), ids: &desk.ids)
        ])
        try desk.record(
            OutcomeRequest(lead: b, outcome: .notNow, details: OutcomeDetails(checkInReason: "new range")), at: Fixtures.at("2026-11-05 10:00", Self.busyZone))
        return desk
    }
}
