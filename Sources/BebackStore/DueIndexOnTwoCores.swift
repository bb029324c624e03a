import BebackDomain
import Foundation

extension DueIndex {
    /// How many due leads a desk has before its index is made on two cores.
    static let splitAbove = 20_000

    /// The index of a whole desk; a floor's (from `splitAbove` due leads on) is made on two cores:
    /// each half of the leads grouped and sorted on its own core, then each rep's two lists merged.
    public static func onTwoCores(_ state: DeskState) -> DueIndex {
        onTwoCores(entries: state.leads.dueEntries(), splitAbove: splitAbove)
    }

    /// The index of these leads; from `splitAbove` leads on, made on two cores.
    static func onTwoCores(entries: [(id: LeadID, owner: RepName, due: Date)], splitAbove: Int) -> DueIndex {
        guard entries.count >= splitAbove, entries.count > 1 else { return DueIndex(entries: entries[...]) }
        let middle = entries.count / 2
        let halves = Parallel.pair { half in DueIndex(entries: half == 0 ? entries[..<middle] : entries[middle...]) }
        return DueIndex(merging: halves.0, halves.1)
    }
}
