#if canImport(Glibc)
    import Glibc
#endif
import BebackCodec
import BebackDomain
import Foundation

/// The leads of a desk opened by digesting its journals (`FileEventStore.loadIndexed`): each lead
/// is known by its summary facts and where its entries are; its entries are read back from the
/// journals (one `pread` each, checksum checked again) and decoded the first time it is used.
public final class JournalArchive: LeadArchive, @unchecked Sendable {
    /// One journal the archive reads from: its path, an open descriptor and its salt.
    struct Source {
        var journal: JournalName
        var path: String
        var fd: Int32
        var salt: UInt64
    }

    /// The open journals, closed when the last archive reading them goes.
    final class Sources: @unchecked Sendable {
        let list: [Source]
        init(_ list: [Source]) { self.list = list }
        deinit { for source in list { close(source.fd) } }
    }

    private let openJournals: Sources
    private var sources: [Source] { openJournals.list }
    /// Every lead, in the order the fold left them, as each of its shares left them (one list
    /// after the other, never copied into one); `places` puts them in id order.
    private let leads: [[DigestedLead]]
    /// For each position in id order (as `directory` lists the leads), the lead's place in `leads`
    /// counted across the lists.
    private let places: [Int32]
    public let directory: [ArchivedLead]
    private let book = LeadArchiveBook()
    /// Guards `summaries`, `followUps` and `keepsSummaries`.
    private let lock = NSLock()
    private var summaries: [Int: LeadSummary] = [:]
    /// Next follow-ups read without a summary, kept as summaries are.
    private var followUps: [Int: FollowUp] = [:]
    private var keepsSummaries = false

    /// Keeps each summary once read (the desk redraws its due list after every key; a one-shot
    /// command reads each once and keeps none).
    public func keepSummaries() {
        lock.withLock { keepsSummaries = true }
    }

    /// Leads in several lists (the fold's shares; none for the reader the fold itself uses),
    /// `places` counting across them one after the other; `directory` is theirs in id order.
    init(sources: Sources, shares: [[DigestedLead]] = [], places: [Int32] = [], directory: [ArchivedLead] = []) {
        self.openJournals = sources
        self.leads = shares
        self.places = places
        self.directory = directory
    }

    /// What the due index and the lead table need of each lead, in id order.
    static func directory(of leads: [DigestedLead], places: [Int32]) -> [ArchivedLead] {
        // Each lead's three fields are read where it lies: copying a whole lead out would retain
        // and release its list of entries, for every lead of the floor.
        leads.withUnsafeBufferPointer { leads in
            // `due` as `DigestedLead.due` gives it, from stored fields (a getter would take a copy).
            func entry(_ place: Int) -> ArchivedLead {
                let stage = leads[place].stage
                let open = stage != .lost && stage != .doNotContact && !leads[place].doNotContact
                return ArchivedLead(id: leads[place].id, owner: leads[place].owner, due: open ? leads[place].nextDue : nil)
            }
            return places.map { entry(Int($0)) }
        }
    }

    /// The lead at `position` in id order.
    private func facts(at position: Int) -> DigestedLead {
        var place = Int(places[position])
        for share in leads {
            if place < share.count { return share[place] }
            place -= share.count
        }
        preconditionFailure("lead place \(place) past the archive's leads")
    }

    /// The location of the entry at `offset` of the journal at `index` in `sources`.
    static func location(journal index: Int, offset: Int) -> EntryLocation { UInt64(index) << 40 | UInt64(offset) }

