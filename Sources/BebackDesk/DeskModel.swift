import BebackDomain
import BebackCells
import Foundation

/// The state of the screen between frames: focus, selection, filter, the open form or overlay,
/// the status line, this session's counters and its undo stack. `update(_:context:)` is the one way
/// in and is pure: it changes only this value and returns effects for the run loop to perform,
/// whose results come back as messages.
public struct DeskModel: Equatable, Sendable {
    public enum Mode: Equatable, Sendable {
        case normal
        case filtering(LineEditor)
        case form(DeskForm)
        case help
        /// A yes/no question on the status line (dial outside calling hours?).
        case confirming(DeskConfirmation)
    }

    public var focus: DeskPane = .due
    public var mode: Mode = .normal
    /// The due list as shown (after the filter).
    public private(set) var due: [DueItem] = []
    /// The due list before the filter, as of the last reload: typing in the filter narrows this
    /// instead of building the list again.
    private var unfiltered: [DueItem] = []
    /// Each unfiltered item's name and company, read once per reload when the filter is first used
    /// (typing in the filter then reads no lead at all).
    private var searchText: [SearchText]?

    /// What the filter looks in for one due item.
    private struct SearchText: Equatable {
        var name: String
        var company: String
    }
    /// The leads the find (`/`) found, shown in the due list's place while there are any to show
    /// (nil: the due list is shown). Any lead the rep may see, due or not.
    public private(set) var found: [LeadFinder.Hit]?
    /// How many leads the find matched.
    public private(set) var foundTotal = 0
    /// Whether more leads match than the find shows (type more to narrow it).
    public private(set) var foundMore = false
    /// Leads skipped (`x`) this session, in order: they stay at the end of the queue. Nothing is written.
    public private(set) var skipped: [LeadID] = []
    /// How many items of `due` are in each bucket (the header shows them on every frame).
    public private(set) var dueCounts: [DueBucket: Int] = [:]
    public private(set) var selected = 0
    public var filter = ""
    /// Lines scrolled in the lead pane.
    public var detailScroll = 0
    public var scriptStep = 0
    public var scriptVoicemail = false
    /// The script variant picked with `V` (nil: the one that fits the lead's next follow-up).
    public var scriptVariantChoice: ScriptVariant?
    /// What happened since the last call, as picked in the script (its move is shown).
    public var scriptBranch: AdvanceBranch?
    /// Lines scrolled past the start of the current script step.
    public var scriptScroll = 0
    public var status = ""
    public var statusIsError = false
    public var lastSaved: Date?
    public var counters = SessionCounters()
    /// This session's saved groups of entries, newest last (what `u` undoes), with the outcome each recorded.
    public var undoStack: [SavedGroup] = []
    /// Rows of the due list that fit on screen (set by the renderer's layout, for paging).
    public var pageSize = 10
    /// The terminal's size as last drawn (set by the run loop, like `pageSize`): help scrolls by it.
    public var screenWidth = 80
    public var screenHeight = 24
    /// Lines scrolled in the help overlay.
    public var helpScroll = 0
    public var wantsQuit = false
    /// The call `d` started and no outcome has recorded yet (its length goes into the outcome).
    public var call: CallInProgress?
    /// Power dialling (`P`, `desk --session`): an outcome moves to the next lead and dials it after a countdown.
    public var powerDialling = false
    /// The countdown before power dialling dials the selected lead (nil: none runs).
    public var countdown: DialCountdown?
    /// The reminder shown (pinned, highlighted, in the header), until an outcome on its lead or Esc.
    public var reminder: Reminder?
    /// The reminders given this session (each is given once).
    var remindersGiven: Set<String> = []
    /// The desk's time at the last reminder check (a reminder at its time fires when the clock crosses it).
    var lastReminderCheck: Date?
    /// The form whose effect the run loop is performing: put back, with what was typed, when the save fails.
    public private(set) var submitting: DeskForm?

    /// Entries saved together by one action, so that one undo takes them all back.
    public struct SavedGroup: Equatable, Sendable {
        public var events: [Event]
        public var outcome: Disposition?
        public var label: String
        /// The lead the entries are about (an outcome on the lead being called ends the call).
        public var lead: LeadID?
        /// Every lead the entries touch: only their lines of the due list are made again (empty:
        /// not known, the whole list is).
        public var touchedLeads: [LeadID]

