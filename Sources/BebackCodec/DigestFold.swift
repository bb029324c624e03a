import BebackDomain
import Foundation

/// Where an entry is in a desk's journals: a number the store makes of a journal and an offset.
public typealias EntryLocation = UInt64

/// One lead as the opening fold knows it: what the due index and a list line need, and where its
/// entries in force are (captured first, in fold order), so the whole lead is read only when shown.
public struct DigestedLead: Sendable {
    public let id: LeadID
    public var owner: RepName
    public var stage: LeadStage = .new
    public var doNotContact = false
    public var touchCount = 0
    /// The last planned follow-up's time (nil when none, or unscheduled since).
    public var nextDue: Date?
    /// The entry that planned it (meaningful while `nextDue` is set).
    public var scheduledEntry: EntryLocation = 0
    /// The entry whose profile is in force (the capture or the last profile update).
    public var profileEntry: EntryLocation
    public var entries: [EntryLocation]
    /// False once a revoked capture took the lead away.
    public var exists = true

    /// A lead just captured at `location`, with room for `expectedEntries` entries in all.
    init(id: LeadID, owner: RepName, capturedAt location: EntryLocation, expectedEntries: Int = 1) {
        self.id = id
        self.owner = owner
        self.profileEntry = location
        entries = []
        entries.reserveCapacity(expectedEntries)
        entries.append(location)
    }

    /// A lead not captured (yet): it does not exist, and holds no memory for entries.
    init(placeholder id: LeadID) {
        self.id = id
        owner = RepName("")
        profileEntry = 0
        entries = []
        exists = false
    }

    /// Whether the lead can still be worked (as `LeadState.isClosed` and `doNotContact` say).
    public var isOpen: Bool { stage != .lost && stage != .doNotContact && !doNotContact }

    /// The due index's time for the lead: its next follow-up while it is open.
    public var due: Date? { isOpen ? nextDue : nil }
}

/// The desk's fold (`DeskState.apply`) over entry digests instead of whole entries: it keeps, per
/// lead, what a list line shows and where the lead's entries are, and gives the same leads, owners,
/// due times and counters as replaying the entries whole (a test holds the two together). An undo
/// re-reads the digests of its lead's entries (`reread`), as the whole fold refolds that lead.
public struct DigestFold {
    public private(set) var leads: [DigestedLead] = []
    private var slots: [LeadID: Int] = [:]
    /// How many entries each slot's lead is expected to get (room is made for them at its capture).
    public private(set) var expectedEntries: [Int] = []
    /// Entries for leads nobody captured, with their place in replay order.
    public private(set) var orphans: [(at: Date, location: EntryLocation, id: EventID)] = []
    public var orphanEvents: [EventID] { orphans.map(\.id) }
    public private(set) var unknownEventCount = 0
    public private(set) var eventCount = 0
    /// The entries this fold's undos withdrew.
    public private(set) var revokedEvents: Set<EventID> = []
    /// Every undo of the whole desk, the earliest for each entry it withdraws, with its place in
    /// replay order. An entry is skipped when an undo of it comes before it, as the whole fold's set
    /// of revoked entries would say, wherever that undo's lead is folded (folds run side by side,
    /// each over some of the leads).
    private let revocations: [EventID: (at: Date, location: EntryLocation)]
    /// Their tags (`tag`), so most entries are never asked for their id.
    private let revocationTags: Set<UInt32>

    /// A fold of some (or all) of a desk's leads, with every undo of the desk known beforehand.
    public init(revocations: [EventID: (at: Date, location: EntryLocation)]) {
        self.revocations = revocations
        revocationTags = Set(revocations.keys.map(Self.tag))
    }

    /// A number for `lead`, the same every time it is asked (the store keeps it per journal).
    public mutating func slot(for lead: LeadID) -> Int {
        // One look in the table, whether the lead is new or not (it is hashed once).
        let next = leads.count
        func assign(_ stored: inout Int) -> Int {
            if stored < 0 { stored = next }
            return stored
        }
        let slot = assign(&slots[lead, default: -1])
        if slot == next {
            leads.append(DigestedLead(placeholder: lead))
            expectedEntries.append(0)
        }
        return slot
    }

    /// Makes room for `count` leads.
    public mutating func reserveLeads(_ count: Int) {
        slots.reserveCapacity(count)
        leads.reserveCapacity(count)
        expectedEntries.reserveCapacity(count)
    }

    /// Says that `count` more entries of lead `slot` are coming, so its list grows once, not step by step.
    public mutating func expect(_ count: Int, entriesFor slot: Int) {
        expectedEntries[slot] += count
    }

    /// The leads the fold found that still exist, and their places in id order; the fold keeps none of them.
    public mutating func takeLeads() -> (leads: [DigestedLead], idOrder: [Int32]) {
        var taken: [DigestedLead] = []
        swap(&taken, &leads)
        slots = [:]
        taken.removeAll { !$0.exists }
        // The places are sorted, not the leads: a lead is large, and a sort moves what it sorts
        // many times over.
        return (taken, Self.placesInIDOrder(taken))
    }

