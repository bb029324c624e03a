import BebackDesk
import BebackDomain
import BebackStore
import BebackTerminal
import BebackText
import Foundation

/// The manager's run loop (`beback --manager`): reads a key, lets `ManagerModel` decide, performs
/// assignments and reclaims (appended to the desk journal, synced, then folded), and redraws. The team's
/// figures are worked out again only when the desk changed or the minute turned.
final class ManagerApp {
    let session: DeskSession
    private(set) var model = ManagerModel()
    private(set) var context: ManagerContext
    private var lastMinute = -1

    init(session: DeskSession) throws {
        self.session = session
        try session.viewer.requireManager("the manager's desk")
        context = ManagerApp.context(of: session)
    }

    static func context(of session: DeskSession) -> ManagerContext {
        ManagerContext(state: session.state, now: session.now, manager: session.rep, config: session.config, timeZone: session.deskTimeZone,
                       readOnlyReason: session.readOnlyReason, dueIndex: session.dueIndex, scripts: session.scripts)
    }

    /// The desk changed (or the clock moved): work the figures out again.
    private func rebuild() {
        context = ManagerApp.context(of: session)
        model.reload(context)
    }

    func open() {
        rebuild()
        lastMinute = Int(session.now.timeIntervalSince1970 / 60)
    }

    func run(on screen: TerminalScreen) {
        open()
        draw(on: screen)
        while !model.wantsQuit {
            guard let key = screen.readKey(timeoutMilliseconds: 500) else {
                idle()
                draw(on: screen)
                continue
            }
            if key == .resize { screen.redrawAll() } else { handle(key) }
            if model.wantsQuit { break }
            draw(on: screen)
        }
    }

    func handle(_ key: Key) {
        for effect in model.handle(key, context: context) { perform(effect) }
    }

    func draw(on screen: TerminalScreen) {
        let size = screen.size
        let frame = render(width: size.cols, height: size.rows)
        screen.draw(frame.buffer)
        if let cursor = frame.cursor { screen.showCursor(at: cursor) } else { screen.hideCursor() }
    }

    /// One frame (also used by tests without a terminal).
    func render(width: Int, height: Int) -> DeskFrame {
        model.pageSize = ManagerLayout(width: width, height: height, focus: model.focus, reps: context.reps.count).pageRows(model.focus)
        if case .calendar = model.screen {
            model.calendar.pageSize = DeskLayout(width: width, height: height, focus: model.calendar.focus).dueRows
        }
        return ManagerRenderer.render(model, context: context, width: width, height: height)
    }

    func idle() {
        var changed = false
        do { changed = try session.refresh() > 0 } catch { model.didFail("cannot read the journals: \(error)") }
        let minute = Int(session.now.timeIntervalSince1970 / 60)
        if minute != lastMinute { lastMinute = minute; changed = true }
        if changed { rebuild() }
    }

    private func perform(_ effect: ManagerEffect) {
        let now = session.now
        let assignment = Assignment(config: session.config, actor: session.rep)
        do {
            switch effect {
            case .quit:
                return
            case .assign(let leadID, let rep):
                guard let lead = session.state.leads[leadID] else { throw CLIError("lead \(leadID) is no longer on this desk") }
                let events = try session.withIDs { ids in try assignment.assign(lead, to: rep, at: now, ids: &ids) }
                try session.save(events, to: .desk)
                rebuild()
                model.didSave("\(SafeText.sanitize(lead.profile.name)) assigned to \(rep)", at: now, context: context)
            case .roundRobin:
                let (events, given) = try session.withIDs { ids in try assignment.roundRobin(session.state, at: now, ids: &ids) }
                guard !given.isEmpty else { model.didNothing("the pool is empty: nothing to deal"); return }
                try session.save(events, to: .desk)
                rebuild()
                let perRep = Dictionary(grouping: given, by: \.1).mapValues(\.count)
                let dealt = session.config.assignableReps.map { "\($0) \(perRep[$0, default: 0])" }.joined(separator: " · ")
                model.didSave("\(given.count) pool lead\(given.count == 1 ? "" : "s") dealt: \(dealt)", at: now, context: context)
            case .reclaim:
                let events = session.withIDs { ids in IdleSweep(policy: session.policy, actor: session.rep).events(for: session.state, at: now, ids: &ids) }
                guard !events.isEmpty else { model.didNothing("reclaim: nothing to do (no lead is idle past its steps)"); return }
                try session.save(events, to: .desk)
                rebuild()
                let counts = Dictionary(grouping: events, by: \.payload.kind).mapValues(\.count)
                model.didSave("reclaim: \(counts["idle-flagged", default: 0]) flagged · \(counts["escalated", default: 0]) escalated · \(counts["reclaimed", default: 0]) reclaimed",
                              at: now, context: context)
            }
        } catch let error as AssignmentError {
            model.didFail(error.description)
        } catch let error as StoreError {
            model.didFail(error.description)
        } catch {
            model.didFail("\(error)")
        }
    }
}
