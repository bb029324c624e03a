import BebackDomain
import BebackCells
import BebackText
import Foundation

/// The lead detail pane: contact points with the lead's local time and calling hours, stage and source,
/// the plan, the last agreement, the decision process, the touch history (newest first), notes and the objection log.
enum LeadPane {
    static func draw(_ lead: LeadState?, model: DeskModel, context: DeskContext, in rect: Rect, focused: Bool, into buffer: inout CellBuffer) {
        guard let lead else {
            Draw.box(rect, title: "Lead", focused: focused, into: &buffer)
            let area = Draw.inner(rect)
            if area.height > 0 { buffer.put("Select a lead in the due list.", x: area.x, y: area.y, style: .muted, maxWidth: area.width) }
            return
        }
        let company = lead.profile.company.isEmpty ? "" : " · \(lead.profile.company)"
        Draw.box(rect, title: "\(lead.profile.name)\(company)", focused: focused, into: &buffer)
        let area = Draw.inner(rect)
        let content = lines(for: lead, context: context, width: area.width)
        Draw.lines(content, in: area, from: model.detailScroll, into: &buffer)
    }

    static func lines(for lead: LeadState, context: DeskContext, width: Int) -> [(String, Style)] {
        let contact = lead.profile.contact
        let zone = contact.timeZone
        let time = HumanTime(timeZone: zone, now: context.now)
        let window = CallingWindow(policy: context.policy, timeZone: zone, bestTime: contact.bestTime)
        var out: [(String, Style)] = []
        func add(_ text: String, _ style: Style = .plain, indent: Int = 1) { out += Draw.wrapped(text, width: width, style: style, indent: indent) }

        let callable = window.isCallable(context.now)
        for (index, phone) in contact.phones.enumerated() {
            let suffix = index == 0 ? "   their time \(time.clock(context.now)) \(callable ? "(calling hours)" : "(outside calling hours)")" : ""
            add("\(phone.number) \(phone.label)\(suffix)", index == 0 && !callable ? .warning : .plain)
        }
        if contact.phones.isEmpty { add("no phone · their time \(time.clock(context.now))", .warning) }
        if lead.doNotContact {
            add("DO NOT CONTACT", .error)
        } else if !lead.blockedChannels.isEmpty {
            add(lead.blockedChannelsText.uppercased() + " (asked)", .error)
        }
        var reach = "prefers \(contact.preferredChannel.label)"
        if contact.bestTime != .anytime { reach += ", \(contact.bestTime.rawValue)" }
        if let email = contact.email, !email.isEmpty { reach = "\(email)   \(reach)" }
        add(reach)
        add("\(lead.stage.rawValue) · \(lead.profile.source.rawValue) · cycle \(lead.profile.salesCycleDays) days · \(lead.profile.owner)", .muted)
        if !lead.wants.isEmpty || !lead.holdingBack.isEmpty {
            add("Wants \(lead.wants.isEmpty ? lead.profile.interest : lead.wants)" + (lead.holdingBack.isEmpty ? "" : "; holding back: \(lead.holdingBack)"))
        }
        if let next = lead.next {
            add("Next \(time.dayAndClock(next.due)) \(next.channel.label): \(next.purpose)", .accent)
        } else {
            add("Nothing planned: \(lead.unscheduledReason ?? "closed")", .muted)
        }
        switch IdleStatus.of(lead, at: context.now, policy: context.policy) {
        case .fresh: break
        case .flagged(let days, let left): add("Untouched \(days) days past due: reclaimed in \(left) days", .warning)
        case .escalated(let days, let left): add("Untouched \(days) days past due: manager told, reclaimed in \(left) days", .error)
        case .reclaimable(let days): add("Untouched \(days) days past due: may be reclaimed to the pool", .error)
        }
        if let agreement = lead.agreement {
            var line = "Agreed \(time.day(agreement.madeAt)): call \(time.dayAndClock(agreement.callbackAt)) about \(agreement.subject)"
            if !agreement.customerAction.isEmpty { line += "; they will \(agreement.customerAction)" }
            add(line)
        }
        if lead.phoneAttemptsWithoutContact >= context.policy.switchChannelAfter, let next = lead.next, next.channel != .phone {
            add(CadenceWarning.tryAnotherChannel(next.channel).description, .warning)
        }
        for line in LeadPractice.lines(lead, now: context.now) { add(line) }
        out.append(("Touches \(lead.touchCount)", Style(bold: true)))
        for recorded in lead.touches.reversed() {
            let touch = recorded.touch
            let reason = touch.lostReason.map { " (\($0.label))" } ?? ""
            let note = touch.note.isEmpty ? "" : "  \(touch.note)"
            let call = touch.durationSeconds.map { " · call \(CallDuration.text($0))" } ?? ""
            add("\(time.day(recorded.at)) \(touch.channel.label) \(touch.outcome.label)\(reason)\(call)\(note)", indent: 2)
        }
        if lead.touches.isEmpty { add(" \(time.day(lead.capturedAt)) captured (\(lead.profile.source.rawValue))", .muted) }
        let touchNotes = Set(lead.touches.map(\.event))
        let notes = lead.notes.filter { !touchNotes.contains($0.event) }
        if !notes.isEmpty {
            out.append(("Notes", Style(bold: true)))
            for note in notes.reversed() { add(" \(time.day(note.at)) \(note.text)", indent: 2) }
        }
        for (heading, objections) in LeadPractice.objectionsByStatus(lead) {
            out.append(("Objections \(heading)", Style(bold: true)))
            for (place, objection) in objections {
                let answer = objection.answer.isEmpty ? "" : " → \(objection.answer)"
                add(" \(place) \(objection.category.label) \"\(objection.words)\"\(answer)", objection.status == .answered ? .muted : .plain, indent: 2)
            }
        }
        return out
    }
}
