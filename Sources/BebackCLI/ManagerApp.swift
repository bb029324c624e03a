import BebackDesk
import BebackDomain
import BebackStore
import BebackCells
import BebackTerminal
import BebackText
import Foundation
#if Postgres
    import BebackPostgres
#endif

/// The manager's team screen as a program of the one run loop (`beback --manager`): hands keys and
/// effect results to `ManagerModel` as messages, and performs assignments and reclaims (appended to
/// the desk journal, synced, then folded). The team's figures are worked out again only when the
/// desk changed or the minute turned.
final class ManagerApp: ScreenProgram {
    let session: DeskSession
    private(set) var model = ManagerModel()
    private(set) var context: ManagerContext
    private var lastMinute = -1
    /// The report's parts, worked out on another thread when the board came from the store's figures.
    private let report = ManagerReportWorker()
    /// Only the background report arrived: the figures are not read again for it.
    private var onlyReportArrived = false
    /// The context was just worked out (by `init`): the first `deskChanged` does not work it out again.
    private var contextIsFresh = true

    init(session: DeskSession) throws {
        self.session = session
        try session.viewer.requireManager("the manager's desk")
        // The report's reading of every lead starts after the first frame (`requestReport`), not before it.
        context = ManagerApp.context(of: session, report: report, requestingReport: false)
        let worker = report
        session.onFold = { worker.folded($0) }
    }

    func currentContext(requestingReport: Bool = true) -> ManagerContext {
        ManagerApp.context(of: session, report: report, requestingReport: requestingReport && reportRequested)
    }

    /// Whether the background report was asked for (after the first frame).
    private var reportRequested = false

    /// Asks for the background report once, when the board came from the store's figures.
    private func requestReport() {
        guard !reportRequested, context.reportPending != nil else { return }
        reportRequested = true
        report.request(state: session.state, config: session.config, now: session.now, timeZone: session.deskTimeZone)
    }

    /// The screen's figures now: on a store that works the board out itself (PostgreSQL, from its
    /// per-rep aggregates), the board from there and the report from the background worker; otherwise
    /// everything from the folded desk.
    static func context(of session: DeskSession, report: ManagerReportWorker, requestingReport: Bool = true) -> ManagerContext {
        #if Postgres
            if let database = session.store as? PostgresEventStore {
                let period = TeamPeriod.thisWeek(session.now, timeZone: session.deskTimeZone)
                if let read = try? database.teamFigures(config: session.config, period: period) {
                    let board = TeamBoard(figures: read.figures, config: session.config, period: period)
                    if requestingReport {
                        report.request(state: session.state, config: session.config, now: session.now, timeZone: session.deskTimeZone)
                    }
                    return ManagerContext(
                        state: session.state, now: session.now, manager: session.rep, config: session.config, timeZone: session.deskTimeZone,
                        readOnlyReason: session.readOnlyReason, dueIndex: session.dueIndex, scripts: session.scripts,
                        figures: ManagerFigures(board: board, weekly: read.weekly, pool: read.pool), report: report.report)
                }
            }
        #endif
        return ManagerApp.context(of: session)
    }

    static func context(of session: DeskSession) -> ManagerContext {
        ManagerContext(
            state: session.state, now: session.now, manager: session.rep, config: session.config, timeZone: session.deskTimeZone,
            readOnlyReason: session.readOnlyReason, dueIndex: session.dueIndex, scripts: session.scripts)
    }

    var wantsQuit: Bool { model.wantsQuit }

    func open() {
        lastMinute = Int(session.now.timeIntervalSince1970 / 60)
        send(.deskChanged)
        // Damage in a rep's journal (that rep's saves are refused) or a refused file: the manager is told at once.
        if let problem = session.otherJournalNotes.first { send(.alert(problem)) }
        // Entries that apply to no lead are kept, never dropped silently: the manager hears of them.
        let orphans = session.state.orphanEvents.count
        if orphans > 0 {
            send(
                .alert(
                    "\(orphans) entr\(orphans == 1 ? "y applies" : "ies apply") to no lead on this desk (kept in the journals): 'beback verify' lists each with its file and offset"
                ))
        }
    }

    /// Runs until the manager quits. With a trace file, the time from `startedAt` to the first frame
    /// drawn is written to it as an `open` line (microseconds), as the rep's desk writes its own.
    func run(on screen: TerminalScreen, trace: FileHandle? = nil, startedAt: UInt64? = nil) {
        open()
        ScreenLoop.draw(self, on: screen)
        if let trace, let startedAt {
            trace.write(Data("open\t\((DispatchTime.now().uptimeNanoseconds - startedAt) / 1000)\n".utf8))
        }
        requestReport()
        ScreenLoop.run(self, on: screen)
    }

