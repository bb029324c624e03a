import BebackDomain
import Foundation

/// Builds the desk's forms, pre-filled from the cadence and the lead, and turns a submitted form into an effect.
public enum DeskFormFactory {
    /// Why a submitted form was not turned into an effect.
    public enum Problem: Error, Equatable {
        case invalid(String)
        case confirm(String)
    }

    // MARK: Building

    /// The form for an outcome; `proposal` (the call script's close) pre-fills the next call of a "reached" form.
    /// With `call` (the desk dialled this lead), the form holds the call's length so far, editable.
    public static func outcome(
        _ disposition: Disposition, lead: LeadState, context: DeskContext, proposal: NextCallProposal? = nil,
        call: CallInProgress? = nil
    ) -> DeskForm {
        let time = HumanTime(timeZone: lead.profile.contact.timeZone, now: context.now)
        let plan = context.engine.plan(after: disposition, on: lead, at: context.now)
        let nextText = plan.next.map { time.iso($0.due) } ?? ""
        // A lead that blocks some channels is told which one the next step takes ("by email").
        let by = { (next: FollowUp) in lead.blockedChannels.isEmpty ? "" : " by \(next.channel.label)" }
        let nextHint = plan.next.map { "\(time.day($0.due)), their time · \($0.kind.rawValue)\(by($0))" } ?? (plan.unscheduledReason ?? "")
        let purpose = plan.next?.purpose ?? ""
        let title = "\(disposition.label.capitalized) · \(lead.profile.name)"
        var fields: [FormField]
        switch disposition.rule {
        case .attemptWithoutContact, .badNumber, .sale:
            fields = [
                FormField(.next, label: "Next try", text: nextText, hint: nextHint),
                FormField(.purpose, label: "Purpose", text: purpose),
                FormField(.note, label: "Note")
            ]
            if disposition.rule == .sale { fields[0].label = "Satisfaction" }
        case .conversation:
            let subject = proposal.map(\.subject).flatMap { $0.isEmpty ? nil : $0 } ?? lead.agreement?.subject ?? ""
            let number = proposal.map(\.number).flatMap { $0.isEmpty ? nil : $0 } ?? lead.agreement?.number ?? lead.profile.contact.phones.first?.number ?? ""
            fields = [
                FormField(.callback, label: "Callback", hint: "agreed time, e.g. 2026-11-27 15:00 (empty: none agreed)"),
                FormField(.subject, label: "Subject", text: subject),
                FormField(.customerAction, label: "They will", text: proposal?.customerAction ?? ""),
                FormField(.number, label: "Number", text: number, hint: "the number to call then"),
                FormField(.next, label: "Otherwise", text: nextText, hint: nextHint),
                FormField(.purpose, label: "Purpose", text: purpose),
                FormField(.note, label: "Note")
            ]
        case .notNow:
            fields = [
                FormField(.reason, label: "Reason", hint: "why call again then (a new range, a season, a price change)", required: true),
                FormField(.next, label: "Check in", text: nextText, hint: nextHint),
                FormField(.note, label: "Note")
            ]
        case .appointment:
            fields = [
                FormField(.when, label: "When", hint: "e.g. 2026-11-27 11:30 or tomorrow 15:00 (their time)", required: true),
                FormField(.subject, label: "Subject", text: lead.wants.isEmpty ? lead.profile.interest : lead.wants),
                FormField(.note, label: "Note")
            ]
        case .lost:
            let options = LostReason.allCases.map { reason in
                ChoiceOption(key: reason == .noNeed ? "n" : (reason == .other ? "o" : reason.rawValue.first!), label: reason.label, value: reason.rawValue)
            }
            fields = [
                FormField(.lostReason, label: "Reason", options: options, hint: "pick with its key or ←/→"),
                FormField(.note, label: "Note")
            ]
        case .doNotContact:
            fields = [
                FormField(.blocks, label: "Asked", options: blockOptions, hint: "a: never contact them again; c t e: only that way (the lead stays open)"),
                FormField(.note, label: "Note", hint: "what they asked, in their words")
            ]
        }
        // Where the cadence proposes the next step and the rep rarely changes it, the note comes first.
        let noteFirst: Set<OutcomeRule> = [.attemptWithoutContact, .sale, .badNumber]
        var form = DeskForm(
            purpose: .outcome(disposition, lead: lead.id), title: title, fields: fields,
            focus: noteFirst.contains(disposition.rule) ? .note : nil)
        form.plan = plan
        // The cadence's channel suggestion ("several calls without contact: try text next") on the next try.
        let suggestions = plan.warnings.filter { !$0.needsConfirmation }.map(\.description)
        if !suggestions.isEmpty, let index = form.fields.firstIndex(where: { $0.name == .next }) {
            form.fields[index].hint = ([form.fields[index].hint] + suggestions).filter { !$0.isEmpty }.joined(separator: " · ")
        }
        if call == nil, disposition.channels.count > 1 {
            // Phone unless the rep picks another channel the outcome can happen on (a dialled call is a call).
            // An attempt is never offered on a channel the lead asked not to be reached on.
            let attempt = disposition.isAttemptWithoutContact || disposition.rule == .badNumber
            let open = disposition.channels.filter { !attempt || !lead.blockedChannels.contains($0) }
            let channels = open.isEmpty ? disposition.channels : open
            form.fields.append(
                FormField(
                    .channel, label: "Channel", options: channels.map { ChoiceOption(key: $0.key, label: $0.label, value: $0.rawValue) },
                    selected: channels.firstIndex(of: .phone) ?? 0,
                    hint: "how the touch went: phone unless you pick another"))
        }
        if let call {
            form.fields.append(
                FormField(
                    .call, label: "Call", text: CallDuration.text(call.seconds(at: context.now)),
                    hint: "timed from d to \(call.number) (e.g. 3m12s; empty: not kept)"))
            form.dialled = call.number
        }
        return form
    }

