import BebackDesk
import BebackDomain
import BebackExchange
import BebackStore
import BebackCells
import BebackTerminal
import Foundation

/// The rep's desk as a program of the one run loop: hands keys and effect results to `DeskModel` as
/// messages, and performs the effects it asks for (append and sync first, fold after; a dial).
final class DeskApp: ScreenProgram {
    let session: DeskSession
    private(set) var model = DeskModel()
    private var lastMinute = -1
    /// Runs desk.conf's dial command (nil: the desk has none, or it did not parse).
    private(set) var dialer: Dialer?
    /// The terminal, while the desk runs on one (the editor is given it for a while).
    private var screen: TerminalScreen?
    /// The message composed and waiting for "Send? y/Esc".
    private var pendingMessage: MessageDraft?
    /// The desk's email and text templates (bundled ones when not set).
    var templates = TemplateLibrary.bundledOnly()
    /// Open in power dialling mode (`desk --session`).
    var sessionOnOpen = false
    /// When the desk opened: the session's start.
    private(set) var openedAt = Date(timeIntervalSince1970: 0)

    init(session: DeskSession) {
        self.session = session
        dialer = session.config.dialCommand.flatMap { try? DialCommand(template: $0) }.map(Dialer.init)
        notifier = session.config.reminders.command.flatMap { try? ReminderNotifier(template: $0) }
    }

    /// Runs desk.conf's `[notify] command` for reminders (nil: none).
    private(set) var notifier: ReminderNotifier?

    /// What the model decides from. No context may outlive one message: a live copy of the desk
    /// state would make a save copy the whole desk (copy-on-write) instead of folding in place.
    var context: DeskContext {
        DeskContext(
            state: session.state, now: session.now, rep: session.rep, policy: session.policy,
            timeZone: session.deskTimeZone, readOnlyReason: session.readOnlyReason, dueIndex: session.dueIndex,
            scripts: session.scripts, dialCommand: dialer?.command.template, doNotContact: session.doNotContactIfBuilt,
            finder: session.finder, access: session.viewer, session: session.config.session, reminders: session.config.reminders)
    }

    var wantsQuit: Bool { model.wantsQuit }

    /// Runs until the rep quits; returns this session's counters. With a trace file, each key's time
    /// from being read to the end of the screen update is written to it (key, microseconds, then the
    /// desk thread's CPU microseconds), and before a key that saved, each append's time (written and
    /// synced) as an `append` line.
    func run(on screen: TerminalScreen, trace: FileHandle? = nil, startedAt: UInt64? = nil) -> SessionCounters {
        self.screen = screen
        open()
        if sessionOnOpen { startPowerSession() }
        // Before the first frame: a key the rep types at once does not wait for it.
        session.prepareToSave()
        ScreenLoop.draw(self, on: screen)
        if let trace, let startedAt {
            trace.write(Data("open\t\((DispatchTime.now().uptimeNanoseconds - startedAt) / 1000)\n".utf8))
        }
        startBackgroundWork()
        ScreenLoop.run(self, on: screen) { key, micros, cpu in
            let appends = session.takeAppendTimes()
            // A save's append (written and synced) is traced on its own line before its key's.
            trace?.write(Data("\(appends.map { "append\t\($0)\n" }.joined())\(key)\t\(micros)\t\(cpu)\n".utf8))
        }
        return model.counters
    }

    /// The first due list, and a note about damage, a torn journal tail or the file system.
    func open() {
        session.keepLeadSummaries()
        openedAt = session.now
        lastMinute = Int(session.now.timeIntervalSince1970 / 60)
        send(.deskChanged)
        session.listOrder(model.listedLeads)
        if let alert = session.trustAlerts.first {
            send(.alert(alert))
        } else if let problem = session.loadProblems.first {
            send(.alert("\(problem); the desk is read-only until 'beback salvage' is run"))
        } else if let torn = session.tornTails.first {
            send(.note("note: \(torn.problem.detail) in \(torn.journal.fileName); it is set aside on the next save"))
        } else if let other = session.otherJournalNotes.first {
            send(.alert(other))
        } else if let note = session.loadNotes.first {
            send(.note("note: \(note)"))
        } else if let warning = session.fileSystemWarning {
            send(.note(warning))
        }
    }

    /// Opens in power dialling mode (`desk --session`), as `P` would turn it on.
    func startPowerSession() {
        if !model.powerDialling { model.toggleSession(context: context) }
    }

    /// This run of the desk as a session record (nil: no call was recorded, so nothing is journaled).
    func sessionRecord() -> SessionRecord? {
        guard model.counters.calls > 0 else { return nil }
        return model.counters.record(started: openedAt, ended: session.now, goals: session.config.session)
    }

