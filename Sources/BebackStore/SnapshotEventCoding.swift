import BebackDomain
import Foundation

/// Events in a snapshot's binary form: one tag byte for the kind, then the fields in a fixed order.
/// Unknown kinds never reach a snapshot (the fold keeps them out of every lead's history; they stay
/// in the journal byte for byte).
enum SnapshotEventCoding {
    /// Changes whenever an enum this coding stores by position gains, loses or reorders cases, so a
    /// snapshot written by a build with other cases is seen as stale.
    static let schemaFingerprint: UInt64 = {
        var text = "event-coding-4;"
        func add<T: CaseIterable & RawRepresentable>(_ type: T.Type) where T.RawValue == String {
            text += "\(T.self):" + T.allCases.map(\.rawValue).joined(separator: ",") + ";"
        }
        add(Channel.self); add(Disposition.self); add(LostReason.self); add(BestTime.self); add(LeadSource.self)
        add(FollowUpKind.self); add(ObjectionCategory.self); add(ObjectionStatus.self)
        return ChainHash.hash(Array(text.utf8))
    }()

    static func write(_ event: Event, to out: inout SnapshotByteWriter) throws {
        out.string(event.id.rawValue)
        out.date(event.at)
        out.string(event.actor.rawValue)
        out.string(event.lead.rawValue)
        switch event.payload {
        case .captured(let profile, let wants, let holdingBack):
            out.u8(1); write(profile, to: &out); out.string(wants); out.string(holdingBack)
        case .profileUpdated(let profile):
            out.u8(2); write(profile, to: &out)
        case .touched(let touch):
            out.u8(3)
            out.enumCase(touch.channel); out.enumCase(touch.outcome); out.string(touch.note)
            out.bool(touch.lostReason != nil)
            if let reason = touch.lostReason { out.enumCase(reason) }
            out.optionalString(touch.number)
            out.bool(touch.durationSeconds != nil)
            if let seconds = touch.durationSeconds { out.int(seconds) }
        case .scheduled(let followUp):
            out.u8(4); out.date(followUp.due); out.enumCase(followUp.kind); out.enumCase(followUp.channel); out.string(followUp.purpose)
        case .unscheduled(let reason):
            out.u8(5); out.string(reason)
        case .agreed(let agreement):
            out.u8(6); out.date(agreement.callbackAt); out.optionalString(agreement.number); out.string(agreement.subject)
            out.string(agreement.customerAction); out.date(agreement.madeAt)
        case .decisionProcess(let process):
            out.u8(7); out.string(process.otherDeciders); out.string(process.criteria); out.string(process.informationNeeded); out.string(process.reviewTime)
        case .feedback(let feedback):
            out.u8(8); out.string(feedback.likes); out.string(feedback.comfort); out.string(feedback.priceFit)
        case .objectionLogged(let objection):
            out.u8(9); out.string(objection.id); out.enumCase(objection.category); out.string(objection.words)
            out.string(objection.answer); out.enumCase(objection.status); out.date(objection.loggedAt)
        case .objectionUpdated(let id, let answer, let status):
            out.u8(10); out.string(id); out.string(answer); out.enumCase(status)
        case .noted(let text):
            out.u8(11); out.string(text)
        case .delivered:
            out.u8(12)
        case .reassigned(let rep):
            out.u8(13); out.string(rep.rawValue)
        case .revoked(let target, let reason):
            out.u8(14); out.string(target.rawValue); out.string(reason)
        case .idleFlagged(let mark):
            out.u8(15); write(mark, to: &out)
        case .escalated(let mark):
            out.u8(16); write(mark, to: &out)
        case .reclaimed(let mark):
            out.u8(17); write(mark, to: &out)
        case .reopened(let reason):
            out.u8(18); out.string(reason)
        case .contactLifted(let entry, let reason):
            out.u8(19); out.string(entry); out.string(reason)
        case .snoozed(let snooze):
            out.u8(20); out.date(snooze.until); out.date(snooze.from); out.string(snooze.reason)
        case .channelBlocked(let block):
            out.u8(22); out.count(block.channels.count)
            for channel in block.channels { out.enumCase(channel) }
            out.bool(block.lifted); out.string(block.reason)
        case .sessionRecorded(let record):
            // Never in a lead's history (a session record has no lead); written whole all the same.
            out.u8(21); out.date(record.started); out.date(record.ended)
            for value in [record.calls, record.contacts, record.voicemails, record.appointments, record.wins, record.lost, record.notNow, record.talkSeconds] {
                out.int(value)
            }
            for goal in [record.goalCalls, record.goalContacts, record.goalAppointments] { out.int(goal ?? -1) }
        case .unknown(let kind):
            throw SnapshotReadError(offset: out.bytes.count, reason: "an entry of unknown kind '\(kind)' has no snapshot form")
        }
    }