    /// What a lead can ask not to be contacted by, as the do-not-contact form offers it: everything
    /// (the lead closes), or calls and texts ("do not call"), texts alone, or email alone.
    static let blockOptions = [
        ChoiceOption(key: "a", label: "no contact at all", value: "all"),
        ChoiceOption(key: "c", label: "no calls or texts", value: "phone,text"),
        ChoiceOption(key: "t", label: "no texts", value: "text"),
        ChoiceOption(key: "e", label: "no email", value: "email")
    ]

    /// The channels the do-not-contact form's choice blocks (nil: every one, the whole lead).
    static func blockedChannels(_ form: DeskForm) -> Set<Channel>? {
        guard form.has(.blocks), form.value(.blocks) != "all" else { return nil }
        return Set(form.value(.blocks).split(separator: ",").compactMap { Channel(rawValue: String($0)) })
    }

    public static func note(_ lead: LeadState) -> DeskForm {
        DeskForm(purpose: .note(lead.id), title: "Note · \(lead.profile.name)", fields: [FormField(.text, label: "Note", required: true)])
    }

    public static func objection(_ lead: LeadState) -> DeskForm {
        let options = ObjectionCategory.allCases.map { ChoiceOption(key: $0.key, label: $0.label, value: $0.rawValue) }
        return DeskForm(
            purpose: .objection(lead.id), title: "Objection · \(lead.profile.name)",
            fields: [
                FormField(.words, label: "Their words", required: true),
                FormField(.category, label: "Category", options: options, hint: "p t d c r k x or ←/→"),
                FormField(.answer, label: "Our answer")
            ])
    }

