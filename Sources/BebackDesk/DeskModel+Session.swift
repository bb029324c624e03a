import BebackDomain
import BebackCells
import Foundation

extension DeskModel {
    /// `P` (or `desk --session`): power dialling on or off. While on, saving an outcome moves to the
    /// next lead and dials it after desk.conf's countdown. Turning it on dials nothing: `d` dials the first.
    public mutating func toggleSession(context: DeskContext) {
        powerDialling.toggle()
        countdown = nil
        if powerDialling {
            let dial = KeyBindings.label(for: .dial) ?? "d"
            let wait = context.session.countdownSeconds
            let how = context.dialCommand == nil ? "(no dial command in desk.conf: each next lead is only selected)" : "after \(wait)s; Esc stops it"
            setStatus("power dialling on: \(dial) dials the first lead; each outcome moves to the next and dials it \(how)", error: false)
        } else {
            setStatus("power dialling off", error: false)
        }
    }

    /// After an outcome on `lead` in session mode: the cursor moves off it to the next due lead, and
    /// that lead's countdown starts.
    mutating func advanceSession(after lead: LeadID?, context: DeskContext) -> [DeskEffect] {
        guard powerDialling, found == nil else { return [] }
        if let lead, selectedLead == lead {
            if selected + 1 < due.count { select(selected + 1) } else if let other = due.firstIndex(where: { $0.lead != lead }) { select(other) }
        }
        return startCountdown(context: context, saved: status)
    }

    /// Starts the countdown to dial the selected lead, or says why it will not be dialled.
    /// `saved` is what the status line said before (kept in front of the countdown).
    mutating func startCountdown(context: DeskContext, saved: String = "") -> [DeskEffect] {
        countdown = nil
        var before = saved.isEmpty ? "" : saved + " · "
        var passedOver = ""
        guard var leadID = selectedLead, var lead = context.state.leads[leadID] else {
            setStatus(before + "session: nothing left due", error: false)
            return []
        }
        do {
            // A lead that asked not to be called is passed over (its next step is on another channel).
            var skipped: [String] = []
            while !lead.doNotContact, lead.blockedChannels.contains(.phone) {
                let by = lead.next.map { ", next step by \($0.channel.label)" } ?? ""
                skipped.append("\(lead.profile.name) (asked not to be called\(by))")
                let from = selected
                select(selected + 1)
                guard selected != from, let id = selectedLead, let following = context.state.leads[id] else {
                    setStatus(before + "session: skipped " + skipped.joined(separator: ", ") + "; nothing left to dial", error: false)
                    return []
                }
                (leadID, lead) = (id, following)
            }
            passedOver = skipped.isEmpty ? "" : "skipped " + skipped.joined(separator: ", ")
            if !skipped.isEmpty { before += passedOver + " · " }
        }
        let name = lead.profile.name
        let skip = KeyBindings.label(for: .skip) ?? "x"
        let dialKey = KeyBindings.label(for: .dial) ?? "d"
        if context.dialCommand == nil || context.readOnlyReason != nil {
            setStatus(before + "next: \(name)", error: false)
            return []
        }
        if lead.doNotContact {
            setStatus(before + "next: \(name) is do-not-contact: never dialled (\(skip) skips)", error: true)
            return []
        }
        guard let number = Self.numberToDial(lead) else {
            setStatus(before + "next: \(name) has no phone number: not dialled (\(skip) skips)", error: true)
            return []
        }
        if context.doNotContactMatch(ContactPoints(phones: [PhoneNumber(number)])) != nil {
            setStatus(before + "next: \(name)'s number is on the do-not-contact list: not dialled (\(skip) skips)", error: true)
            return []
        }
        let window = CallingWindow(policy: context.policy, timeZone: lead.profile.contact.timeZone)
        if !window.isCallable(context.now) {
            let clock = HumanTime(timeZone: lead.profile.contact.timeZone).clock(context.now)
            setStatus(
                before + "next: \(name) is outside calling hours (their time \(clock)): not dialled automatically (\(dialKey) asks, \(skip) skips)",
                error: true)
            return []
        }
        guard context.session.countdownSeconds > 0 else { return dial(context: context) }
        let pending = DialCountdown(lead: leadID, number: number, seconds: context.session.countdownSeconds, skipped: passedOver)
        countdown = pending
        setStatus(countdownText(pending, left: pending.seconds, name: name), error: false)
        return []
    }

    /// The status line while a countdown runs.
    func countdownText(_ countdown: DialCountdown, left: Int, name: String) -> String {
        "session: " + (countdown.skipped.isEmpty ? "" : countdown.skipped + " · ") + "dialling \(name) in \(left)s · Esc cancels"
    }

    /// A tick of the run loop (about twice a second while no key comes): the countdown goes on, and
    /// dials when it reaches zero (the usual checks of `d` are made again then).
    mutating func tickCountdown(uptime: Double, context: DeskContext) -> [DeskEffect] {
        guard var pending = countdown else { return [] }
        if pending.startedAt == nil {
            pending.startedAt = uptime
            countdown = pending
        }
        guard selectedLead == pending.lead, case .normal = mode else {
            countdown = nil
            return []
        }
        let left = pending.secondsLeft(at: uptime)
        let name = context.state.leads.summary(pending.lead)?.name ?? pending.lead.rawValue
        guard left <= 0 else {
            setStatus(countdownText(pending, left: left, name: name), error: false)
            return []
        }
        countdown = nil
        return dial(context: context)
    }

    /// A key while the countdown runs stops it; Esc says so and does nothing else (true: the key is used up).
    mutating func stopCountdown(for key: Key, context: DeskContext) -> Bool {
        guard let pending = countdown, key != .resize else { return false }
        countdown = nil
        guard key == .escape || key == .control("c") else { return false }
        let name = context.state.leads.summary(pending.lead)?.name ?? pending.lead.rawValue
        setStatus("countdown cancelled: \(name) stays selected, not dialled", error: false)
        return true
    }
}
