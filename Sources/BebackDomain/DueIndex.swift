import Foundation

/// Each rep's open leads sorted by their next follow-up, kept up to date one lead at a time, so that
/// the due list after an outcome costs a binary search and a short scan, not a pass over the desk.
public struct DueIndex: Sendable {
    struct Entry: Comparable, Sendable {
        var due: Date
        var lead: LeadID
        static func < (lhs: Entry, rhs: Entry) -> Bool { (lhs.due, lhs.lead) < (rhs.due, rhs.lead) }
    }

    private var byRep: [RepName: [Entry]] = [:]
    private var placed: [LeadID: (rep: RepName, entry: Entry)] = [:]

    public init() {}

    /// The index of a whole desk.
    public init(_ state: DeskState) {
        placed.reserveCapacity(state.leads.count)
        // From the table's due entries: no lead is copied, and none is decoded from a snapshot.
        for (id, owner, due) in state.leads.dueEntries() {
            let entry = Entry(due: due, lead: id)
            byRep[owner, default: []].append(entry)
            placed[id] = (owner, entry)
        }
        for rep in byRep.keys { byRep[rep]?.sort() }
    }

    static func entry(for lead: LeadState) -> Entry? {
        guard !lead.isClosed, !lead.doNotContact, let next = lead.next else { return nil }
        return Entry(due: next.due, lead: lead.id)
    }

    /// Brings one lead up to date (nil when it is gone from the desk).
    public mutating func update(_ id: LeadID, in state: DeskState) {
        if let old = placed.removeValue(forKey: id), var entries = byRep[old.rep] {
            let position = Self.position(of: old.entry, in: entries)
            if position < entries.count, entries[position] == old.entry { entries.remove(at: position) }
            byRep[old.rep] = entries
        }
        guard let lead = state.leads[id], let entry = Self.entry(for: lead) else { return }
        var entries = byRep[lead.profile.owner, default: []]
        entries.insert(entry, at: Self.position(of: entry, in: entries))
        byRep[lead.profile.owner] = entries
        placed[id] = (lead.profile.owner, entry)
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
    public var count: Int { placed.count }

    private static func position(of entry: Entry, in entries: [Entry]) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle] < entry { low = middle + 1 } else { high = middle }
        }
        return low
    }
}
