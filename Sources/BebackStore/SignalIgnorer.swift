#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Ignores one signal while some work runs, however many such runs overlap in the process: the
/// first `ignore` sets the signal aside and keeps what the process had (the default action, a
/// handler, or ignored), the last `restore` puts that back.
final class SignalIgnorer: @unchecked Sendable {
    /// The terminal's stop key (Ctrl-Z): ignored while an opening desk holds journals' locks shared.
    static let stopKey = SignalIgnorer(SIGTSTP)

    private let signal: Int32
    private let lock = NSLock()
    private var holders = 0
    private var previous = sigaction()

    init(_ signal: Int32) { self.signal = signal }

    func ignore() {
        lock.withLock {
            if holders == 0 {
                var ignoring = sigaction()
                ignoring.__sigaction_handler.sa_handler = SIG_IGN
                sigemptyset(&ignoring.sa_mask)
                sigaction(signal, &ignoring, &previous)
            }
            holders += 1
        }
    }

    func restore() {
        lock.withLock {
            guard holders > 0 else { return }
            holders -= 1
            if holders == 0 { sigaction(signal, &previous, nil) }
        }
    }
}