    /// Reads and checks the record at `location`; gives its payload to `body`.
    func withPayload<T>(at location: EntryLocation, _ body: (UnsafeRawBufferPointer) throws -> T) throws -> T {
        let index = Int(location >> 40), offset = Int(location & ((1 << 40) - 1))
        guard index < sources.count else { throw ArchiveFailure(reason: "no journal \(index)") }
        let source = sources[index]
        var bytes = try Posix.read(source.fd, offset: offset, count: 1_024, path: source.path)
        if bytes.count >= JournalFormat.recordHeaderLength,
            let length = bytes.withUnsafeBytes({ JournalFormat.parseHex($0, at: 20, digits: 8) }),
            Int(length) + JournalFormat.recordHeaderLength + 1 > bytes.count, length <= UInt64(JournalFormat.maxPayloadLength)
        {
            bytes = try Posix.read(source.fd, offset: offset, count: Int(length) + JournalFormat.recordHeaderLength + 1, path: source.path)
        }
        return try bytes.withUnsafeBytes { buffer in
            guard case .record(let record) = JournalScan.parseRecord(buffer, at: 0, salt: source.salt, hashLine: false) else {
                throw ArchiveFailure(reason: "\(source.journal.fileName) has no good record at offset \(offset) any more")
            }
            return try body(UnsafeRawBufferPointer(rebasing: buffer[record.payload]))
        }
    }

    /// The whole entry at `location`.
    func event(at location: EntryLocation) throws -> Event {
        try withPayload(at: location) { try EventCodec.decode($0) }
    }

    /// The digest of the entry at `location` (nil when it cannot be read).
    func digest(at location: EntryLocation) -> EventDigest? {
        try? withPayload(at: location) { try EventDigest.read($0) }
    }

    /// The sequence number of the record at `location`.
    func sequence(at location: EntryLocation) -> UInt64? {
        let index = Int(location >> 40), offset = Int(location & ((1 << 40) - 1))
        guard index < sources.count,
            let head = try? Posix.read(sources[index].fd, offset: offset, count: JournalFormat.recordHeaderLength, path: sources[index].path),
            head.count == JournalFormat.recordHeaderLength
        else { return nil }
        return head.withUnsafeBytes { JournalFormat.parseHex($0, at: 3, digits: 16) }
    }

    /// The lead's entries in force, read and decoded now and not kept (a snapshot written lead by lead).
    func events(at position: Int) throws -> [Event] {
        try facts(at: position).entries.map(event(at:))
    }

    /// The lead's entries in force and its directory summary, for a snapshot written lead by lead:
    /// each entry read and decoded once (the summary's profile and next follow-up are taken from
    /// them). An entry that cannot be decoded throws an `UnreadableEntry` naming its journal and offset.
    func snapshotLead(at position: Int) throws -> (events: [Event], summary: LeadSummary) {
        try snapshotLead(at: position, events: facts(at: position).entries.map(wholeEntry(at:)))
    }

    /// `snapshotLead`, with the lead's entries in force already read and decoded (in the order
    /// `entryLocations(at:)` gives them: `JournalBatchReader`).
    func snapshotLead(at position: Int, events: [Event]) throws -> (events: [Event], summary: LeadSummary) {
        let facts = facts(at: position)
        guard events.count == facts.entries.count else {
            throw ArchiveFailure(reason: "lead \(facts.id): \(events.count) entries given of \(facts.entries.count)")
        }
        var profile: Event?, scheduled: Event?
        for (location, event) in zip(facts.entries, events) {
            if location == facts.profileEntry { profile = event }
            if facts.nextDue != nil, location == facts.scheduledEntry { scheduled = event }
        }
        let captured: LeadProfile
        switch try (profile ?? wholeEntry(at: facts.profileEntry)).payload {
        case .captured(let found, _, _): captured = found
        case .profileUpdated(let updated): captured = updated
        default: throw ArchiveFailure(reason: "lead \(facts.id): the entry holding its profile holds something else")
        }
        var next: FollowUp?
        if facts.nextDue != nil {
            guard case .scheduled(let followUp) = try (scheduled ?? wholeEntry(at: facts.scheduledEntry)).payload else {
                throw ArchiveFailure(reason: "lead \(facts.id): the entry planning its next follow-up holds something else")
            }
            next = followUp
        }
        let summary = LeadSummary(
            id: facts.id, owner: facts.owner, name: captured.name, company: captured.company,
            touchCount: facts.touchCount, isOpen: facts.isOpen, next: next)
        return (events, summary)
    }

