import BebackDomain
import Foundation

/// The journal entries of an import plan, grouped by the lead's owner (the whole import is written
/// as one batch into the importing rep's journal).
public struct ImportEvents: Sendable {
    /// Events by owner, each owner's in the order they must be appended.
    public var byOwner: [RepName: [Event]] = [:]
    /// Drafts the lead actions refused after all (should not happen once validated).
    public var refused: [RowRejection] = []
    /// Lead ids given to new leads, in the order of the plan's drafts (nil where refused).
    public var newLeads: [LeadID] = []

    /// Whether some entries are a lead's history at its own times (a Beback export), not this moment's.
    public var carriesHistory = false

    public var eventCount: Int { byOwner.values.reduce(0) { $0 + $1.count } + takenCount }
    /// Entries handed out by `takeBatch` (no longer held here).
    private var takenCount = 0

    /// Every entry as one batch, owners in name order, each owner's in order; this no longer holds
    /// them (a large import keeps one copy of its entries, not two).
    public mutating func takeBatch() -> [Event] {
        let owners = byOwner.keys.sorted()
        if owners.count == 1, let only = byOwner.removeValue(forKey: owners[0]) {
            // One owner (a rep's import): the batch is that array, not a copy of it.
            takenCount += only.count
            return only
        }
        var batch: [Event] = []
        batch.reserveCapacity(eventCount)
        for owner in owners {
            batch += byOwner.removeValue(forKey: owner) ?? []
        }
        takenCount += batch.count
        return batch
    }

    /// Makes the events: each new lead captured with the cadence's first follow-up (by the
    /// importing rep's lead actions), its notes, its status, and the follow-up the file asked for;
    /// each merge as a profile update and notes.
    public init<IDs: IDGenerator>(plan: ImportPlan, actions: LeadActions, state: DeskState, at now: Date, ids: inout IDs) {
        var batch = BatchIDGenerator(base: ids)
        defer { ids = batch.base }
        let actor = actions.rep
        // The first follow-up's time depends only on the zone and best time: worked out once for each.
        var firstDues: [FirstDueKey: Date] = [:]
        // Each owner's entries in one array sized at the start: a capture, its first follow-up and the
        // notes of each lead (growing it lead by lead moved the whole array over and over).
        var expected: [RepName: Int] = [:]
        for index in plan.drafts.indices { expected[plan.drafts[index].profile.owner, default: 0] += 2 + plan.drafts[index].notes.count }
        // Each draft read where it is in the plan (copying a draft to a local costs a retain for each of its texts).
        for index in plan.drafts.indices {
            Self.add(
                plan.drafts[index], actions: actions, state: state, at: now, firstDues: &firstDues, expected: expected, ids: &batch,
                into: &self)
        }
        for merge in plan.merges {
            var events: [Event] = []
            if merge.profile != merge.original {
                events.append(Event(id: batch.newEventID(), at: now, actor: actor, lead: merge.lead, payload: .profileUpdated(merge.profile)))
            }
            for note in merge.newNotes {
                events.append(Event(id: batch.newEventID(), at: now, actor: actor, lead: merge.lead, payload: .noted(note)))
            }
            if merge.markDoNotContact {
                events += Self.doNotContact(lead: merge.lead, status: nil, actor: actor, at: now, ids: &batch)
            } else if !merge.blockChannels.isEmpty, var existing = state.leads[merge.lead] {
                // The lead's block as the desk records it: its next step moved off the channel, or do-not-contact when none is left.
                existing.profile = merge.profile
                for payload in ChannelBlocking.blockPayloads(merge.blockChannels, reason: merge.blockReason, on: existing) {
                    events.append(Event(id: batch.newEventID(), at: now, actor: actor, lead: merge.lead, payload: payload))
                }
            }
            byOwner[merge.original.owner, default: []] += events
        }
    }