    /// Delivers a message and what follows from it (tests drive the screen through this).
    func send(_ message: ManagerMsg) { ScreenLoop.send(message, to: self) }

    /// One key, start to end (tests without a terminal).
    func handle(_ key: Key) { send(.key(key)) }

    /// One frame (also used by tests without a terminal).
    func render(width: Int, height: Int) -> DeskFrame { frame(width: width, height: height) }

    // MARK: ScreenProgram

    func message(for key: Key) -> ManagerMsg { .key(key) }

    func update(_ message: ManagerMsg) -> [ManagerEffect] {
        // The desk changed: the figures are worked out again before the model sees it.
        switch message {
        case .deskChanged where contextIsFresh:
            contextIsFresh = false
        case .deskChanged, .saved:
            context = currentContext(requestingReport: !onlyReportArrived)
            onlyReportArrived = false
            contextIsFresh = false
        default: break
        }
        return model.update(message, context: context)
    }

    func frame(width: Int, height: Int) -> DeskFrame {
        model.pageSize = ManagerLayout(width: width, height: height, focus: model.focus, reps: context.reps.count).pageRows(model.focus)
        (model.screenWidth, model.screenHeight) = (width, height)
        (model.calendar.screenWidth, model.calendar.screenHeight) = (width, height)
        if case .calendar = model.screen {
            model.calendar.pageSize = DeskLayout(width: width, height: height, focus: model.calendar.focus).dueRows
        }
        return ManagerRenderer.render(model, context: context, width: width, height: height)
    }

    var hasNews: Bool { session.hasNews }

    func idle() -> [ManagerMsg] {
        requestReport()
        var messages: [ManagerMsg] = []
        var changed = false
        do { changed = try session.refresh() > 0 } catch { messages.append(.failed("cannot read the journals: \(error)")) }
        let minute = Int(session.now.timeIntervalSince1970 / 60)
        if minute != lastMinute { lastMinute = minute; changed = true }
        // The store lost (or found again) its server: the banner changes at once, as on a rep's desk.
        if session.readOnlyReason != context.readOnlyReason { changed = true }
        if report.takeArrival(), !changed {
            onlyReportArrived = true
            changed = true
        }
        if changed { messages.append(.deskChanged) }
        return messages
    }

    func perform(_ effect: ManagerEffect) -> [ManagerMsg] {
        let now = session.now
        let assignment = Assignment(config: session.config, actor: session.rep)
        do {
            switch effect {
            case .assign(let leadID, let rep):
                guard let lead = session.state.leads[leadID] else { throw CLIError("lead \(leadID) is no longer on this desk") }
                let events = try session.withIDs { ids in try assignment.assign(lead, to: rep, at: now, ids: &ids) }
                try session.save(events, to: .desk)
                return [.saved("\(SafeText.sanitize(lead.profile.name)) assigned to \(rep)", at: now)]
            case .roundRobin:
                let (events, given) = try session.withIDs { ids in try assignment.roundRobin(session.state, at: now, ids: &ids) }
                guard !given.isEmpty else { return [.nothing("the pool is empty: nothing to deal")] }
                try session.save(events, to: .desk)
                let perRep = Dictionary(grouping: given, by: \.1).mapValues(\.count)
                let dealt = session.config.assignableReps.map { "\($0) \(perRep[$0, default: 0])" }.joined(separator: " · ")
                return [.saved("\(given.count) pool lead\(given.count == 1 ? "" : "s") dealt: \(dealt)", at: now)]
            case .reclaim:
                let events = session.withIDs { ids in IdleSweep(policy: session.policy, actor: session.rep).events(for: session.state, at: now, ids: &ids) }
                guard !events.isEmpty else { return [.nothing("reclaim: nothing to do (no lead is idle past its steps)")] }
                try session.save(events, to: .desk)
                let counts = Dictionary(grouping: events, by: \.payload.kind).mapValues(\.count)
                return [
                    .saved(
                        "reclaim: \(counts["idle-flagged", default: 0]) flagged · \(counts["escalated", default: 0]) escalated · \(counts["reclaimed", default: 0]) reclaimed",
                        at: now)
                ]
            }
        } catch let error as AssignmentError {
            return [.failed(error.description)]
        } catch let error as StoreError {
            return [.failed(error.description)]
        } catch {
            return [.failed("\(error)")]
        }
    }
}
