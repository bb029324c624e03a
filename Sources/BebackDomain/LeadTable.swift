import Foundation

/// Leads kept outside the desk's memory until one is asked for (a snapshot file): a desk opened
/// from one decodes only the leads it shows, not a floor of 100,000.
public protocol LeadArchive: AnyObject, Sendable {
    /// Every lead the archive holds: its id, its owner, and its due entry (the next follow-up's time
    /// when the lead is open and has one), so the due index is built without decoding a lead.
    var directory: [ArchivedLead] { get }
    /// The lead as the archive holds it (decoded once, then kept); nil when it cannot be read.
    func lead(at position: Int) -> LeadState?
    /// What a list line shows of the lead, without decoding its history; nil when it cannot be read.
    func summary(at position: Int) -> LeadSummary?
    /// The lead's next follow-up while it is open (nil when closed or unplanned), without its name or history.
    func nextFollowUp(at position: Int) -> FollowUp?
    /// Leads that could not be read back since the archive was opened, one line each.
    var problems: [String] { get }
    /// The lead read and decoded now and not kept (a pass over every lead, such as building the
    /// find index, would otherwise hold the whole floor in memory); nil when it cannot be read.
    func transientLead(at position: Int) -> LeadState?
    /// Reads these leads now and keeps them, so showing one later does not wait for the read (called
    /// off the desk's thread; an archive whose reads are cheap may do nothing).
    func readAhead(_ positions: [Int])
    /// Whether reading a lead waits for a server (a database), so that reading ahead pays.
    var readsOverNetwork: Bool { get }
    /// Whether `directory` is only part of the desk (a rep's own leads and the pool's): any other
    /// lead is then read by its id (`leadOutside`) when an entry names it.
    var holdsPartOfDesk: Bool { get }
    /// A lead not in `directory`, read by its id (nil: no such lead, or the directory is the whole desk).
    func leadOutside(_ id: LeadID) -> LeadState?
    /// With `holdsPartOfDesk`: hands every lead of the desk not in `directory` to `body`, except
    /// those `skipping` names, each decoded for the call and not kept (a pass over every lead).
    func forEachLeadOutside(skipping: (LeadID) -> Bool, _ body: (LeadState) -> Void)
    /// With `holdsPartOfDesk`: the leads of the whole desk that may put entries on the desk-wide
    /// do-not-contact list (those outside `directory` are read by `leadOutside`).
    var doNotContactLeads: [LeadID] { get }
    /// The order the desk lists these leads in: a read the desk must wait for (a lead not read yet)
    /// takes the lead's neighbours in that order along, in the same round trip (an archive whose
    /// reads are cheap ignores it).
    func listOrder(_ positions: [Int])
}

extension LeadArchive {
    public func transientLead(at position: Int) -> LeadState? { lead(at: position) }
    public func readAhead(_ positions: [Int]) { for position in positions { _ = lead(at: position) } }
    public var readsOverNetwork: Bool { false }
    public var holdsPartOfDesk: Bool { false }
    public func leadOutside(_ id: LeadID) -> LeadState? { nil }
    public func forEachLeadOutside(skipping: (LeadID) -> Bool, _ body: (LeadState) -> Void) {}
    public var doNotContactLeads: [LeadID] { [] }
    public func listOrder(_ positions: [Int]) {}
}

/// What a list of leads shows of one lead (the due list, `beback due`): read from a snapshot's
/// directory without decoding the lead's history.
public struct LeadSummary: Equatable, Sendable {
    public var id: LeadID
    public var owner: RepName
    public var name: String
    public var company: String
    public var touchCount: Int
    /// Whether the lead can still be worked (not lost, not do-not-contact).
    public var isOpen: Bool
    public var next: FollowUp?

    public init(id: LeadID, owner: RepName, name: String, company: String, touchCount: Int, isOpen: Bool, next: FollowUp?) {
        self.id = id
        self.owner = owner
        self.name = name
        self.company = company
        self.touchCount = touchCount
        self.isOpen = isOpen
        self.next = next
    }
}

extension LeadState {
    /// The lead as a list line shows it.
    public var summary: LeadSummary {
        LeadSummary(
            id: id, owner: profile.owner, name: profile.name, company: profile.company, touchCount: touchCount,
            isOpen: !isClosed && !doNotContact, next: next)
    }
}

/// One lead as an archive lists it, without its history.
public struct ArchivedLead: Equatable, Sendable {
    public var id: LeadID
    public var owner: RepName
    /// When the lead is open and has a next follow-up: its time.
    public var due: Date?

    public init(id: LeadID, owner: RepName, due: Date?) {
        self.id = id
        self.owner = owner
        self.due = due
    }
}