    /// The entries of one new lead (none when the lead actions refuse it, which is noted in `refused`).
    private static func add(
        _ draft: borrowing LeadDraft, actions: LeadActions, state: DeskState, at now: Date, firstDues: inout [FirstDueKey: Date],
        expected: [RepName: Int], ids batch: inout some IDGenerator, into result: inout ImportEvents
    ) {
        let actor = actions.rep
        if let history = draft.history {
            do {
                let events = try Self.replay(history, draft: draft, actions: actions, state: state, at: now, ids: &batch)
                result.newLeads.append(events[0].lead)
                result.carriesHistory = true
                Self.append(events, for: draft.profile.owner, to: &result.byOwner, expected: expected)
            } catch {
                result.refused.append(RowRejection(line: draft.line, reason: "\(error)", cells: draft.cells))
            }
            return
        }
        let captured: [Event]
        let contact = draft.profile.contact
        let dueKey = FirstDueKey(zone: contact.timeZoneID, bestTime: contact.bestTime)
        let firstDue: Date
        if let known = firstDues[dueKey] {
            firstDue = known
        } else {
            firstDue = actions.engine.firstDue(for: contact, at: now)
            firstDues[dueKey] = firstDue
        }
        do {
            captured = try actions.capture(
                draft.profile, wants: draft.wants, holdingBack: draft.holdingBack, state: state, at: now, ids: &batch, firstDue: firstDue)
        } catch {
            result.refused.append(RowRejection(line: draft.line, reason: "\(error)", cells: draft.cells))
            return
        }
        let lead = captured[0].lead
        result.newLeads.append(lead)
        var events = captured
        for note in draft.allNotes {
            events.append(Event(id: batch.newEventID(), at: now, actor: actor, lead: lead, payload: .noted(note)))
        }
        events += Self.block(draft, lead: lead, captured: captured, actor: actor, at: now, ids: &batch)
        if draft.doNotContact {
            events += Self.doNotContact(lead: lead, status: draft.status, actor: actor, at: now, ids: &batch)
        } else if let closing = draft.closing {
            events += Self.close(lead: lead, closing, draft: draft, captured: captured, actions: actions, at: now, ids: &batch)
        } else if let followUp = draft.followUp {
            events.append(Event(id: batch.newEventID(), at: now, actor: actor, lead: lead, payload: .scheduled(followUp)))
        }
        Self.append(events, for: draft.profile.owner, to: &result.byOwner, expected: expected)
    }

    /// Adds an owner's entries; an owner's first ones come in an array with room for `expected` of them.
    private static func append(_ events: [Event], for owner: RepName, to byOwner: inout [RepName: [Event]], expected: [RepName: Int]) {
        if byOwner[owner] == nil {
            var list: [Event] = []
            list.reserveCapacity(expected[owner] ?? 0)
            byOwner[owner] = list
        }
        byOwner[owner, default: []] += events
    }

    /// A Beback export's lead written back as it was: captured at its time, its touches, free notes,
    /// objections and delivery at theirs (notes before touches of the same second, as the desk writes
    /// them), then its decision process, feedback, live agreement and next step.
    private static func replay(
        _ history: ExportedHistory, draft: LeadDraft, actions: LeadActions, state: DeskState, at now: Date, ids: inout some IDGenerator
    ) throws -> [Event] {
        let capturedAt = history.capturedAt ?? now
        let captured = try actions.capture(
            draft.profile, wants: draft.wants, holdingBack: draft.holdingBack, state: state, at: capturedAt, ids: &ids, firstDue: capturedAt)
        let lead = captured[0].lead
        var timeline: [(at: Date, rank: Int, payload: EventPayload)] = []
        for note in history.notes { timeline.append((note.at, 0, .noted(note.text))) }
        for note in draft.allNotes { timeline.append((max(now, capturedAt), 0, .noted(note))) }
        for dated in history.touches { timeline.append((dated.at, 1, .touched(dated.touch))) }
        for objection in history.objections { timeline.append((objection.loggedAt, 2, .objectionLogged(objection))) }
        if let delivered = history.deliveredAt { timeline.append((delivered, 3, .delivered)) }
        let ordered = timeline.enumerated().sorted { ($0.element.at, $0.element.rank, $0.offset) < ($1.element.at, $1.element.rank, $1.offset) }
        var events = [captured[0]]
        var last = capturedAt
        for (_, item) in ordered {
            events.append(Event(id: ids.newEventID(), at: item.at, actor: actions.rep, lead: lead, payload: item.payload))
            last = max(last, item.at)
        }
        var closing: [EventPayload] = []
        if !draft.blockedChannels.isEmpty { closing.append(.channelBlocked(ChannelBlock(channels: draft.blockedChannels, reason: draft.blockReason))) }
        if let process = history.decisionProcess { closing.append(.decisionProcess(process)) }
        if let feedback = history.feedback { closing.append(.feedback(feedback)) }
        if let agreement = history.agreement { closing.append(.agreed(agreement)) }
        if let next = history.next {
            closing.append(.scheduled(next))
        } else if let reason = history.unscheduledReason {
            closing.append(.unscheduled(reason: reason))
        }
        for payload in closing { events.append(Event(id: ids.newEventID(), at: last, actor: actions.rep, lead: lead, payload: payload)) }
        return events
    }

