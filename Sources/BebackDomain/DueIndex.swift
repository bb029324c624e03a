import Foundation

/// Each rep's open leads sorted by their next follow-up, kept up to date one lead at a time, so that
/// the due list after an outcome costs a binary search and a short scan, not a pass over the desk.
/// Pure and sequential: a build on two cores is the store's (`DueIndex.onTwoCores`), from two halves
/// made here and `init(merging:_:)`.
public struct DueIndex: Sendable {
    struct Entry: Comparable, Sendable {
        var due: Date
        var lead: LeadID
        static func < (lhs: Entry, rhs: Entry) -> Bool { (lhs.due, lhs.lead) < (rhs.due, rhs.lead) }
    }

    /// Where a lead is filed: its owner's list, at its due time.
    public struct Placement: Equatable, Sendable {
        public var rep: RepName
        public var due: Date
    }

    private var byRep: [RepName: [Entry]] = [:]

    public init() {}

    /// The index of a whole desk, made here on one core (the store's `DueIndex.onTwoCores` makes a
    /// floor's in two halves and merges them).
    public init(_ state: DeskState) {
        // From the table's due entries: no lead is copied, and none is decoded from a snapshot.
        self.init(entries: state.leads.dueEntries()[...])
    }

    /// The index of these leads: grouped by rep, each rep's list sorted.
    package init(entries: ArraySlice<(id: LeadID, owner: RepName, due: Date)>) {
        for (id, owner, due) in entries { byRep[owner, default: []].append(Entry(due: due, lead: id)) }
        for rep in byRep.keys { byRep[rep]?.sort() }
    }

    /// One index of the leads of two (each rep's two lists merged in order): with the two halves of a
    /// desk's entries, the index a single sort of the whole makes.
    package init(merging first: DueIndex, _ second: DueIndex) {
        byRep = first.byRep
        for (rep, theirs) in second.byRep {
            guard let ours = byRep[rep] else {
                byRep[rep] = theirs
                continue
            }
            byRep[rep] = Self.merged(ours, theirs)
        }
    }

    /// Two sorted lists as one.
    static func merged(_ first: [Entry], _ second: [Entry]) -> [Entry] {
        var result: [Entry] = []
        result.reserveCapacity(first.count + second.count)
        var left = 0, right = 0
        while left < first.count, right < second.count {
            if second[right] < first[left] {
                result.append(second[right])
                right += 1
            } else {
                result.append(first[left])
                left += 1
            }
        }
        result.append(contentsOf: first[left...])
        result.append(contentsOf: second[right...])
        return result
    }

    /// Where `id` is filed in an index of `state` (nil when it is closed, unplanned or gone); taken
    /// before a change, it is what `update` needs to find the lead's old place.
    public static func placement(of id: LeadID, in state: DeskState) -> Placement? {
        state.leads.dueEntry(id).map { Placement(rep: $0.owner, due: $0.due) }
    }

    /// Brings one lead up to date after a change, given where it was filed before the change.
    public mutating func update(_ id: LeadID, was before: Placement?, in state: DeskState) {
        if let before, var entries = byRep[before.rep] {
            let old = Entry(due: before.due, lead: id)
            let position = Self.position(of: old, in: entries)
            if position < entries.count, entries[position] == old { entries.remove(at: position) }
            byRep[before.rep] = entries
        }
        guard let now = Self.placement(of: id, in: state) else { return }
        let entry = Entry(due: now.due, lead: id)
        var entries = byRep[now.rep, default: []]
        entries.insert(entry, at: Self.position(of: entry, in: entries))
        byRep[now.rep] = entries
    }

    /// The leads of `rep` (every rep when nil) whose follow-up falls before `limit`, earliest first.
    public func leads(of rep: RepName?, dueBefore limit: Date) -> [LeadID] {
        let reps = rep.map { [$0] } ?? Array(byRep.keys)
        var result: [LeadID] = []
        for rep in reps {
            guard let entries = byRep[rep] else { continue }
            let end = Self.position(of: Entry(due: limit, lead: LeadID("")), in: entries)
            result.append(contentsOf: entries[..<end].map(\.lead))
        }
        return result
    }

    /// How many leads the index holds.
    public var count: Int { byRep.values.reduce(0) { $0 + $1.count } }

    private static func position(of entry: Entry, in entries: [Entry]) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle] < entry { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
