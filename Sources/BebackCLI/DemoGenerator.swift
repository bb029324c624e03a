import BebackDomain
import BebackResources
import Foundation

/// Makes a realistic demo desk, the same for the same seed and clock: several reps, walkouts,
/// voicemails, agreed callbacks, appointments, objections, wins and long-term "not now" leads,
/// each lead's history simulated through the real cadence rules.
public struct DemoGenerator {
    public let leadCount: Int
    public let seed: UInt64
    public let now: Date
    public let reps: [RepName]

    /// The word lists the demo draws from (bundled in `Resources/demo`).
    struct Words {
        var firstNames: [String]
        var lastNames: [String]
        var companies: [String]
        var interests: [(String, String)]
        var objections: [(ObjectionCategory, String, String)]

        static func bundled() -> Words {
            func lines(_ name: String, fallback: [String]) -> [String] {
                let text = BundledResources.text("demo/\(name)") ?? ""
                let found = text.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
                return found.isEmpty ? fallback : found
            }
            let interests = lines("interests.txt", fallback: ["new kitchen|review the quote"]).map { line -> (String, String) in
                let parts = line.split(separator: "|", maxSplits: 1).map(String.init)
                return (parts[0], parts.count > 1 ? parts[1] : "think it over")
            }
            let objections = lines("objections.txt", fallback: ["price|too expensive|we can spread the cost"]).compactMap {
                line -> (ObjectionCategory, String, String)? in
                let parts = line.split(separator: "|").map(String.init)
                guard parts.count == 3, let category = ObjectionCategory(rawValue: parts[0]) else { return nil }
                return (category, parts[1], parts[2])
            }
            return Words(
                firstNames: lines("first-names.txt", fallback: ["Alex"]), lastNames: lines("last-names.txt", fallback: ["Smith"]),
                companies: lines("companies.txt", fallback: ["-"]), interests: interests, objections: objections)
        }
    }

    static let repNames = ["ann", "ben", "chen", "dana", "eli", "fay", "gus", "hana", "ivan", "jo"]
    static let zones = ["Europe/London", "Europe/London", "Europe/London", "Europe/Berlin", "America/New_York", "Asia/Tokyo"]

    public init(leads: Int, seed: UInt64, now: Date, repCount: Int? = nil) {
        leadCount = leads
        self.seed = seed
        self.now = now
        let count = repCount ?? max(3, leads / 2000)
        reps = (0..<count).map { index in
            index < Self.repNames.count ? RepName(Self.repNames[index]) : RepName("rep\(index + 1)")
        }
    }

    /// Every event of the demo desk, grouped by the rep whose journal holds them.
    public func events() -> [RepName: [Event]] {
        var random = SeededRandom(seed: seed)
        var ids = SeededIDGenerator(seed: seed &+ 1)
        let words = Words.bundled()
        var taken = Set<LeadID>()
        var byRep: [RepName: [Event]] = [:]
        for index in 0..<leadCount {
            let rep = reps[index % reps.count]
            let leadEvents = simulateLead(rep: rep, words: words, random: &random, ids: &ids, taken: &taken)
            byRep[rep, default: []].append(contentsOf: leadEvents)
        }
        return byRep
    }

    private func pick<T>(_ items: [T], _ random: inout SeededRandom) -> T { items[Int(random.next() % UInt64(items.count))] }
    private func chance(_ probability: Double, _ random: inout SeededRandom) -> Bool { Double(random.next() % 10_000) / 10_000 < probability }

