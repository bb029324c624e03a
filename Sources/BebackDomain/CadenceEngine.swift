import Foundation

/// Something the rep should know before a plan is saved.
public enum CadenceWarning: Equatable, Sendable, CustomStringConvertible {
    /// Rule 5: closing as lost for silence with fewer touches than the practice expects; needs confirmation.
    case lostTooEarly(touches: Int, minimum: Int)
    /// Rule 4: the agreed time is outside the lead's calling hours or on a non-working day (kept once
    /// the rep confirms it, since the customer chose it); the time zone is the lead's.
    case outsideCallingHours(Date, TimeZone)
    /// Rule 8: phone attempts keep failing; another channel is suggested.
    case tryAnotherChannel(Channel)
    /// The lead has no working way to be reached.
    case noWayToReach

    public var description: String {
        switch self {
        case .lostTooEarly(let touches, let minimum):
            return "only \(touches) touch\(touches == 1 ? "" : "es") so far; buying decisions often take \(minimum) or more before a lead goes quiet for good"
        case .outsideCallingHours(let at, let zone):
            return "\(HumanTime(timeZone: zone).dayAndClock(at)) their time is outside their calling hours or working days"
        case .tryAnotherChannel(let channel):
            return "several calls without contact: try \(channel.label) next"
        case .noWayToReach:
            return "no working number or email: add contact details before the next try"
        }
    }

    /// Whether the rep must confirm before the outcome is saved.
    public var needsConfirmation: Bool {
        switch self {
        case .lostTooEarly, .outsideCallingHours: return true
        case .tryAnotherChannel, .noWayToReach: return false
        }
    }

    /// The question the desk asks before saving anyway.
    public var confirmationQuestion: String {
        if case .lostTooEarly = self { return "Close anyway?" }
        return "Keep that time?"
    }
}

/// What the cadence proposes after an outcome: the next follow-up (nil when the lead is closed) and warnings.
public struct CadencePlan: Equatable, Sendable {
    public var next: FollowUp?
    /// Why nothing is planned, when nothing is.
    public var unscheduledReason: String?
    public var warnings: [CadenceWarning]

    public init(next: FollowUp?, unscheduledReason: String? = nil, warnings: [CadenceWarning] = []) {
        self.next = next
        self.unscheduledReason = unscheduledReason
        self.warnings = warnings
    }
}

/// What the rep adds to an outcome, beyond the outcome itself.
public struct OutcomeDetails: Equatable, Sendable {
    /// The agreed callback, for a reached lead.
    public var agreement: Agreement?
    /// The appointment time and subject, for an appointment.
    public var appointmentAt: Date?
    public var appointmentSubject: String?
    /// The reason for calling at the long-term check-in, for "not now".
    public var checkInReason: String?
    public var lostReason: LostReason?

    public init(
        agreement: Agreement? = nil, appointmentAt: Date? = nil, appointmentSubject: String? = nil,
        checkInReason: String? = nil, lostReason: LostReason? = nil
    ) {
        self.agreement = agreement
        self.appointmentAt = appointmentAt
        self.appointmentSubject = appointmentSubject
        self.checkInReason = checkInReason
        self.lostReason = lostReason
    }
}

/// The follow-up rules of the practice (rules 1 to 11): from a lead and an outcome to the next touch.
/// Pure: the instant and the policy are passed in. Every lead gets the same timing whatever its source (rule 11);
/// only the first call's purpose follows the source.
public struct CadenceEngine: Sendable {
    public let policy: CadencePolicy

    public init(policy: CadencePolicy = .standard) { self.policy = policy }

    public func window(for contact: ContactPoints) -> CallingWindow {
        CallingWindow(policy: policy, timeZone: contact.timeZone, bestTime: contact.bestTime)
    }

    /// Rule 1: the first follow-up after the first conversation, within the configured hours,
    /// at the latest callable moment before that limit (or the first one after, when none is left).
    /// `due`: the time `firstDue` gives for this lead's zone and best time, when the caller has it
    /// (an import of many leads asks once per zone and best time).
    /// `blocked`: the channels the lead asked not to be reached on (an import's opt-outs); the
    /// step goes on another channel.
    public func firstFollowUp(
        for profile: LeadProfile, wants: String, at now: Date, due known: Date? = nil, blocked: Set<Channel> = []
    ) -> FollowUp {
        let due = known ?? firstDue(for: profile.contact, at: now)
        let subject = wants.isEmpty ? profile.interest : wants
        let preferred = preferredChannel(profile.contact)
        let channel = ChannelBlocking.allowed(preferred, contact: profile.contact, blocked: blocked) ?? preferred
        let purpose = ChannelBlocking.purpose(Self.firstPurpose(profile.source, subject: subject), movedTo: channel)
        return FollowUp(due: due, kind: .first, channel: channel, purpose: purpose)!
    }

