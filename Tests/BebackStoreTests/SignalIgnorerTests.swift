#if canImport(Glibc)
    import Glibc
#endif
@testable import BebackStore
import Testing

/// SIGUSR2 is used here: beback never uses it, so no other test changes it meanwhile.
@Suite("Ignoring a signal while work runs, and putting back what the process had", .serialized)
struct SignalIgnorerTests {
    /// The signal's handler as the process has it now.
    func handler(_ signal: Int32) -> UnsafeMutableRawPointer? {
        var current = sigaction()
        sigaction(signal, nil, &current)
        return unsafeBitCast(current.__sigaction_handler.sa_handler, to: UnsafeMutableRawPointer?.self)
    }

    let ignored = unsafeBitCast(SIG_IGN, to: UnsafeMutableRawPointer?.self)

    @Test("the default action comes back after the last of several overlapping runs, not before")
    func defaultComesBack() {
        var defaultAction = sigaction()
        sigaction(SIGUSR2, &defaultAction, nil)
        let ignorer = SignalIgnorer(SIGUSR2)
        ignorer.ignore()
        #expect(handler(SIGUSR2) == ignored)
        ignorer.ignore()
        ignorer.restore()
        #expect(handler(SIGUSR2) == ignored, "one run is still going")
        ignorer.restore()
        #expect(handler(SIGUSR2) == nil, "the default action again")
        ignorer.restore()
        #expect(handler(SIGUSR2) == nil, "an extra restore changes nothing")
    }

    @Test("a handler the process had is put back as it was")
    func handlerComesBack() {
        var custom = sigaction()
        custom.__sigaction_handler.sa_handler = { _ in }
        sigaction(SIGUSR2, &custom, nil)
        let installed = handler(SIGUSR2)
        #expect(installed != nil && installed != ignored)
        let ignorer = SignalIgnorer(SIGUSR2)
        ignorer.ignore()
        #expect(handler(SIGUSR2) == ignored)
        ignorer.restore()
        #expect(handler(SIGUSR2) == installed)
        var defaultAction = sigaction()
        sigaction(SIGUSR2, &defaultAction, nil)
    }
}