    private func simulateLead(rep: RepName, words: Words, random: inout SeededRandom, ids: inout SeededIDGenerator, taken: inout Set<LeadID>) -> [Event] {
        let actions = LeadActions(rep: rep)
        let zone = pick(Self.zones, &random)
        let (interest, customerAction) = pick(words.interests, &random)
        let company = pick(words.companies, &random)
        let name = "\(pick(words.firstNames, &random)) \(pick(words.lastNames, &random))"
        let number = String(format: "+44 20 7946 %04d", Int(random.next() % 10_000))
        let email = chance(0.7, &random) ? name.lowercased().replacingOccurrences(of: " ", with: ".") + "@example.com" : nil
        let contact = ContactPoints(
            phones: [PhoneNumber(number)], email: email, preferredChannel: chance(0.8, &random) ? .phone : .email,
            bestTime: pick(BestTime.allCases, &random), timeZoneID: zone)
        let profile = LeadProfile(
            name: name, company: company == "-" ? "" : company, contact: contact, source: pick(LeadSource.allCases, &random),
            owner: rep, interest: interest, salesCycleDays: pick([14, 30, 30, 60, 90, 180], &random))
        let window = CallingWindow(policy: .standard, timeZone: contact.timeZone)
        let daysAgo = Int(random.next() % 45)
        let captureDay = window.addingDays(-daysAgo, to: now)
        var capturedAt = window.on(captureDay, minute: 10 * 60 + Int(random.next() % 480))
        if capturedAt > now { capturedAt = now.addingTimeInterval(-3600) }

        var state = DeskState()
        var all: [Event] = []
        func apply(_ events: [Event]) {
            for event in events { state.apply(event) }
            all.append(contentsOf: events)
        }
        let holdingBack = pick(["wants to compare prices", "needs to ask their partner", "not sure about the timing", "budget not approved yet"], &random)
        guard let captured = try? actions.capture(profile, wants: interest, holdingBack: holdingBack, state: state, at: capturedAt, ids: &ids) else {
            return []
        }
        let lead = captured[0].lead
        taken.insert(lead)
        apply(captured)

        for _ in 0..<14 {
            guard let current = state.leads[lead], let next = current.next, next.due <= now, !current.isClosed else { break }
            // Recent follow-ups are sometimes still open: they make today's due and overdue list.
            if next.due > now.addingTimeInterval(-4 * 86_400), chance(0.6, &random) { break }
            // A touch lands a little after its due time, never outside their calling hours.
            var at = next.due.addingTimeInterval(Double(random.next() % 90) * 60)
            if !window.isCallable(at) { at = window.earliestCallable(notBefore: next.due) }
            guard at <= now else { break }
            let sold = [.won, .delivered, .customer].contains(LeadLifecycle.stage(of: current))
            let channel = next.kind == .appointment ? Channel.inPerson : next.channel
            let outcome = Self.fit(chooseOutcome(for: current, next: next, sold: sold, random: &random), on: channel)
            var details = OutcomeDetails()
            // Agreed times are on a working day, inside calling hours.
            let callbackDay = window.workingDay(onOrAfter: window.addingDays(1 + Int(random.next() % 6), to: at))
            let callbackAt = window.on(callbackDay, minute: pick([10 * 60, 11 * 60 + 30, 14 * 60 + 30, 16 * 60], &random))
            switch outcome {
            case .reached where !sold && chance(0.6, &random):
                details.agreement = Agreement(
                    callbackAt: callbackAt, number: number, subject: "going through the \(interest) quote",
                    customerAction: customerAction, madeAt: at)
            case .appointment:
                details.appointmentAt = callbackAt
                details.appointmentSubject = "\(interest) in the showroom"
            case .notNow:
                details.checkInReason = pick(["the spring range arrives", "prices change in the new year", "their lease ends"], &random)
            case .lost:
                details.lostReason = pick([.competitor, .price, .noNeed], &random)
            default: break
            }
            let request = OutcomeRequest(
                lead: lead, outcome: outcome, channel: channel, note: note(for: outcome, sold: sold, interest: interest, random: &random),
                details: details, confirmed: true)
            guard let (events, _) = try? actions.record(request, state: state, at: at, ids: &ids) else { break }
            apply(events)
            // Most sales are delivered a few working days later; the satisfaction call counts from then.
            if outcome == .won, chance(0.75, &random) {
                let deliveredAt = window.earliestCallable(notBefore: window.addingDays(2 + Int(random.next() % 5), to: at))
                if deliveredAt <= now, let events = try? actions.deliver(lead, state: state, at: deliveredAt, ids: &ids) { apply(events) }
            }
            guard !sold, outcome == .reached else { continue }
            if chance(0.45, &random), let objection = words.objections.isEmpty ? nil : pick(words.objections, &random) {
                let status: ObjectionStatus = chance(0.5, &random) ? .open : (chance(0.8, &random) ? .answered : .recurring)
                let logged = Objection(
                    id: ids.newObjectionID(), category: objection.0, words: objection.1,
                    answer: status == .open && chance(0.4, &random) ? "" : objection.2, status: status, loggedAt: at)
                apply([Event(id: ids.newEventID(), at: at, actor: rep, lead: lead, payload: .objectionLogged(logged))])
            }
            if chance(0.3, &random) {
                let process = DecisionProcess(
                    otherDeciders: pick(["their spouse", "their business partner", "the finance director"], &random),
                    criteria: pick(["price and delivery time", "quality of finish", "warranty"], &random),
                    informationNeeded: pick(["a written quote", "the finish samples", "references from a recent job"], &random),
                    reviewTime: pick(["a week", "two weeks", "until payday"], &random))
                apply([Event(id: ids.newEventID(), at: at, actor: rep, lead: lead, payload: .decisionProcess(process))])
            }
            if chance(0.25, &random) {
                let feedback = Feedback(
                    likes: pick(["the \(interest) options", "the finish samples", "the delivery dates"], &random),
                    comfort: pick(["comfortable with the options", "unsure between two options", "wants to see it again"], &random),
                    priceFit: pick(["within budget", "a stretch", "above what they planned"], &random))
                apply([Event(id: ids.newEventID(), at: at, actor: rep, lead: lead, payload: .feedback(feedback))])
            }
        }
        // Some leads agreed a callback for later today, so the demo has appointments to show: the
        // call that agreed it and the callback are both inside their calling hours.
        if let current = state.leads[lead], [.working, .engaged, .new].contains(LeadLifecycle.stage(of: current)), chance(0.15, &random) {
            let spokeDay = window.workingDay(onOrAfter: window.addingDays(-Int(1 + random.next() % 3), to: now))
            let spokeAt = window.on(spokeDay, minute: 10 * 60 + Int(random.next() % 420))
            let laterToday = now.addingTimeInterval(Double(1 + random.next() % 6) * 1800)
            let agreement = Agreement(
                callbackAt: laterToday, number: number, subject: "going through the \(interest) quote",
                customerAction: customerAction, madeAt: spokeAt)
            let request = OutcomeRequest(
                lead: lead, outcome: .reached, note: "keen; wants the final numbers",
                details: OutcomeDetails(agreement: agreement), confirmed: true)
            if spokeAt < now, window.isCallable(spokeAt), window.isCallable(laterToday), spokeAt > (current.lastTouch?.at ?? current.capturedAt),
                let (events, _) = try? actions.record(request, state: state, at: spokeAt, ids: &ids)
            {
                apply(events)
            }
        }
        return all
    }

