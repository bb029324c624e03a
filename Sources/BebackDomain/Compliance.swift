import Foundation

/// How one rep (or the team) holds to the follow-up practice, with the leads behind each miss so an
/// audit can name them.
public struct ComplianceRow: Equatable, Sendable {
    public var rep: RepName
    /// Rule 1: walk-ins captured in the period whose first touch came within the first-follow-up hours, counted to
    /// the end of the (working) day those hours end on, since the cadence plans the call for that moment. Pending ones are left out.
    public var walkoutsFollowedUp = Ratio()
    public var walkoutsMissed: [LeadID] = []
    /// Rule 2: voicemails left in the period followed by another touch by the end of the next working day.
    public var voicemailsRetried = Ratio()
    public var voicemailsNotRetried: [LeadID] = []
    /// Rule 5: leads closed as lost in the period with fewer touches than the policy's minimum (any reason).
    public var lostEarly: [LeadID] = []
    /// Open leads whose planned follow-up has no real purpose (empty, or "checking in"): zero by construction.
    public var withoutPurpose: [LeadID] = []
    /// Rule 6: long-term leads whose check-in fell before today untouched, or with no check-in planned.
    public var longTermLate: [LeadID] = []
    /// Rule 9: wins whose satisfaction call fell due in the period with no touch by then.
    public var winsWithoutAftercare: [LeadID] = []

    public init(rep: RepName) { self.rep = rep }

    /// How many misses of any kind.
    public var misses: Int {
        walkoutsMissed.count + voicemailsNotRetried.count + lostEarly.count + withoutPurpose.count + longTermLate.count + winsWithoutAftercare.count
    }

    static func + (lhs: ComplianceRow, rhs: ComplianceRow) -> ComplianceRow {
        var sum = lhs
        sum.walkoutsFollowedUp = lhs.walkoutsFollowedUp + rhs.walkoutsFollowedUp
        sum.walkoutsMissed += rhs.walkoutsMissed
        sum.voicemailsRetried = lhs.voicemailsRetried + rhs.voicemailsRetried
        sum.voicemailsNotRetried += rhs.voicemailsNotRetried
        sum.lostEarly += rhs.lostEarly
        sum.withoutPurpose += rhs.withoutPurpose
        sum.longTermLate += rhs.longTermLate
        sum.winsWithoutAftercare += rhs.winsWithoutAftercare
        return sum
    }
}

/// Practice compliance per rep and for the team over a period. Each miss goes to the rep who did
/// (or should have done) the work: the capturing rep for walkouts, the rep who left the voicemail,
/// closed the lead or made the sale; the current owner for plans (purposes, long-term check-ins).
public struct Compliance: Equatable, Sendable {
    public var period: TeamPeriod
    public var rows: [ComplianceRow]
    public var team: ComplianceRow

    /// Purposes that say nothing ("checking if you decided" is not one).
    public static let emptyPurposes: Set<String> = [
        "", "check in", "checking in", "follow up", "follow-up", "following up", "touch base", "call", "call back",
        "checking if you decided", "see if they decided", "see if they have decided", "any news"
    ]

    /// Whether a purpose says nothing.
    public static func isEmptyPurpose(_ purpose: String) -> Bool {
        let words = purpose.lowercased().trimmingCharacters(in: .whitespacesAndNewlines.union(.punctuationCharacters))
        return emptyPurposes.contains(words)
    }