        public init(events: [Event], outcome: Disposition?, label: String, lead: LeadID? = nil, touchedLeads: [LeadID] = []) {
            self.events = events
            self.outcome = outcome
            self.label = label
            self.lead = lead
            self.touchedLeads = touchedLeads
        }
    }

    public init() {}

    /// Leads this session set an agreement on before recording the call's outcome: they stay on
    /// the list (at its end, when not due) until an outcome is recorded, so the call is never lost.
    public private(set) var awaitingOutcome: [LeadID] = []

    /// The lead under the cursor (a found lead while a find is shown).
    public var selectedLead: LeadID? {
        if let found { return found.indices.contains(selected) ? found[selected].id : nil }
        return due.indices.contains(selected) ? due[selected].lead : nil
    }

    /// How many rows the list pane holds: found leads during a find, else due leads.
    public var listCount: Int { found?.count ?? due.count }

    // MARK: Data

    /// Every lead on the due list before the filter, in order.
    public var listedLeads: [LeadID] { unfiltered.map(\.lead) }

    /// The due list before the filter.
    var listedItems: [DueItem] { unfiltered }

    /// Puts the lead of the reminder shown at the top of the list.
    mutating func pinReminded(_ context: DeskContext) {
        keepRemindedFirst()
        applyFilter(context)
    }

    private mutating func keepRemindedFirst() {
        guard let lead = reminder?.lead, let index = unfiltered.firstIndex(where: { $0.lead == lead }), index > 0 else { return }
        unfiltered.insert(unfiltered.remove(at: index), at: 0)
    }

    /// Rebuilds the due list from the desk, keeping the cursor on the same lead when it is still listed
    /// (otherwise on the same row, which is the next due lead).
    public mutating func reload(_ context: DeskContext) {
        unfiltered = DueListBuilder(timeZone: context.timeZone).build(from: context.state, at: context.now, rep: context.rep, index: context.dueIndex)
        keepAwaitingOutcome(context)
        keepSkippedLast()
        keepRemindedFirst()
        searchText = nil
        applyFilter(context)
    }

    /// Makes again only the due-list lines of `leads` (after a save touched them), each put in its
    /// place; the other lines stay as the last whole reload made them, at most a minute ago (the run
    /// loop reloads whole as each minute turns), as they do between keys.
    public mutating func reload(leads: [LeadID], _ context: DeskContext) {
        let builder = DueListBuilder(timeZone: context.timeZone)
        let changed = Set(leads)
        unfiltered.removeAll { changed.contains($0.lead) }
        for lead in changed {
            guard let item = builder.item(for: lead, in: context.state, at: context.now, rep: context.rep) else { continue }
            var low = 0, high = unfiltered.count
            while low < high {
                let middle = (low + high) / 2
                if DueListBuilder.ordered(unfiltered[middle], item) { low = middle + 1 } else { high = middle }
            }
            unfiltered.insert(item, at: low)
        }
        keepAwaitingOutcome(context)
        keepSkippedLast()
        keepRemindedFirst()
        searchText = nil
        applyFilter(context)
    }

    /// Puts the leads awaiting an outcome back at the end of the list when they are not due.
    private mutating func keepAwaitingOutcome(_ context: DeskContext) {
        for lead in awaitingOutcome where !unfiltered.contains(where: { $0.lead == lead }) {
            guard let next = context.state.leads.nextFollowUp(lead) else { continue }
            unfiltered.append(DueItem(lead: lead, followUp: next, bucket: .due, daysLate: 0))
        }
    }

    /// Moves the leads skipped this session to the end of the queue, in the order they were skipped.
    private mutating func keepSkippedLast() {
        guard !skipped.isEmpty else { return }
        let last = Set(skipped)
        var moved: [LeadID: DueItem] = [:]
        for item in unfiltered where last.contains(item.lead) { moved[item.lead] = item }
        guard !moved.isEmpty else { return }
        unfiltered.removeAll { last.contains($0.lead) }
        unfiltered += skipped.compactMap { moved[$0] }
    }