    public static func agreement(_ lead: LeadState, context: DeskContext) -> DeskForm {
        let time = HumanTime(timeZone: lead.profile.contact.timeZone, now: context.now)
        return DeskForm(
            purpose: .agreement(lead.id), title: "Agreement · \(lead.profile.name)",
            fields: [
                FormField(.callback, label: "Callback", text: lead.agreement.map { time.iso($0.callbackAt) } ?? "", hint: "their time", required: true),
                FormField(.number, label: "Number", text: lead.agreement?.number ?? lead.profile.contact.phones.first?.number ?? ""),
                FormField(.subject, label: "Subject", text: lead.agreement?.subject ?? "", required: true),
                FormField(.customerAction, label: "They will", text: lead.agreement?.customerAction ?? "")
            ])
    }

    /// Who else decides and what they need, pre-filled with what is on record.
    public static func decisionProcess(_ lead: LeadState) -> DeskForm {
        let process = lead.decisionProcess
        return DeskForm(
            purpose: .decisionProcess(lead.id), title: "Decision process · \(lead.profile.name)",
            fields: [
                FormField(.deciders, label: "Others who decide", text: process.otherDeciders, hint: "e.g. Tom (husband), the finance director"),
                FormField(.criteria, label: "Criteria", text: process.criteria, hint: "what they will decide on"),
                FormField(.needs, label: "They need to see", text: process.informationNeeded, hint: "e.g. the written quote, finish samples"),
                FormField(.reviewTime, label: "Review time", text: process.reviewTime, hint: "e.g. a week, at the board on the 12th")
            ])
    }

    /// What the customer thinks of the offer, pre-filled with the last feedback.
    public static func feedback(_ lead: LeadState) -> DeskForm {
        let feedback = lead.feedback
        return DeskForm(
            purpose: .feedback(lead.id), title: "Feedback · \(lead.profile.name)",
            fields: [
                FormField(.likes, label: "They like", text: feedback.likes),
                FormField(.comfort, label: "Comfort", text: feedback.comfort, hint: "how comfortable they are with the options"),
                FormField(.priceFit, label: "Price fit", text: feedback.priceFit, hint: "how the price fits (e.g. within budget, a stretch)")
            ])
    }

    /// A logged objection's status and answer; nil when the lead has none. The objection is picked
    /// by its place in the lead pane's list (the first one not answered first).
    public static func objectionStatus(_ lead: LeadState) -> DeskForm? {
        guard !lead.objections.isEmpty else { return nil }
        let logged = lead.objections.prefix(ObjectionKeys.count)
        let options = logged.enumerated().map { index, objection in
            ChoiceOption(key: ObjectionKeys.key(index), label: objection.category.label, value: objection.id)
        }
        let first = logged.firstIndex { $0.status != .answered } ?? 0
        let statuses = ObjectionStatus.allCases.map { ChoiceOption(key: $0.rawValue.first!, label: $0.rawValue, value: $0.rawValue) }
        let current = logged[first].status
        let proposed: ObjectionStatus = current == .open ? .answered : current
        return DeskForm(
            purpose: .objectionStatus(lead.id), title: "Objection status · \(lead.profile.name)",
            fields: [
                FormField(.objection, label: "Objection", options: options, selected: first, hint: "its number in the lead pane, or ←/→"),
                FormField(.status, label: "Status", options: statuses, selected: ObjectionStatus.allCases.firstIndex(of: proposed) ?? 0, hint: "o a r or ←/→"),
                FormField(.answer, label: "Our answer", hint: "how we answered it (empty: keep the answer on record)")
            ], focus: .answer)
    }

    /// The keys that pick an objection in the status form: its place in the log, 1 to 9.
    enum ObjectionKeys {
        static let count = 9
        static func key(_ index: Int) -> Character { Character(String(index + 1)) }
    }

    /// Reopening a lead closed as lost: the reason is journaled with it.
    public static func reopen(_ lead: LeadState) -> DeskForm {
        DeskForm(
            purpose: .reopen(lead.id), title: "Reopen · \(lead.profile.name)",
            fields: [
                FormField(.reason, label: "Reason", hint: "why work it again (a new budget, they called back)", required: true)
            ])
    }