    /// When rule 1's first follow-up falls for a lead reached this way: it depends only on the lead's
    /// time zone and best time (and the policy), so leads that share them share it.
    public func firstDue(for contact: ContactPoints, at now: Date) -> Date {
        let window = window(for: contact)
        let limit = now.addingTimeInterval(Double(policy.firstFollowUpHours) * 3600)
        let earliest = now.addingTimeInterval(3600)
        return window.latestCallable(notAfter: limit, after: earliest) ?? window.earliestCallable(notBefore: limit)
    }

    /// Why the first call is made, by how the lead came to us: a walkout is followed up on the visit,
    /// an inbound enquiry (web, search, social, phone) is answered, a referral is introduced to, and a
    /// list (direct mail, networking, anything else imported) is asked whether it is of interest at all.
    public static func firstPurpose(_ source: LeadSource, subject: String) -> String {
        let about = subject.isEmpty ? nil : subject
        switch source {
        case .walkIn:
            return about.map { "first follow-up after the visit: \($0)" } ?? "first follow-up after the visit: answer what held them back"
        case .website, .search, .social, .phone:
            return about.map { "answer their enquiry: \($0)" } ?? "answer their enquiry: find out what they are looking for"
        case .referral:
            return about.map { "first call on a referral: say who sent us, then \($0)" } ?? "first call on a referral: say who sent us, ask what they need"
        case .directMail, .networking, .other:
            return about.map { "first call from a list: is \($0) of interest to them?" } ?? "first call from a list: find out whether we can help them"
        }
    }

    /// The plan after a touch with `outcome` on `lead` (the lead as it was before this touch). The
    /// next step is never on a channel the lead asked not to be reached on (`ChannelBlock`).
    public func plan(
        after outcome: Disposition, channel: Channel = .phone, on lead: LeadState,
        details: OutcomeDetails = OutcomeDetails(), at now: Date
    ) -> CadencePlan {
        Self.avoidingBlocked(planIgnoringBlocks(after: outcome, channel: channel, on: lead, details: details, at: now), lead: lead)
    }

    /// `plan` moved off the channels `lead` blocks: the step goes on a channel still open (email,
    /// a call, a text), and a suggestion to try a blocked channel is dropped. When no channel is
    /// left nothing is planned, and the reason says so.
    public static func avoidingBlocked(_ plan: CadencePlan, lead: LeadState) -> CadencePlan {
        let blocked = lead.blockedChannels
        guard !blocked.isEmpty else { return plan }
        var result = plan
        result.warnings = plan.warnings.filter { warning in
            if case .tryAnotherChannel(let channel) = warning { return !blocked.contains(channel) }
            return true
        }
        guard let next = plan.next, blocked.contains(next.channel) else { return result }
        guard let channel = ChannelBlocking.allowed(next.channel, contact: lead.profile.contact, blocked: blocked) else {
            result.next = nil
            result.unscheduledReason = "asked not to be contacted (\(ChannelBlock.describe(blocked))): no other way to reach them"
            return result
        }
        result.next = FollowUp(restoring: next.due, kind: next.kind, channel: channel, checkedPurpose: ChannelBlocking.purpose(next.purpose, movedTo: channel))
        return result
    }

