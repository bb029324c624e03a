import Foundation

/// The team's objections over a period, for training: which categories come up most, and which
/// answers were followed by an appointment or a sale.
public struct ObjectionReport: Equatable, Sendable {
    /// One category and how often it was logged.
    public struct CategoryCount: Equatable, Sendable {
        public var category: ObjectionCategory
        public var count: Int

        public init(category: ObjectionCategory, count: Int) {
            self.category = category
            self.count = count
        }
    }

    /// An answer, and the leads where an appointment or a win followed it.
    public struct WorkingAnswer: Equatable, Sendable {
        public var category: ObjectionCategory
        public var answer: String
        /// Leads where it worked.
        public var leads: [LeadID]
        /// The reps who gave it.
        public var reps: [RepName]
    }

    /// Most frequent first (ties by category order).
    public var categories: [CategoryCount]
    /// Most successful first.
    public var answers: [WorkingAnswer]

    /// The report of objections logged in `period` (optionally one rep's leads: their current owner).
    public init(state: DeskState, period: TeamPeriod, only rep: RepName? = nil) {
        var counts: [ObjectionCategory: Int] = [:]
        var worked: [String: WorkingAnswer] = [:]
        for lead in state.leads.values.sorted(by: { $0.id < $1.id }) {
            if let rep, lead.profile.owner != rep { continue }
            for objection in lead.objections where period.contains(objection.loggedAt) {
                counts[objection.category, default: 0] += 1
                let answer = objection.answer.trimmingCharacters(in: .whitespacesAndNewlines)
                guard !answer.isEmpty else { continue }
                let success = lead.touches.first { $0.at >= objection.loggedAt && ($0.touch.outcome == .appointment || $0.touch.outcome == .won) }
                guard let success else { continue }
                let key = "\(objection.category.rawValue)\u{1F}\(answer.lowercased())"
                var entry = worked[key] ?? WorkingAnswer(category: objection.category, answer: answer, leads: [], reps: [])
                if !entry.leads.contains(lead.id) { entry.leads.append(lead.id) }
                if !entry.reps.contains(success.actor) { entry.reps.append(success.actor) }
                worked[key] = entry
            }
        }
        let order = ObjectionCategory.allCases
        categories = counts.map { CategoryCount(category: $0.key, count: $0.value) }.sorted {
            $0.count != $1.count ? $0.count > $1.count : order.firstIndex(of: $0.category)! < order.firstIndex(of: $1.category)!
        }
        answers = worked.values.map {
            var answer = $0; answer.reps.sort(); return answer
        }.sorted {
            $0.leads.count != $1.leads.count ? $0.leads.count > $1.leads.count : ($0.category.rawValue, $0.answer) < ($1.category.rawValue, $1.answer)
        }
    }
}
