import Foundation

/// What the practice asks a rep to learn on a call, as lines for the lead pane and `show`: the
/// decision process (others who decide, criteria, what they need to see, review time), the last
/// feedback, and the objection log grouped by status. Outside text is returned as typed: each
/// output sanitizes it.
public enum LeadPractice {
    /// "Others who decide: Tom", "What they need to see: the quote"..., then "Feedback (day): ...";
    /// the day is written as seen at `now` (another year's shows its year).
    public static func lines(_ lead: LeadState, now: Date) -> [String] {
        let process = lead.decisionProcess
        var lines: [String] = []
        if !process.otherDeciders.isEmpty { lines.append("Others who decide: \(process.otherDeciders)") }
        if !process.criteria.isEmpty { lines.append("They decide on: \(process.criteria)") }
        if !process.informationNeeded.isEmpty { lines.append("What they need to see: \(process.informationNeeded)") }
        if !process.reviewTime.isEmpty { lines.append("Review time: \(process.reviewTime)") }
        if let feedback = feedbackText(lead.feedback) {
            let at = lead.events.last { if case .feedback = $0.payload { return true } else { return false } }?.at
            let day = at.map { " (\(HumanTime(timeZone: lead.profile.contact.timeZone, now: now).day($0)))" } ?? ""
            lines.append("Feedback\(day): \(feedback)")
        }
        return lines
    }

    /// "likes the oak; comfort: high; price: a stretch", or nil when nothing was said.
    public static func feedbackText(_ feedback: Feedback) -> String? {
        let parts = [
            feedback.likes.isEmpty ? nil : "likes \(feedback.likes)",
            feedback.comfort.isEmpty ? nil : "comfort: \(feedback.comfort)",
            feedback.priceFit.isEmpty ? nil : "price: \(feedback.priceFit)"
        ].compactMap { $0 }
        return parts.isEmpty ? nil : parts.joined(separator: "; ")
    }

    /// The objection log grouped open, recurring, answered (empty groups left out), each objection
    /// with its place in the log counted from 1 (what `O` and `beback objection` pick it by).
    public static func objectionsByStatus(_ lead: LeadState) -> [(status: String, objections: [(place: Int, objection: Objection)])] {
        let placed = lead.objections.enumerated().map { (place: $0.offset + 1, objection: $0.element) }
        return [ObjectionStatus.open, .recurring, .answered].compactMap { status in
            let group = placed.filter { $0.objection.status == status }
            return group.isEmpty ? nil : (status.rawValue, group)
        }
    }
}
