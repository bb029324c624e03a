import Foundation

/// Whether loaded desks are freed when a command ends. The `beback` executable exits right after
/// its command, and freeing a floor-sized desk object by object (a million allocations) took a
/// quarter of a `due` run; the operating system reclaims it at exit in no time. The test suite
/// runs many commands in one process and leaves this off, so each desk is freed as usual.
public enum ProcessLifetime {
    private final class Flag: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        func set() { lock.withLock { value = true } }
        func get() -> Bool { lock.withLock { value } }
    }

    private static let exitsAfterCommand = Flag()

    /// Called by the executable before it runs a command: this process ends when the command does.
    public static func markExitsAfterCommand() { exitsAfterCommand.set() }

    /// Keeps `object` alive until the process exits, when the process ends with its command.
    static func keepUntilExit(_ object: AnyObject) {
        if exitsAfterCommand.get() { _ = Unmanaged.passRetained(object) }
    }

    /// Keeps a value (a large import's entries) alive until the process exits, when the process ends with its command.
    static func keepUntilExit<Value>(value: Value) {
        if exitsAfterCommand.get() { _ = Unmanaged.passRetained(Held(value)) }
    }

    private final class Held<Value> {
        let value: Value
        init(_ value: Value) { self.value = value }
    }
}