    private func planIgnoringBlocks(
        after outcome: Disposition, channel: Channel, on lead: LeadState, details: OutcomeDetails, at now: Date
    ) -> CadencePlan {
        let contact = lead.profile.contact
        let window = window(for: contact)
        let touchesAfter = lead.touchCount + 1
        switch outcome.rule {
        case .conversation:
            if let agreement = details.agreement {
                return agreedCallback(agreement, window: window, contact: contact)
            }
            if let afterSale = afterSaleConversation(on: lead, window: window, at: now) { return afterSale }
            let due = window.placeOnWorkingDay(window.addingDays(policy.nurtureDays, to: now), preferredMinute: window.minuteOfDay(now))
            let topic = lead.agreement?.subject ?? (lead.wants.isEmpty ? lead.profile.interest : lead.wants)
            let purpose = topic.isEmpty ? "agree the next step after our conversation" : "agree the next step on \(topic)"
            return CadencePlan(next: FollowUp(due: due, kind: .nurture, channel: preferredChannel(contact), purpose: purpose))

        case .attemptWithoutContact:
            if lead.next?.kind == .satisfaction || lead.next?.kind == .customerCheckIn {
                return afterSaleRetry(after: outcome, on: lead, window: window, at: now)
            }
            return retryPlan(after: outcome, channel: channel, lead: lead, window: window, at: now)

        case .badNumber:
            if contact.phones.count > 1 {
                let due = window.placeOnWorkingDay(window.addingDays(1, to: now), preferredMinute: window.minuteOfDay(now))
                return CadencePlan(next: FollowUp(due: due, kind: .retry, channel: .phone, purpose: "try their other number"))
            }
            if let email = contact.email, !email.isEmpty {
                let due = window.placeOnWorkingDay(window.addingDays(1, to: now), preferredMinute: window.minuteOfDay(now))
                return CadencePlan(next: FollowUp(due: due, kind: .retry, channel: .email, purpose: "ask for a number that works"))
            }
            // Nothing planned cannot happen: the next step is finding a number, the next working day (the manager sees it).
            let due = window.placeOnWorkingDay(window.addingDays(1, to: now), preferredMinute: window.minuteOfDay(now))
            return CadencePlan(next: FollowUp(due: due, kind: .manual, channel: .phone, purpose: Self.findNumberPurpose), warnings: [.noWayToReach])

        case .notNow:
            let reason = details.checkInReason?.trimmingCharacters(in: .whitespaces) ?? ""
            let purpose = reason.isEmpty ? "long-term check-in: what has changed for them since we spoke" : "long-term check-in: \(reason)"
            let due = window.placeOnWorkingDay(window.addingDays(policy.longTermDays, to: now), preferredMinute: window.minuteOfDay(now))
            return CadencePlan(next: FollowUp(due: due, kind: .longTerm, channel: preferredChannel(contact), purpose: purpose))

        case .appointment:
            guard let at = details.appointmentAt else {
                return CadencePlan(next: nil, unscheduledReason: "appointment without a time")
            }
            let subject = details.appointmentSubject?.trimmingCharacters(in: .whitespaces) ?? ""
            let purpose = subject.isEmpty ? "appointment" : "appointment: \(subject)"
            var warnings: [CadenceWarning] = []
            if !window.isCallable(at) { warnings.append(.outsideCallingHours(at, contact.timeZone)) }
            return CadencePlan(next: FollowUp(due: at, kind: .appointment, channel: .inPerson, purpose: purpose), warnings: warnings)

        case .sale:
            // Until the delivery is recorded the satisfaction call counts from the sale; a delivery moves it.
            let from = now
            let due = window.placeOnWorkingDay(window.addingDays(policy.satisfactionDays, to: from), preferredMinute: window.minuteOfDay(now))
            return CadencePlan(next: FollowUp(due: due, kind: .satisfaction, channel: .phone, purpose: "satisfaction call: how is it going since delivery"))

        case .lost:
            var warnings: [CadenceWarning] = []
            if (details.lostReason ?? .silence) == .silence, touchesAfter < policy.minimumTouchesBeforeLost {
                warnings.append(.lostTooEarly(touches: touchesAfter, minimum: policy.minimumTouchesBeforeLost))
            }
            return CadencePlan(next: nil, unscheduledReason: "closed as lost (\((details.lostReason ?? .silence).label))", warnings: warnings)

        case .doNotContact:
            return CadencePlan(next: nil, unscheduledReason: "asked not to be contacted")
        }
    }

    /// Rule 9 again: a delivery moves the satisfaction call to `satisfactionDays` after it.
    public func satisfactionCall(for lead: LeadState, deliveredAt: Date) -> FollowUp {
        let window = window(for: lead.profile.contact)
        let due = window.placeOnWorkingDay(window.addingDays(policy.satisfactionDays, to: deliveredAt), preferredMinute: window.minuteOfDay(deliveredAt))
        let channel = ChannelBlocking.allowed(.phone, contact: lead.profile.contact, blocked: lead.blockedChannels) ?? .phone
        return FollowUp(due: due, kind: .satisfaction, channel: channel, purpose: "satisfaction call: how is it going since delivery")!
    }

    /// Rule 4: the agreed time beats the cadence; it is kept exactly, with a warning outside calling hours.
    private func agreedCallback(_ agreement: Agreement, window: CallingWindow, contact: ContactPoints) -> CadencePlan {
        let subject = agreement.subject.isEmpty ? "the call we agreed" : agreement.subject
        var warnings: [CadenceWarning] = []
        if !window.isCallable(agreement.callbackAt) { warnings.append(.outsideCallingHours(agreement.callbackAt, contact.timeZone)) }
        return CadencePlan(next: FollowUp(due: agreement.callbackAt, kind: .agreedCallback, channel: .phone, purpose: subject), warnings: warnings)
    }

    /// The purpose of the step a lead with no working number or address gets.
    public static let findNumberPurpose = "find a working number: no other way to reach them (records, the referrer, a visit)"

