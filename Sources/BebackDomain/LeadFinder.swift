import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Finds any lead on the desk by what a rep types: a name, company, email, id prefix, a word of a
/// note or an objection, or a phone number in any format (`+44 (20) 7946-0106` and `0207 946 0106`
/// both find `+44 20 7946 0106`). Built once from every lead (archived ones read once, not kept),
/// then answered from two byte buffers without reading a lead: a query is a few scans of memory.
/// A lead changed since is indexed again when told (`update`).
public struct LeadFinder: Sendable {
    /// Phone numbers match on at least this many trailing digits.
    public static let minimumPhoneDigits = 7

    /// One found lead as a list line shows it: who, whose, its stage and its next step.
    public struct Hit: Equatable, Sendable {
        public var id: LeadID
        public var name: String
        public var company: String
        public var owner: RepName
        public var stage: LeadLifecycle.Stage
        /// The next step while the lead is open (nil: closed, or nothing planned).
        public var next: FollowUp?

        public init(_ lead: LeadState) {
            id = lead.id
            name = lead.profile.name
            company = lead.profile.company
            owner = lead.profile.owner
            stage = LeadLifecycle.stage(of: lead)
            next = lead.isClosed || lead.doNotContact ? nil : lead.next
        }
    }

    /// One indexed lead: what a hit shows, and where its text and phone digits are.
    struct Entry: Sendable {
        var hit: Hit
        var textStart: Int
        var phoneStart: Int
        var live = true
    }

    private var entries: [Entry] = []
    /// Each lead's lowercased searchable text, one after another, each ended by a zero byte.
    private var text: [UInt8] = [0]
    /// Each phone number's digits (leading zeros dropped), each between zero bytes.
    private var phones: [UInt8] = [0]
    private var slots: [LeadID: Int] = [:]

    public init() {}

    /// The index of these leads.
    public init(leads: some Sequence<LeadState>) {
        for lead in leads { add(lead) }
    }

    /// The index of every lead of a table (archived leads decoded once each, not kept).
    public init(table: LeadTable) {
        table.forEachLead { add($0) }
    }

    /// Indexes again the leads a fold changed (taking out those that are gone).
    public mutating func update(_ changed: some Sequence<LeadID>, in table: LeadTable) {
        for id in changed {
            if let lead = table[id] { update(lead) } else { remove(id) }
        }
    }

    /// How many leads the index holds.
    public var count: Int { slots.count }

    /// Indexes `lead` again (after a write), or adds it.
    public mutating func update(_ lead: LeadState) {
        if let slot = slots[lead.id] { entries[slot].live = false }
        add(lead)
    }

    /// Takes a lead out (an undone capture).
    public mutating func remove(_ id: LeadID) {
        if let slot = slots.removeValue(forKey: id) { entries[slot].live = false }
    }

    private mutating func add(_ lead: LeadState) {
        slots[lead.id] = entries.count
        entries.append(Entry(hit: Hit(lead), textStart: text.count, phoneStart: phones.count))
        var parts = [lead.id.rawValue, lead.profile.name, lead.profile.company, lead.profile.contact.email ?? "", lead.wants, lead.holdingBack]
        parts += lead.profile.contact.phones.map(\.number)
        parts += lead.notes.map(\.text)
        parts += lead.objections.flatMap { [$0.words, $0.answer] }
        for part in parts where !part.isEmpty {
            text += Self.folded(part)
            text.append(0x0A)
        }
        text.append(0)
        for phone in lead.profile.contact.phones {
            let digits = Self.phoneDigits(phone.number)
            guard !digits.isEmpty else { continue }
            phones += digits
            phones.append(0)
        }
    }

    /// Lowercased UTF-8 bytes (ASCII folded byte by byte; other text through `lowercased`).
    static func folded(_ text: String) -> [UInt8] {
        if text.utf8.allSatisfy({ $0 < 0x80 }) {
            return text.utf8.map { $0 >= 0x41 && $0 <= 0x5A ? $0 + 0x20 : ($0 < 0x20 ? 0x20 : $0) }
        }
        return Array(text.lowercased().utf8).map { $0 < 0x20 ? 0x20 : $0 }
    }

    /// The digits of a phone number with leading zeros dropped (an international `00` or a trunk `0`
    /// says nothing about which line it is).
    static func phoneDigits(_ text: String) -> [UInt8] {
        let digits = text.utf8.filter { $0 >= 0x30 && $0 <= 0x39 }
        return Array(digits.drop { $0 == 0x30 })
    }

