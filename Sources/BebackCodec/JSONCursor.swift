import BebackDomain
import Foundation

/// A forward-only reader over JSON bytes, for the replay path: it reads objects key by key without
/// building a tree, compares keys as bytes, and makes a `String` only for values that are kept.
struct JSONCursor {
    struct Failure: Error, CustomStringConvertible {
        let offset: Int
        let reason: String
        var description: String { "JSON at byte \(offset): \(reason)" }
    }

    let bytes: UnsafeRawBufferPointer
    var index: Int

    init(_ bytes: UnsafeRawBufferPointer, at index: Int = 0) {
        self.bytes = bytes
        self.index = index
    }

    func failure(_ reason: String) -> Failure { Failure(offset: index, reason: reason) }

    mutating func skipSpace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x0A, 0x0D, 0x09: index += 1
            default: return
            }
        }
    }

    mutating func expect(_ byte: UInt8) throws {
        skipSpace()
        guard index < bytes.count, bytes[index] == byte else { throw failure("expected '\(Character(Unicode.Scalar(byte)))'") }
        index += 1
    }

    /// Calls `body` for each key of an object, with the cursor on the key's value; `body` must consume the value.
    mutating func object(_ body: (inout JSONCursor, Range<Int>) throws -> Void) throws {
        try expect(UInt8(ascii: "{"))
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "}") {
            index += 1
            return
        }
        while true {
            let key = try rawString()
            try expect(UInt8(ascii: ":"))
            skipSpace()
            try body(&self, key)
            skipSpace()
            guard index < bytes.count else { throw failure("unterminated object") }
            if bytes[index] == UInt8(ascii: ",") {
                index += 1
                skipSpace()
                continue
            }
            if bytes[index] == UInt8(ascii: "}") {
                index += 1
                return
            }
            throw failure("expected ',' or '}'")
        }
    }

    /// Calls `body` for each element of an array.
    mutating func array(_ body: (inout JSONCursor) throws -> Void) throws {
        try expect(UInt8(ascii: "["))
        skipSpace()
        if index < bytes.count, bytes[index] == UInt8(ascii: "]") {
            index += 1
            return
        }
        while true {
            skipSpace()
            try body(&self)
            skipSpace()
            guard index < bytes.count else { throw failure("unterminated array") }
            if bytes[index] == UInt8(ascii: ",") { index += 1; continue }
            if bytes[index] == UInt8(ascii: "]") { index += 1; return }
            throw failure("expected ',' or ']'")
        }
    }

    /// Whether the key bytes spell `name`.
    func key(_ range: Range<Int>, is name: StaticString) -> Bool {
        guard range.count == name.utf8CodeUnitCount, let base = bytes.baseAddress else { return false }
        return memcmp(base + range.lowerBound, name.utf8Start, range.count) == 0
    }

    /// A string from UTF-8 bytes (the typed buffer takes the standard library's fast path).
    private func text(_ range: Range<Int>) -> String {
        guard let base = bytes.baseAddress, !range.isEmpty else { return "" }
        let typed = UnsafeBufferPointer(start: base.assumingMemoryBound(to: UInt8.self) + range.lowerBound, count: range.count)
        return String(decoding: typed, as: UTF8.self)
    }

    /// The raw bytes of a string without escapes processed (keys never hold escapes we care about).
    private mutating func rawString() throws -> Range<Int> {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a string") }
        index += 1
        let start = index
        guard let end = closingQuote(from: start) else { throw failure("unterminated string") }
        index = end.position + 1
        return start..<end.position
    }

    /// The position of the quote that closes a string whose text starts at `start`, and whether
    /// the text holds an escape; nil when the string is not closed. Finds quotes with `memchr`.
    private func closingQuote(from start: Int) -> (position: Int, hasEscape: Bool)? {
        guard let base = bytes.baseAddress else { return nil }
        var from = start
        var hasEscape = false
        while from < bytes.count {
            guard let found = memchr(base + from, 0x22, bytes.count - from) else { return nil }
            let quote = base.distance(to: UnsafeRawPointer(found))
            // A quote after an odd run of backslashes is escaped: part of the text.
            var slashes = 0
            while quote - slashes - 1 >= start, bytes[quote - slashes - 1] == UInt8(ascii: "\\") { slashes += 1 }
            if slashes > 0 { hasEscape = true }
            if slashes % 2 == 0 {
                if !hasEscape, memchr(base + start, 0x5C, quote - start) != nil { hasEscape = true }
                return (quote, hasEscape)
            }
            from = quote + 1
        }
        return nil
    }

    mutating func string() throws -> String {
        skipSpace()
        guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { throw failure("expected a string") }
        index += 1
        let start = index
        guard let end = closingQuote(from: start) else {
            index = bytes.count
            throw failure("unterminated string")
        }
        index = end.position + 1
        if !end.hasEscape { return text(start..<end.position) }
        return try unescape(start..<end.position)
    }

    private func unescape(_ range: Range<Int>) throws -> String {
        var out = [UInt8]()
        out.reserveCapacity(range.count)
        var position = range.lowerBound
        func hex4(_ at: Int) throws -> UInt32 {
            guard at + 4 <= range.upperBound else { throw Failure(offset: at, reason: "short \\u escape") }
            var value: UInt32 = 0
            for offset in 0..<4 {
                let byte = bytes[at + offset]
                let digit: UInt32
                switch byte {
                case 0x30...0x39: digit = UInt32(byte - 0x30)
                case 0x41...0x46: digit = UInt32(byte - 0x41 + 10)
                case 0x61...0x66: digit = UInt32(byte - 0x61 + 10)
                default: throw Failure(offset: at + offset, reason: "bad hex digit")
                }
                value = value << 4 | digit
            }
            return value
        }
        while position < range.upperBound {
            let byte = bytes[position]
            guard byte == UInt8(ascii: "\\") else {
                out.append(byte)
                position += 1
                continue
            }
            guard position + 1 < range.upperBound else { throw Failure(offset: position, reason: "dangling escape") }
            let code = bytes[position + 1]
            position += 2
            switch code {
            case UInt8(ascii: "\""): out.append(0x22)
            case UInt8(ascii: "\\"): out.append(0x5C)
            case UInt8(ascii: "/"): out.append(0x2F)
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                var scalar = try hex4(position)
                position += 4
                if (0xD800...0xDBFF).contains(scalar), position + 6 <= range.upperBound,
                    bytes[position] == UInt8(ascii: "\\"), bytes[position + 1] == UInt8(ascii: "u")
                {
                    let low = try hex4(position + 2)
                    if (0xDC00...0xDFFF).contains(low) {
                        scalar = 0x10000 + ((scalar - 0xD800) << 10) + (low - 0xDC00)
                        position += 6
                    }
                }
                let character = Unicode.Scalar(scalar) ?? "\u{FFFD}"
                out.append(contentsOf: Array(String(character).utf8))
            default:
                throw Failure(offset: position - 1, reason: "unknown escape")
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    mutating func double() throws -> Double {
        skipSpace()
        let start = index
        var integer: Int64 = 0
        var negative = false
        var simple = true
        if index < bytes.count, bytes[index] == UInt8(ascii: "-") { negative = true; index += 1 }
        while index < bytes.count {
            let byte = bytes[index]
            if byte >= 0x30, byte <= 0x39 {
                if simple {
                    let (multiplied, overflow1) = integer.multipliedReportingOverflow(by: 10)
                    let (added, overflow2) = multiplied.addingReportingOverflow(Int64(byte - 0x30))
                    if overflow1 || overflow2 { simple = false } else { integer = added }
                }
                index += 1
            } else if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "-")
            {
                simple = false
                index += 1
            } else {
                break
            }
        }
        guard index > start else { throw failure("expected a number") }
        if simple { return Double(negative ? -integer : integer) }
        let text = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
        guard let value = Double(text) else { throw Failure(offset: start, reason: "bad number") }
        return value
    }

    mutating func int() throws -> Int {
        let value = try double()
        guard value.rounded() == value, abs(value) < 9e15 else { throw failure("expected a whole number") }
        return Int(value)
    }

    mutating func bool() throws -> Bool {
        skipSpace()
        if matches("true") { index += 4; return true }
        if matches("false") { index += 5; return false }
        throw failure("expected true or false")
    }

    /// Consumes `null` and says so, or leaves the cursor where it is.
    mutating func null() -> Bool {
        skipSpace()
        if matches("null") { index += 4; return true }
        return false
    }

    private func matches(_ word: StaticString) -> Bool {
        guard index + word.utf8CodeUnitCount <= bytes.count else { return false }
        for offset in 0..<word.utf8CodeUnitCount where bytes[index + offset] != word.utf8Start[offset] { return false }
        return true
    }

    /// Skips any value; returns its byte range.
    @discardableResult
    mutating func skipValue() throws -> Range<Int> {
        skipSpace()
        let start = index
        guard index < bytes.count else { throw failure("expected a value") }
        switch bytes[index] {
        case UInt8(ascii: "{"): try object { cursor, _ in try cursor.skipValue() }
        case UInt8(ascii: "["): try array { cursor in try cursor.skipValue() }
        case UInt8(ascii: "\""): _ = try rawString()
        case UInt8(ascii: "t"), UInt8(ascii: "f"): _ = try bool()
        case UInt8(ascii: "n"): guard null() else { throw failure("expected null") }
        default: _ = try double()
        }
        return start..<index
    }
}