    /// After the sale a conversation never goes back to selling: before delivery, the satisfaction call
    /// stays planned; once delivered, the satisfaction call is done, referrals asked, and a long-term
    /// customer check-in follows. Nil before a sale.
    private func afterSaleConversation(on lead: LeadState, window: CallingWindow, at now: Date) -> CadencePlan? {
        switch LeadLifecycle.stage(of: lead) {
        case .won:
            if let next = lead.next, next.kind == .satisfaction { return CadencePlan(next: next) }
            return CadencePlan(next: satisfactionCall(for: lead, deliveredAt: now))
        case .delivered, .customer:
            let due = window.placeOnWorkingDay(window.addingDays(policy.longTermDays, to: now), preferredMinute: window.minuteOfDay(now))
            return CadencePlan(
                next: FollowUp(
                    due: due, kind: .customerCheckIn, channel: preferredChannel(lead.profile.contact),
                    purpose: "customer check-in: how it is serving them, anything new they need, who else might"))
        default:
            return nil
        }
    }

    /// A satisfaction call or customer check-in that did not reach them: try again the next working
    /// day, then spaced out, still as the same post-purchase call (never a sales follow-up).
    private func afterSaleRetry(after outcome: Disposition, on lead: LeadState, window: CallingWindow, at now: Date) -> CadencePlan {
        let kind = lead.next?.kind ?? .satisfaction
        let attempts = lead.attemptsWithoutContact + 1
        let gap = attempts == 1 ? 1 : policy.retryGap(afterAttempts: attempts - 1)
        let due = window.placeOnWorkingDay(window.addingDays(gap, to: now), preferredMinute: window.minuteOfDay(now))
        let base = kind == .satisfaction ? "satisfaction call: how is it going since delivery" : "customer check-in: how it is serving them"
        let purpose = "\(base) (\(attempts) tr\(attempts == 1 ? "y" : "ies") without contact)"
        return CadencePlan(next: FollowUp(due: due, kind: kind, channel: .phone, purpose: purpose))
    }

    /// Rules 2, 3, 7 and 8: the next try after an attempt without contact.
    private func retryPlan(after outcome: Disposition, channel: Channel, lead: LeadState, window: CallingWindow, at now: Date) -> CadencePlan {
        let attempts = lead.attemptsWithoutContact + 1
        let phoneAttempts = lead.phoneAttemptsWithoutContact + (channel == .phone ? 1 : 0)
        var warnings: [CadenceWarning] = []
        var nextChannel = channel == .inPerson ? .phone : channel
        if phoneAttempts >= policy.switchChannelAfter, let other = otherChannel(than: .phone, contact: lead.profile.contact) {
            nextChannel = other
            warnings.append(.tryAnotherChannel(other))
        }
        let sinceFirst = now.timeIntervalSince(lead.capturedAt) / 86_400
        let insideCycle = sinceFirst < Double(lead.profile.salesCycleDays)
        if attempts >= policy.maxAttemptsWithoutContact, !insideCycle {
            let due = window.placeOnWorkingDay(window.addingDays(policy.longTermDays, to: now), preferredMinute: window.minuteOfDay(now))
            let purpose = "long-term check-in after \(attempts) tries without reaching them: bring a new reason to talk"
            return CadencePlan(next: FollowUp(due: due, kind: .longTerm, channel: nextChannel, purpose: purpose), warnings: warnings)
        }
        let minute = window.minuteOfDay(now)
        if outcome == .voicemail, attempts == 1 {
            let due = window.placeOnWorkingDay(window.addingDays(1, to: now), preferredMinute: minute)
            return CadencePlan(
                next: FollowUp(
                    due: due, kind: .retry, channel: nextChannel,
                    purpose: "make sure the voicemail reached them"), warnings: warnings)
        }
        let gap = policy.retryGap(afterAttempts: attempts)
        let due = window.placeOnWorkingDay(window.addingDays(gap, to: now), preferredMinute: minute)
        let topic = lead.agreement?.subject ?? (lead.wants.isEmpty ? lead.profile.interest : lead.wants)
        let about = topic.isEmpty ? "" : ": \(topic)"
        let purpose = "try again\(about) (\(attempts) tr\(attempts == 1 ? "y" : "ies") without contact)"
        return CadencePlan(next: FollowUp(due: due, kind: .retry, channel: nextChannel, purpose: purpose), warnings: warnings)
    }

    private func preferredChannel(_ contact: ContactPoints) -> Channel {
        switch contact.preferredChannel {
        case .email where !(contact.email ?? "").isEmpty: return .email
        case .text where !contact.phones.isEmpty: return .text
        case .phone where !contact.phones.isEmpty: return .phone
        default: return contact.phones.isEmpty ? (contact.email == nil ? .mail : .email) : .phone
        }
    }

    /// Rule 8: email first, then text (when there is a number), then mail.
    private func otherChannel(than channel: Channel, contact: ContactPoints) -> Channel? {
        if let email = contact.email, !email.isEmpty, channel != .email { return .email }
        if !contact.phones.isEmpty, channel != .text { return .text }
        return .mail
    }
}
