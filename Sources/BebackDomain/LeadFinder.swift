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

    /// One indexed lead: what a hit shows, and whether it is the lead's latest entry.
    struct Entry: Sendable {
        var hit: Hit
        var live = true
    }

    private var entries: [Entry] = []
    /// Each lead's lowercased searchable text, one after another, each ended by a zero byte.
    private var text: [UInt8] = [0]
    /// Each phone number's digits (leading zeros dropped), each between zero bytes.
    private var phones: [UInt8] = [0]
    private var slots: [LeadID: Int] = [:]
    /// Each entry's `textStart` and `phoneStart`, for the search by halving (no key paths in the loop).
    private var textStarts: [Int] = []
    private var phoneStarts: [Int] = []

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
        entries.append(Entry(hit: Hit(lead)))
        textStarts.append(text.count)
        phoneStarts.append(phones.count)
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
        /// How many leads matched (at least this many when `more`).
        public var total: Int
        /// The search stopped at the limit: more leads match.
        public var more = false
        public var leads: [LeadID] { hits.map(\.id) }
    }

    /// The leads `query` finds among those whose owner `visible` lets the viewer see, at most `limit`.
    public func find(_ query: String, limit: Int = 500, visible: (RepName) -> Bool = { _ in true }) -> Found {
        let trimmed = query.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !trimmed.isEmpty else { return Found(hits: [], total: 0) }
        // Each entry is found once (the scan goes on at the next entry), in index order; an entry
        // whose text starts with the query matched its id, which comes first.
        // The scan stops once `limit` leads are found (a query of a letter or two matches most of a
        // floor): the total then says "at least".
        var byID: [Int] = [], byText: [Int] = []
        var more = false
        Self.scan(for: Self.folded(trimmed), in: text) { position in
            let slot = Self.slot(containing: position, starts: textStarts)
            let next = slot + 1 < textStarts.count ? textStarts[slot + 1] : text.count
            guard entries[slot].live, visible(entries[slot].hit.owner) else { return next }
            guard byID.count + byText.count < limit else {
                more = true
                return text.count
            }
            if position == textStarts[slot] { byID.append(slot) } else { byText.append(slot) }
            return next
        }
        // A phone number: typed with digits and the usual punctuation only.
        let phoneLike = trimmed.unicodeScalars.allSatisfy { "0123456789+()-./ ".unicodeScalars.contains($0) }
        let digits = Self.phoneDigits(trimmed)
        var byPhone = Set<Int>()
        if phoneLike, digits.count >= Self.minimumPhoneDigits {
            func collect(_ pattern: [UInt8], at shift: Int) {
                Self.scan(for: pattern, in: phones) { position in
                    byPhone.insert(Self.slot(containing: position + shift, starts: phoneStarts))
                    return position + 1
                }
            }
            // The query is the stored number's end (typed without the country code) ...
            collect(digits + [0], at: 0)
            // ... or the stored number is the query's end (stored without it).
            for length in Self.minimumPhoneDigits..<digits.count where digits[digits.count - length] != 0x30 {
                collect([0] + digits.suffix(length) + [0], at: 1)
            }
        }
        var order = byID
        if byPhone.isEmpty {
            order += byText
        } else {
            byPhone.subtract(byID)
            order += Set(byText).union(byPhone).sorted()
        }
        var hits: [Hit] = []
        var total = 0
        for slot in order {
            let entry = entries[slot]
            guard entry.live, visible(entry.hit.owner) else { continue }
            total += 1
            if hits.count < limit { hits.append(entry.hit) }
        }
        return Found(hits: hits, total: total, more: more)
    }

    /// The slot whose bytes hold `offset` (slots are laid out in order, `starts` ascending).
    private static func slot(containing offset: Int, starts: [Int]) -> Int {
        var low = 0, high = starts.count
        while low < high {
            let middle = (low + high) / 2
            if starts[middle] <= offset { low = middle + 1 } else { high = middle }
        }
        return max(0, low - 1)
    }

    /// How common a byte is in names, notes and addresses (higher: more common); the scan looks
    /// for the needle's rarest byte first, so a common first letter does not stop it at every word.
    private static let commonness: [UInt8] = {
        var table = [UInt8](repeating: 1, count: 256)
        for (rank, byte) in " etaoinsrhldcumfpgwybvkxjqz".utf8.reversed().enumerated() { table[Int(byte)] = UInt8(rank + 3) }
        for byte in "0123456789".utf8 { table[Int(byte)] = 20 }
        for byte in ".-".utf8 { table[Int(byte)] = 16 }
        table[0x0A] = 40
        table[0] = 40
        return table
    }()

    /// Calls `body` with each place `needle` starts in `haystack`, going on from the place `body` returns.
    static func scan(for needle: [UInt8], in haystack: [UInt8], _ body: (Int) -> Int) {
        guard !needle.isEmpty, needle.count <= haystack.count else { return }
        var rare = 0
        for index in needle.indices where commonness[Int(needle[index])] < commonness[Int(needle[rare])] { rare = index }
        haystack.withUnsafeBytes { hay in
            needle.withUnsafeBytes { wanted in
                guard let base = hay.baseAddress, let pattern = wanted.baseAddress else { return }
                let byte = Int32(needle[rare])
                let lastStart = hay.count - needle.count
                var offset = 0
                // memchr finds the rarest byte; memcmp checks the whole needle around it.
                while offset <= lastStart, let hit = memchr(base + offset + rare, byte, lastStart - offset + 1) {
                    let start = base.distance(to: UnsafeRawPointer(hit)) - rare
                    if memcmp(base + start, pattern, needle.count) == 0 {
                        offset = max(start + 1, body(start))
                    } else {
                        offset = start + 1
                    }
                }
            }
        }
    }

    /// Where `needle` starts in `haystack`.
    static func occurrences(of needle: [UInt8], in haystack: [UInt8]) -> [Int] {
        var found: [Int] = []
        scan(for: needle, in: haystack) { position in
            found.append(position)
            return position + 1
        }
        return found
    }
}