    /// Skips the selected due lead: it goes to the end of this session's queue and the cursor stays
    /// on its row (the next lead). Nothing is written.
    private mutating func skip(_ context: DeskContext) {
        guard found == nil else {
            setStatus("skip works on the due list: Esc leaves the find first", error: true)
            return
        }
        guard let lead = selectedLead else {
            setStatus("no lead selected", error: true)
            return
        }
        let row = selected
        skipped.removeAll { $0 == lead }
        skipped.append(lead)
        keepSkippedLast()
        applyFilter(context)
        selected = min(row, max(0, due.count - 1))
        detailScroll = 0
        resetScript()
        let name = context.state.leads.summary(lead)?.name ?? lead.rawValue
        setStatus("skipped \(name): last in this session's queue (nothing written)", error: false)
    }

    /// Shows `unfiltered` through the filter (or, with a find index, the leads the find found),
    /// keeping the selected lead selected when it is still there.
    private mutating func applyFilter(_ context: DeskContext) {
        let previous = selectedLead
        found = nil
        foundTotal = 0
        foundMore = false
        // While the index is still being built (just after open), the due list is filtered instead;
        // the run loop shows the find once the index is there.
        if !filter.isEmpty, let finder = context.finder?.readyFinder(for: context.state.leads) {
            let result = finder.find(filter, visible: { context.canSee($0) })
            found = result.hits
            foundTotal = result.total
            foundMore = result.more
            due = unfiltered
        } else if filter.isEmpty {
            due = unfiltered
        } else {
            let needle = filter.lowercased()
            let digits = filter.filter(\.isNumber)
            let texts =
                searchText
                ?? unfiltered.map { item in
                    context.state.leads.summary(item.lead).map { SearchText(name: $0.name, company: $0.company) } ?? SearchText(name: "", company: "")
                }
            searchText = texts
            due = zip(unfiltered, texts).filter { item, text in
                // Name, company and id from the summaries; only a phone search decodes the lead.
                if Self.contains(text.name, needle) || Self.contains(text.company, needle) || item.lead.rawValue.hasPrefix(needle) { return true }
                guard digits.count >= 3 else { return false }
                return context.state.leads.read(item.lead) { Self.matches($0.profile, id: item.lead, needle: needle, digits: digits) } ?? false
            }.map(\.0)
        }
        dueCounts = Dictionary(grouping: due, by: \.bucket).mapValues(\.count)
        let listed = found.map { $0.map(\.id) } ?? due.map(\.lead)
        if let previous, let index = listed.firstIndex(of: previous) {
            selected = index
        } else {
            selected = min(selected, max(0, listed.count - 1))
        }
        if selectedLead != previous { resetScript() }
    }

    /// Whether a lead's name, company, id or phone matches the filter (`needle` lowercased, `digits` its digits).
    static func matches(_ profile: LeadProfile, id: LeadID, needle: String, digits: String) -> Bool {
        if contains(profile.name, needle) || contains(profile.company, needle) { return true }
        if id.rawValue.hasPrefix(needle) { return true }
        return !digits.isEmpty && digits.count >= 3 && profile.contact.phones.contains { $0.normalized.firstRange(of: digits) != nil }
    }

    /// Whether `text` contains `needle` (already lowercased), ignoring case. An ASCII needle is looked
    /// for byte by byte with ASCII case folding (no lowercased copy of every name on every key typed).
    static func contains(_ text: String, _ needle: String) -> Bool {
        guard needle.utf8.allSatisfy({ $0 < 0x80 }) else { return text.lowercased().firstRange(of: needle) != nil }
        let wanted = Array(needle.utf8)
        guard !wanted.isEmpty else { return true }
        let bytes = Array(text.utf8)
        guard bytes.count >= wanted.count else { return false }
        for start in 0...(bytes.count - wanted.count) {
            var offset = 0
            while offset < wanted.count {
                var byte = bytes[start + offset]
                if byte >= 0x41, byte <= 0x5A { byte += 0x20 }
                if byte != wanted[offset] { break }
                offset += 1
            }
            if offset == wanted.count { return true }
        }
        return false
    }

    // MARK: Messages