    /// Snoozing the next step: its new time (their time) and the reason, both required.
    public static func snooze(_ lead: LeadState, context: DeskContext) -> DeskForm {
        let time = HumanTime(timeZone: lead.profile.contact.timeZone, now: context.now)
        let now = lead.next.map { "now \(time.dayAndClock($0.due)), their time" } ?? "their time"
        return DeskForm(
            purpose: .snooze(lead.id), title: "Snooze · \(lead.profile.name)",
            fields: [
                FormField(.when, label: "Until", hint: "e.g. tomorrow 10:00 or +2d (\(now))"),
                FormField(.reason, label: "Reason", hint: "why it moves (the audit lists every snooze)")
            ])
    }

    public static func contact(_ lead: LeadState) -> DeskForm {
        let contact = lead.profile.contact
        let bestOptions = ChoiceOption.keyed(BestTime.allCases.map { ($0.rawValue, $0.rawValue) })
        return DeskForm(
            purpose: .contact(lead.id), title: "Contact · \(lead.profile.name)",
            fields: [
                FormField(.name, label: "Name", text: lead.profile.name, required: true),
                FormField(.company, label: "Company", text: lead.profile.company),
                FormField(.phone, label: "Phone", text: contact.phones.first?.number ?? ""),
                FormField(.phone2, label: "Other phone", text: contact.phones.dropFirst().first?.number ?? ""),
                FormField(.email, label: "Email", text: contact.email ?? ""),
                FormField(.timeZone, label: "Time zone", text: contact.timeZoneID),
                FormField(.bestTime, label: "Best time", options: bestOptions, selected: BestTime.allCases.firstIndex(of: contact.bestTime) ?? 0)
            ])
    }

    /// A walkout: who, how to reach them, where they came from, what they want; the time zone is the desk's.
    public static func capture(context: DeskContext) -> DeskForm {
        let sources = ChoiceOption.keyed(LeadSource.allCases.map { ($0.rawValue, $0.rawValue) })
        let bestTimes = ChoiceOption.keyed(BestTime.allCases.map { ($0.rawValue, $0.rawValue) })
        let channels = ChoiceOption.keyed(Channel.allCases.map { ($0.label, $0.rawValue) })
        return DeskForm(
            purpose: .capture, title: "New lead (walkout)",
            fields: [
                FormField(.name, label: "Name", required: true),
                FormField(.company, label: "Company"),
                FormField(.phone, label: "Phone", hint: "phone or email"),
                FormField(.email, label: "Email"),
                FormField(.source, label: "Source", options: sources, selected: LeadSource.allCases.firstIndex(of: .walkIn) ?? 0),
                FormField(.wants, label: "Wants"),
                FormField(.holdingBack, label: "Holding back"),
                FormField(.bestTime, label: "Best time", options: bestTimes),
                FormField(.channel, label: "Channel", options: channels, hint: "how they like to be reached"),
                FormField(.timeZone, label: "Time zone", text: context.timeZone.identifier, hint: "the desk's")
            ])
    }

    /// What a walkout's phone or email would repeat: a lead already on the desk with it, or the
    /// do-not-contact list (said as it is typed; a lead already on the desk never stops the save). Nil when nothing.
    public static func captureWarning(_ form: DeskForm, context: DeskContext) -> String? {
        let phone = form.value(.phone), email = form.value(.email)
        let contact = ContactPoints(phones: phone.isEmpty ? [] : [PhoneNumber(phone)], email: email.isEmpty ? nil : email)
        if let match = context.doNotContactMatch(contact) {
            let name = context.state.leads.summary(match.holder)?.name ?? "a lead"
            return "\(match.given) is on the do-not-contact list (lead \(match.holder), \(name)): it cannot be saved"
        }
        let wanted = DoNotContactList.entries(of: contact)
        guard !wanted.isEmpty else { return nil }
        let wantedSet = Set(wanted)
        // The find index narrows the search to the leads that share the number's last digits or the
        // address (read whole only then); without one, every lead is read.
        let candidates: [LeadID]
        if let finder = context.finder?.finder(for: context.state.leads) {
            var found = Set<LeadID>()
            for given in [phone, email] where !given.isEmpty { found.formUnion(finder.find(given, limit: .max).leads) }
            candidates = Array(found)
        } else {
            candidates = Array(context.state.leads.ids)
        }
        var holders: [(id: LeadID, entry: DoNotContactList.Entry)] = []
        for id in candidates {
            let shared = context.state.leads.read(id) { lead in
                DoNotContactList.entries(of: lead.profile.contact).first { wantedSet.contains($0) }
            }
            if let entry = shared ?? nil { holders.append((id, entry)) }
        }
        guard let first = holders.min(by: { $0.id.rawValue < $1.id.rawValue }) else { return nil }
        let name = context.state.leads.summary(first.id)?.name ?? "a lead"
        let given = if case .phone = first.entry { phone } else { email }
        let others = holders.count > 1 ? " and \(holders.count - 1) more" : ""
        return "\(given) is already on the desk (lead \(first.id), \(name)\(others)): saved anyway if you press Enter"
    }