    /// The places of `leads` in the order of their ids. Ids of up to eight ASCII characters (all
    /// that beback makes) are compared as numbers, which orders them as strings are ordered.
    static func placesInIDOrder(_ leads: [DigestedLead]) -> [Int32] {
        var keyed: [(key: UInt64, place: Int32)] = []
        keyed.reserveCapacity(leads.count)
        for (place, lead) in leads.enumerated() {
            guard let key = Self.orderKey(lead.id) else {
                var order = (0..<Int32(leads.count)).map { $0 }
                leads.withUnsafeBufferPointer { leads in order.sort { leads[Int($0)].id < leads[Int($1)].id } }
                return order
            }
            keyed.append((key, Int32(place)))
        }
        keyed.sort { $0.key < $1.key }
        return keyed.map(\.place)
    }

    /// The id's bytes as a big-endian number, zero-padded: for ASCII ids of up to eight bytes,
    /// one id sorts before another exactly when its number is smaller (nil for any other id).
    static func orderKey(_ id: LeadID) -> UInt64? {
        var key: UInt64 = 0, length = 0
        for byte in id.rawValue.utf8 {
            guard byte < 0x80, byte > 0, length < 8 else { return nil }
            key = key << 8 | UInt64(byte)
            length += 1
        }
        return key << (8 * UInt64(8 - length))
    }

    /// A 12-bit tag of an entry id: equal ids have equal tags (unequal ones rarely do, and then
    /// only cost a look at the entry's id).
    public static func tag(_ id: EventID) -> UInt32 {
        var text = id.rawValue
        return text.withUTF8 { tag(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The tag of the id whose UTF-8 bytes these are.
    @inlinable
    public static func tag(bytes: UnsafeRawBufferPointer) -> UInt32 {
        ShortHash.of(bytes) & 0xFFF
    }

    /// Folds one entry of lead `slot` found at `location`. `id` gives the entry's id when it is
    /// needed (rarely: an orphan, a possibly revoked entry); `reread` gives the digest of another
    /// entry of the desk by its location (nil when it cannot be read).
    public mutating func apply(
        at: Date, effect: EventDigest.Effect, slot: Int, location: EntryLocation, tag: UInt32,
        id: () -> EventID, reread: (EntryLocation) -> EventDigest?
    ) {
        eventCount += 1
        switch effect {
        case .unknown:
            unknownEventCount += 1
            return
        case .revoked(let target):
            revokedEvents.insert(target)
            guard leads[slot].exists else {
                orphans.append((at, location, id()))
                return
            }
            revoke(target, in: slot, by: location, reread: reread)
            return
        default:
            break
        }
        if !revocationTags.isEmpty, revocationTags.contains(tag), let undo = revocations[id()], (undo.at, undo.location) < (at, location) {
            return
        }
        if case .captured(let owner) = effect {
            leads[slot] = DigestedLead(id: leads[slot].id, owner: owner, capturedAt: location, expectedEntries: expectedEntries[slot])
            return
        }
        guard leads[slot].exists else {
            // A session record concerns no lead: passed by, as the desk's fold passes it.
            if leads[slot].id != SessionRecord.lead { orphans.append((at, location, id())) }
            return
        }
        Self.apply(effect, at: location, to: &leads[slot])
        leads[slot].entries.append(location)
    }

    /// An undo: the lead is folded again without the revoked entry (gone when it was the capture).
    private mutating func revoke(_ target: EventID, in slot: Int, by location: EntryLocation, reread: (EntryLocation) -> EventDigest?) {
        let lead = leads[slot]
        let digests = lead.entries.map { ($0, reread($0)) }
        if digests.contains(where: { entry in
            guard let digest = entry.1, digest.id == target, case .captured = digest.effect else { return false }
            return true
        }) {
            leads[slot].exists = false
            leads[slot].entries = []
            return
        }
        let kept = digests.filter { $0.1?.id != target }
        guard let first = kept.first, let firstDigest = first.1, case .captured(let owner) = firstDigest.effect else {
            leads[slot].entries.append(location)
            return
        }
        var refolded = DigestedLead(id: lead.id, owner: owner, capturedAt: first.0)
        for (entry, digest) in kept.dropFirst() {
            if let digest { Self.apply(digest.effect, at: entry, to: &refolded) }
            refolded.entries.append(entry)
        }
        refolded.entries.append(location)
        leads[slot] = refolded
    }

    /// What `LeadFold.apply` does to the parts of a lead a digest knows.
    static func apply(_ effect: EventDigest.Effect, at location: EntryLocation, to lead: inout DigestedLead) {
        switch effect {
        case .captured, .revoked, .other, .unknown:
            break
        case .profile(let owner):
            lead.owner = owner
            lead.profileEntry = location
        case .touched(let outcome):
            lead.touchCount += 1
            lead.stage = LeadFold.stage(after: outcome, from: lead.stage)
            if outcome == .doNotContact { lead.doNotContact = true }
        case .scheduled(let due):
            lead.nextDue = due
            lead.scheduledEntry = location
        case .unscheduled:
            lead.nextDue = nil
        case .reassigned(let rep):
            lead.owner = rep
        case .reclaimed:
            lead.owner = DeskConfig.poolOwner
        case .reopened:
            lead.stage = LeadLifecycle.stageAfterReopen
        }
    }
}
