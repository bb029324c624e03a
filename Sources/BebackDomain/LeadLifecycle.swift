import Foundation

/// The one lifecycle of a lead, written once: its stages, the steps that move it, and which steps
/// are refused where (with a one-line reason). The cadence, the desk's forms, the command line,
/// the reports and reclaim all ask it. The journal stores events; a lead's stage here is read from
/// the fold (`LeadState`), so it holds for every desk already written.
public enum LeadLifecycle {
    /// Where a lead stands.
    public enum Stage: String, Sendable, CaseIterable {
        /// Captured, not yet tried.
        case new
        /// Attempting contact (tries without a conversation yet).
        case working
        /// In conversation: reached, an agreement or an appointment.
        case engaged
        /// Sold, not yet delivered: the satisfaction call waits for the delivery.
        case won
        /// Delivered: the satisfaction call counts from the delivery.
        case delivered
        /// Post-purchase nurture: satisfaction checked, referrals asked, long-term check-ins.
        case customer
        /// Side exit "not now": a long-term check-in with a reason.
        case longTerm = "long-term"
        /// Closed as lost (with a reason); only `reopen` brings it back.
        case lost
        /// Asked never to be contacted again (desk-wide, by number and address).
        case doNotContact = "do-not-contact"

        /// Whether nothing more is planned for a lead at this stage.
        public var isFinal: Bool { self == .lost || self == .doNotContact }
    }

    /// Something that happens to a lead.
    public enum Step: Equatable, Sendable {
        case outcome(Disposition)
        case delivered
        case reopen
        case agreement
        case reassign
        case reclaim

        /// Words for the README's table and messages.
        public var label: String {
            switch self {
            case .outcome(let outcome): return outcome.label
            case .delivered: return "delivered"
            case .reopen: return "reopen"
            case .agreement: return "agreement"
            case .reassign: return "reassign"
            case .reclaim: return "reclaim"
            }
        }
    }

    /// The stage the fold's stage and facts put `lead` in.
    public static func stage(of lead: LeadState) -> Stage {
        switch lead.stage {
        case _ where lead.doNotContact: return .doNotContact
        case .new: return .new
        case .contacted: return .working
        case .considering, .appointment: return .engaged
        case .longTerm: return .longTerm
        case .lost: return .lost
        case .doNotContact: return .doNotContact
        case .customer:
            // In journal order: the last delivery after the last sale, then a conversation after it.
            guard lead.deliveredAt != nil, let delivery = lead.events.lastIndex(where: { $0.payload == .delivered }) else { return .won }
            let satisfied = lead.events[(delivery + 1)...].contains { event in
                if case .touched(let touch) = event.payload { return touch.outcome == .reached }
                return false
            }
            return satisfied ? .customer : .delivered
        }
    }

    /// Why `step` cannot happen to `lead` now, in one line; nil when it can.
    public static func refusal(_ step: Step, on lead: LeadState) -> String? {
        let stage = stage(of: lead)
        let id = lead.id.rawValue
        if stage == .doNotContact, step != .reassign {
            return "lead \(id) asked not to be contacted: nothing more is recorded on it"
        }
        switch step {
        case .outcome(.lost) where stage == .lost:
            return "lead \(id) is already closed as lost"
        case .outcome, .agreement, .delivered:
            if stage == .lost { return "lead \(id) is closed as lost: reopen it first, with a reason (beback reopen \(id) --reason R, or R on the desk)" }
            if step == .delivered, ![.won, .delivered, .customer].contains(stage) {
                return "lead \(id) has no sale to deliver: record it as won first"
            }
            if step == .delivered, lead.deliveredAt != nil, stage != .won {
                return "lead \(id) is already delivered (undo the delivery to change its day)"
            }
            return nil
        case .reopen:
            return stage == .lost ? nil : "lead \(id) is not closed (\(stage.rawValue)): there is nothing to reopen"
        case .reassign, .reclaim:
            return nil
        }
    }

    /// The stage a reopened lead goes back to: attempting contact again.
    public static let stageAfterReopen = LeadStage.contacted

    /// The stage `step` leads to from `stage` (nil: refused there), as the README's table shows.
    /// `stage(of:)` after the fold is held to this by the lifecycle tests.
    public static func stage(after step: Step, from stage: Stage) -> Stage? {
        if stage == .doNotContact { return step == .reassign ? stage : nil }
        switch step {
        case .reassign, .reclaim:
            return stage
        case .agreement:
            return stage == .lost ? nil : stage
        case .reopen:
            return stage == .lost ? .working : nil
        case .delivered:
            return stage == .won ? .delivered : nil
        case .outcome(let outcome):
            if stage == .lost { return nil }
            switch outcome.rule {
            case .attemptWithoutContact, .badNumber: return stage == .new ? .working : stage
            case .conversation:
                switch stage {
                case .won, .customer: return stage
                case .delivered: return .customer
                default: return .engaged
                }
            case .appointment: return .engaged
            case .notNow: return .longTerm
            case .sale: return .won
            case .lost: return .lost
            case .doNotContact: return .doNotContact
            }
        }
    }

    /// Every step the table lists, in the README's order.
    public static let steps: [Step] = Disposition.allCases.map { .outcome($0) } + [.agreement, .delivered, .reopen, .reassign, .reclaim]

    /// The README's "how a lead moves" table: one row per stage, the stage each step leads to (— refused).
    public static func markdownTable() -> String {
        var lines = [
            "| stage | " + steps.map(\.label).joined(separator: " | ") + " |",
            "|---|" + steps.map { _ in "---|" }.joined()
        ]
        for stage in Stage.allCases {
            let cells = steps.map { step in Self.stage(after: step, from: stage).map { $0.rawValue } ?? "—" }
            lines.append("| **\(stage.rawValue)** | " + cells.joined(separator: " | ") + " |")
        }
        return lines.joined(separator: "\n")
    }
}