    /// The outcome as it can happen on `channel`: a voicemail or a busy line is a call's; by email,
    /// text, letter or message no reply is "no answer"; a bounce on social media is no answer too.
    static func fit(_ outcome: Disposition, on channel: Channel) -> Disposition {
        if outcome.happens(on: channel) { return outcome }
        return channel == .inPerson ? .reached : .noAnswer
    }

    private func chooseOutcome(for lead: LeadState, next: FollowUp, sold: Bool, random: inout SeededRandom) -> Disposition {
        // After a sale the story is the customer's: the satisfaction call and check-ins, never selling again.
        if sold { return pick([.reached, .reached, .reached, .voicemail, .noAnswer], &random) }
        if next.kind == .appointment {
            return pick([.won, .won, .reached, .reached, .notNow, .lost], &random)
        }
        let roll = random.next() % 100
        switch roll {
        case 0..<25: return .voicemail
        case 25..<43: return .noAnswer
        case 43..<47: return .busy
        case 47..<73: return .reached
        case 73..<82: return .appointment
        case 82..<89: return .notNow
        case 89..<93: return .won
        case 93..<97: return .lost
        case 97..<99: return .badNumber
        default: return lead.touchCount > 3 ? .doNotContact : .voicemail
        }
    }

    private func note(for outcome: Disposition, sold: Bool, interest: String, random: inout SeededRandom) -> String {
        if sold, outcome == .reached { return pick(["happy with it", "a small snag, sorted", "would recommend us"], &random) }
        switch outcome {
        case .reached: return pick(["liked the \(interest) options", "asked about delivery dates", "wants to see the finish samples", ""], &random)
        case .voicemail: return pick(["left a short message", ""], &random)
        case .notNow: return "not this season"
        case .won: return "signed; delivery booked"
        case .appointment: return "coming in to see it"
        default: return ""
        }
    }
}
