import ArgumentParser
import BebackDomain
import BebackExchange
import BebackStore
import BebackText
import Foundation

/// Output formats of `show`.
enum ShowFormat: String, ExpressibleByArgument, CaseIterable {
    case text, json
}

/// `beback show`: one lead's contact points, plan, agreement, history, notes and objections.
struct ShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Show one lead: who, the plan, the history, the objections.")

    @OptionGroup var desk: DeskOptions
    @Argument(help: "The lead id (or an unambiguous prefix).") var lead: String
    @Option(help: "Output format: text or json.") var format: ShowFormat = .text

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession()
            let found = try session.state.findLead(lead)
            let lead = try session.viewer.visible(found)
            switch format {
            case .text: print(LeadReport(lead: lead, now: session.now, policy: session.policy).text, terminator: "")
            case .json: print(LeadReport(lead: lead, now: session.now, policy: session.policy).json)
            }
        }
    }
}

/// One lead written out for people (text) or scripts (JSON). Outside text is sanitized.
struct LeadReport {
    let lead: LeadState
    let now: Date
    let policy: CadencePolicy

    var text: String {
        let zone = lead.profile.contact.timeZone
        let time = HumanTime(timeZone: zone, now: now)
        let window = CallingWindow(policy: policy, timeZone: zone, bestTime: lead.profile.contact.bestTime)
        let safe = SafeText.sanitize
        var lines: [String] = []
        let company = lead.profile.company.isEmpty ? "" : " · \(safe(lead.profile.company))"
        lines.append("\(lead.id)  \(safe(lead.profile.name))\(company)")
        lines.append(
            "  owner \(lead.profile.owner) · stage \(lead.stage.rawValue) · source \(lead.profile.source.rawValue) · cycle \(lead.profile.salesCycleDays) days")
        for phone in lead.profile.contact.phones { lines.append("  phone \(safe(phone.number)) (\(safe(phone.label)))") }
        if let email = lead.profile.contact.email, !email.isEmpty { lines.append("  email \(safe(email))") }
        lines.append(
            "  prefers \(lead.profile.contact.preferredChannel.label), \(lead.profile.contact.bestTime.rawValue) · their time \(time.clock(now)) \(zone.identifier) (\(window.isCallable(now) ? "inside" : "outside") calling hours)"
        )
        if !lead.doNotContact, !lead.blockedChannels.isEmpty { lines.append("  asked: \(lead.blockedChannelsText)") }
        for event in lead.events {
            guard case .channelBlocked(let block) = event.payload else { continue }
            let words = block.channels.map(ChannelBlock.word).joined(separator: ", ")
            let reason = block.reason.isEmpty ? "" : ": \(safe(block.reason))"
            lines.append("  \(block.lifted ? "unblocked" : "blocked") \(words) \(time.day(event.at)) by \(safe(event.actor.rawValue))\(reason)")
        }
        if !lead.profile.interest.isEmpty { lines.append("  interest \(safe(lead.profile.interest))") }
        if !lead.wants.isEmpty { lines.append("  wants \(safe(lead.wants))") }
        if !lead.holdingBack.isEmpty { lines.append("  holding back \(safe(lead.holdingBack))") }
        if let next = lead.next {
            lines.append("next: \(next.kind.rawValue) \(next.channel.label) \(time.dayAndClock(next.due)) · \(safe(next.purpose))")
        } else {
            lines.append("next: nothing planned (\(lead.unscheduledReason ?? "closed"))")
        }
        if let agreement = lead.agreement {
            lines.append(
                "agreed \(time.day(agreement.madeAt)): call \(time.dayAndClock(agreement.callbackAt))\(agreement.number.map { " on \(safe($0))" } ?? "") about \(safe(agreement.subject))"
            )
            if !agreement.customerAction.isEmpty { lines.append("  they will \(safe(agreement.customerAction))") }
        }
        if let delivered = lead.deliveredAt { lines.append("delivered \(time.day(delivered))") }
        for line in LeadPractice.lines(lead, now: now) { lines.append(safe(line)) }
        lines.append("touches \(lead.touchCount)")
        for recorded in lead.touches.reversed() {
            let reason = recorded.touch.lostReason.map { " (\($0.label))" } ?? ""
            let call = recorded.touch.durationSeconds.map { " · call \(CallDuration.text($0))" } ?? ""
            // A note's own line breaks (a message's body, a pasted reply) stay line breaks, indented under it.
            let parts = SafeText.sanitizeLines(recorded.touch.note)
            let when = time.dayAndClock(recorded.at)
            lines.append(
                "  \(when)  \(recorded.touch.channel.label)  \(recorded.touch.outcome.label)\(reason)\(call)  \(parts.first ?? "")"
                    .trimmingCharacters(in: .whitespaces))
            let indent = String(repeating: " ", count: 4 + SafeText.displayWidth(when))
            for part in parts.dropFirst() { lines.append(indent + part) }
        }
        let freeNotes = lead.notes.filter { note in !lead.touches.contains { $0.event == note.event } }
        if !freeNotes.isEmpty {
            lines.append("notes")
            for note in freeNotes.reversed() {
                // A note's own line breaks (an imported description) stay line breaks, indented under it.
                let day = time.day(note.at)
                let parts = SafeText.sanitizeLines(note.text)
                lines.append("  \(day)  \(parts.first ?? "")")
                let indent = String(repeating: " ", count: 4 + SafeText.displayWidth(day))
                for part in parts.dropFirst() { lines.append(indent + part) }
            }
        }
        for (status, objections) in LeadPractice.objectionsByStatus(lead) {
            lines.append("objections \(status)")
            for (place, objection) in objections {
                lines.append(
                    "  \(place) \(objection.category.label)  \"\(safe(objection.words))\"  \(objection.answer.isEmpty ? "-" : safe(objection.answer))  (\(objection.id))"
                )
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    var json: String {
        var object: [String: Any] = [
            "id": lead.id.rawValue, "name": lead.profile.name, "company": lead.profile.company, "owner": lead.profile.owner.rawValue,
            "stage": lead.stage.rawValue, "source": lead.profile.source.rawValue, "touches": lead.touchCount,
            "timeZone": lead.profile.contact.timeZoneID, "phones": lead.profile.contact.phones.map(\.number),
            "email": lead.profile.contact.email ?? "",
            "blockedChannels": ChannelBlock.blockable.filter(lead.blockedChannels.contains).map(\.rawValue)
        ]
        if let next = lead.next {
            object["next"] = ["due": LeadExportRow.timestamp(next.due), "kind": next.kind.rawValue, "channel": next.channel.rawValue, "purpose": next.purpose]
        } else {
            object["next"] = NSNull()
            object["unscheduledReason"] = lead.unscheduledReason ?? ""
        }
        if let agreement = lead.agreement {
            object["agreement"] = [
                "callbackAt": LeadExportRow.timestamp(agreement.callbackAt), "subject": agreement.subject,
                "customerAction": agreement.customerAction, "number": agreement.number ?? ""
            ]
        }
        object["history"] = lead.touches.reversed().map { recorded -> [String: Any] in
            var entry: [String: Any] = [
                "at": LeadExportRow.timestamp(recorded.at), "channel": recorded.touch.channel.rawValue,
                "outcome": recorded.touch.outcome.rawValue, "note": recorded.touch.note
            ]
            if let seconds = recorded.touch.durationSeconds { entry["durationSeconds"] = seconds }
            if let number = recorded.touch.number { entry["number"] = number }
            return entry
        }
        object["notes"] = lead.notes.map { ["at": LeadExportRow.timestamp($0.at), "text": $0.text] }
        object["objections"] = lead.objections.map {
            ["id": $0.id, "category": $0.category.rawValue, "words": $0.words, "answer": $0.answer, "status": $0.status.rawValue]
        }
        let process = lead.decisionProcess
        object["decisionProcess"] = [
            "otherDeciders": process.otherDeciders, "criteria": process.criteria, "informationNeeded": process.informationNeeded,
            "reviewTime": process.reviewTime
        ]
        object["feedback"] = ["likes": lead.feedback.likes, "comfort": lead.feedback.comfort, "priceFit": lead.feedback.priceFit]
        object["deliveredAt"] = lead.deliveredAt.map { LeadExportRow.timestamp($0) } ?? NSNull()
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self)
    }
}
