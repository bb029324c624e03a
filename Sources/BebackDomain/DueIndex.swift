import Dispatch
import Foundation

/// Each rep's open leads sorted by their next follow-up, kept up to date one lead at a time, so that
/// the due list after an outcome costs a binary search and a short scan, not a pass over the desk.
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

    /// The index of a whole desk.
    public init(_ state: DeskState) {
        // From the table's due entries: no lead is copied, and none is decoded from a snapshot.
        self.init(entries: state.leads.dueEntries(), splitAbove: Self.splitAbove)
    }

    /// The index of these leads; from `splitAbove` leads on, made on two cores.
    init(entries: [(id: LeadID, owner: RepName, due: Date)], splitAbove: Int) {
        guard entries.count >= splitAbove, entries.count > 1 else {
            byRep = Self.grouped(entries[...])
            return
        }
        // A floor's leads: each half grouped and sorted on its own core, then each rep's two lists merged.
        let halves = Halves()
        let middle = entries.count / 2
        DispatchQueue.concurrentPerform(iterations: 2) { half in
            halves.set(half, Self.grouped(half == 0 ? entries[..<middle] : entries[middle...]))
        }
        byRep = halves.first
        for (rep, second) in halves.second {
            guard let first = byRep[rep] else {
                byRep[rep] = second
                continue
            }
            byRep[rep] = Self.merged(first, second)
        }
    }

    /// How many due leads a desk has before its index is made on two cores.
    static let splitAbove = 20_000

    /// These leads' entries, by rep, each rep's in order.
    private static func grouped(_ entries: ArraySlice<(id: LeadID, owner: RepName, due: Date)>) -> [RepName: [Entry]] {
        var byRep: [RepName: [Entry]] = [:]
        for (id, owner, due) in entries { byRep[owner, default: []].append(Entry(due: due, lead: id)) }
        for rep in byRep.keys { byRep[rep]?.sort() }
        return byRep
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

    /// The two halves' groups, each written by one worker before `concurrentPerform` returns.
    private final class Halves: @unchecked Sendable {
        var first: [RepName: [Entry]] = [:]
        var second: [RepName: [Entry]] = [:]
        func set(_ half: Int, _ groups: [RepName: [Entry]]) {
            if half == 0 { first = groups } else { second = groups }
        }
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