/// The desk's find index: built once (ahead, on another thread, when the caller starts that; else
/// on the first find) and kept up to date as entries fold (the session tells it which leads
/// changed; changes that arrive while it is being built are applied when it is next used).
/// Shared by reference, so a screen's context carries it without copying the index.
public final class LeadFinderCache: @unchecked Sendable {
    private let condition = NSCondition()
    private var finder: LeadFinder?
    private var building = false
    private var pending: Set<LeadID> = []

    public init() {}

    /// Whether the index has been built.
    public var isBuilt: Bool { condition.withLock { finder != nil } }

    /// Builds the index from `table` (as it is now) with `start`, which runs the work elsewhere;
    /// nothing when it is built or being built.
    public func prepare(from table: LeadTable, start: (@escaping @Sendable () -> Void) -> Void) {
        let begin = condition.withLock {
            guard finder == nil, !building else { return false }
            building = true
            return true
        }
        guard begin else { return }
        start { [self] in
            let built = LeadFinder(table: table)
            condition.withLock {
                finder = built
                building = false
                condition.broadcast()
            }
        }
    }

    /// The index: waits for a build under way, or builds it from `table` now when none was started.
    public func finder(for table: LeadTable) -> LeadFinder {
        prepare(from: table) { $0() }
        return condition.withLock {
            while building { condition.wait() }
            if !pending.isEmpty {
                finder?.update(pending, in: table)
                pending = []
            }
            return finder ?? LeadFinder()
        }
    }

    /// The index when it can be had without waiting: nil while a build is under way; built from
    /// `table` now when none was started.
    public func readyFinder(for table: LeadTable) -> LeadFinder? {
        if condition.withLock({ building }) { return nil }
        return finder(for: table)
    }

    /// Indexes again the leads that changed, when the index is built (or notes them while it is being built).
    public func update(_ changed: some Sequence<LeadID>, in table: LeadTable) {
        condition.withLock {
            if building { pending.formUnion(changed) } else { finder?.update(changed, in: table) }
        }
    }
}
