import BebackCodec
import BebackDomain
import Foundation

/// Puts the entries of several journals into replay order (time, then journal, then sequence) by
/// merging: each journal's entries are already in sequence order and nearly always in time order,
/// so a heap over the journals' heads does what a sort of every entry did, in far fewer steps and
/// without comparing journal names (the journals come in name order, their index stands for it).
/// It merges whole entries (a full replay) and digested records (the indexed open) alike.
struct ReplayMerge<Entry: MergeableEntry> {
    private let lists: [[Entry]]
    private var heads: [Int]
    /// Indexes of the lists that still have entries, as a binary min-heap on their head entry.
    private var heap: [Int] = []

    /// `lists` must be in journal name order, one list per journal.
    init(_ lists: [[Entry]]) {
        self.lists = lists.map { list in
            Self.isInTimeOrder(list) ? list : list.sorted { ($0.mergeTime, $0.mergePosition) < ($1.mergeTime, $1.mergePosition) }
        }
        heads = Array(repeating: 0, count: lists.count)
        for index in self.lists.indices where !self.lists[index].isEmpty { push(index) }
    }

    /// Every entry of every list, in replay order.
    static func merged(_ lists: [[Entry]]) -> [Entry] {
        var merge = ReplayMerge(lists)
        var result: [Entry] = []
        result.reserveCapacity(lists.reduce(0) { $0 + $1.count })
        while let next = merge.next() { result.append(next) }
        return result
    }

    private static func isInTimeOrder(_ list: [Entry]) -> Bool {
        var index = 1
        while index < list.count {
            let before = list[index - 1], after = list[index]
            if (after.mergeTime, after.mergePosition) < (before.mergeTime, before.mergePosition) { return false }
            index += 1
        }
        return true
    }

    /// The next entry in replay order, or nil when every list is spent.
    mutating func next() -> Entry? { nextWithList()?.entry }

    /// The next entry in replay order with the index of the list it came from.
    mutating func nextWithList() -> (list: Int, entry: Entry)? {
        guard let top = heap.first else { return nil }
        let entry = lists[top][heads[top]]
        heads[top] += 1
        if heads[top] < lists[top].count {
            siftDown(0)
        } else {
            let last = heap.removeLast()
            if !heap.isEmpty {
                heap[0] = last
                siftDown(0)
            }
        }
        return (top, entry)
    }

    private func precedes(_ left: Int, _ right: Int) -> Bool {
        let leftAt = lists[left][heads[left]].mergeTime, rightAt = lists[right][heads[right]].mergeTime
        if leftAt != rightAt { return leftAt < rightAt }
        return left < right
    }

    private mutating func push(_ list: Int) {
        heap.append(list)
        var child = heap.count - 1
        while child > 0 {
            let parent = (child - 1) / 2
            guard precedes(heap[child], heap[parent]) else { break }
            heap.swapAt(child, parent)
            child = parent
        }
    }

    private mutating func siftDown(_ start: Int) {
        var parent = start
        while true {
            let left = 2 * parent + 1, right = left + 1
            var smallest = parent
            if left < heap.count, precedes(heap[left], heap[smallest]) { smallest = left }
            if right < heap.count, precedes(heap[right], heap[smallest]) { smallest = right }
            guard smallest != parent else { return }
            heap.swapAt(parent, smallest)
            parent = smallest
        }
    }
}

/// An entry `ReplayMerge` can order: its time, then its place in its own journal.
protocol MergeableEntry {
    var mergeTime: Double { get }
    var mergePosition: UInt64 { get }
}

extension StoredEvent: MergeableEntry {
    var mergeTime: Double { EntryOrder.seconds(order) }
    var mergePosition: UInt64 { sequence }
}