/// The desk's leads by id: the leads folded in memory, plus those still in an archive (decoded on
/// first use). Reads never change which leads exist; writing a lead takes it out of the archive.
/// The archive's directory is sorted by id and searched by halving: no hash table of a floor's
/// leads is built to open a desk.
public struct LeadTable: Sendable, Equatable {
    private var resident: [LeadID: LeadState] = [:]
    private var archive: (any LeadArchive)?
    private var directory: [ArchivedLead] = []
    /// Per directory position: whether the lead has been written since (it lives in `resident`) or removed.
    private var replaced: [Bool] = []
    private var replacedCount = 0
    /// With an archive of part of the desk: the leads outside its directory that were written or
    /// removed since (never read from the archive again), and whether to look outside at all.
    private var settledOutside: Set<LeadID> = []
    private var partial = false

    public init() {}

    /// A table whose leads all come from `archive` until they are written (its directory sorted by id).
    public init(archive: any LeadArchive) {
        self.archive = archive
        directory = archive.directory
        replaced = Array(repeating: false, count: directory.count)
        partial = archive.holdsPartOfDesk
    }

    /// A lead outside a partial archive's directory, read by its id (nil when the archive is whole,
    /// the lead was written or removed here since, or there is no such lead).
    private func outsideLead(_ id: LeadID) -> LeadState? {
        guard partial, !settledOutside.contains(id) else { return nil }
        return archive?.leadOutside(id)
    }

    public mutating func reserveCapacity(_ capacity: Int) { resident.reserveCapacity(capacity) }

    public var count: Int { resident.count + directory.count - replacedCount }
    public var isEmpty: Bool { count == 0 }

    /// Where the archive lists `id`, while the lead is still the archive's.
    private func position(of id: LeadID) -> Int? {
        let found: Int? = directory.withUnsafeBufferPointer { listed in
            var low = 0, high = listed.count
            while low < high {
                let middle = (low + high) / 2
                if listed[middle].id < id { low = middle + 1 } else { high = middle }
            }
            return low < listed.count && listed[low].id == id ? low : nil
        }
        guard let found, !replaced[found] else { return nil }
        return found
    }

    private mutating func markReplaced(_ position: Int) {
        replaced[position] = true
        replacedCount += 1
    }

    /// Has the archive read these leads ahead (those still the archive's), in one go where it can.
    public func readAhead(_ ids: some Sequence<LeadID>) {
        guard let archive else { return }
        archive.readAhead(ids.compactMap { position(of: $0) })
    }

    /// Tells the archive the order the desk lists these leads in (see `LeadArchive.listOrder`).
    public func listOrder(_ ids: some Sequence<LeadID>) {
        guard let archive else { return }
        archive.listOrder(ids.compactMap { position(of: $0) })
    }

    /// The archive positions of the leads still the archive's.
    private var archivedPositions: [Int] { directory.indices.filter { !replaced[$0] } }

    /// The leads written since the table was made from its archive (new or changed: what a
    /// snapshot's delta holds), and the archive's leads taken out since (an undone capture).
    public var changedSinceArchive: (written: [LeadID], removed: [LeadID]) {
        let removed = directory.indices.filter { replaced[$0] && resident[directory[$0].id] == nil }.map { directory[$0].id }
        return (Array(resident.keys), removed)
    }

    /// Whether the desk has this lead (never decodes, except a lead outside a partial archive's directory).
    public func contains(_ id: LeadID) -> Bool { resident[id] != nil || position(of: id) != nil || outsideLead(id) != nil }

    /// Every lead id (never decodes), in no particular order.
    public var ids: [LeadID] { Array(resident.keys) + archivedPositions.map { directory[$0].id } }

    public subscript(id: LeadID) -> LeadState? {
        get {
            if let lead = resident[id] { return lead }
            guard let position = position(of: id) else { return outsideLead(id) }
            return archive?.lead(at: position)
        }
        set {
            if let position = position(of: id) {
                markReplaced(position)
            } else if partial {
                settledOutside.insert(id)
            }
            resident[id] = newValue
        }
    }

    /// Reads a lead in place (no copy of a lead held in memory); nil when there is no such lead.
    public func read<T>(_ id: LeadID, _ body: (LeadState) -> T) -> T? {
        if let index = resident.index(forKey: id) { return body(resident.values[index]) }
        guard let position = position(of: id) else { return outsideLead(id).map(body) }
        guard let lead = archive?.lead(at: position) else { return nil }
        return body(lead)
    }

    /// What a list line shows of a lead (from the archive's directory when the lead is still there).
    public func summary(_ id: LeadID) -> LeadSummary? {
        if let index = resident.index(forKey: id) { return resident.values[index].summary }
        guard let position = position(of: id) else { return outsideLead(id)?.summary }
        return archive?.summary(at: position)
    }

    /// The next follow-up of an open lead (nil when it is closed, unplanned or gone): what the due
    /// list needs of a lead the due index listed, read without its name or history.
    public func nextFollowUp(_ id: LeadID) -> FollowUp? {
        if let index = resident.index(forKey: id) {
            let lead = resident.values[index]
            return lead.isClosed || lead.doNotContact ? nil : lead.next
        }
        guard let position = position(of: id), directory[position].due != nil else { return nil }
        return archive?.nextFollowUp(at: position)
    }

