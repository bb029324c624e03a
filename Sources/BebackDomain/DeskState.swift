import Foundation

/// The state of a whole desk: every lead, folded from the journals' events in replay order.
public struct DeskState: Equatable, Sendable {
    public package(set) var leads = LeadTable()
    /// Entries that referred to a lead nobody captured, kept for `verify` to report.
    public package(set) var orphanEvents: [EventID] = []
    /// Entries of kinds this build does not know (kept in the journal, ignored by the fold).
    public package(set) var unknownEventCount = 0
    public package(set) var eventCount = 0
    /// Newest event time seen.
    public package(set) var lastEventAt: Date?
    /// Entries an undo withdrew (also those not seen yet); package-visible so a snapshot can restore it.
    package var revokedEvents: Set<EventID> = []

    public init() {}

    /// The state after replaying these events in order.
    public init(replaying events: some Sequence<Event>) {
        self.init()
        for event in events { apply(event) }
    }

    /// Folds one more event into the state.
    public mutating func apply(_ event: Event) {
        eventCount += 1
        if lastEventAt.map({ event.at > $0 }) ?? true { lastEventAt = event.at }
        if case .unknown = event.payload {
            unknownEventCount += 1
            return
        }
        // A session record concerns no lead (`report --sessions` reads it from the journals).
        if event.lead == SessionRecord.lead { return }
        if case .revoked(let target, _) = event.payload {
            revokedEvents.insert(target)
            guard let lead = leads[event.lead] else {
                orphanEvents.append(event.id)
                return
            }
            if case .captured = lead.events.first(where: { $0.id == target })?.payload {
                leads[event.lead] = nil
                return
            }
            var refolded = LeadFold.refold(lead, events: lead.events.filter { $0.id != target })
            refolded.events.append(event)
            leads[event.lead] = refolded
            return
        }
        // Most desks never undo: no hash of the entry's id then.
        if !revokedEvents.isEmpty, revokedEvents.contains(event.id) { return }
        if case .captured(let profile, let wants, let holdingBack) = event.payload {
            var lead = LeadState(id: event.lead, profile: profile, wants: wants, holdingBack: holdingBack, capturedAt: event.at)
            lead.events.append(event)
            leads[event.lead] = lead
            return
        }
        // Mutated in place: copying the lead out and back would copy its history arrays.
        let found = leads.modify(event.lead) { lead in
            LeadFold.apply(event, to: &lead)
            lead.events.append(event)
        }
        if !found { orphanEvents.append(event.id) }
    }

    /// The leads one rep owns, or every lead when `rep` is nil.
    public func leads(ownedBy rep: RepName?) -> [LeadState] {
        guard let rep else { return Array(leads.values) }
        return leads.values.filter { $0.profile.owner == rep }
    }

    /// Every rep that owns a lead, sorted.
    public var reps: [RepName] { leads.owners.sorted() }

    /// The lead whose id starts with `prefix`, when exactly one does (ids are short enough to type, prefixes shorter still).
    public func lead(matching prefix: String) -> LeadState? {
        try? findLead(prefix)
    }

    /// The lead whose id is `prefix` or starts with it; says which when none does, and lists some
    /// of the candidates when several do.
    public func findLead(_ prefix: String) throws(LeadActionError) -> LeadState {
        if let exact = leads[LeadID(prefix)] { return exact }
        let matches = prefix.isEmpty ? [] : leads.ids.filter { $0.rawValue.hasPrefix(prefix) }
        guard let first = matches.first else { throw .unknownLead(prefix) }
        guard matches.count == 1, let lead = leads[first] else {
            throw .ambiguousLead(prefix, candidates: matches.sorted { $0.rawValue < $1.rawValue }, total: matches.count)
        }
        return lead
    }
}

/// How one event changes one lead (package-visible: the codec's digest fold and snapshot restore
/// fold the same way).
package enum LeadFold {
    package static func refold(_ lead: LeadState, events: [Event]) -> LeadState {
        guard let first = events.first, case .captured(let profile, let wants, let holdingBack) = first.payload else { return lead }
        var fresh = LeadState(id: lead.id, profile: profile, wants: wants, holdingBack: holdingBack, capturedAt: first.at)
        fresh.events.append(first)
        for event in events.dropFirst() {
            apply(event, to: &fresh)
            fresh.events.append(event)
        }
        return fresh
    }

    package static func apply(_ event: Event, to lead: inout LeadState) {
        switch event.payload {
        case .captured, .revoked, .unknown, .sessionRecorded:
            break
        case .profileUpdated(let profile):
            lead.profile = profile
        case .touched(let touch):
            lead.touches.append(RecordedTouch(event: event.id, at: event.at, actor: event.actor, touch: touch))
            lead.stage = stage(after: touch.outcome, from: lead.stage)
            if let agreement = lead.agreement, event.at >= agreement.callbackAt || touch.outcome.endsAgreement {
                lead.agreement = nil
            }
            if touch.outcome == .doNotContact { lead.doNotContact = true }
            if touch.outcome == .won { lead.deliveredAt = nil }
            if !touch.note.isEmpty {
                lead.notes.append(RecordedNote(event: event.id, at: event.at, text: touch.note))
            }
        case .scheduled(let followUp):
            lead.next = followUp
            lead.plannedAt = event.at
            lead.unscheduledReason = nil
            lead.snoozedFrom = nil
        case .snoozed(let snooze):
            lead.snoozedFrom = snooze.from
        case .unscheduled(let reason):
            lead.next = nil
            lead.plannedAt = nil
            lead.unscheduledReason = reason
            lead.snoozedFrom = nil
        case .agreed(let agreement):
            lead.agreement = agreement
        case .decisionProcess(let process):
            lead.decisionProcess = process
        case .feedback(let feedback):
            lead.feedback = feedback
        case .objectionLogged(let objection):
            lead.objections.append(objection)
        case .objectionUpdated(let id, let answer, let status):
            if let index = lead.objections.firstIndex(where: { $0.id == id }) {
                lead.objections[index].answer = answer
                lead.objections[index].status = status
            }
        case .noted(let text):
            lead.notes.append(RecordedNote(event: event.id, at: event.at, text: text))
        case .delivered:
            lead.deliveredAt = event.at
        case .reopened:
            lead.stage = LeadLifecycle.stageAfterReopen
            lead.agreement = nil
        case .contactLifted(let entry, _):
            if let key = DoNotContactList.entry(entry) { lead.liftedContacts.insert(key) }
        case .channelBlocked(let block):
            if block.lifted { lead.blockedChannels.subtract(block.channels) } else { lead.blockedChannels.formUnion(block.channels) }
        case .reassigned(let rep):
            lead.profile.owner = rep
        case .idleFlagged(let mark):
            lead.idle = IdleRecord(due: mark.due, step: .flagged, at: event.at)
        case .escalated(let mark):
            lead.idle = IdleRecord(due: mark.due, step: .escalated, at: event.at)
        case .reclaimed(let mark):
            lead.idle = IdleRecord(due: mark.due, step: .reclaimed, at: event.at)
            lead.reclaimedFrom = mark.owner
            lead.profile.owner = DeskConfig.poolOwner
        }
    }

    package static func stage(after outcome: Disposition, from stage: LeadStage) -> LeadStage {
        switch outcome.rule {
        case .conversation: return stage == .customer ? .customer : .considering
        case .attemptWithoutContact, .badNumber: return stage == .new ? .contacted : stage
        case .notNow: return .longTerm
        case .appointment: return .appointment
        case .sale: return .customer
        case .lost: return .lost
        case .doNotContact: return .doNotContact
        }
    }
}