    /// The one way in: a key, or the result of an effect. Returns what the run loop must do next.
    public mutating func update(_ message: DeskMsg, context: DeskContext) -> [DeskEffect] {
        switch message {
        case .key(let key):
            return handle(key, context: context)
        case .saved(let group, let time):
            submitting = nil
            undoStack.append(group)
            if let outcome = group.outcome { counters.count(outcome, seconds: Self.callSeconds(group)) }
            if group.outcome != nil, let lead = group.lead, call?.lead == lead { call = nil }
            if group.outcome != nil, let lead = group.lead { skipped.removeAll { $0 == lead } }
            if group.outcome != nil { endReminder(of: group.lead) }
            if let lead = group.lead {
                if group.outcome != nil {
                    awaitingOutcome.removeAll { $0 == lead }
                } else if group.label.hasPrefix("agreement"), !awaitingOutcome.contains(lead) {
                    awaitingOutcome.append(lead)
                }
            }
            lastSaved = time
            setStatus("saved: \(group.label)", error: false)
            if group.touchedLeads.isEmpty { reload(context) } else { reload(leads: group.touchedLeads, context) }
            if group.outcome != nil { return advanceSession(after: group.lead, context: context) }
        case .undone(let time):
            guard let group = undoStack.popLast() else { return [] }
            if let outcome = group.outcome { counters.uncount(outcome, seconds: Self.callSeconds(group)) }
            lastSaved = time
            setStatus("undone: \(group.label) (the journal keeps both entries)", error: false)
            reload(context)
        case .failed(let message):
            setStatus("NOT saved: \(message)", error: true)
            // What the rep typed is not lost: the form comes back with the reason.
            if var form = submitting {
                form.error = "NOT saved: \(message)"
                mode = .form(form)
                submitting = nil
            }
        case .dialled(let lead, let number, let time):
            call = CallInProgress(lead: lead, number: number, startedAt: time)
            let name = context.state.leads.summary(lead)?.name ?? lead.rawValue
            let clock = HumanTime(timeZone: context.timeZone).clock(time)
            setStatus("dialling \(number) · \(name) · call started \(clock); the outcome (1-0) records its length", error: false)
        case .dialFailed(let message):
            setStatus("dial: \(message)", error: true)
        case .deskChanged:
            reload(context)
        case .alert(let message):
            setStatus(message, error: true)
        case .note(let message):
            setStatus(message, error: false)
        case .messageReady(let lead, let summary):
            let question = "Send \(summary)? y = send, Esc = no"
            mode = .confirming(DeskConfirmation(question: question, effect: .sendMessage(lead: lead)))
            setStatus(question, error: false)
        case .textReady(let lead, let text, let warning):
            let name = context.state.leads.summary(lead)?.name ?? lead.rawValue
            var form = DeskForm(
                purpose: .text(lead), title: "Text · \(name)", fields: [FormField(.text, label: "Text", text: text, hint: TextSegments(text).label)])
            form.error = warning
            mode = .form(form)
        case .messageSent(let sent, let text):
            setStatus(text, error: !sent)
        case .tick(let uptime):
            return tickCountdown(uptime: uptime, context: context) + checkReminders(context: context)
        }
        return []
    }

    /// The call length an outcome's touch keeps (the dial timer's), for the session's talk time.
    static func callSeconds(_ group: SavedGroup) -> Int? {
        group.events.lazy.compactMap { event -> Int? in
            if case .touched(let touch) = event.payload { return touch.durationSeconds }
            return nil
        }.first
    }

    // MARK: Keys

    /// Handles one key; returns what the run loop must do.
    private mutating func handle(_ key: Key, context: DeskContext) -> [DeskEffect] {
        if key == .resize {
            helpScroll = min(helpScroll, HelpOverlay.deskPage(width: screenWidth, height: screenHeight).maxScroll)
            return []
        }
        if stopCountdown(for: key, context: context) { return [] }
        switch mode {
        case .help:
            let page = HelpOverlay.deskPage(width: screenWidth, height: screenHeight)
            if let offset = HelpOverlay.scroll(key, from: helpScroll, page: page.rows, maximum: page.maxScroll) {
                helpScroll = offset
            } else {
                mode = .normal
            }
            return []
        case .confirming(let confirmation):
            return answer(key, to: confirmation)
        case .filtering(var editor):
            switch key {
            case .escape, .control("c"):
                filter = ""
                mode = .normal
            case .enter:
                mode = .normal
                // A found lead opens to be worked, due or not.
                if found != nil, selectedLead != nil { focus = .script }
            case .down where found != nil:
                select(selected + 1)
                mode = .filtering(editor)
                return []
            case .up where found != nil:
                select(selected - 1)
                mode = .filtering(editor)
                return []
            default:
                editor.handle(key)
                filter = editor.text
                mode = .filtering(editor)
            }
            applyFilter(context)
            return []
        case .form(var form):
            return handleForm(key, form: &form, context: context)
        case .normal:
            guard let action = KeyBindings.action(for: key) else {
                if key == .escape, found != nil {
                    // Esc leaves the find: back to the due list.
                    filter = ""
                    applyFilter(context)
                    focus = .due
                } else if key == .escape {
                    status = ""; statusIsError = false
                    // Esc also dismisses the reminder shown (its lead leaves the top of the list).
                    if reminder != nil {
                        reminder = nil
                        reload(context)
                    }
                }
                return []
            }
            return perform(action, context: context)
        }
    }

