import Foundation

/// The calling thread's CPU time, for traces and timed queries: on a busy machine a wall time
/// includes other processes' turns, the thread's CPU time only its own work.
enum ThreadCPUClock {
    /// This thread's CPU time so far, in nanoseconds.
    static func nanoseconds() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }
}
