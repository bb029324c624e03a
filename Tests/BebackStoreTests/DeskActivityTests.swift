import Foundation
import Testing

@testable import BebackStore

/// Background work waits for a pause in the typing; the wait must survive a key noted by the desk's
/// thread between the moment it read the clock and the moment it read the last key.
@Suite("Waiting for a pause in the typing")
struct DeskActivityTests {
    @Test("a key noted after the waiting thread read the clock is no time passed, not a crash")
    func keyNotedAfterTheClockWasRead() {
        let activity = DeskActivity()
        // The last key is later than any clock reading the wait makes (the race, made certain).
        activity.keyPressed(at: DispatchTime.now().uptimeNanoseconds + 60_000_000_000)
        let started = DispatchTime.now().uptimeNanoseconds
        activity.waitForQuiet(atMost: 0.2)
        let waited = DispatchTime.now().uptimeNanoseconds - started
        #expect(waited >= 200_000_000, "no pause came, so the wait ran to its limit")
    }

    @Test("with no key for a while, the wait returns at once")
    func quietReturnsAtOnce() {
        let activity = DeskActivity()
        activity.keyPressed(at: 0)
        let started = DispatchTime.now().uptimeNanoseconds
        activity.waitForQuiet(atMost: 5)
        #expect(DispatchTime.now().uptimeNanoseconds - started < 1_000_000_000)
    }
}
