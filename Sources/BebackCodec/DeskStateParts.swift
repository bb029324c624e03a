import BebackDomain
import Foundation

/// What a snapshot keeps of a folded desk: each lead's events in force (its history, oldest first),
/// what a list line shows of it, and the fold's own counters. Folding a lead's events again gives
/// the same lead as replaying the whole journal, without decoding a single journal record.
public struct DeskStateParts: Equatable, Sendable {
    /// One array per lead: its `captured` entry first, then every entry in force, in fold order.
    public var leadEvents: [[Event]]
    /// The same leads' summaries, in the same order (the snapshot's directory).
    public var leadSummaries: [LeadSummary]
    public var orphanEvents: [EventID]
    public var unknownEventCount: Int
    public var eventCount: Int
    public var lastEventAt: Date?
    /// Sorted, so the same desk always gives the same bytes.
    public var revokedEvents: [EventID]

    public init(
        leadEvents: [[Event]], leadSummaries: [LeadSummary], orphanEvents: [EventID], unknownEventCount: Int,
        eventCount: Int, lastEventAt: Date?, revokedEvents: [EventID]
    ) {
        self.leadEvents = leadEvents
        self.leadSummaries = leadSummaries
        self.orphanEvents = orphanEvents
        self.unknownEventCount = unknownEventCount
        self.eventCount = eventCount
        self.lastEventAt = lastEventAt
        self.revokedEvents = revokedEvents
    }
}

extension DeskState {
    /// The parts a snapshot writes (leads sorted by id, so the bytes are stable).
    public var parts: DeskStateParts {
        let sorted = leads.all.sorted { $0.key < $1.key }.map(\.value)
        var parts = partsWithoutLeads
        parts.leadEvents = sorted.map(\.events)
        parts.leadSummaries = sorted.map(\.summary)
        return parts
    }
}

extension DeskState {
    /// The fold's counters as a snapshot writes them, without the leads (a snapshot written lead by
    /// lead takes those one at a time).
    public var partsWithoutLeads: DeskStateParts {
        DeskStateParts(
            leadEvents: [], leadSummaries: [], orphanEvents: orphanEvents, unknownEventCount: unknownEventCount,
            eventCount: eventCount, lastEventAt: lastEventAt, revokedEvents: revokedEvents.map(\.rawValue).sorted().map { EventID($0) })
    }

    /// A desk whose leads stay in `archive` (a snapshot) until used, with the fold's counters.
    public init(
        archive: any LeadArchive, orphanEvents: [EventID], unknownEventCount: Int, eventCount: Int,
        lastEventAt: Date?, revokedEvents: [EventID]
    ) {
        self.init()
        leads = LeadTable(archive: archive)
        self.orphanEvents = orphanEvents
        self.unknownEventCount = unknownEventCount
        self.eventCount = eventCount
        self.lastEventAt = lastEventAt
        self.revokedEvents = Set(revokedEvents)
    }
}

extension LeadState {
    /// The lead one snapshot history describes (its `captured` entry first, then every entry in
    /// force); nil when the history does not start with a capture.
    public init?(restoring events: [Event]) {
        guard let first = events.first, case .captured(let profile, let wants, let holdingBack) = first.payload else { return nil }
        self.init(id: first.lead, profile: profile, wants: wants, holdingBack: holdingBack, capturedAt: first.at)
        self.events = events
        for event in events.dropFirst() { LeadFold.apply(event, to: &self) }
    }
}