    /// What a query found: the leads, in the index's order, at most `limit` of them, and how many matched.
    public struct Found: Equatable, Sendable {
        public var hits: [Hit]
        public var total: Int
        public var leads: [LeadID] { hits.map(\.id) }
    }

    /// The leads `query` finds among those whose owner `visible` lets the viewer see.
    public func find(_ query: String, limit: Int = 500, visible: (RepName) -> Bool = { _ in true }) -> Found {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return Found(hits: [], total: 0) }
        var hits = Set<Int>()
        let needle = Self.folded(trimmed)
        for start in Self.occurrences(of: needle, in: text) { hits.insert(entry(containing: start, by: \.textStart)) }
        // A phone number: typed with digits and the usual punctuation only.
        let phoneLike = trimmed.unicodeScalars.allSatisfy { "0123456789+()-./ ".unicodeScalars.contains($0) }
        let digits = Self.phoneDigits(trimmed)
        if phoneLike, digits.count >= Self.minimumPhoneDigits {
            // The query is the stored number's end (typed without the country code) ...
            for start in Self.occurrences(of: digits + [0], in: phones) { hits.insert(entry(containing: start, by: \.phoneStart)) }
            // ... or the stored number is the query's end (stored without it).
            for length in Self.minimumPhoneDigits..<digits.count where digits[digits.count - length] != 0x30 {
                let pattern = [0] + digits.suffix(length) + [0]
                for start in Self.occurrences(of: pattern, in: phones) { hits.insert(entry(containing: start + 1, by: \.phoneStart)) }
            }
        }
        var found = hits.sorted().compactMap { slot -> Hit? in
            let entry = entries[slot]
            guard entry.live, visible(entry.hit.owner) else { return nil }
            return entry.hit
        }
        // An id typed whole or in part comes first.
        let lowered = trimmed.lowercased()
        let byID = found.filter { $0.id.rawValue.lowercased().hasPrefix(lowered) }
        if !byID.isEmpty { found = byID + found.filter { !$0.id.rawValue.lowercased().hasPrefix(lowered) } }
        return Found(hits: Array(found.prefix(limit)), total: found.count)
    }

    /// The entry whose bytes hold `offset` (entries are laid out in order).
    private func entry(containing offset: Int, by start: KeyPath<Entry, Int>) -> Int {
        var low = 0, high = entries.count
        while low < high {
            let middle = (low + high) / 2
            if entries[middle][keyPath: start] <= offset { low = middle + 1 } else { high = middle }
        }
        return max(0, low - 1)
    }

    /// Where `needle` starts in `haystack`.
    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        guard !needle.isEmpty, needle.count <= haystack.count else { return [] }
        var found: [Int] = []
        haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { wanted in
                guard let base = hay.baseAddress, let pattern = wanted.baseAddress else { return }
                let first = Int32(needle[0])
                let end = hay.count - needle.count
                var offset = 0
                // memchr finds the first byte; memcmp checks the rest (memmem is not in every C library).
                while offset <= end, let hit = memchr(base + offset, first, end - offset + 1) {
                    let position = base.distance(to: UnsafeRawPointer(hit))
                    if memcmp(base + position, pattern, needle.count) == 0 { found.append(position) }
                    offset = position + 1
                }
            }
        }
        return found
    }
}

/// The desk's find index, built the first time a find needs it and kept up to date as entries fold
/// (the session tells it which leads changed). Shared by reference, so a screen's context carries it
/// without copying the index.
public final class LeadFinderCache: @unchecked Sendable {
    private let lock = NSLock()
    private var finder: LeadFinder?

    public init() {}

    /// Whether the index has been built.
    public var isBuilt: Bool { lock.withLock { finder != nil } }

    /// The index, built from `table` when this is its first use.
    public func finder(for table: LeadTable) -> LeadFinder {
        if let finder = lock.withLock({ finder }) { return finder }
        let built = LeadFinder(table: table)
        lock.withLock { if finder == nil { finder = built } }
        return lock.withLock { finder ?? built }
    }

    /// Indexes again the leads that changed, when the index has been built.
    public func update(_ changed: some Sequence<LeadID>, in table: LeadTable) {
        lock.withLock { finder?.update(changed, in: table) }
    }
}
