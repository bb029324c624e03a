import Foundation

/// The figures behind the report's pictures: how many touches each win took, and touches per week.
public struct TeamTrends: Equatable, Sendable {
    /// For each win in the period: the lead's touches up to and including the win.
    public var touchesToWin: [Int]
    /// Touches per week (Monday to Sunday, desk zone), oldest first, the last being this week.
    public var weeklyTouches: [Int]
    /// The Monday each week starts on.
    public var weekStarts: [Date]

    public init(state: DeskState, period: TeamPeriod, weeks: Int = 8, only rep: RepName? = nil) {
        var wins: [Int] = []
        for lead in state.leads.values {
            for (index, recorded) in lead.touches.enumerated() where recorded.touch.outcome == .won && period.contains(recorded.at) {
                if let rep, recorded.actor != rep { continue }
                wins.append(index + 1)
            }
        }
        touchesToWin = wins.sorted()
        let calendar = period.calendar
        let thisWeek = TeamPeriod.startOfWeek(period.now, timeZone: period.timeZone)
        let starts = (0..<max(1, weeks)).reversed().map { calendar.date(byAdding: .day, value: -7 * $0, to: thisWeek) ?? thisWeek }
        var counts = [Int](repeating: 0, count: starts.count)
        let end = period.now
        for lead in state.leads.values {
            for recorded in lead.touches where recorded.at >= starts[0] && recorded.at <= end {
                if let rep, recorded.actor != rep { continue }
                var low = 0, high = starts.count - 1
                while low < high {
                    let middle = (low + high + 1) / 2
                    if starts[middle] <= recorded.at { low = middle } else { high = middle - 1 }
                }
                counts[low] += 1
            }
        }
        weeklyTouches = counts
        weekStarts = starts
    }

    /// The touches-to-win histogram: (label, wins) for 1, 2, ... 9 touches and "10+".
    public var touchesToWinBuckets: [(label: String, count: Int)] {
        (1...10).map { bucket in
            (bucket == 10 ? "10+" : String(bucket), touchesToWin.filter { bucket == 10 ? $0 >= 10 : $0 == bucket }.count)
        }
    }
}
