import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation

/// A random desk written through the real store: several reps capturing leads, outcomes through the
/// cadence, notes, objections, corrections, reassignments, undos (also of a capture) and entries of
/// kinds this build does not know. The same seed gives the same desk; `grow` continues it later in time.
final class GeneratedDesk {
    let folder: DeskFolder
    let store: FileEventStore
    private(set) var state = DeskState()
    private(set) var written = 0
    private var random: SeededRandom
    private var ids: SeededIDGenerator
    private var now: Date
    private var history: [Event] = []
    private let reps: [RepName] = ["ann", "ben", "chen"]

    init(seed: UInt64, start: Date = Date(timeIntervalSince1970: 1_790_000_000)) throws {
        folder = try DeskFolder.create(at: Fixtures.temporaryFolder("snapshot").appendingPathComponent("desk"))
        store = try FileEventStore(folder: folder)
        random = SeededRandom(seed: seed)
        ids = SeededIDGenerator(seed: seed)
        now = start
    }

    private func pick<T>(_ items: [T]) -> T { items[Int(random.next() % UInt64(items.count))] }
    private func chance(_ percent: UInt64) -> Bool { random.next() % 100 < percent }

    /// Writes `steps` more actions, each later in time than the last.
    func grow(steps: Int) throws {
        for _ in 0..<steps {
            now = now.addingTimeInterval(Double(1 + random.next() % 900))
            try step()
        }
    }

    /// Marks `lead` do-not-contact and lifts its first number, as a manager would (a `dnc-lifted` entry).
    func markAndLift(_ lead: LeadID, manager: RepName = "mia") throws {
        now = now.addingTimeInterval(60)
        let owner = state.leads[lead]?.profile.owner ?? "ann"
        try save([Event(id: ids.newEventID(), at: now, actor: owner, lead: lead, payload: .touched(Touch(channel: .phone, outcome: .doNotContact)))], as: owner)
        let number = state.leads[lead]?.profile.contact.phones.first?.number ?? ""
        try save(try DoNotContactLift.events(lifting: number, reason: "number reassigned", state: state, actor: manager, at: now, ids: &ids), as: manager)
    }

    /// Blocks `channels` on `lead`, as its owner would record the lead's request (`LeadActions.blockChannels`).
    func block(_ channels: Set<Channel>, on lead: LeadID) throws {
        now = now.addingTimeInterval(60)
        let owner = state.leads[lead]?.profile.owner ?? "ann"
        try save(try LeadActions(rep: owner).blockChannels(channels, reason: "asked \"no\" 王", on: lead, state: state, at: now, ids: &ids), as: owner)
    }

    /// Snoozes `lead` to a week on, as its owner would (a `scheduled` and a `snoozed` entry).
    func snooze(_ lead: LeadID, reason: String = "on holiday") throws {
        now = now.addingTimeInterval(60)
        let owner = state.leads[lead]?.profile.owner ?? "ann"
        try save(
            try LeadActions(rep: owner).snooze(lead, until: now.addingTimeInterval(7 * 86_400), reason: reason, state: state, at: now, ids: &ids), as: owner)
    }

    /// Journals a calling session of `rep` (a `session` entry, under the reserved lead).
    func recordSession(_ rep: RepName = "ann") throws {
        now = now.addingTimeInterval(60)
        let record = SessionRecord(started: now.addingTimeInterval(-1800), ended: now, calls: 9, contacts: 3, voicemails: 4, talkSeconds: 610, goalCalls: 40)
        try save([Event(id: ids.newEventID(), at: now, actor: rep, lead: SessionRecord.lead, payload: .sessionRecorded(record))], as: rep)
    }

    private func save(_ events: [Event], as rep: RepName) throws {
        _ = try store.append(events, to: .rep(rep))
        for event in events { state.apply(event) }
        history += events
        written += events.count
    }