    /// The lead's owner and due time as the due index files it (nil when it has no due entry or is gone).
    public func dueEntry(_ id: LeadID) -> (owner: RepName, due: Date)? {
        if let index = resident.index(forKey: id) {
            let lead = resident.values[index]
            guard !lead.isClosed, !lead.doNotContact, let next = lead.next else { return nil }
            return (lead.profile.owner, next.due)
        }
        guard let position = position(of: id), let due = directory[position].due else { return nil }
        return (directory[position].owner, due)
    }

    /// Changes a lead in place; false when there is no such lead.
    @discardableResult
    public mutating func modify(_ id: LeadID, _ body: (inout LeadState) -> Void) -> Bool {
        // A lead in memory (every lead of a replay): one hash lookup, changed where it lies.
        if let index = resident.index(forKey: id) {
            body(&resident.values[index])
            return true
        }
        if let position = position(of: id) {
            guard let lead = archive?.lead(at: position) else { return false }
            markReplaced(position)
            resident[id] = lead
        } else {
            // A lead outside a partial archive (another rep's, named by an entry after the snapshot).
            guard let lead = outsideLead(id) else { return false }
            settledOutside.insert(id)
            resident[id] = lead
        }
        guard let index = resident.index(forKey: id) else { return false }
        body(&resident.values[index])
        return true
    }

    /// The owner of every lead (never decodes).
    public var owners: Set<RepName> {
        var owners = Set(resident.values.map(\.profile.owner))
        for position in directory.indices where !replaced[position] { owners.insert(directory[position].owner) }
        return owners
    }

    /// For the due index: each open lead with a next follow-up, its owner and due time, without
    /// decoding the archive's leads.
    public func dueEntries() -> [(id: LeadID, owner: RepName, due: Date)] {
        var entries: [(id: LeadID, owner: RepName, due: Date)] = []
        entries.reserveCapacity(count)
        for index in resident.indices {
            let lead = resident.values[index]
            guard !lead.isClosed, !lead.doNotContact, let next = lead.next else { continue }
            entries.append((lead.id, lead.profile.owner, next.due))
        }
        directory.withUnsafeBufferPointer { listed in
            for position in listed.indices where !replaced[position] {
                if let due = listed[position].due { entries.append((listed[position].id, listed[position].owner, due)) }
            }
        }
        return entries
    }

    /// Every lead (archived ones decoded), in no particular order.
    public var values: Values { Values(table: self) }

    /// The leads of a table as a sequence.
    public struct Values: Sequence {
        let table: LeadTable

        public func makeIterator() -> AnyIterator<LeadState> {
            var residents = table.resident.values.makeIterator()
            var positions = table.archivedPositions.makeIterator()
            let archive = table.archive
            return AnyIterator {
                if let lead = residents.next() { return lead }
                while let position = positions.next() {
                    if let lead = archive?.lead(at: position) { return lead }
                }
                return nil
            }
        }

        public var count: Int { table.count }
    }

    /// Hands every lead to `body` once, archived ones decoded for the call and not kept; with an
    /// archive of part of the desk, the leads outside its directory too (read by their ids).
    public func forEachLead(_ body: (LeadState) -> Void) {
        for lead in resident.values { body(lead) }
        guard let archive else { return }
        for position in archivedPositions {
            if let lead = archive.transientLead(at: position) { body(lead) }
        }
        guard partial else { return }
        archive.forEachLeadOutside(skipping: { resident[$0] != nil || settledOutside.contains($0) }, body)
    }

    /// Hands every lead held in memory (all of them in a table made by a replay, without an archive)
    /// to `body` where it lies, not copied out of the table first: a pass over a replayed floor's
    /// leads that only reads them costs no copy of each lead's fields.
    package mutating func forEachResidentInPlace(_ body: (inout LeadState) -> Void) {
        // Not `resident.indices`: that would hold the table and make the first change copy it whole.
        var index = resident.startIndex
        while index != resident.endIndex {
            body(&resident.values[index])
            resident.formIndex(after: &index)
        }
    }

    /// With an archive of part of the desk: the leads outside its directory that may put entries on
    /// the desk-wide do-not-contact list (read by id when asked for); empty otherwise.
    public var doNotContactLeadsOutside: [LeadID] {
        guard partial, let archive else { return [] }
        return archive.doNotContactLeads.filter { resident[$0] == nil && !settledOutside.contains($0) && position(of: $0) == nil }
    }

    /// Every lead as a plain dictionary (decodes the whole archive).
    public var all: [LeadID: LeadState] {
        var leads = resident
        if let archive {
            for position in archivedPositions { leads[directory[position].id] = archive.lead(at: position) }
        }
        return leads
    }

    public static func == (lhs: LeadTable, rhs: LeadTable) -> Bool { lhs.all == rhs.all }
}