    public init(state: DeskState, config: DeskConfig, period: TeamPeriod, only rep: RepName? = nil) {
        self.period = period
        let policy = config.policy
        var byRep: [RepName: ComplianceRow] = [:]
        func row(_ rep: RepName, _ change: (inout ComplianceRow) -> Void) {
            var current = byRep[rep] ?? ComplianceRow(rep: rep)
            change(&current)
            byRep[rep] = current
        }
        let now = period.now
        for lead in state.leads.values.sorted(by: { $0.id < $1.id }) {
            let window = CallingWindow(policy: policy, timeZone: lead.profile.contact.timeZone)
            /// The end of the first working day on or after `date` (local to the lead).
            func endOfWorkingDay(onOrAfter date: Date) -> Date {
                window.addingDays(1, to: window.workingDay(onOrAfter: date))
            }
            let owner = lead.profile.owner
            let open = !LeadLifecycle.stage(of: lead).isFinal

            // Rule 1: walkouts followed up within the first-follow-up hours.
            if lead.profile.source == .walkIn, period.contains(lead.capturedAt), let capturer = lead.events.first?.actor {
                let deadline = endOfWorkingDay(onOrAfter: lead.capturedAt.addingTimeInterval(Double(policy.firstFollowUpHours) * 3600))
                let first = lead.touches.first
                if let first, first.at <= deadline {
                    row(capturer) {
                        $0.walkoutsFollowedUp.met += 1; $0.walkoutsFollowedUp.total += 1
                    }
                } else if deadline <= now {
                    row(capturer) {
                        $0.walkoutsFollowedUp.total += 1; $0.walkoutsMissed.append(lead.id)
                    }
                }
            }

            for (index, recorded) in lead.touches.enumerated() where period.contains(recorded.at) {
                switch recorded.touch.outcome {
                case .voicemail:
                    // Rule 2: the next touch by the end of the next working day.
                    let deadline = endOfWorkingDay(onOrAfter: window.addingDays(1, to: window.calendar.startOfDay(for: recorded.at)))
                    let retry = lead.touches.indices.contains(index + 1) ? lead.touches[index + 1] : nil
                    if let retry, retry.at < deadline {
                        row(recorded.actor) {
                            $0.voicemailsRetried.met += 1; $0.voicemailsRetried.total += 1
                        }
                    } else if deadline <= now {
                        row(recorded.actor) {
                            $0.voicemailsRetried.total += 1; $0.voicemailsNotRetried.append(lead.id)
                        }
                    }
                case .lost:
                    // Rule 5: touches up to and including the one that closed it.
                    if index + 1 < policy.minimumTouchesBeforeLost { row(recorded.actor) { $0.lostEarly.append(lead.id) } }
                default:
                    break
                }
            }

            // Rule 9: after a win, a touch by the satisfaction call's day.
            for (index, recorded) in lead.touches.enumerated() where recorded.touch.outcome == .won {
                let base = lead.deliveredAt.map { max($0, recorded.at) } ?? recorded.at
                let deadline = endOfWorkingDay(onOrAfter: window.addingDays(policy.satisfactionDays, to: base))
                guard period.contains(deadline) else { continue }
                let called = lead.touches.dropFirst(index + 1).contains { $0.at <= deadline }
                if !called { row(recorded.actor) { $0.winsWithoutAftercare.append(lead.id) } }
            }

            guard open, owner != DeskConfig.poolOwner else { continue }
            if let next = lead.next, Self.isEmptyPurpose(next.purpose) { row(owner) { $0.withoutPurpose.append(lead.id) } }
            // Rule 6: long-term check-ins on time.
            if LeadLifecycle.stage(of: lead) == .longTerm {
                if let next = lead.next {
                    // A snooze is not a touch: the check-in is late from the time it had before.
                    let due = min(next.due, lead.snoozedFrom ?? next.due)
                    let touchedSince = lead.lastTouch.map { $0.at >= due } ?? false
                    if due < window.calendar.startOfDay(for: now), !touchedSince { row(owner) { $0.longTermLate.append(lead.id) } }
                } else {
                    row(owner) { $0.longTermLate.append(lead.id) }
                }
            }
        }
        let names = rep.map { [$0] } ?? TeamBoard.reps(in: state, config: config)
        rows = names.map { byRep[$0] ?? ComplianceRow(rep: $0) }
        team = rows.reduce(ComplianceRow(rep: "team"), +)
    }
}
