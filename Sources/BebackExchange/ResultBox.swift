import Synchronization

/// A value one thread hands to another: put once, taken once.
final class ResultBox<Value: Sendable>: Sendable {
    private let value = Mutex<Value?>(nil)

    func put(_ result: Value) { value.withLock { $0 = result } }

    func take() -> Value? { value.withLock { $0.take() } }
}
