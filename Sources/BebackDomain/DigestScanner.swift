import Foundation

/// The quick path of `EventDigest.read`: reads the fields a digest needs from a journal payload
/// laid out as beback writes it, byte by byte with no allocation but the small strings it keeps,
/// and skips the rest of a body it reads by counting brackets outside strings. It gives up (nil) on anything unusual
/// (escapes where it reads, fractions or exponents, a missing or mistyped field) and leaves that
/// entry to the strict reader, so the two never disagree on an entry the quick path accepts.
struct DigestScanner {
    private let base: UnsafePointer<UInt8>?
    private let count: Int
    private var index = 0

    init(_ bytes: UnsafeRawBufferPointer) {
        base = bytes.baseAddress?.assumingMemoryBound(to: UInt8.self)
        count = bytes.count
    }

    private func byte(_ at: Int) -> UInt8 { base![at] }

    @inline(__always)
    private mutating func skipSpace() {
        // Entries as beback writes them have no spaces: one look settles it.
        if index < count, byte(index) > 0x20 { return }
        // The loops keep the position in a local: a stored property would go through memory each byte.
        var position = index
        while position < count {
            switch byte(position) {
            case 0x20, 0x0A, 0x0D, 0x09: position += 1
            default:
                index = position
                return
            }
        }
        index = position
    }

    @inline(__always)
    private mutating func take(_ expected: UInt8) -> Bool {
        skipSpace()
        guard index < count, byte(index) == expected else { return false }
        index += 1
        return true
    }

    /// The first position from `start` holding a quote or a backslash (`count` when none), eight
    /// bytes at a time: strings are most of an entry's bytes.
    @inline(__always)
    private func quoteOrBackslash(from start: Int) -> Int {
        guard let base else { return count }
        var position = start
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        while position + 8 <= count {
            let word = UnsafeRawPointer(base + position).loadUnaligned(as: UInt64.self)
            let quotes = word ^ 0x2222_2222_2222_2222, slashes = word ^ 0x5C5C_5C5C_5C5C_5C5C
            // A byte of `quotes` or `slashes` is zero where the word holds that character; the
            // lowest flagged byte is always a true one.
            let found = ((quotes &- ones) & ~quotes | (slashes &- ones) & ~slashes) & highs
            if found != 0 { return position + found.trailingZeroBitCount / 8 }
            position += 8
        }
        while position < count, base[position] != 0x22, base[position] != 0x5C { position += 1 }
        return position
    }

    /// A string without escapes at the cursor: its byte range (nil when it is not one).
    private mutating func plainString() -> Range<Int>? {
        guard take(0x22) else { return nil }
        let start = index
        let end = quoteOrBackslash(from: start)
        guard end < count, byte(end) == 0x22 else { return nil }
        index = end + 1
        return start..<end
    }

