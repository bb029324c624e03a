import Dispatch
import Foundation

/// Runs independent pieces of work on every core (the journals of a desk are read and decoded side
/// by side when it opens) and gives the results back in order.
enum Parallel {
    /// `body(0) ... body(count - 1)`, run concurrently; the first error thrown (by index) is rethrown.
    static func map<T: Sendable>(_ count: Int, _ body: @Sendable (Int) throws -> T) throws -> [T] {
        let slots = Slots<T>(count)
        DispatchQueue.concurrentPerform(iterations: count) { index in
            slots.set(index, Result { try body(index) })
        }
        return try slots.results().map { try $0.get() }
    }

    /// `body(index, scratch)` for every index, one worker per core, each worker passing the same
    /// scratch value (a read buffer) to every index it takes, so large buffers are made once per
    /// core rather than once per index. Results come back in index order.
    /// `workers`: how many (one per core when nil).
    static func map<T: Sendable, Scratch>(
        _ count: Int, workers: Int? = nil, scratch makeScratch: @Sendable () -> Scratch,
        _ body: @Sendable (Int, Scratch) throws -> T
    ) throws -> [T] {
        let slots = Slots<T>(count)
        let next = Counter()
        let workers = max(1, min(count, workers ?? ProcessInfo.processInfo.activeProcessorCount))
        DispatchQueue.concurrentPerform(iterations: workers) { _ in
            let scratch = makeScratch()
            while let index = next.take(below: count) { slots.set(index, Result { try body(index, scratch) }) }
        }
        return try slots.results().map { try $0.get() }
    }

    /// `body(0)` and `body(1)`, run on two cores.
    static func pair<T: Sendable>(_ body: @Sendable (Int) -> T) -> (T, T) {
        let slots = Slots<T>(2)
        DispatchQueue.concurrentPerform(iterations: 2) { index in slots.set(index, .success(body(index))) }
        guard case .success(let first) = slots.results()[0], case .success(let second) = slots.results()[1] else {
            preconditionFailure("a body that cannot throw failed")
        }
        return (first, second)
    }

    /// Hands out 0, 1, 2, ... to whichever worker asks next.
    private final class Counter: @unchecked Sendable {
        private let lock = NSLock()
        private var value = 0
        func take(below limit: Int) -> Int? {
            lock.withLock {
                guard value < limit else { return nil }
                value += 1
                return value - 1
            }
        }
    }

    /// One slot per index, each written by exactly one worker before `concurrentPerform` returns.
    private final class Slots<T>: @unchecked Sendable {
        private var storage: [Result<T, any Error>?]
        init(_ count: Int) { storage = Array(repeating: nil, count: count) }
        func set(_ index: Int, _ value: Result<T, any Error>) {
            storage.withUnsafeMutableBufferPointer { $0[index] = value }
        }
        func results() -> [Result<T, any Error>] { storage.map { $0! } }
    }
}