    /// Does one action (what a key in normal mode stands for).
    mutating func perform(_ action: DeskAction, context: DeskContext) -> [DeskEffect] {
        switch action {
        case .moveDown: move(by: 1)
        case .moveUp: move(by: -1)
        case .pageDown where focus == .script, .pageUp where focus == .script:
            return performScript(action, context: context)
        case .pageDown: move(by: max(1, pageSize))
        case .pageUp: move(by: -max(1, pageSize))
        case .top:
            if focus == .due { select(0) } else { detailScroll = 0; scriptStep = 0 }
        case .bottom:
            if focus == .due { select(listCount - 1) }
        case .nextPane: focus = DeskPane(rawValue: (focus.rawValue + 1) % DeskPane.allCases.count) ?? .due
        case .previousPane: focus = DeskPane(rawValue: (focus.rawValue + DeskPane.allCases.count - 1) % DeskPane.allCases.count) ?? .due
        case .work:
            if selectedLead != nil { focus = .script }
        case .filter: mode = .filtering(LineEditor(filter))
        case .skip:
            skip(context)
            if powerDialling, found == nil { return startCountdown(context: context, saved: status) }
        case .powerSession: toggleSession(context: context)
        case .help:
            mode = .help
            helpScroll = 0
        case .quit:
            wantsQuit = true
        case .scriptNext, .scriptPrevious, .scriptVoicemail, .scriptCycleVariant, .scriptBranch, .scriptAgree:
            return performScript(action, context: context)
        case .dial:
            return dial(context: context)
        case .composeEmail, .composeText:
            guard let leadID = selectedLead else {
                setStatus("no lead selected", error: true)
                return []
            }
            if let reason = context.readOnlyReason { return refuseReadOnly(reason) }
            let channel: Channel = action == .composeEmail ? .email : .text
            if let lead = context.state.leads[leadID], !lead.doNotContact, lead.blockedChannels.contains(channel) {
                setStatus("not sent: \(lead.profile.name) asked not to be sent \(ChannelBlock.word(channel)) (\(lead.blockedChannelsText))", error: true)
                return []
            }
            return [action == .composeEmail ? .composeEmail(lead: leadID) : .composeText(lead: leadID)]
        case .undo:
            guard let last = undoStack.last else {
                setStatus("nothing to undo in this session", error: true)
                return []
            }
            if let reason = context.readOnlyReason { return refuseReadOnly(reason) }
            return [.undo(last.events)]
        case .captureLead:
            if let reason = context.readOnlyReason { return refuseReadOnly(reason) }
            mode = .form(DeskFormFactory.capture(context: context))
        case .outcome, .addNote, .logObjection, .setAgreement, .editContact, .recordDelivery, .reopenLead, .recordDecisionProcess, .recordFeedback,
            .updateObjection, .snooze:
            guard let leadID = selectedLead, let lead = context.state.leads[leadID] else {
                setStatus("no lead selected", error: true)
                return []
            }
            if let reason = context.readOnlyReason { return refuseReadOnly(reason) }
            // The lifecycle refuses before a form is typed in vain (a touch on a lost lead, a delivery without a sale).
            let step: LeadLifecycle.Step? =
                switch action {
                case .outcome(let disposition): .outcome(disposition)
                case .setAgreement: .agreement
                case .recordDelivery: .delivered
                case .reopenLead: .reopen
                default: nil
                }
            if let step, let refusal = LeadLifecycle.refusal(step, on: lead) {
                setStatus(refusal, error: true)
                return []
            }
            switch action {
            case .recordDelivery:
                var ids = SeededIDGenerator(seed: 0)
                guard let events = try? LeadActions(engine: context.engine, rep: context.rep).deliver(lead.id, state: context.state, at: context.now, ids: &ids)
                else {
                    setStatus("cannot record the delivery of \(lead.id)", error: true)
                    return []
                }
                return [.append(events.map(\.payload), lead: lead.id, summary: "delivered")]
            case .reopenLead: mode = .form(DeskFormFactory.reopen(lead))
            case .snooze:
                guard !lead.isClosed, lead.next != nil else {
                    setStatus("lead \(lead.id) has no next step to snooze (\(lead.isClosed ? "it is closed" : "nothing is planned"))", error: true)
                    return []
                }
                mode = .form(DeskFormFactory.snooze(lead, context: context))
            case .outcome(let disposition): mode = .form(outcomeForm(disposition, lead: lead, context: context))
            case .addNote: mode = .form(DeskFormFactory.note(lead))
            case .logObjection: mode = .form(DeskFormFactory.objection(lead))
            case .setAgreement: mode = .form(DeskFormFactory.agreement(lead, context: context))
            case .recordDecisionProcess: mode = .form(DeskFormFactory.decisionProcess(lead))
            case .recordFeedback: mode = .form(DeskFormFactory.feedback(lead))
            case .updateObjection:
                guard let form = DeskFormFactory.objectionStatus(lead) else {
                    let key = KeyBindings.label(for: .logObjection) ?? "o"
                    setStatus("no objection logged on \(lead.profile.name): log one with \(key)", error: true)
                    return []
                }
                mode = .form(form)
            default: mode = .form(DeskFormFactory.contact(lead))
            }
        }
        return []
    }

