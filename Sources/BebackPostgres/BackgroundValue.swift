#if Postgres
    import Foundation

    /// A value computed on a thread of its own while the thread that started it goes on (a large
    /// append's summary fold, while the server indexes and checks its entries), waited for where it is needed.
    final class BackgroundValue<Value: Sendable>: @unchecked Sendable {
        private let done = DispatchSemaphore(value: 0)
        private let lock = NSLock()
        private var computed: Value?

        /// Starts `work` on a new thread (with a main thread's stack: a fold may nest deeply).
        init(_ work: @escaping @Sendable () -> Value) {
            let thread = Thread { [self] in
                let value = work()
                lock.withLock { computed = value }
                done.signal()
            }
            thread.stackSize = 8 << 20
            thread.start()
        }

        /// Waits for the value, then returns it (at once on every later call).
        func value() -> Value {
            done.wait()
            done.signal()
            return lock.withLock { computed! }
        }
    }
#endif