    // MARK: Submitting

    /// The one line that refuses a number or address on the do-not-contact list.
    static func doNotContactRefusal(_ match: DoNotContactList.Match, context: DeskContext) -> String {
        let name = context.state.leads.summary(match.holder)?.name ?? "a lead"
        return "\(match.given) is on the do-not-contact list (lead \(match.holder), \(name)): not saved"
    }

    /// The effect a submitted form asks for, or why it cannot be submitted yet.
    public static func effect(of form: DeskForm, context: DeskContext) -> Result<DeskEffect, Problem> {
        do {
            return .success(try build(form, context: context))
        } catch let problem as Problem {
            return .failure(problem)
        } catch {
            return .failure(.invalid("\(error)"))
        }
    }

    private static func instant(_ text: String, field: String, lead: LeadState?, context: DeskContext) throws -> Date {
        let zone = lead?.profile.contact.timeZone ?? context.timeZone
        guard let date = InstantParser(timeZone: zone, now: context.now).parse(text) else {
            throw Problem.invalid("\(field): cannot read '\(text)' as a time (try 2026-11-27 15:00, tomorrow 10:00, +2d)")
        }
        return date
    }

    private static func build(_ form: DeskForm, context: DeskContext) throws -> DeskEffect {
        switch form.purpose {
        case .outcome(let disposition, let leadID):
            guard let lead = context.state.leads[leadID] else { throw Problem.invalid("the lead is no longer on this desk") }
            if disposition == .doNotContact, let channels = blockedChannels(form) {
                var ids = SeededIDGenerator(seed: 0)
                let events: [Event]
                do {
                    events = try LeadActions(engine: context.engine, rep: context.rep).blockChannels(
                        channels, reason: form.value(.note), on: leadID, state: context.state, at: context.now, ids: &ids)
                } catch let error as LeadActionError {
                    throw Problem.invalid(error.description)
                }
                let closes = events.contains { if case .touched = $0.payload { true } else { false } }
                let summary = closes ? "do not contact (no other way to reach them)" : "asked: \(ChannelBlock.describe(channels))"
                return .append(events.map(\.payload), lead: leadID, summary: summary)
            }
            return .record(try outcomeRequest(disposition, lead: lead, form: form, context: context))
        case .text(let leadID):
            let text = form.value(.text)
            guard !text.isEmpty else { throw Problem.invalid("the text is empty") }
            return .sendText(lead: leadID, text: text)
        case .note(let leadID):
            let text = form.value(.text)
            guard !text.isEmpty else { throw Problem.invalid("the note is empty") }
            return .append([.noted(text)], lead: leadID, summary: "note")
        case .objection(let leadID):
            let words = form.value(.words)
            guard !words.isEmpty else { throw Problem.invalid("their words: what did they say?") }
            let category = ObjectionCategory(rawValue: form.value(.category)) ?? .other
            let answer = form.value(.answer)
            return .logObjection(lead: leadID, category: category, words: words, answer: answer)
        case .agreement(let leadID):
            let lead = context.state.leads[leadID]
            let subject = form.value(.subject)
            guard !subject.isEmpty else { throw Problem.invalid("subject: what will the call be about?") }
            let at = try instant(form.value(.callback), field: "Callback", lead: lead, context: context)
            let number = form.value(.number)
            let agreement = Agreement(
                callbackAt: at, number: number.isEmpty ? nil : number, subject: subject,
                customerAction: form.value(.customerAction), madeAt: context.now)
            guard let lead else { throw Problem.invalid("the lead is no longer on this desk") }
            // The same checks as `beback log --callback-at`: refused when closed or past, confirmed outside hours.
            var ids = SeededIDGenerator(seed: 0)
            let events: [Event]
            do {
                events = try LeadActions(engine: context.engine, rep: context.rep)
                    .agree(agreement, on: leadID, confirmed: form.confirmed, state: context.state, at: context.now, ids: &ids)
            } catch LeadActionError.needsConfirmation(let warnings) {
                throw Problem.confirm(warnings.map(\.description).joined(separator: "; ") + ". Keep that time? y = yes, any other key = back")
            } catch let error as LeadActionError {
                throw Problem.invalid(error.description)
            }
            return .append(
                events.map(\.payload), lead: leadID,
                summary: "agreement: call \(HumanTime(timeZone: lead.profile.contact.timeZone, now: context.now).dayAndClock(at))")
        case .decisionProcess(let leadID):
            let process = DecisionProcess(
                otherDeciders: form.value(.deciders), criteria: form.value(.criteria), informationNeeded: form.value(.needs),
                reviewTime: form.value(.reviewTime))
            let event = try checked(context) { actions, ids in
                try actions.recordDecisionProcess(process, on: leadID, state: context.state, at: context.now, ids: &ids)
            }
            return .append([event.payload], lead: leadID, summary: "decision process")
        case .feedback(let leadID):
            let feedback = Feedback(likes: form.value(.likes), comfort: form.value(.comfort), priceFit: form.value(.priceFit))
            let event = try checked(context) { actions, ids in
                try actions.recordFeedback(feedback, on: leadID, state: context.state, at: context.now, ids: &ids)
            }
            return .append([event.payload], lead: leadID, summary: "feedback")
        case .objectionStatus(let leadID):
            let status = ObjectionStatus(rawValue: form.value(.status)) ?? .open
            let answer = form.value(.answer)
            let event = try checked(context) { actions, ids in
                try actions.updateObjection(
                    form.value(.objection), on: leadID, status: status, answer: answer.isEmpty ? nil : answer, state: context.state,
                    at: context.now, ids: &ids)
            }
            return .append([event.payload], lead: leadID, summary: "objection \(status.rawValue)")
        case .reopen(let leadID):
            var ids = SeededIDGenerator(seed: 0)
            do {
                let events = try LeadActions(engine: context.engine, rep: context.rep)
                    .reopen(leadID, reason: form.value(.reason), state: context.state, at: context.now, ids: &ids)
                return .append(events.map(\.payload), lead: leadID, summary: "reopened")
            } catch let error as LeadActionError {
                throw Problem.invalid(error.description)
            }
        case .snooze(let leadID):
            let lead = context.state.leads[leadID]
            let at = try instant(form.value(.when), field: "Until", lead: lead, context: context)
            var ids = SeededIDGenerator(seed: 0)
            do {
                let events = try LeadActions(engine: context.engine, rep: context.rep)
                    .snooze(leadID, until: at, reason: form.value(.reason), state: context.state, at: context.now, ids: &ids)
                let zone = lead?.profile.contact.timeZone ?? context.timeZone
                return .append(events.map(\.payload), lead: leadID, summary: "snoozed to \(HumanTime(timeZone: zone, now: context.now).dayAndClock(at))")
            } catch let error as LeadActionError {
                throw Problem.invalid(error.description)
            }
        case .contact(let leadID):
            guard var profile = context.state.leads[leadID]?.profile else { throw Problem.invalid("the lead is no longer on this desk") }
            let name = form.value(.name)
            guard !name.isEmpty else { throw Problem.invalid("name: a lead needs a name") }
            let zone = form.value(.timeZone)
            guard TimeZone(identifier: zone) != nil else { throw Problem.invalid("time zone: unknown '\(zone)' (e.g. Europe/London)") }
            profile.name = name
            profile.company = form.value(.company)
            profile.contact.phones = [form.value(.phone), form.value(.phone2)].filter { !$0.isEmpty }.enumerated()
                .map { PhoneNumber($1, label: $0 == 0 ? "mobile" : "other") }
            let email = form.value(.email)
            profile.contact.email = email.isEmpty ? nil : email
            profile.contact.timeZoneID = zone
            profile.contact.bestTime = BestTime(rawValue: form.value(.bestTime)) ?? .anytime
            guard profile.contact.isReachable else { throw Problem.invalid("phone or email: keep at least one way to reach them") }
            // Only what the edit adds is checked: the lead's own entries, and numbers it already had, stay.
            let had = Set(DoNotContactList.entries(of: context.state.leads[leadID]?.profile.contact ?? ContactPoints()))
            if let match = context.doNotContactMatch(profile.contact, except: leadID), !had.contains(match.entry) {
                throw Problem.invalid(doNotContactRefusal(match, context: context))
            }
            return .append([.profileUpdated(profile)], lead: leadID, summary: "contact details")
        case .capture:
            let name = form.value(.name)
            guard !name.isEmpty else { throw Problem.invalid("name: who was it?") }
            let phone = form.value(.phone), email = form.value(.email)
            guard !phone.isEmpty || !email.isEmpty else { throw Problem.invalid("phone or email: how do we reach them?") }
            let zone = form.value(.timeZone)
            guard TimeZone(identifier: zone) != nil else { throw Problem.invalid("time zone: unknown '\(zone)' (e.g. Europe/London)") }
            let contact = ContactPoints(
                phones: phone.isEmpty ? [] : [PhoneNumber(phone)], email: email.isEmpty ? nil : email,
                preferredChannel: Channel(rawValue: form.value(.channel)) ?? .phone, bestTime: BestTime(rawValue: form.value(.bestTime)) ?? .anytime,
                timeZoneID: zone)
            // Warned of as it is typed; saving it would put a number the lead asked us never to call back
            // on the due list, so only a manager's lift (`beback dnc lift`) lets it in.
            if let match = context.doNotContactMatch(contact) { throw Problem.invalid(doNotContactRefusal(match, context: context)) }
            let profile = LeadProfile(
                name: name, company: form.value(.company), contact: contact, source: LeadSource(rawValue: form.value(.source)) ?? .walkIn,
                owner: context.rep, interest: form.value(.wants))
            return .capture(profile, wants: form.value(.wants), holdingBack: form.value(.holdingBack))
        }
    }