    /// The whole entry at `location`; one that cannot be decoded throws an `UnreadableEntry`, as
    /// the journal's check reports it.
    private func wholeEntry(at location: EntryLocation) throws -> Event {
        try withPayload(at: location) { payload in try decodeWhole(payload, at: location) }
    }

    private func decodeWhole(_ payload: UnsafeRawBufferPointer, at location: EntryLocation) throws -> Event {
        do {
            return try EventCodec.decode(payload)
        } catch {
            let index = Int(location >> 40), offset = Int(location & Self.offsetMask)
            throw UnreadableEntry(
                problem: LoadProblem(
                    journal: sources[index].journal, path: sources[index].path,
                    problem: JournalProblem(kind: .corruptRecord, offset: offset, detail: "unreadable entry: \(FileEventStore.describe(error))")))
        }
    }

    /// The low bits of an `EntryLocation`: the entry's offset in its journal.
    static let offsetMask: UInt64 = (1 << 40) - 1

    /// The index in the archive's journals of `journal` (for `location(journal:offset:)`).
    func journalIndex(_ journal: JournalName) -> Int? { sources.firstIndex { $0.journal == journal } }

    /// Where the entries in force of the lead at `position` are, in its replay order.
    func entryLocations(at position: Int) -> [EntryLocation] { facts(at: position).entries }

