import BebackDomain
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

    /// Whether the bytes in `range` spell `word` (compared here byte by byte: the words are short,
    /// and a call to `memcmp` costs more than comparing them).
    @inline(__always)
    private func spells(_ range: Range<Int>, _ word: StaticString) -> Bool {
        guard range.count == word.utf8CodeUnitCount, let base else { return false }
        let expected = word.utf8Start
        for offset in 0..<range.count where base[range.lowerBound + offset] != expected[offset] { return false }
        return true
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
        if index < count, byte(index) == 0x2E || byte(index) | 0x20 == 0x65 { return nil }  // '.', 'e' or 'E
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

    /// The range of the string value of `name` in the object at the cursor (the last one; nil when absent or unusual).
    private mutating func field(_ name: StaticString) -> Range<Int>? {
        var found: Range<Int>?
        let whole = object { scanner, key in
            if scanner.spells(key, name) {
                guard let range = scanner.plainString() else { return false }
                found = range
                return true
            }
            return scanner.skipValue()
        }
        return whole ? found : nil
    }

    /// The eight bytes at `position` as one little-endian word (the caller makes sure they are there).
    @inline(__always)
    private func word(at position: Int) -> UInt64 {
        UnsafeRawPointer(base! + position).loadUnaligned(as: UInt64.self).littleEndian
    }

    /// The first `length` (up to 8) bytes of `text` as a little-endian word, to compare with `word(at:)`.
    static func word(_ text: StaticString, length: Int = 8) -> UInt64 {
        var value: UInt64 = 0
        for index in (0..<min(length, text.utf8CodeUnitCount)).reversed() { value = value << 8 | UInt64(text.utf8Start[index]) }
        return value
    }

    // The keys of the canonical layout as words (`word(_:length:)` of each; a test holds them to
    // it). Literals, not computed once: a computed static is checked for being set on every use.
    static let atKey: UInt64 = 0x3A22_7461_227B  // {"at":
    static let atAfterOrderKey: UInt64 = 0x3A22_7461_222C  // ,"at":
    static let orderKey: UInt64 = 0x3A22_7265_6472_6F22  // "order": (after the opening brace)
    static let bodyKey: UInt64 = 0x3A22_7964_6F62_222C  // ,"body":
    static let versionTail: UInt64 = 0x7D31_3A22_7622_2C22  // ","v":1}
    static let leadKey: UInt64 = 0x3A22_6461_656C_222C  // ,"lead":
    static let kindKey: UInt64 = 0x3A22_646E_696B_222C  // ,"kind":
    static let idKey: UInt64 = 0x3A22_6469_222C  // ,"id":
    static let byKey: UInt64 = 0x3A22_7962_222C  // ,"by":
    static let sixBytes: UInt64 = 0xFFFF_FFFF_FFFF

    /// The string that ends with the quote at `closingQuote`, read backwards: its range when it is
    /// plain printable ASCII (no escape, no control character) and starts after `floor`.
    @inline(__always)
    private func asciiString(endingAt closingQuote: Int, after floor: Int) -> Range<Int>? {
        guard let base else { return nil }
        // Eight bytes at a time, backwards: the last byte that is a quote, a backslash, a control
        // character or not ASCII must be the opening quote.
        var end = closingQuote
        while end - 8 >= 0, end > floor {
            let word = UnsafeRawPointer(base + end - 8).loadUnaligned(as: UInt64.self).littleEndian
            let special = Self.specialBytes(word)
            if special != 0 {
                let position = end - 8 + (63 - special.leadingZeroBitCount) / 8
                guard position > floor, base[position] == 0x22 else { return nil }
                return position + 1..<closingQuote
            }
            end -= 8
        }
        var position = end - 1
        while position > floor {
            let current = base[position]
            if current == 0x22 { return position + 1..<closingQuote }
            if current < 0x20 || current >= 0x80 || current == 0x5C { return nil }
            position -= 1
        }
        return nil
    }

    /// The high bit of each byte of `word` that is a quote, a backslash, below 0x20 or above 0x7F
    /// (exact for every byte: no borrow runs from one byte into the next).
    @inline(__always)
    static func specialBytes(_ word: UInt64) -> UInt64 {
        let lows: UInt64 = 0x7F7F_7F7F_7F7F_7F7F, highs: UInt64 = 0x8080_8080_8080_8080
        func isZero(_ value: UInt64) -> UInt64 { ~(((value & lows) &+ lows) | value) & highs }
        let printable = ((word & lows) &+ 0x6060_6060_6060_6060) & highs
        return (word & highs) | (~printable & highs) | isZero(word ^ 0x2222_2222_2222_2222) | isZero(word ^ 0x5C5C_5C5C_5C5C_5C5C)
    }

    /// The digest of an entry laid out exactly as beback writes it (keys sorted, no spaces):
    /// `{"at":N,"body":{…},"by":"…","id":"…","kind":"…","lead":"…","v":1}`, as byte ranges of the
    /// entry. The fields after the body are read from the end, so a body this entry's kind does not
    /// need is never read. Nil when the entry is laid out any other way, or its id, lead, kind or
    /// author is not plain ASCII: the strict reader takes it.
    mutating func canonicalFields() -> RawEventDigest? {
        guard let envelope = canonicalEnvelope() else { return nil }
        // An entry of this build starts with its order, a whole number of zero or more.
        if let order = envelope.order, order < 0 { return nil }
        index = envelope.body.lowerBound
        guard let effect = effect(envelope.kind, tail: envelope.body.upperBound) else { return nil }
        // A body that was read must end where the tail starts (other bodies are not read here).
        if index != envelope.body.lowerBound, index != envelope.body.upperBound { return nil }
        return RawEventDigest(at: envelope.at, id: envelope.id, lead: envelope.lead, effect: effect, order: envelope.order.map { UInt64($0) })
    }

    /// Where the envelope's fields are in an entry laid out exactly as beback writes it (see
    /// `canonicalFields`; the shortest is `{"at":0,"body":{},"by":"","id":"","kind":"","lead":"","v":1}`,
    /// and one of this build starts with its order: `{"order":N,"at":…`), found without reading the body (`FastEventDecoder` then reads it once):
    /// the order and time as whole numbers, the body's bytes (its braces included), and the plain
    /// ASCII strings after it. Nil for any other layout.
    mutating func canonicalEnvelope() -> (order: Double?, at: Double, body: Range<Int>, by: Range<Int>, id: Range<Int>, kind: Range<Int>, lead: Range<Int>)? {
        guard base != nil, count >= 60 else { return nil }
        var order: Double?
        if word(at: 0) & Self.sixBytes == Self.atKey {
            index = 6
        } else if base![0] == 0x7B, word(at: 1) == Self.orderKey {
            index = 9
            guard let value = wholeNumber(), index + 6 <= count, word(at: index) & Self.sixBytes == Self.atAfterOrderKey else { return nil }
            order = value
            index += 6
        } else {
            return nil
        }
        guard let at = wholeNumber(), index + 8 <= count, word(at: index) == Self.bodyKey else { return nil }
        let bodyStart = index + 8
        let floor = bodyStart + 1
        guard word(at: count - 8) == Self.versionTail,
            let lead = asciiString(endingAt: count - 8, after: floor), lead.lowerBound - 9 >= floor,
            word(at: lead.lowerBound - 9) == Self.leadKey,
            let kind = asciiString(endingAt: lead.lowerBound - 10, after: floor), kind.lowerBound - 9 >= floor,
            word(at: kind.lowerBound - 9) == Self.kindKey,
            let id = asciiString(endingAt: kind.lowerBound - 10, after: floor), id.lowerBound - 7 >= floor,
            word(at: id.lowerBound - 7) & Self.sixBytes == Self.idKey,
            let author = asciiString(endingAt: id.lowerBound - 8, after: floor), author.lowerBound - 7 >= floor,
            word(at: author.lowerBound - 7) & Self.sixBytes == Self.byKey,
            // Each string read backwards must end with a quote (the lead's is in the version tail).
            base![lead.lowerBound - 10] == 0x22, base![kind.lowerBound - 10] == 0x22, base![id.lowerBound - 8] == 0x22
        else { return nil }
        let tail = author.lowerBound - 7
        guard base![tail - 1] == 0x7D, base![bodyStart] == 0x7B else { return nil }
        return (order, at, bodyStart..<tail, author, id, kind, lead)
    }

    /// The digest of an entry laid out exactly as beback writes it (see `canonicalFields`).
    mutating func canonicalDigest() -> EventDigest? {
        canonicalFields().map { EventDigest($0, in: UnsafeRawBufferPointer(start: base, count: count)) }
    }

    /// `"outcome":"` as it ends the key before a touch's outcome (11 bytes, compared as a word and three bytes).
    static let outcomeKeyWord: UInt64 = 0x656D_6F63_7475_6F22  // "outcome
    static let outcomeKeyRest: (UInt8, UInt8, UInt8) = (0x22, 0x3A, 0x22)  // ":"

    /// A touch's outcome read from the end of its body, `…,"outcome":"reached"}` (its keys are
    /// sorted and "outcome" comes last), without walking the note before it. Nil when the body does
    /// not end that way: the caller walks it. The body ends at `tail` (its closing brace at `tail - 1`).
    /// In a body that is valid JSON the bytes found are the body's own last key and value, the one
    /// the strict reader keeps, since a quote with no backslash before it is never inside a string.
    func outcomeFromEnd(bodyStart: Int, tail: Int) -> Disposition? {
        guard let base, tail - 1 - bodyStart >= 14, base[tail - 2] == 0x22,
            let value = asciiString(endingAt: tail - 2, after: bodyStart + 10)
        else { return nil }
        let key = value.lowerBound - 12
        guard key >= bodyStart, word(at: key + 1) == Self.outcomeKeyWord,
            base[key + 9] == Self.outcomeKeyRest.0, base[key + 10] == Self.outcomeKeyRest.1, base[key + 11] == Self.outcomeKeyRest.2,
            base[key] == 0x2C || key == bodyStart
        else { return nil }
        return disposition(value)
    }

    private mutating func effect(_ kind: Range<Int>, tail: Int) -> RawEventDigest.Effect? {
        if spells(kind, "touch") {
            if let outcome = outcomeFromEnd(bodyStart: index, tail: tail) { return .touched(outcome) }
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
            return .scheduled(due: due)
        }
        if spells(kind, "captured") {
            var owner: Range<Int>?
            let whole = object { scanner, key in
                if scanner.spells(key, "profile") {
                    owner = scanner.field("owner")
                    return owner != nil
                }
                return scanner.skipValue()
            }
            guard whole, let owner else { return nil }
            return .captured(owner: owner)
        }
        if spells(kind, "profile") { return field("owner").map { .profile(owner: $0) } }
        if spells(kind, "unscheduled") { return .unscheduled }
        if spells(kind, "reassigned") { return field("to").map { .reassigned(to: $0) } }
        if spells(kind, "revoked") { return field("event").map { .revoked($0) } }
        if spells(kind, "reclaimed") { return .reclaimed }
        if spells(kind, "reopened") { return .reopened }
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

    private static let otherKinds: [StaticString] = [
        "agreement", "decision", "feedback", "objection", "objection-update", "note",
        "delivered", "idle-flagged", "escalated", "dnc-lifted", "snoozed", "session",
        "channel-block"
    ]
}