    static func read(from input: inout SnapshotByteReader) throws -> Event {
        let id = EventID(try input.string())
        let at = try input.date()
        let actor = RepName(try input.string())
        let lead = LeadID(try input.string())
        let tag = try input.u8()
        let payload: EventPayload
        switch tag {
        case 1: payload = .captured(try profile(&input), wants: try input.string(), holdingBack: try input.string())
        case 2: payload = .profileUpdated(try profile(&input))
        case 3:
            let channel = try input.enumCase(Channel.self)
            let outcome = try input.enumCase(Disposition.self)
            let note = try input.string()
            let reason = try input.bool() ? try input.enumCase(LostReason.self) : nil
            let number = try input.optionalString()
            let seconds = try input.bool() ? try input.int() : nil
            payload = .touched(Touch(channel: channel, outcome: outcome, note: note, lostReason: reason, number: number, durationSeconds: seconds))
        case 4:
            let due = try input.date()
            let kind = try input.enumCase(FollowUpKind.self)
            let channel = try input.enumCase(Channel.self)
            let purpose = try input.string()
            guard !purpose.isEmpty else { throw SnapshotReadError(offset: input.position, reason: "follow-up without a purpose") }
            payload = .scheduled(FollowUp(restoring: due, kind: kind, channel: channel, checkedPurpose: purpose))
        case 5: payload = .unscheduled(reason: try input.string())
        case 6:
            payload = .agreed(
                Agreement(
                    callbackAt: try input.date(), number: try input.optionalString(), subject: try input.string(),
                    customerAction: try input.string(), madeAt: try input.date()))
        case 7:
            payload = .decisionProcess(
                DecisionProcess(
                    otherDeciders: try input.string(), criteria: try input.string(),
                    informationNeeded: try input.string(), reviewTime: try input.string()))
        case 8: payload = .feedback(Feedback(likes: try input.string(), comfort: try input.string(), priceFit: try input.string()))
        case 9:
            payload = .objectionLogged(
                Objection(
                    id: try input.string(), category: try input.enumCase(ObjectionCategory.self), words: try input.string(),
                    answer: try input.string(), status: try input.enumCase(ObjectionStatus.self), loggedAt: try input.date()))
        case 10: payload = .objectionUpdated(id: try input.string(), answer: try input.string(), status: try input.enumCase(ObjectionStatus.self))
        case 11: payload = .noted(try input.string())
        case 12: payload = .delivered
        case 13: payload = .reassigned(to: RepName(try input.string()))
        case 14: payload = .revoked(EventID(try input.string()), reason: try input.string())
        case 15: payload = .idleFlagged(try mark(&input))
        case 16: payload = .escalated(try mark(&input))
        case 17: payload = .reclaimed(try mark(&input))
        case 18: payload = .reopened(reason: try input.string())
        case 19: payload = .contactLifted(entry: try input.string(), reason: try input.string())
        case 20: payload = .snoozed(Snooze(until: try input.date(), from: try input.date(), reason: try input.string()))
        case 21:
            let started = try input.date(), ended = try input.date()
            var values: [Int] = []
            for _ in 0..<8 { values.append(try input.int()) }
            var goals: [Int?] = []
            for _ in 0..<3 { goals.append(try input.int()) }
            goals = goals.map { $0.flatMap { $0 < 0 ? nil : $0 } }
            payload = .sessionRecorded(
                SessionRecord(
                    started: started, ended: ended, calls: values[0], contacts: values[1], voicemails: values[2], appointments: values[3],
                    wins: values[4], lost: values[5], notNow: values[6], talkSeconds: values[7], goalCalls: goals[0], goalContacts: goals[1],
                    goalAppointments: goals[2]))
        case 22:
            let count = try input.count()
            var channels: [Channel] = []
            for _ in 0..<count { channels.append(try input.enumCase(Channel.self)) }
            payload = .channelBlocked(ChannelBlock(channels: channels, lifted: try input.bool(), reason: try input.string()))
        default: throw SnapshotReadError(offset: input.position - 1, reason: "unknown entry tag \(tag)")
        }
        return Event(id: id, at: at, actor: actor, lead: lead, payload: payload)
    }

    private static func write(_ profile: LeadProfile, to out: inout SnapshotByteWriter) {
        out.string(profile.name); out.string(profile.company)
        out.count(profile.contact.phones.count)
        for phone in profile.contact.phones { out.string(phone.number); out.string(phone.label) }
        out.optionalString(profile.contact.email)
        out.enumCase(profile.contact.preferredChannel); out.enumCase(profile.contact.bestTime); out.string(profile.contact.timeZoneID)
        out.enumCase(profile.source); out.string(profile.owner.rawValue); out.string(profile.interest); out.int(profile.salesCycleDays)
    }

    private static func profile(_ input: inout SnapshotByteReader) throws -> LeadProfile {
        let name = try input.string()
        let company = try input.string()
        let phoneCount = try input.count()
        var phones: [PhoneNumber] = []
        phones.reserveCapacity(phoneCount)
        for _ in 0..<phoneCount { phones.append(PhoneNumber(try input.string(), label: try input.string())) }
        let contact = ContactPoints(
            phones: phones, email: try input.optionalString(), preferredChannel: try input.enumCase(Channel.self),
            bestTime: try input.enumCase(BestTime.self), timeZoneID: try input.string())
        return LeadProfile(
            name: name, company: company, contact: contact, source: try input.enumCase(LeadSource.self),
            owner: RepName(try input.string()), interest: try input.string(), salesCycleDays: try input.int())
    }

    private static func write(_ mark: IdleMark, to out: inout SnapshotByteWriter) {
        out.date(mark.due); out.int(mark.days); out.string(mark.owner.rawValue)
    }

    private static func mark(_ input: inout SnapshotByteReader) throws -> IdleMark {
        IdleMark(due: try input.date(), days: try input.int(), owner: RepName(try input.string()))
    }
}
