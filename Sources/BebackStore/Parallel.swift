import Dispatch

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
