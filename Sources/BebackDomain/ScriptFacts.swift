import Foundation

/// The facts a call script is filled from, taken from one lead's own journal, the clock and the
/// cadence. A fact the journal lacks is simply absent: filling uses its placeholder's fallback, and
/// a `?` line that needs it is left out.
public struct ScriptFacts: Equatable, Sendable {
    /// The facts the journal has, by placeholder.
    public private(set) var known: [ScriptPlaceholder: String]

    /// Facts given directly (for tests and previews).
    public init(known: [ScriptPlaceholder: String]) {
        self.known = known.filter { !$0.value.isEmpty }
    }

    /// The text for a placeholder: the fact, or its fallback.
    public func value(_ placeholder: ScriptPlaceholder) -> String { known[placeholder] ?? placeholder.fallback }

    /// Whether the journal has this fact.
    public func has(_ placeholder: ScriptPlaceholder) -> Bool { known[placeholder] != nil }

    /// Gathers the facts for `lead` at `now`, as `rep` would say them.
    public init(lead: LeadState, rep: RepName, now: Date, policy: CadencePolicy = .standard) {
        let contact = lead.profile.contact
        let time = HumanTime(timeZone: contact.timeZone, now: now)
        var facts: [ScriptPlaceholder: String] = [:]
        facts[.rep] = rep.rawValue.prefix(1).uppercased() + rep.rawValue.dropFirst()
        facts[.name] = lead.profile.name
        facts[.firstName] = lead.profile.name.split(separator: " ").first.map(String.init)
        facts[.reason] = lead.next.map { Self.reason(for: $0) }
        let spoke = lead.lastContact?.at ?? (lead.profile.source == .walkIn ? lead.capturedAt : nil)
        if let spoke {
            facts[.lastSpoke] = time.day(spoke)
            facts[.lastSpokeRelative] = time.relative(spoke, now: now)
        }
        facts[.discussed] = lead.wants.isEmpty ? lead.profile.interest : lead.wants
        facts[.lastNote] = lead.lastContact?.touch.note
        facts[.holdingBack] = lead.holdingBack
        if let agreement = lead.agreement {
            facts[.agreedOn] = time.day(agreement.madeAt)
            facts[.agreedTime] = time.dayAndClock(agreement.callbackAt)
            facts[.agreedSubject] = agreement.subject
            facts[.customerAction] = agreement.customerAction
        }
        facts[.openObjections] = lead.openObjections.map { objection in
            let recurring = objection.status == .recurring ? "recurring, " : ""
            return "\(objection.category.label): \"\(objection.words)\""
                + (objection.answer.isEmpty ? " (\(recurring)no answer yet)" : " (\(recurring)we said: \(objection.answer))")
        }.joined(separator: "; ")
        facts[.answeredObjections] = lead.objections.filter { $0.status == .answered }.map { objection in
            "\(objection.category.label): \"\(objection.words)\"" + (objection.answer.isEmpty ? "" : " (we said: \(objection.answer))")
        }.joined(separator: "; ")
        facts[.deciders] = lead.decisionProcess.otherDeciders
        facts[.needs] = lead.decisionProcess.informationNeeded
        facts[.criteria] = lead.decisionProcess.criteria
        facts[.reviewTime] = lead.decisionProcess.reviewTime
        facts[.feedback] = [
            lead.feedback.likes.isEmpty ? "" : "likes \(lead.feedback.likes)",
            lead.feedback.comfort.isEmpty ? "" : "comfort: \(lead.feedback.comfort)",
            lead.feedback.priceFit.isEmpty ? "" : "price: \(lead.feedback.priceFit)"
        ]
        .filter { !$0.isEmpty }.joined(separator: "; ")
        facts[.localTime] = "\(time.day(now).prefix(3)) \(time.clock(now))"
        facts[.goodTime] = Self.goodTime(lead: lead, now: now, policy: policy)
        facts[.number] = lead.agreement?.number ?? contact.phones.first?.number
        let retry = CadenceEngine(policy: policy).plan(after: .voicemail, on: lead, at: now).next
        facts[.nextTry] = retry.map { time.dayAndClock($0.due) }
        facts[.touches] = String(lead.touchCount)
        let won = lead.touches.last { $0.touch.outcome == .won }?.at
        facts[.delivered] = (lead.deliveredAt ?? won).map { time.day($0) }
        self.init(known: facts)
    }

    /// Why we call: the planned follow-up's purpose; for a long-term check-in, the reason given for it.
    static func reason(for next: FollowUp) -> String {
        let prefix = "long-term check-in: "
        if next.kind == .longTerm, next.purpose.hasPrefix(prefix) { return String(next.purpose.dropFirst(prefix.count)) }
        return next.purpose
    }

    /// Whether now suits the lead: calling hours and working days first, then their stated preference.
    static func goodTime(lead: LeadState, now: Date, policy: CadencePolicy) -> String {
        let best = lead.profile.contact.bestTime
        let window = CallingWindow(policy: policy, timeZone: lead.profile.contact.timeZone, bestTime: best)
        func clock(_ minute: Int) -> String { String(format: "%02d:%02d", minute / 60, minute % 60) }
        guard window.isCallable(now) else {
            return "outside their calling hours (\(clock(window.startMinute))–\(clock(window.endMinute)) on working days): better later"
        }
        if best == .anytime { return "inside their calling hours; they named no preferred time" }
        if window.preferred.contains(window.minuteOfDay(now)) { return "a good time (they prefer the \(best.rawValue))" }
        return "inside calling hours, but they prefer the \(best.rawValue) (\(clock(window.preferred.lowerBound))–\(clock(window.preferred.upperBound)))"
    }
}
