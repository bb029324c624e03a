import BebackDesk
import BebackDomain
import BebackExchange
import BebackStore
import BebackTerminal
import Foundation

/// The desk's run loop: reads a key, lets the model decide, performs the effects (append and sync
/// first, fold after), draws the frame, and looks for other processes' entries while idle.
final class DeskApp {
    let session: DeskSession
    private(set) var model = DeskModel()
    /// Entries saved in this session, by id (what undo revokes).
    private var savedEvents: [EventID: Event] = [:]
    private var lastMinute = -1
    /// Runs desk.conf's dial command (nil: the desk has none, or it did not parse).
    private(set) var dialer: Dialer?

    init(session: DeskSession) {
        self.session = session
        dialer = session.config.dialCommand.flatMap { try? DialCommand(template: $0) }.map(Dialer.init)
    }

    var context: DeskContext {
        DeskContext(state: session.state, now: session.now, rep: session.rep, policy: session.policy,
                    timeZone: session.deskTimeZone, readOnlyReason: session.readOnlyReason, dueIndex: session.dueIndex,
                    scripts: session.scripts, dialCommand: dialer?.command.template)
    }

    /// Runs until the rep quits; returns this session's counters. With a trace file, each key's time
    /// from being read to the end of the screen update is written to it (key, then microseconds),
    /// and before a key that saved, each append's time (written and synced) as an `append` line.
    func run(on screen: TerminalScreen, trace: FileHandle? = nil, startedAt: UInt64? = nil) -> SessionCounters {
        open()
        draw(on: screen)
        if let trace, let startedAt {
            trace.write(Data("open\t\((DispatchTime.now().uptimeNanoseconds - startedAt) / 1000)\n".utf8))
        }
        startBackgroundWork()
        while !model.wantsQuit {
            guard let key = screen.readKey(timeoutMilliseconds: 500) else {
                idle()
                draw(on: screen)
                continue
            }
            let started = DispatchTime.now().uptimeNanoseconds
            (session.store as? FileEventStore)?.activity.keyPressed()
            if key == .resize {
                screen.redrawAll()
            } else {
                handle(key)
            }
            if model.wantsQuit { break }
            draw(on: screen)
            if let trace {
                let micros = (DispatchTime.now().uptimeNanoseconds - started) / 1000
                // A save's append (written and synced) is traced on its own line before its key's.
                let appends = session.takeAppendTimes().map { "append\t\($0)\n" }.joined()
                trace.write(Data("\(appends)\(key)\t\(micros)\n".utf8))
            } else {
                _ = session.takeAppendTimes()
            }
        }
        return model.counters
    }

    /// The first due list, and a note about a torn journal tail.
    func open() {
        session.keepLeadSummaries()
        model.reload(context)
        if let problem = session.loadProblems.first {
            model.status = "\(problem); the desk is read-only until 'beback salvage' is run"
            model.statusIsError = true
        } else if let torn = session.tornTails.first {
            model.status = "note: \(torn.problem.detail) in \(torn.journal.fileName); it is set aside on the next save"
        } else if let note = session.loadNotes.first {
            model.status = "note: \(note)"
        } else if let warning = session.fileSystemWarning {
            model.status = warning
        }
    }

    /// Once the first frame is up (on two cores it would share them with this work): the journals
    /// the open did not check whole are checked on another core, the rep's own first, and the
    /// listed leads are read ahead.
    func startBackgroundWork() {
        session.checkJournalsInBackground()
        session.readAheadInBackground(model.listedLeads)
    }

    /// One key, start to end (also used by tests without a terminal).
    func handle(_ key: Key) {
        // No context may outlive this call: a live copy of the desk state would make the save below
        // copy the whole desk (copy-on-write) instead of folding in place.
        let effects = model.handle(key, context: context)
        for effect in effects {
            perform(effect)
        }
    }

    func draw(on screen: TerminalScreen) {
        let size = screen.size
        model.pageSize = DeskLayout(width: size.cols, height: size.rows, focus: model.focus).dueRows
        let frame = DeskRenderer.render(model, context: context, width: size.cols, height: size.rows)
        screen.draw(frame.buffer)
        if let cursor = frame.cursor { screen.showCursor(at: cursor) } else { screen.hideCursor() }
    }