    private mutating func move(by delta: Int) {
        switch focus {
        case .due: select(selected + delta)
        case .lead: detailScroll = max(0, detailScroll + delta)
        case .script:
            scriptStep = max(0, scriptStep + delta)
            scriptScroll = 0
        }
    }

    mutating func select(_ index: Int) {
        let clamped = min(max(0, index), max(0, listCount - 1))
        guard clamped != selected else { return }
        selected = clamped
        detailScroll = 0
        resetScript()
    }

    private mutating func refuseReadOnly(_ reason: String) -> [DeskEffect] {
        setStatus("read-only: \(reason)", error: true)
        return []
    }

    mutating func setStatus(_ text: String, error: Bool) {
        status = text
        statusIsError = error
    }

    // MARK: Forms

    private mutating func handleForm(_ key: Key, form: inout DeskForm, context: DeskContext) -> [DeskEffect] {
        if form.confirmation != nil {
            switch key {
            case .character("y"), .character("Y"):
                form.confirmation = nil
                form.confirmed = true
                return submit(form, context: context)
            default:
                form.confirmation = nil
                mode = .form(form)
                return []
            }
        }
        switch key {
        case .escape, .control("c"):
            mode = .normal
            setStatus("cancelled: nothing was written", error: false)
            return []
        case .enter:
            return submit(form, context: context)
        case .tab, .down, .backTab, .up:
            let left = form.fields.indices.contains(form.focus) ? form.fields[form.focus].name : nil
            let step = key == .tab || key == .down ? 1 : max(1, form.fields.count) - 1
            form.focus = (form.focus + step) % max(1, form.fields.count)
            // Leaving a walkout's phone or email says whether the desk already has it.
            let typed = form.value(.phone) + "\n" + form.value(.email)
            if form.purpose == .capture, left == .phone || left == .email, typed != form.warnedAbout {
                form.warning = DeskFormFactory.captureWarning(form, context: context)
                form.warnedAbout = typed
            }
        default:
            _ = form.edit(key)
            if case .text = form.purpose, !form.fields.isEmpty { form.fields[0].hint = TextSegments(form.value(.text)).label }
        }
        mode = .form(form)
        return []
    }

    private mutating func submit(_ form: DeskForm, context: DeskContext) -> [DeskEffect] {
        switch DeskFormFactory.effect(of: form, context: context) {
        case .success(let effect):
            if case .sendText(_, let text) = effect {
                let question = "Send text (\(TextSegments(text).label))? y = send, Esc = no"
                mode = .confirming(DeskConfirmation(question: question, effect: effect))
                setStatus(question, error: false)
                return []
            }
            mode = .normal
            submitting = form
            return [effect]
        case .failure(let problem):
            var updated = form
            switch problem {
            case .invalid(let message): updated.error = message
            case .confirm(let message): updated.confirmation = message
            }
            mode = .form(updated)
            return []
        }
    }
}