    /// Runs one of the lead actions the desk checks a form with (the event it makes is only looked
    /// at: the run loop makes the entry again under the lock), its refusal worded for the form.
    private static func checked(_ context: DeskContext, _ make: (LeadActions, inout SeededIDGenerator) throws -> Event) throws -> Event {
        var ids = SeededIDGenerator(seed: 0)
        do {
            return try make(LeadActions(engine: context.engine, rep: context.rep), &ids)
        } catch let error as LeadActionError {
            throw Problem.invalid(error.description)
        }
    }

    private static func outcomeRequest(_ disposition: Disposition, lead: LeadState, form: DeskForm, context: DeskContext) throws -> OutcomeRequest {
        var details = OutcomeDetails()
        let note = form.value(.note)
        switch disposition.rule {
        case .conversation:
            let callbackText = form.value(.callback)
            if !callbackText.isEmpty {
                let at = try instant(callbackText, field: "Callback", lead: lead, context: context)
                let subject = form.value(.subject)
                guard !subject.isEmpty else { throw Problem.invalid("subject: what will the callback be about?") }
                let number = form.value(.number)
                details.agreement = Agreement(
                    callbackAt: at, number: number.isEmpty ? lead.profile.contact.phones.first?.number : number, subject: subject,
                    customerAction: form.value(.customerAction), madeAt: context.now)
            }
        case .appointment:
            let whenText = form.value(.when)
            guard !whenText.isEmpty else { throw Problem.invalid("when: the appointment needs a time") }
            details.appointmentAt = try instant(whenText, field: "When", lead: lead, context: context)
            details.appointmentSubject = form.value(.subject)
        case .notNow:
            details.checkInReason = form.value(.reason)
            guard !form.value(.reason).trimmingCharacters(in: .whitespaces).isEmpty else {
                throw Problem.invalid("reason: why call again then? (a new range, a season, a price change)")
            }
        case .lost:
            details.lostReason = LostReason(rawValue: form.value(.lostReason)) ?? .silence
        default:
            break
        }
        let channel = form.has(.channel) ? Channel(rawValue: form.value(.channel)) ?? .phone : .phone
        guard disposition.happens(on: channel) else {
            throw Problem.invalid("channel: \(disposition.label) does not happen by \(channel.label)")
        }
        // The plan the form was built with holds unless the form added details or a channel that change it.
        let plan =
            details == OutcomeDetails() && channel == .phone
            ? form.plan ?? context.engine.plan(after: disposition, on: lead, at: context.now)
            : context.engine.plan(after: disposition, channel: channel, on: lead, details: details, at: context.now)
        let shown = form.plan ?? plan
        if let refusal = LeadLifecycle.refusal(.outcome(disposition), on: lead) { throw Problem.invalid(refusal) }
        for at in [details.agreement?.callbackAt, details.appointmentAt].compactMap({ $0 }) {
            do { try LeadActions.refusePast(at, lead: lead, now: context.now) } catch let error as LeadActionError { throw Problem.invalid(error.description) }
        }
        if !form.confirmed, let warning = plan.warnings.first(where: \.needsConfirmation) {
            let yes = if case .lostTooEarly = warning { "close anyway" } else { "yes, keep it" }
            throw Problem.confirm("\(warning). \(warning.confirmationQuestion) y = \(yes), any other key = back to the form")
        }
        var request = OutcomeRequest(
            lead: lead.id, outcome: disposition, channel: channel, note: note, details: details, confirmed: form.confirmed, plan: plan)
        if form.has(.call) {
            let text = form.value(.call)
            if !text.isEmpty {
                guard let seconds = CallDuration.parse(text) else { throw Problem.invalid("call: cannot read '\(text)' as a length (e.g. 3m12s, 45s, 3:12)") }
                request.durationSeconds = seconds
            }
            request.number = form.dialled
        }
        // An edited "next" time or purpose replaces the cadence's proposal (an agreement or appointment wins over both).
        // The form shows the plan it was built with: only a change to what it showed is an override.
        if details.agreement == nil, details.appointmentAt == nil, let proposal = plan.next, form.has(.next) {
            let time = HumanTime(timeZone: lead.profile.contact.timeZone, now: context.now)
            let nextText = form.value(.next)
            let purposeText = form.has(.purpose) ? form.value(.purpose) : proposal.purpose
            let showed = shown.next ?? proposal
            if nextText != time.iso(showed.due) || purposeText != showed.purpose {
                guard !nextText.isEmpty else { throw Problem.invalid("next: when is the next touch? (every lead keeps a plan)") }
                let due = try instant(nextText, field: "Next", lead: lead, context: context)
                guard let followUp = FollowUp(due: due, kind: proposal.kind, channel: proposal.channel, purpose: purposeText) else {
                    throw Problem.invalid("purpose: every follow-up says why we call")
                }
                request.nextOverride = followUp
            }
        }
        return request
    }
}