    /// While no key comes: bring in other processes' entries, and let the due list follow the clock.
    func idle() {
        for failure in dialer?.reap() ?? [] { model.dialCommandFailed(failure) }
        // Opening from a snapshot (or by digests) left records to check: take one finished check per idle moment.
        if let problem = session.checkNextUncheckedJournal().first {
            model.reload(context)
            model.status = "\(problem); the desk is read-only until 'beback salvage' is run"
            model.statusIsError = true
        }
        if let problem = session.newSnapshotProblem() {
            model.status = problem
            model.statusIsError = true
        }
        do {
            if try session.refresh() > 0 { model.reload(context) }
        } catch {
            model.didFail("cannot read the journals: \(describe(error))")
        }
        let minute = Int(session.now.timeIntervalSince1970 / 60)
        if minute != lastMinute {
            lastMinute = minute
            model.reload(context)
        }
    }

    private func perform(_ effect: DeskEffect) {
        do {
            switch effect {
            case .quit:
                return
            case .dial(let lead, let number):
                guard let dialer else { throw CLIError("no dial command in desk.conf") }
                try dialer.dial(number)
                model.didDial(lead: lead, number: number, at: session.now, context: context)
            case .record(let request):
                let (events, _) = try session.withIDs { ids in
                    try session.commands.record(request, state: session.state, at: session.now, ids: &ids)
                }
                try save(events, outcome: request.outcome, lead: request.lead) { self.label(for: request) }
            case .append(let payloads, let lead, let summary):
                let events = try session.withIDs { ids in
                    try payloads.map { try session.commands.event($0, on: lead, state: session.state, at: session.now, ids: &ids) }
                }
                let name = session.state.leads[lead]?.profile.name ?? lead.rawValue
                try save(events, outcome: nil) { "\(summary) · \(name)" }
            case .capture(let profile, let wants, let holdingBack):
                let events = try session.withIDs { ids in
                    try session.commands.capture(profile, wants: wants, holdingBack: holdingBack, state: session.state, at: session.now, ids: &ids)
                }
                let time = HumanTime(timeZone: profile.contact.timeZone)
                var text = "new lead \(events[0].lead) · \(profile.name)"
                if case .scheduled(let first) = events.last?.payload { text += " · first follow-up \(time.dayAndClock(first.due))" }
                try save(events, outcome: nil) { text }
            case .undo(let ids):
                let targets = ids.compactMap { savedEvents[$0] }
                let revocations = try session.withIDs { generator in
                    try targets.reversed().map { try session.commands.undo($0, state: session.state, at: session.now, ids: &generator) }
                }
                try session.save(revocations)
                model.didUndo(at: session.now, context: context)
            }
        } catch {
            model.didFail(describe(error))
        }
    }

    /// Saves (append and sync), then folds and tells the model; the label is made after saving, so it shows the new plan.
    private func save(_ events: [Event], outcome: Disposition?, lead: LeadID? = nil, label: () -> String) throws {
        try session.save(events)
        for event in events { savedEvents[event.id] = event }
        model.didSave(DeskModel.SavedGroup(events: events.map(\.id), outcome: outcome, label: label(), lead: lead,
                                           touchedLeads: Array(Set(events.map(\.lead)))), at: session.now, context: context)
    }

    private func label(for request: OutcomeRequest) -> String {
        guard let lead = session.state.leads[request.lead] else { return request.outcome.label }
        var text = "\(request.outcome.label) · \(lead.profile.name)"
        if let seconds = request.durationSeconds { text += " · call \(CallDuration.text(seconds))" }
        if let next = lead.next {
            text += " · next \(HumanTime(timeZone: lead.profile.contact.timeZone).dayAndClock(next.due))"
        }
        return text
    }

    private func describe(_ error: any Error) -> String {
        switch error {
        case let error as StoreError: return error.description
        case let error as DeskCommandError: return error.description
        case let error as CLIError: return error.description
        default: return "\(error)"
        }
    }
}
