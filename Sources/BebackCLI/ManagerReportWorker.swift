import BebackDesk
import BebackDomain
import Foundation

/// Works out the team screen's report (compliance, objections, charts, idle leads), which reads
/// every lead, on another thread, when the board itself came from a store's per-rep figures: the
/// screen opens on the board and the report follows. The first run reads every lead once into memory
/// (through the store's second connection); later runs fold what the session folded since into that
/// copy and work the report out again. One run at a time; a request during a run is done after it.
final class ManagerReportWorker: @unchecked Sendable {
    private struct Request {
        var config: DeskConfig
        var now: Date
        var timeZone: TimeZone
    }

    /// Guards everything below.
    private let lock = NSLock()
    private var running = false
    private var waiting: Request?
    private var source: DeskState?
    /// Whether the session's state was taken: every entry folded since goes to `unfolded`.
    private var tracking = false
    private var resident: DeskState?
    private var unfolded: [Event] = []
    private var latest: ManagerReport?
    private var arrived = false

    /// The last report worked out, if any.
    var report: ManagerReport? { lock.withLock { latest } }

    /// Whether a report arrived since the last call.
    func takeArrival() -> Bool {
        lock.withLock {
            defer { arrived = false }
            return arrived
        }
    }

    /// Entries the session folded (after `request` first took its state): folded into the copy too.
    func folded(_ events: [Event]) {
        lock.withLock { if tracking { unfolded += events } }
    }

    /// Asks for the report of the desk as `state` is now (the first request's state is read whole; later
    /// ones use the entries `folded` handed over).
    func request(state: @autoclosure () -> DeskState, config: DeskConfig, now: Date, timeZone: TimeZone) {
        let start: Bool = lock.withLock {
            if !tracking {
                source = state()
                tracking = true
            }
            waiting = Request(config: config, now: now, timeZone: timeZone)
            if running { return false }
            running = true
            return true
        }
        guard start else { return }
        let thread = Thread { [self] in work() }
        thread.name = "beback-manager-report"
        thread.start()
    }

    private func work() {
        while true {
            let next: (Request, DeskState?, DeskState?, [Event])? = lock.withLock {
                guard let request = waiting else {
                    running = false
                    return nil
                }
                waiting = nil
                defer {
                    source = nil
                    unfolded = []
                }
                return (request, source, resident, unfolded)
            }
            guard let (request, source, kept, events) = next else { return }
            var state = kept ?? DeskState()
            if kept == nil, let source {
                source.leads.forEachLead { state.leads[$0.id] = $0 }
            }
            for event in events { state.apply(event) }
            let report = ManagerReport(state: state, config: request.config, now: request.now, timeZone: request.timeZone)
            lock.withLock {
                resident = state
                latest = report
                arrived = true
            }
        }
    }
}