    /// The block of the channels the file's flags close (a do-not-call, an email opt-out), and the
    /// first follow-up moved to a channel still open when the cadence put it on a blocked one.
    private static func block(
        _ draft: LeadDraft, lead: LeadID, captured: [Event], actor: RepName, at now: Date, ids: inout some IDGenerator
    ) -> [Event] {
        guard !draft.blockedChannels.isEmpty else { return [] }
        var events = [
            Event(
                id: ids.newEventID(), at: now, actor: actor, lead: lead,
                payload: .channelBlocked(ChannelBlock(channels: draft.blockedChannels, reason: draft.blockReason)))
        ]
        for case .scheduled(let first) in captured.map(\.payload) where !draft.doNotContact && draft.blockedChannels.contains(first.channel) {
            guard let channel = ChannelBlocking.allowed(first.channel, contact: draft.profile.contact, blocked: draft.blockedChannels) else { continue }
            let purpose = ChannelBlocking.purpose(first.purpose, movedTo: channel)
            let moved = FollowUp(restoring: first.due, kind: first.kind, channel: channel, checkedPurpose: purpose)
            events.append(Event(id: ids.newEventID(), at: now, actor: actor, lead: lead, payload: .scheduled(moved)))
        }
        return events
    }

    /// A won or lost touch for a lead the file says was closed: won as the desk records it (the
    /// cadence's next step), lost with its reason and nothing more planned.
    private static func close(
        lead: LeadID, _ closing: ImportedClosing, draft: LeadDraft, captured: [Event], actions: LeadActions, at now: Date,
        ids: inout some IDGenerator
    ) -> [Event] {
        let note = LeadDraft.statusNote(draft.status ?? closing.outcome.label)
        let channel = draft.profile.contact.preferredChannel
        if closing.outcome == .won {
            let scratch = DeskState(replaying: captured)
            let request = OutcomeRequest(lead: lead, outcome: .won, channel: channel, note: note, confirmed: true)
            if let recorded = try? actions.record(request, state: scratch, at: now, ids: &ids) { return recorded.events }
        }
        let touch = Touch(channel: channel, outcome: closing.outcome, note: note, lostReason: closing.outcome == .lost ? closing.reason ?? .other : nil)
        return [
            Event(id: ids.newEventID(), at: now, actor: actions.rep, lead: lead, payload: .touched(touch)),
            Event(id: ids.newEventID(), at: now, actor: actions.rep, lead: lead, payload: .unscheduled(reason: closing.outcome.label))
        ]
    }

    /// A do-not-contact touch and the end of the plan, as the desk records them.
    private static func doNotContact(lead: LeadID, status: String?, actor: RepName, at now: Date, ids: inout some IDGenerator) -> [Event] {
        let note = "imported as do not contact" + (status.map { " (status: \($0))" } ?? "")
        return [
            Event(id: ids.newEventID(), at: now, actor: actor, lead: lead, payload: .touched(Touch(channel: .phone, outcome: .doNotContact, note: note))),
            Event(id: ids.newEventID(), at: now, actor: actor, lead: lead, payload: .unscheduled(reason: "do not contact"))
        ]
    }
}

/// What the first follow-up's time depends on: the lead's zone and best time.
struct FirstDueKey: Hashable {
    var zone: String
    var bestTime: BestTime
}

/// Ids for a batch of new leads: never one already given in the batch, since none of them is on
/// the desk state yet. The ids issued so far live in a box the avoid-check reads in place: copying
/// them into the check on every new lead made an import quadratic in its leads.
struct BatchIDGenerator<Base: IDGenerator>: IDGenerator {
    var base: Base
    private let issued = IssuedLeadIDs()

    init(base: Base) { self.base = base }

    mutating func newLeadID(avoiding taken: (LeadID) -> Bool) -> LeadID {
        let issued = self.issued
        let id = base.newLeadID { taken($0) || issued.ids.contains($0) }
        issued.ids.insert(id)
        return id
    }

    mutating func newEventID() -> EventID { base.newEventID() }
    mutating func newObjectionID() -> String { base.newObjectionID() }
}

/// The lead ids a batch has issued, shared by reference so that checking one never copies the set.
final class IssuedLeadIDs {
    var ids: Set<LeadID> = []
}