    /// Reads `count` bytes at `offset` of the journal at `journal` in `sources` into `buffer` (made
    /// large enough); returns how many were read (fewer at the end of the file).
    func read(journal index: Int, offset: Int, count: Int, into buffer: inout [UInt8]) throws -> Int {
        guard index < sources.count else { throw ArchiveFailure(reason: "no journal \(index)") }
        if buffer.count < count { buffer = [UInt8](repeating: 0, count: max(count, buffer.count * 2)) }
        let source = sources[index]
        return try buffer.withUnsafeMutableBytes { bytes in
            var done = 0
            while done < count {
                let result = pread(source.fd, bytes.baseAddress! + done, count - done, off_t(offset + done))
                if result < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.io(path: source.path, operation: "read", errno: errno)
                }
                if result == 0 { break }
                done += result
            }
            return done
        }
    }

    /// The payload's bytes in `bytes` of the record that starts at `offset` (read from `location`'s
    /// journal at that location), its framing and checksum checked; nil when the record runs past
    /// `bytes` (`payloadAlone` reads it). Throws when no good record starts there.
    func checkedPayload(in bytes: UnsafeRawBufferPointer, at offset: Int, location: EntryLocation) throws -> Range<Int>? {
        let index = Int(location >> 40)
        guard index < sources.count else { throw ArchiveFailure(reason: "no journal \(index)") }
        switch JournalScan.parseRecord(bytes, at: offset, salt: sources[index].salt, hashLine: false) {
        case .record(let record): return record.payload
        case .incomplete: return nil
        case .bad:
            throw ArchiveFailure(reason: "\(sources[index].journal.fileName) has no good record at offset \(Int(location & Self.offsetMask)) any more")
        }
    }

    /// The checked payload of the record at `location`, read alone.
    func payloadAlone(at location: EntryLocation) throws -> [UInt8] {
        try withPayload(at: location) { Array($0) }
    }

    /// The entry in `payload` (read from `location`) decoded whole; one that cannot be throws an
    /// `UnreadableEntry` with its journal and offset.
    func decodeEntry(_ payload: UnsafeRawBufferPointer, at location: EntryLocation) throws -> Event {
        try decodeWhole(payload, at: location)
    }

    /// The whole entry whose record starts at `offset` of `bytes` (read from `location`'s journal at
    /// that location): the record checked, the entry decoded, as `wholeEntry(at:)` does. A record
    /// that runs past `bytes` is read alone.
    func wholeEntry(in bytes: UnsafeRawBufferPointer, at offset: Int, location: EntryLocation) throws -> Event {
        let index = Int(location >> 40)
        guard index < sources.count else { throw ArchiveFailure(reason: "no journal \(index)") }
        switch JournalScan.parseRecord(bytes, at: offset, salt: sources[index].salt, hashLine: false) {
        case .record(let record): return try decodeWhole(UnsafeRawBufferPointer(rebasing: bytes[record.payload]), at: location)
        case .incomplete: return try wholeEntry(at: location)
        case .bad:
            throw ArchiveFailure(reason: "\(sources[index].journal.fileName) has no good record at offset \(Int(location & Self.offsetMask)) any more")
        }
    }

    /// The offsets of the entries `snapshotLead` decodes (every lead's entries in force), sorted,
    /// by journal: a check that runs before a snapshot is written need not decode them too.
    func entryOffsetsInForce() -> [JournalName: [UInt32]] {
        let journals = sources.count, leads = places.count
        // The leads the directory lists, each one `snapshotLead` reads: no other. Half of them
        // on each of two cores, then half of the journals' lists put together and sorted on each.
        let halves = Parallel.pair { half in
            var offsets = Array(repeating: [UInt32](), count: journals)
            for position in half == 0 ? 0..<(leads / 2) : (leads / 2)..<leads {
                for location in facts(at: position).entries {
                    let index = Int(location >> 40)
                    if index < journals { offsets[index].append(UInt32(truncatingIfNeeded: location & Self.offsetMask)) }
                }
            }
            return offsets
        }
        let sorted = Parallel.pair { half in
            (half == 0 ? 0..<(journals / 2) : (journals / 2)..<journals).map { index in (halves.0[index] + halves.1[index]).sorted() }
        }
        var byJournal: [JournalName: [UInt32]] = [:]
        for (index, offsets) in (sorted.0 + sorted.1).enumerated() { byJournal[sources[index].journal] = offsets }
        return byJournal
    }

    public func lead(at position: Int) -> LeadState? {
        book.lead(at: position, id: directory[position].id) { try events(at: position) }
    }

    public func transientLead(at position: Int) -> LeadState? {
        book.transientLead(at: position, id: directory[position].id) { try events(at: position) }
    }

    public func summary(at position: Int) -> LeadSummary? {
        if let kept = lock.withLock({ summaries[position] }) { return kept }
        let facts = facts(at: position)
        let summary: LeadSummary? = book.recordingFailure(of: facts.id) {
            let profile: LeadProfile
            switch try event(at: facts.profileEntry).payload {
            case .captured(let captured, _, _): profile = captured
            case .profileUpdated(let updated): profile = updated
            default: throw ArchiveFailure(reason: "the entry holding its profile holds something else")
            }
            return LeadSummary(
                id: facts.id, owner: facts.owner, name: profile.name, company: profile.company,
                touchCount: facts.touchCount, isOpen: facts.isOpen, next: try followUp(of: facts))
        }
        if let summary { lock.withLock { if keepsSummaries { summaries[position] = summary } } }
        return summary
    }

    public func nextFollowUp(at position: Int) -> FollowUp? {
        let facts = facts(at: position)
        guard facts.isOpen else { return nil }
        if let kept = lock.withLock({ summaries[position]?.next ?? followUps[position] }) { return kept }
        let next = book.recordingFailure(of: facts.id) { try followUp(of: facts) } ?? nil
        // The due list asks again at every reload for each lead due today, listed or not yet due.
        if let next { lock.withLock { if keepsSummaries { followUps[position] = next } } }
        return next
    }

    private func followUp(of facts: DigestedLead) throws -> FollowUp? {
        guard facts.nextDue != nil else { return nil }
        guard case .scheduled(let followUp) = try event(at: facts.scheduledEntry).payload else {
            throw ArchiveFailure(reason: "the entry planning its next follow-up holds something else")
        }
        return followUp
    }

    /// How many leads have been decoded whole so far.
    public var decodedCount: Int { book.decodedCount }

    public var problems: [String] { book.problems }

    /// An entry in force that cannot be decoded whole: the damage, with its journal and offset.
    public struct UnreadableEntry: Error, CustomStringConvertible {
        public var problem: LoadProblem
        public var description: String { problem.description }
    }

    struct ArchiveFailure: Error, CustomStringConvertible {
        var reason: String
        var description: String { reason }
    }
}