    private func text(_ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(start: base! + range.lowerBound, count: range.count), as: UTF8.self)
    }

    private func spells(_ range: Range<Int>, _ word: StaticString) -> Bool {
        range.count == word.utf8CodeUnitCount && memcmp(base! + range.lowerBound, word.utf8Start, range.count) == 0
    }

    /// A whole number at the cursor (nil for anything else: fractions go to the strict reader).
    private mutating func wholeNumber() -> Double? {
        skipSpace()
        var negative = false
        if index < count, byte(index) == 0x2D { negative = true; index += 1 }
        let start = index
        var value: Int64 = 0
        while index < count, byte(index) >= 0x30, byte(index) <= 0x39 {
            guard index - start < 15 else { return nil }
            value = value * 10 + Int64(byte(index) - 0x30)
            index += 1
        }
        guard index > start else { return nil }
        if index < count, [0x2E, 0x65, 0x45].contains(byte(index)) { return nil }
        return Double(negative ? -value : value)
    }

    /// Skips one value: strings to their closing quote, objects and arrays by counting brackets.
    private mutating func skipValue() -> Bool {
        skipSpace()
        var position = index
        defer { index = position }
        guard position < count, let base else { return false }
        var depth = 0
        while position < count {
            let current = base[position]
            if current == 0x22 {
                var end = quoteOrBackslash(from: position + 1)
                while end < count, base[end] == 0x5C { end = quoteOrBackslash(from: end + 2) }
                guard end < count else { return false }
                position = end + 1
                if depth == 0 { return true }
                continue
            }
            if current == 0x7B || current == 0x5B {
                depth += 1
            } else if current == 0x7D || current == 0x5D {
                if depth == 0 { return true }
                depth -= 1
                if depth == 0 {
                    position += 1
                    return true
                }
            } else if current == 0x2C, depth == 0 {
                return true
            }
            position += 1
        }
        return depth == 0
    }

    /// Walks the object at the cursor, calling `body` with each key's range and the cursor on its
    /// value; `body` returns false to give up. Nil when the object does not hold together.
    private mutating func object(_ body: (inout DigestScanner, Range<Int>) -> Bool) -> Bool {
        guard take(0x7B) else { return false }
        if take(0x7D) { return true }
        while true {
            guard let key = plainString(), take(0x3A) else { return false }
            skipSpace()
            guard body(&self, key) else { return false }
            if take(0x2C) { continue }
            return take(0x7D)
        }
    }

    /// The string value of `name` in the object at the cursor (the last one; nil when absent or unusual).
    private mutating func field(_ name: StaticString) -> String? {
        var found: String?
        let whole = object { scanner, key in
            if scanner.spells(key, name) {
                guard let range = scanner.plainString() else { return false }
                found = scanner.text(range)
                return true
            }
            return scanner.skipValue()
        }
        return whole ? found : nil
    }

    /// Whether the bytes at `position` spell `word` (false past the end).
    private func has(_ word: StaticString, at position: Int) -> Bool {
        position >= 0 && position + word.utf8CodeUnitCount <= count && memcmp(base! + position, word.utf8Start, word.utf8CodeUnitCount) == 0
    }

    /// The digest of an entry laid out exactly as beback writes it (keys sorted, no spaces):
    /// `{"at":N,"body":{…},"by":"…","id":"…","kind":"…","lead":"…","v":1}`. The fields after the
    /// body are found from the end, so a body this entry's kind does not need is never read. Nil
    /// when the entry is laid out any other way: the strict reader takes it.
    mutating func canonicalDigest() -> EventDigest? {
        guard base != nil, has("{\"at\":", at: 0) else { return nil }
        index = 6
        guard let at = wholeNumber(), has(",\"body\":", at: index) else { return nil }
        let bodyStart = index + 8
        // The last `,"by":"` starts the tail: the tail's values are plain strings, which hold no quote.
        var tail = count - 8
        while tail > bodyStart, base![tail] != 0x2C || !has(",\"by\":\"", at: tail) { tail -= 1 }
        guard tail > bodyStart, base![tail - 1] == 0x7D, base![bodyStart] == 0x7B else { return nil }
        index = tail + 6
        guard plainString() != nil, has(",\"id\":", at: index) else { return nil }
        index += 6
        guard let id = plainString(), has(",\"kind\":", at: index) else { return nil }
        index += 8
        guard let kind = plainString(), has(",\"lead\":", at: index) else { return nil }
        index += 8
        guard let lead = plainString(), has(",\"v\":1}", at: index), index + 7 == count else { return nil }
        index = bodyStart
        guard let effect = effect(kind) else { return nil }
        // A body that was read must end where the tail starts (other bodies are not read here).
        if index != bodyStart, index != tail { return nil }
        return EventDigest(id: EventID(text(id)), at: Date(timeIntervalSince1970: at), lead: LeadID(text(lead)), effect: effect)
    }

    private mutating func effect(_ kind: Range<Int>) -> EventDigest.Effect? {
        if spells(kind, "touch") {
            var outcome: Disposition?
            let whole = object { scanner, key in
                if scanner.spells(key, "outcome") {
                    guard let range = scanner.plainString() else { return false }
                    outcome = scanner.disposition(range)
                    return outcome != nil
                }
                return scanner.skipValue()
            }
            guard whole, let outcome else { return nil }
            return .touched(outcome)
        }
        if spells(kind, "scheduled") {
            var due: Double?
            let whole = object { scanner, key in
                if scanner.spells(key, "due") {
                    due = scanner.wholeNumber()
                    return due != nil
                }
                return scanner.skipValue()
            }
            guard whole, let due else { return nil }
            return .scheduled(due: Date(timeIntervalSince1970: due))
        }
        if spells(kind, "captured") {
            var owner: String?
            let whole = object { scanner, key in
                if scanner.spells(key, "profile") {
                    owner = scanner.field("owner")
                    return owner != nil
                }
                return scanner.skipValue()
            }
            guard whole, let owner else { return nil }
            return .captured(owner: RepName(owner))
        }
        if spells(kind, "profile") { return field("owner").map { .profile(owner: RepName($0)) } }
        if spells(kind, "unscheduled") { return .unscheduled }
        if spells(kind, "reassigned") { return field("to").map { .reassigned(to: RepName($0)) } }
        if spells(kind, "revoked") { return field("event").map { .revoked(EventID($0)) } }
        if spells(kind, "reclaimed") { return .reclaimed }
        for known in Self.otherKinds where spells(kind, known) { return .other }
        return .unknown
    }

    /// The outcome these bytes spell, compared as bytes (no string is made).
    private func disposition(_ range: Range<Int>) -> Disposition? {
        for (index, name) in Self.dispositionNames.enumerated() where name.count == range.count {
            if name.withUnsafeBufferPointer({ memcmp(base! + range.lowerBound, $0.baseAddress!, range.count) == 0 }) {
                return Self.dispositions[index]
            }
        }
        return nil
    }

    private static let dispositions = Disposition.allCases
    private static let dispositionNames: [[UInt8]] = dispositions.map { Array($0.rawValue.utf8) }

    private static let otherKinds: [StaticString] = ["agreement", "decision", "feedback", "objection", "objection-update", "note",
                                                     "delivered", "idle-flagged", "escalated"]
}
