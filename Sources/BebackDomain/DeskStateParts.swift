import Foundation

/// What a snapshot keeps of a folded desk: each lead's events in force (its history, oldest first)
/// and the fold's own counters. Folding each lead's events again gives the same `DeskState` as
/// replaying the whole journal, without decoding a single journal record.
public struct DeskStateParts: Equatable, Sendable {
    /// One array per lead: its `captured` entry first, then every entry in force, in fold order.
    public var leadEvents: [[Event]]
    public var orphanEvents: [EventID]
    public var unknownEventCount: Int
    public var eventCount: Int
    public var lastEventAt: Date?
    /// Sorted, so the same desk always gives the same bytes.
    public var revokedEvents: [EventID]

    public init(leadEvents: [[Event]], orphanEvents: [EventID], unknownEventCount: Int, eventCount: Int,
                lastEventAt: Date?, revokedEvents: [EventID]) {
        self.leadEvents = leadEvents
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
        DeskStateParts(leadEvents: leads.all.sorted { $0.key < $1.key }.map(\.value.events),
                       orphanEvents: orphanEvents, unknownEventCount: unknownEventCount, eventCount: eventCount,
                       lastEventAt: lastEventAt, revokedEvents: revokedEvents.map(\.rawValue).sorted().map { EventID($0) })
    }

    /// The desk the parts describe; nil when a lead's history does not start with its capture.
    public init?(restoring parts: DeskStateParts) {
        var leads: [LeadState] = []
        leads.reserveCapacity(parts.leadEvents.count)
        for events in parts.leadEvents {
            guard let lead = LeadState(restoring: events) else { return nil }
            leads.append(lead)
        }
        self.init(restoring: parts, leads: leads)
    }

    /// The desk the parts describe, with its leads already restored (`LeadState(restoring:)` of each
    /// of `parts.leadEvents`).
    init(restoring parts: DeskStateParts, leads restored: [LeadState]) {
        self.init()
        leads.reserveCapacity(restored.count)
        for lead in restored { leads[lead.id] = lead }
        orphanEvents = parts.orphanEvents
        unknownEventCount = parts.unknownEventCount
        eventCount = parts.eventCount
        lastEventAt = parts.lastEventAt
        revokedEvents = Set(parts.revokedEvents)
    }
}

extension DeskState {
    /// A desk whose leads stay in `archive` (a snapshot) until used, with the fold's counters.
    public init(archive: any LeadArchive, orphanEvents: [EventID], unknownEventCount: Int, eventCount: Int,
                lastEventAt: Date?, revokedEvents: [EventID]) {
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