    /// Journals the session record in the rep's journal, through the one write gate (a read-only
    /// desk writes none); returns why it was not written, when it was not.
    func journalSession() -> String? {
        guard let record = sessionRecord() else { return nil }
        do {
            let event = session.withIDs { ids in
                Event(id: ids.newEventID(), at: session.now, actor: session.rep, lead: SessionRecord.lead, payload: .sessionRecorded(record))
            }
            try session.save([event])
            return nil
        } catch {
            return "the session record was not journaled: \(Self.describe(error))"
        }
    }

    /// Delivers a message and what follows from it (tests drive the desk through this).
    func send(_ message: DeskMsg) { ScreenLoop.send(message, to: self) }

    /// One key, start to end (tests without a terminal).
    func handle(_ key: Key) { send(message(for: key)) }

    /// Once the first frame is up (on two cores it would share them with this work): the journals
    /// the open did not check whole are checked on another core, the rep's own first, and the
    /// listed leads are read ahead.
    func startBackgroundWork() {
        session.checkJournalsInBackground()
        session.readAheadInBackground(model.listedLeads)
        // The find index (`/`), so the first find does not wait for it (it waits only for what is left).
        // It waits for a pause in the typing (3 s at most) and runs at the lowest priority, so the
        // rep's first keys do not share the cores with it.
        let activity = session.store.keyActivity
        session.finder.prepare(from: session.state.leads) { work in
            let thread = Thread {
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 19)
                activity?.waitForQuiet(atMost: 3)
                work()
            }
            thread.name = "beback-find-index"
            thread.start()
        }
    }

    // MARK: ScreenProgram

    func message(for key: Key) -> DeskMsg {
        session.keyPressed()
        // The do-not-contact list is built the first time a key needs it, not at open.
        if case .normal = model.mode, let action = KeyBindings.action(for: key), [.dial, .captureLead, .editContact].contains(action) {
            _ = session.doNotContact
        }
        return .key(key)
    }

    func update(_ message: DeskMsg) -> [DeskEffect] {
        model.update(message, context: context)
    }

    func frame(width: Int, height: Int) -> DeskFrame {
        model.pageSize = DeskLayout(width: width, height: height, focus: model.focus).dueRows
        (model.screenWidth, model.screenHeight) = (width, height)
        // The leads the frame shows are read first, in one step: no view reads the disk.
        let context = context
        let leads = FrameLeads.load(for: model, context: context, width: width, height: height)
        return DeskRenderer.render(model, context: context, leads: leads, width: width, height: height)
    }

    /// While no key comes: a dial command that failed, damage a background check found, other
    /// processes' entries, and the minute turning (the due list follows the clock).
    var hasNews: Bool { session.hasNews }

    func idle() -> [DeskMsg] {
        var messages: [DeskMsg] = (dialer?.reap() ?? []).map(DeskMsg.dialFailed)
        notifier?.reap()
        // Opening from a snapshot (or by digests) left records to check: take one finished check per idle moment.
        if let problem = session.checkNextUncheckedJournal().first {
            messages += [.deskChanged, .alert("\(problem); the desk is read-only until 'beback salvage' is run")]
        }
        if let problem = session.newSnapshotProblem() { messages.append(.alert(problem)) }
        do {
            if try session.refresh() > 0 { messages.append(.deskChanged) }
        } catch {
            messages.append(.alert("cannot read the journals: \(Self.describe(error))"))
        }
        // A find typed while the index was being built shows its leads once the index is there.
        if !model.filter.isEmpty, model.found == nil, session.finder.isBuilt { messages.append(.deskChanged) }
        let minute = Int(session.now.timeIntervalSince1970 / 60)
        if minute != lastMinute {
            lastMinute = minute
            messages.append(.deskChanged)
        }
        messages.append(.tick(uptime: Double(DispatchTime.now().uptimeNanoseconds) / 1e9))
        return messages
    }

    func perform(_ effect: DeskEffect) -> [DeskMsg] {
        do {
            switch effect {
            case .dial(let lead, let number):
                guard let dialer else { throw CLIError("no dial command in desk.conf") }
                try dialer.dial(number)
                return [.dialled(lead: lead, number: number, at: session.now)]
            case .composeEmail(let lead):
                return try composeEmail(lead)
            case .remind(let reminder):
                screen?.bell()
                guard let notifier else { return [] }
                let name = session.state.leads.summary(reminder.lead)?.name ?? reminder.lead.rawValue
                let time = HumanTime(timeZone: session.deskTimeZone).clock(reminder.due)
                try notifier.notify(values: [
                    "name": name, "purpose": reminder.purpose, "time": time, "what": reminder.what, "lead": reminder.lead.rawValue
                ])
                return []
            case .composeText(let lead):
                let current = try session.actions.ownLead(lead, in: session.state)
                let draft = try MessageDelivery.draft(.text, lead: current, purpose: nil, session: session, templates: templates)
                pendingMessage = draft
                let warning = draft.outsideHours ? "outside \(current.profile.name)'s calling hours: send only if they asked for it" : nil
                return [.textReady(lead: lead, text: draft.text, warning: warning)]
            case .sendText(let lead, let text):
                guard var draft = pendingMessage, draft.lead.id == lead, draft.kind == .text else { throw CLIError("no text is waiting to be sent") }
                pendingMessage = nil
                draft.lead = try session.actions.ownLead(lead, in: session.state)
                draft.text = text
                let (outcome, line) = try MessageDelivery.send(draft, session: session)
                session.keepLeadSummaries()
                return [.messageSent(sent: outcome.sent, text: line), .deskChanged]
            case .sendMessage(let lead):
                guard let draft = pendingMessage, draft.lead.id == lead else { throw CLIError("no message is waiting to be sent") }
                pendingMessage = nil
                let current = try session.actions.ownLead(lead, in: session.state)
                var fresh = draft
                fresh.lead = current
                let (outcome, line) = try MessageDelivery.send(fresh, session: session)
                session.keepLeadSummaries()
                return [.messageSent(sent: outcome.sent, text: line), .deskChanged]
            case .record(let request):
                let (events, plan) = try session.withIDs { ids in
                    try session.actions.record(request, state: session.state, at: session.now, ids: &ids)
                }
                return try save(events, outcome: request.outcome, lead: request.lead) { self.label(for: request, plan: plan) }
            case .append(let payloads, let lead, let summary):
                let events = try session.withIDs { ids in
                    try payloads.map { try session.actions.event($0, on: lead, state: session.state, at: session.now, ids: &ids) }
                }
                let name = session.state.leads[lead]?.profile.name ?? lead.rawValue
                return try save(events, outcome: nil, lead: lead) { "\(summary) · \(name)" }
            case .logObjection(let lead, let category, let words, let answer):
                let event = try session.withIDs { ids in
                    try session.actions.logObjection(category, words: words, answer: answer, on: lead, state: session.state, at: session.now, ids: &ids)
                }
                let name = session.state.leads[lead]?.profile.name ?? lead.rawValue
                return try save([event], outcome: nil, lead: lead) { "objection (\(category.label)) · \(name)" }
            case .capture(let profile, let wants, let holdingBack):
                let events = try session.withIDs { ids in
                    try session.actions.capture(profile, wants: wants, holdingBack: holdingBack, state: session.state, at: session.now, ids: &ids)
                }
                let time = HumanTime(timeZone: profile.contact.timeZone, now: session.now)
                var text = "new lead \(events[0].lead) · \(profile.name)"
                if case .scheduled(let first) = events.last?.payload { text += " · first follow-up \(time.dayAndClock(first.due))" }
                return try save(events, outcome: nil) { text }
            case .undo(let targets):
                let revocations = try session.withIDs { generator in
                    try targets.reversed().map { try session.actions.undo($0, state: session.state, at: session.now, ids: &generator) }
                }
                try session.save(revocations)
                return [.undone(at: session.now)]
            }
        } catch {
            return [.failed(Self.describe(error))]
        }
    }

    /// Fills the email template for the lead, hands the terminal to the rep's editor on it (the
    /// desk steps aside and comes back whatever the editor did), and asks "Send? y/Esc".
    private func composeEmail(_ lead: LeadID) throws -> [DeskMsg] {
        let current = try session.actions.ownLead(lead, in: session.state)
        var draft = try MessageDelivery.draft(.email, lead: current, purpose: nil, session: session, templates: templates)
        screen?.suspend()
        defer { screen?.resume() }
        draft = try SendCommand.edited(draft)
        pendingMessage = draft
        return [.messageReady(lead: lead, summary: "email \"\(draft.subject)\" to \(draft.email?.toAddress ?? "")")]
    }

    /// Saves (append and sync, then fold); the label is made after saving, so it shows the new plan.
    private func save(_ events: [Event], outcome: Disposition?, lead: LeadID? = nil, label: () -> String) throws -> [DeskMsg] {
        try session.save(events)
        let group = DeskModel.SavedGroup(
            events: events, outcome: outcome, label: label(), lead: lead,
            touchedLeads: Array(Set(events.map(\.lead))))
        return [.saved(group, at: session.now)]
    }

    private func label(for request: OutcomeRequest, plan: CadencePlan) -> String {
        let by = request.channel == .phone ? "" : " (\(request.channel.label))"
        guard let lead = session.state.leads[request.lead] else { return request.outcome.label + by }
        var text = "\(request.outcome.label)\(by) · \(lead.profile.name)"
        if let seconds = request.durationSeconds { text += " · call \(CallDuration.text(seconds))" }
        if let next = lead.next {
            text += " · next \(HumanTime(timeZone: lead.profile.contact.timeZone, now: session.now).dayAndClock(next.due))"
            if next.channel != .phone { text += " by \(next.channel.label)" }
        }
        // The cadence's channel suggestion, as `beback log` prints it ("several calls without contact: try text next").
        for warning in plan.warnings where !warning.needsConfirmation { text += " · \(warning)" }
        return text
    }

    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as StoreError: return error.description
        case let error as LeadActionError: return error.description
        case let error as CLIError: return error.description
        default: return "\(error)"
        }
    }
}