    private func step() throws {
        let leads = state.leads.ids.sorted()
        if leads.isEmpty || chance(25) {
            let rep = pick(reps)
            var profile = Fixtures.profile(name: "Lead \(written)", owner: rep, zone: pick(["Europe/London", "America/New_York", "Asia/Tokyo"]))
            profile.interest = pick(["oak kitchen", "hearing aids", "solar panels", ""])
            let actions = LeadActions(rep: rep)
            try save(
                try actions.capture(
                    profile, wants: pick(["a quote", "", "a visit"]), holdingBack: pick(["price", "", "timing"]),
                    state: state, at: now, ids: &ids), as: rep)
            return
        }
        let lead = state.leads[pick(leads)]!
        let rep = lead.profile.owner == DeskConfig.poolOwner ? pick(reps) : lead.profile.owner
        let roll = random.next() % 100
        func event(_ payload: EventPayload) -> Event {
            Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: payload)
        }
        switch roll {
        case 0..<45:
            let outcome = pick([Disposition.reached, .voicemail, .noAnswer, .busy, .notNow, .appointment, .won, .lost, .badNumber])
            let request = OutcomeRequest(lead: lead.id, outcome: outcome, note: pick(["", "call after lunch", "wife decides"]), confirmed: true)
            var generator = ids
            if let (events, _) = try? LeadActions(rep: lead.profile.owner).record(request, state: state, at: now, ids: &generator) {
                ids = generator
                try save(events, as: lead.profile.owner)
            }
        case 45..<55: try save([event(.noted(pick(["likes the blue one", "ñandú — ünïcödé", "price ok"])))], as: rep)
        case 55..<62:
            try save(
                [
                    event(
                        .objectionLogged(
                            Objection(
                                id: ids.newObjectionID(), category: pick(ObjectionCategory.allCases),
                                words: "too dear", loggedAt: now)))
                ], as: rep)
        case 62..<68:
            var profile = lead.profile
            profile.company = pick(["Acme", "Raman Interiors", ""])
            try save([event(.profileUpdated(profile))], as: rep)
        case 68..<73: try save([event(.reassigned(to: pick(reps)))], as: rep)
        case 73..<80:
            let candidates = history.filter { if case .revoked = $0.payload { return false } else { return true } }
            guard let target = candidates.last(where: { _ in chance(30) }) ?? candidates.last else { return }
            try save([Event(id: ids.newEventID(), at: now, actor: rep, lead: target.lead, payload: .revoked(target.id, reason: "undo"))], as: rep)
        case 80..<86:
            try writeUnknownKind(rep: rep, lead: lead.id)
        case 86..<92:
            try save([event(.agreed(Agreement(callbackAt: now.addingTimeInterval(86_400), subject: "the quote", madeAt: now)))], as: rep)
        default:
            try save([event(.feedback(Feedback(likes: "the colour", comfort: "fine", priceFit: pick(["ok", "high"]))))], as: rep)
        }
    }

    /// An entry a newer beback would write: this build keeps it and does not fold it.
    func writeUnknownKind(rep: RepName, lead: LeadID) throws {
        let id = ids.newEventID()
        let payload =
            "{\"at\":\(Int(now.timeIntervalSince1970)),\"body\":{\"score\":7,\"why\":\"future\"},\"by\":\"\(rep)\",\"id\":\"\(id)\",\"kind\":\"lead-score\",\"lead\":\"\(lead)\",\"v\":1}"
        _ = try JournalWriter(path: folder.journalPath(.rep(rep)), name: JournalName.rep(rep).fileName).append([Array(payload.utf8)], at: now)
        state.apply(Event(id: id, at: now, actor: rep, lead: lead, payload: .unknown(kind: "lead-score")))
        written += 1
    }

    /// The desk replayed from every journal by a fresh store (the reference every snapshot must equal).
    func fullReplay() throws -> DeskState {
        try FileEventStore(folder: folder).loadEverything().state
    }
}
