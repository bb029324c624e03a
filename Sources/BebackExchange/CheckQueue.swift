import Foundation

/// The chunks of records an import hands to its checking threads, and the checked chunks they hand
/// back, by chunk number. Every field is read and written only with `condition` locked.
final class CheckQueue: @unchecked Sendable {
    /// A chunk of records once checked, in file order.
    typealias Checked = [CheckedRecord]

    private let condition = NSCondition()
    private var waiting: [(number: Int, records: [ReadRecord])] = []
    private var head = 0
    private var submitted = 0
    private var taken = 0
    private var done: [Int: Checked] = [:]
    private var closed = false

    /// Queues a chunk for checking; returns its number (0, 1, 2, ... in the order given).
    func submit(_ records: [ReadRecord]) -> Int {
        condition.lock()
        defer { condition.unlock() }
        let number = submitted
        submitted += 1
        waiting.append((number, records))
        condition.broadcast()
        return number
    }

    /// Says no more chunks will come: a checking thread waiting for one stops.
    func close() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// The next chunk to check, waiting for one; nil once the queue is closed and empty.
    func nextChunk() -> (number: Int, records: [ReadRecord])? {
        condition.lock()
        defer { condition.unlock() }
        while head == waiting.count {
            if closed { return nil }
            condition.wait()
        }
        let chunk = waiting[head]
        waiting[head].records = []
        head += 1
        if head == waiting.count {
            waiting.removeAll(keepingCapacity: true)
            head = 0
        }
        return chunk
    }

    /// Hands back a checked chunk.
    func deliver(_ number: Int, _ checked: Checked) {
        condition.lock()
        done[number] = checked
        condition.broadcast()
        condition.unlock()
    }

    /// The checked chunk of this number, taken out of the queue, waiting for it; nil once the queue
    /// is closed and no chunk of this number was given.
    func take(_ number: Int) -> Checked? {
        condition.lock()
        defer { condition.unlock() }
        while done[number] == nil {
            if closed, number >= submitted { return nil }
            condition.wait()
        }
        taken += 1
        condition.broadcast()
        return done.removeValue(forKey: number)
    }

    /// Waits until fewer than `limit` chunks are given and not yet taken back (so that reading does not run far ahead).
    func waitForRoom(_ limit: Int) {
        condition.lock()
        defer { condition.unlock() }
        while submitted - taken >= limit { condition.wait() }
    }
}
