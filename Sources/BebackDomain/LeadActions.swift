import Foundation

/// Turns what a rep does into journal events: pure, with the clock and ids passed in.
/// The run loop appends the events and only then folds them into the state.
public struct LeadActions {
    public let engine: CadenceEngine
    public let rep: RepName

    public init(engine: CadenceEngine = CadenceEngine(), rep: RepName) {
        self.engine = engine
        self.rep = rep
    }

    /// A new lead and its first follow-up (rule 1).
    public func capture(
        _ profile: LeadProfile, wants: String, holdingBack: String, state: DeskState,
        at now: Date, ids: inout some IDGenerator, firstDue: Date? = nil
    ) throws -> [Event] {
        try Self.checkLengths(profile, wants: wants, holdingBack: holdingBack)
        guard ASCIIText.hasVisibleASCII(profile.name) || !profile.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw LeadActionError.missing("the lead's name")
        }
        guard TimeZone(identifier: profile.contact.timeZoneID) != nil else {
            throw LeadActionError.invalid("unknown time zone '\(profile.contact.timeZoneID)' (use a name such as Europe/London)")
        }
        for (index, phone) in profile.contact.phones.enumerated() where !phone.hasEnoughDigits {
            let digits = phone.digitCount
            throw LeadActionError.invalid(
                "phone\(index == 0 ? "" : " \(index + 1)"): \(digits) digit\(digits == 1 ? "" : "s") is not a phone number "
                    + "(at least \(PhoneNumber.minimumDigits)); leave it out if there is an email")
        }
        guard profile.contact.isReachable else { throw LeadActionError.missing("a phone number or email to reach them") }
        let lead = ids.newLeadID { state.leads.contains($0) }
        let first = engine.firstFollowUp(for: profile, wants: wants, at: now, due: firstDue)
        return [
            Event(id: ids.newEventID(), at: now, actor: rep, lead: lead, payload: .captured(profile, wants: wants, holdingBack: holdingBack)),
            Event(id: ids.newEventID(), at: now, actor: rep, lead: lead, payload: .scheduled(first))
        ]
    }

    /// The cadence's proposal for an outcome, for a form to pre-fill (nothing is written).
    public func propose(_ request: OutcomeRequest, state: DeskState, at now: Date) throws -> CadencePlan {
        let lead = try ownLead(request.lead, in: state)
        return engine.plan(after: request.outcome, channel: request.channel, on: lead, details: request.details, at: now)
    }

    /// The events that record an outcome and plan what follows.
    public func record(_ request: OutcomeRequest, state: DeskState, at now: Date, ids: inout some IDGenerator) throws -> (events: [Event], plan: CadencePlan) {
        let lead = try ownLead(request.lead, in: state)
        if let refusal = LeadLifecycle.refusal(.outcome(request.outcome), on: lead) { throw LeadActionError.refused(refusal) }
        if request.outcome == .appointment, request.details.appointmentAt == nil, request.nextOverride == nil {
            throw LeadActionError.missing("the appointment time")
        }
        if request.outcome == .notNow, (request.details.checkInReason ?? "").trimmingCharacters(in: .whitespaces).isEmpty {
            throw LeadActionError.missing("the reason to call at the long-term check-in (what may have changed by then)")
        }
        if let at = request.details.agreement?.callbackAt { try Self.refusePast(at, lead: lead, now: now) }
        if let at = request.details.appointmentAt { try Self.refusePast(at, lead: lead, now: now) }
        var plan = request.plan ?? engine.plan(after: request.outcome, channel: request.channel, on: lead, details: request.details, at: now)
        let blocking = plan.warnings.filter(\.needsConfirmation)
        if !blocking.isEmpty, !request.confirmed { throw LeadActionError.needsConfirmation(blocking) }
        if let override = request.nextOverride, !request.outcome.flags.contains(.final) {
            plan.next = override
            plan = CadenceEngine.avoidingBlocked(plan, lead: lead)
        }

        if lead.blockedChannels.contains(request.channel), request.outcome.isAttemptWithoutContact || request.outcome.rule == .badNumber {
            throw LeadActionError.refused("lead \(lead.id) asked not to be reached by \(request.channel.label) (\(lead.blockedChannelsText)): not recorded")
        }
        guard request.outcome.happens(on: request.channel) else {
            throw LeadActionError.invalid(
                "\(request.outcome.label) does not happen by \(request.channel.label) (only \(request.outcome.channels.map(\.label).joined(separator: ", ")))")
        }
        var touch = Touch(
            channel: request.channel, outcome: request.outcome, note: request.note,
            number: request.number, durationSeconds: request.durationSeconds.map { max(0, $0) })
        if request.outcome == .lost { touch.lostReason = request.details.lostReason ?? .silence }
        var events = [Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: .touched(touch))]
        if let agreement = request.details.agreement {
            events.append(Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: .agreed(agreement)))
        }
        if let next = plan.next {
            events.append(Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: .scheduled(next)))
        } else {
            events.append(
                Event(
                    id: ids.newEventID(), at: now, actor: rep, lead: lead.id,
                    payload: .unscheduled(reason: plan.unscheduledReason ?? "closed")))
        }
        return (events, plan)
    }

    /// Refuses an agreed time that has already passed (a callback "yesterday" would never be flagged idle).
    public static func refusePast(_ at: Date, lead: LeadState, now: Date) throws {
        guard at >= now else {
            let time = HumanTime(timeZone: lead.profile.contact.timeZone)
            throw LeadActionError.invalid("that time has passed: \(time.dayAndClock(at)) their time is before now (\(time.dayAndClock(now)))")
        }
    }

    /// The events of an agreement set outside an outcome (the desk's `a`): the agreement and its callback.
    /// Refused on a closed lead and for a time already passed; outside calling hours it needs `confirmed`.
    public func agree(
        _ agreement: Agreement, on leadID: LeadID, confirmed: Bool, state: DeskState, at now: Date,
        ids: inout some IDGenerator
    ) throws -> [Event] {
        let lead = try ownLead(leadID, in: state)
        if let refusal = LeadLifecycle.refusal(.agreement, on: lead) { throw LeadActionError.refused(refusal) }
        try Self.refusePast(agreement.callbackAt, lead: lead, now: now)
        if lead.blockedChannels.contains(.phone) {
            throw LeadActionError.refused("lead \(lead.id) asked not to be called (\(lead.blockedChannelsText)): no callback is planned")
        }
        let window = engine.window(for: lead.profile.contact)
        if !confirmed, !window.isCallable(agreement.callbackAt) {
            throw LeadActionError.needsConfirmation([.outsideCallingHours(agreement.callbackAt, lead.profile.contact.timeZone)])
        }
        let callback = FollowUp(
            due: agreement.callbackAt, kind: .agreedCallback, channel: .phone,
            purpose: agreement.subject.isEmpty ? "the call we agreed" : agreement.subject)!
        return [
            Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: .agreed(agreement)),
            Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: .scheduled(callback))
        ]
    }

    /// A delivery after a sale: the satisfaction call moves to `satisfactionDays` after it (rule 9).
    public func deliver(_ leadID: LeadID, state: DeskState, at now: Date, ids: inout some IDGenerator) throws -> [Event] {
        let lead = try ownLead(leadID, in: state)
        if let refusal = LeadLifecycle.refusal(.delivered, on: lead) { throw LeadActionError.refused(refusal) }
        let call = engine.satisfactionCall(for: lead, deliveredAt: now)
        return [
            Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: .delivered),
            Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: .scheduled(call))
        ]
    }

    /// Works a lead closed as lost again, with the reason journaled; its next step is a call at the
    /// next callable moment about that reason.
    public func reopen(_ leadID: LeadID, reason: String, state: DeskState, at now: Date, ids: inout some IDGenerator) throws -> [Event] {
        let lead = try ownLead(leadID, in: state)
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty else { throw LeadActionError.missing("the reason to reopen the lead (--reason)") }
        if let refusal = LeadLifecycle.refusal(.reopen, on: lead) { throw LeadActionError.refused(refusal) }
        let window = engine.window(for: lead.profile.contact)
        let channel = ChannelBlocking.allowed(.phone, contact: lead.profile.contact, blocked: lead.blockedChannels) ?? .phone
        let next = FollowUp(due: window.earliestCallable(notBefore: now), kind: .manual, channel: channel, purpose: "reopened: \(why)")!
        return [
            Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: .reopened(reason: why)),
            Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: .scheduled(next))
        ]
    }

    /// Moves the lead's next step to `until`, with the reason journaled: the step (its kind, channel
    /// and purpose kept) is scheduled again, then the snooze says why. Not a touch. Refused on a
    /// closed lead, a lead with nothing planned, a time not after now, and without a reason.
    public func snooze(_ leadID: LeadID, until: Date, reason: String, state: DeskState, at now: Date, ids: inout some IDGenerator) throws -> [Event] {
        let lead = try ownLead(leadID, in: state)
        let why = reason.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !why.isEmpty else { throw LeadActionError.missing("the reason to snooze the lead (why the step moves)") }
        if lead.isClosed { throw LeadActionError.closed(lead.id, lead.stage) }
        guard let next = lead.next else { throw LeadActionError.invalid("lead \(lead.id) has no next step to snooze (nothing is planned)") }
        guard until > now else {
            let time = HumanTime(timeZone: lead.profile.contact.timeZone)
            throw LeadActionError.invalid("snooze to a later time: \(time.dayAndClock(until)) their time is not after now (\(time.dayAndClock(now)))")
        }
        let moved = FollowUp(restoring: until, kind: next.kind, channel: next.channel, checkedPurpose: next.purpose)
        let snooze = Snooze(until: until, from: lead.snoozedFrom ?? next.due, reason: why)
        return [
            Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: .scheduled(moved)),
            Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: .snoozed(snooze))
        ]
    }

    /// The lead asked not to be reached on `channels` (`ChannelBlocking.blockPayloads`): the block
    /// and the next step moved off it, or a whole-lead do-not-contact when no channel is left.
    /// Refused on a lead already do-not-contact and when every channel named is already blocked.
    public func blockChannels(
        _ channels: Set<Channel>, reason: String, on leadID: LeadID, state: DeskState, at now: Date, ids: inout some IDGenerator
    ) throws -> [Event] {
        let lead = try ownLead(leadID, in: state)
        if LeadLifecycle.stage(of: lead) == .doNotContact {
            throw LeadActionError.refused("lead \(lead.id) asked not to be contacted at all: every channel is blocked already")
        }
        let why = Self.trim(reason)
        try Self.checkLength([("reason", why)])
        let words = ChannelBlock.describe(channels)
        let payloads = ChannelBlocking.blockPayloads(channels, reason: why.isEmpty ? "asked: \(words)" : why, on: lead)
        guard !payloads.isEmpty else { throw LeadActionError.invalid("lead \(lead.id) is already blocked there (\(lead.blockedChannelsText))") }
        return payloads.map { Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: $0) }
    }

    /// Takes back the lead's blocks of `channels`, with the reason journaled (it asked to hear from us that way again).
    public func liftChannelBlock(
        _ channels: Set<Channel>, reason: String, on leadID: LeadID, state: DeskState, at now: Date, ids: inout some IDGenerator
    ) throws -> Event {
        let lead = try ownLead(leadID, in: state)
        let why = Self.trim(reason)
        guard !why.isEmpty else { throw LeadActionError.missing("the reason the block is lifted (--reason)") }
        try Self.checkLength([("reason", why)])
        guard let payload = ChannelBlocking.liftPayload(channels, reason: why, on: lead) else {
            throw LeadActionError.invalid("lead \(lead.id) has no block on \(ChannelBlock.describe(channels).dropFirst(3)): nothing to lift")
        }
        return Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: payload)
    }

    /// One event on a lead the rep owns (a note, an objection, an agreement, a correction).
    public func event(_ payload: EventPayload, on leadID: LeadID, state: DeskState, at now: Date, ids: inout some IDGenerator) throws -> Event {
        let lead = try ownLead(leadID, in: state)
        return Event(id: ids.newEventID(), at: now, actor: rep, lead: lead.id, payload: payload)
    }

    /// Who else decides and what they need, as it now stands (it replaces the last one recorded).
    /// Refused when every part is empty, and on a lead that asked not to be contacted.
    public func recordDecisionProcess(
        _ process: DecisionProcess, on leadID: LeadID, state: DeskState, at now: Date, ids: inout some IDGenerator
    ) throws -> Event {
        let trimmed = DecisionProcess(
            otherDeciders: Self.trim(process.otherDeciders), criteria: Self.trim(process.criteria),
            informationNeeded: Self.trim(process.informationNeeded), reviewTime: Self.trim(process.reviewTime))
        guard !trimmed.isEmpty else {
            throw LeadActionError.missing("the decision process: who else decides, their criteria, what they need, or the review time")
        }
        try Self.checkLength(
            [
                ("other deciders", trimmed.otherDeciders), ("criteria", trimmed.criteria), ("information needed", trimmed.informationNeeded),
                ("review time", trimmed.reviewTime)
            ])
        try refuseDoNotContact(leadID, in: state)
        return try event(.decisionProcess(trimmed), on: leadID, state: state, at: now, ids: &ids)
    }

    /// What the customer thinks of the offer, as it now stands (it replaces the last feedback).
    public func recordFeedback(_ feedback: Feedback, on leadID: LeadID, state: DeskState, at now: Date, ids: inout some IDGenerator) throws -> Event {
        let trimmed = Feedback(likes: Self.trim(feedback.likes), comfort: Self.trim(feedback.comfort), priceFit: Self.trim(feedback.priceFit))
        guard !(trimmed.likes.isEmpty && trimmed.comfort.isEmpty && trimmed.priceFit.isEmpty) else {
            throw LeadActionError.missing("the feedback: what they like, their comfort with the options, or how the price fits")
        }
        try Self.checkLength([("likes", trimmed.likes), ("comfort", trimmed.comfort), ("price fit", trimmed.priceFit)])
        try refuseDoNotContact(leadID, in: state)
        return try event(.feedback(trimmed), on: leadID, state: state, at: now, ids: &ids)
    }

    /// A logged objection's new status and answer. `objection` is its id, an unambiguous prefix of
    /// it, or its place in the lead's log counted from 1. Answered needs an answer.
    public func updateObjection(
        _ objection: String, on leadID: LeadID, status: ObjectionStatus, answer: String?, state: DeskState, at now: Date,
        ids: inout some IDGenerator
    ) throws -> Event {
        let lead = try ownLead(leadID, in: state)
        let found = try Self.findObjection(objection, in: lead)
        let newAnswer = answer.map(Self.trim) ?? found.answer
        if status == .answered, newAnswer.isEmpty { throw LeadActionError.missing("the answer we gave (an answered objection says how it was answered)") }
        try Self.checkLength([("answer", newAnswer)])
        try refuseDoNotContact(leadID, in: state)
        if newAnswer == found.answer, status == found.status {
            throw LeadActionError.invalid("objection \(found.id) is already \(status.rawValue) with that answer: nothing to change")
        }
        return try event(.objectionUpdated(id: found.id, answer: newAnswer, status: status), on: leadID, state: state, at: now, ids: &ids)
    }

    /// The objection `text` names on `lead`: its place in the log (1, 2...), its id, or a prefix of its id.
    public static func findObjection(_ text: String, in lead: LeadState) throws -> Objection {
        let wanted = text.trimmingCharacters(in: .whitespaces)
        guard !lead.objections.isEmpty else { throw LeadActionError.invalid("lead \(lead.id) has no objection logged") }
        if let place = Int(wanted), place >= 1, place <= lead.objections.count, !lead.objections.contains(where: { $0.id == wanted }) {
            return lead.objections[place - 1]
        }
        if let exact = lead.objections.first(where: { $0.id == wanted }) { return exact }
        let matches = wanted.isEmpty ? [] : lead.objections.filter { $0.id.hasPrefix(wanted) }
        guard matches.count == 1 else {
            let known = lead.objections.enumerated().map { "\($0 + 1) \($1.id)" }.joined(separator: ", ")
            throw LeadActionError.invalid(
                matches.isEmpty
                    ? "lead \(lead.id) has no objection '\(wanted)' (its objections: \(known))"
                    : "objection '\(wanted)' is ambiguous on lead \(lead.id) (its objections: \(known))")
        }
        return matches[0]
    }

    private func refuseDoNotContact(_ leadID: LeadID, in state: DeskState) throws {
        let lead = try ownLead(leadID, in: state)
        if LeadLifecycle.stage(of: lead) == .doNotContact {
            throw LeadActionError.refused("lead \(lead.id) asked not to be contacted: nothing more is recorded on it")
        }
    }

    private static func trim(_ text: String) -> String { text.trimmingCharacters(in: .whitespacesAndNewlines) }

    private static func checkLength(_ fields: [(String, String)]) throws(LeadActionError) {
        for (field, value) in fields where value.count > LeadProfile.maxFieldLength {
            throw .invalid("\(field) is \(grouped(value.count)) characters long (at most \(grouped(LeadProfile.maxFieldLength)))")
        }
    }

    /// An objection the rep heard, with a fresh id from `ids` (two logged on a lead in the same
    /// second are two objections); answered when it comes with an answer.
    public func logObjection(
        _ category: ObjectionCategory, words: String, answer: String, on leadID: LeadID, state: DeskState,
        at now: Date, ids: inout some IDGenerator
    ) throws -> Event {
        let objection = Objection(
            id: ids.newObjectionID(), category: category, words: words, answer: answer,
            status: answer.isEmpty ? .open : .answered, loggedAt: now)
        return try event(.objectionLogged(objection), on: leadID, state: state, at: now, ids: &ids)
    }

    /// The compensating event that undoes `target` (the journal keeps both).
    public func undo(_ target: Event, state: DeskState, at now: Date, ids: inout some IDGenerator) throws -> Event {
        _ = try ownLead(target.lead, in: state)
        return Event(id: ids.newEventID(), at: now, actor: rep, lead: target.lead, payload: .revoked(target.id, reason: "undo"))
    }

    /// Refuses a text field over `LeadProfile.maxFieldLength` characters, naming the field (as an import does).
    static func checkLengths(_ profile: LeadProfile, wants: String, holdingBack: String) throws(LeadActionError) {
        // Field by field, in this order, without gathering them first (an import checks every lead).
        try checkFieldLength("name", profile.name)
        try checkFieldLength("company", profile.company)
        try checkFieldLength("interest", profile.interest)
        try checkFieldLength("wants", wants)
        try checkFieldLength("holding back", holdingBack)
        try checkFieldLength("email", profile.contact.email ?? "")
        try checkFieldLength("time zone", profile.contact.timeZoneID)
        for (index, phone) in profile.contact.phones.enumerated() {
            try checkFieldLength(index == 0 ? "phone" : "phone \(index + 1)", phone.number)
        }
    }

    private static func checkFieldLength(_ field: @autoclosure () -> String, _ value: String) throws(LeadActionError) {
        guard !ASCIIText.countIsAtMost(value, LeadProfile.maxFieldLength) else { return }
        throw .invalid("\(field()) is \(grouped(value.count)) characters long (at most \(grouped(LeadProfile.maxFieldLength)))")
    }

    /// 130000 as "130,000".
    private static func grouped(_ value: Int) -> String {
        let digits = Array(String(value))
        var text = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { text.append(",") }
            text.append(digit)
        }
        return text
    }

    /// The lead, if it exists and this rep owns it.
    public func ownLead(_ id: LeadID, in state: DeskState) throws -> LeadState {
        let lead = try state.findLead(id.rawValue)
        guard lead.profile.owner == rep else { throw LeadActionError.notOwner(lead: lead.id, owner: lead.profile.owner, rep: rep) }
        return lead
    }
}
