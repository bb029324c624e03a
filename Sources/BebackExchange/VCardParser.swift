import Foundation

/// Reads vCard files (RFC 6350 for 4.0, RFC 2426 for 3.0, and the 2.1 that phones still export):
/// folded lines, groups, parameters, escapes, quoted-printable values. Each card keeps the line of
/// its `BEGIN:VCARD`; a card that never ends is reported, not guessed at.
public enum VCardParser {
    /// The cards of a file, and the cards that could not be read (with their line).
    public static func parse(_ text: String) -> (cards: [VCard], problems: [RowProblemAtLine]) {
        var cards: [VCard] = []
        var problems: [RowProblemAtLine] = []
        var current: VCard?
        for (line, content) in logicalLines(text) {
            guard let property = property(content) else {
                if current != nil, !content.trimmingCharacters(in: .whitespaces).isEmpty {
                    problems.append(RowProblemAtLine(line: line, reason: "cannot read vCard line '\(content.prefix(60))'"))
                }
                continue
            }
            switch (property.name, property.value.uppercased()) {
            case ("BEGIN", "VCARD"):
                if let open = current { problems.append(RowProblemAtLine(line: open.line, reason: "vCard has no END:VCARD before the next BEGIN:VCARD")) }
                current = VCard(line: line)
            case ("END", "VCARD"):
                if let card = current { cards.append(card) }
                current = nil
            case ("VERSION", _):
                current?.version = property.value
            default:
                current?.properties.append(property)
            }
        }
        if let open = current { problems.append(RowProblemAtLine(line: open.line, reason: "vCard has no END:VCARD (the file ends inside it)")) }
        return (cards, problems)
    }

    /// Whether text looks like a vCard file (its first content line is `BEGIN:VCARD`).
    public static func looksLikeVCard(_ text: String) -> Bool {
        let start = text.unicodeScalars.drop { $0 == "\u{FEFF}" || $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\n" }
        return String(String.UnicodeScalarView(start.prefix(11))).uppercased() == "BEGIN:VCARD"
    }

    // MARK: - Lines

    /// Physical lines joined where folded (a line that starts with a space or tab continues the one
    /// before), or where a quoted-printable value ends in a soft break `=`; each with its first line number.
    static func logicalLines(_ text: String) -> [(Int, String)] {
        var result: [(Int, String)] = []
        var number = 0
        var softBreak = false
        for physical in SplitLines.split(text) {
            number += 1
            if let last = result.indices.last {
                if softBreak {
                    // A quoted-printable soft break: the `=` at the end of the line is not part of the value.
                    result[last].1.removeLast()
                    result[last].1 += physical
                    softBreak = isSoftBreak(result[last].1)
                    continue
                }
                if physical.first == " " || physical.first == "\t" {
                    result[last].1 += physical.dropFirst()
                    softBreak = isSoftBreak(result[last].1)
                    continue
                }
            }
            if physical.isEmpty { continue }
            result.append((number, physical))
            softBreak = isSoftBreak(physical)
        }
        return result
    }

    private static func isSoftBreak(_ line: String) -> Bool {
        line.hasSuffix("=") && line.uppercased().contains("QUOTED-PRINTABLE")
            && (line.firstIndex(of: ":").map { line[..<$0].uppercased().contains("QUOTED-PRINTABLE") } ?? false)
    }

    // MARK: - Properties

    /// One content line read as a property; nil when it has no `NAME:`.
    static func property(_ line: String) -> VCardProperty? {
        var quoted = false
        var colon: String.Index?
        for index in line.indices {
            let character = line[index]
            if character == "\"" { quoted.toggle() }
            if character == ":", !quoted { colon = index; break }
        }
        guard let colon else { return nil }
        let head = splitUnescaped(String(line[..<colon]), at: ";", honourQuotes: true)
        guard var name = head.first?.uppercased(), !name.isEmpty else { return nil }
        var group: String?
        if let dot = name.lastIndex(of: ".") {
            group = String(name[..<dot])
            name = String(name[name.index(after: dot)...])
        }
        var parameters: [String: [String]] = [:]
        for parameter in head.dropFirst() {
            if let equals = parameter.firstIndex(of: "=") {
                let key = parameter[..<equals].uppercased()
                let values = splitUnescaped(String(parameter[parameter.index(after: equals)...]), at: ",", honourQuotes: true)
                    .map { $0.trimmingCharacters(in: CharacterSet(charactersIn: "\"")) }
                parameters[key, default: []] += values
            } else {
                parameters[parameter.uppercased() == "QUOTED-PRINTABLE" ? "ENCODING" : "TYPE", default: []].append(parameter)
            }
        }
        var value = String(line[line.index(after: colon)...])
        if parameters["ENCODING"]?.contains(where: { $0.uppercased() == "QUOTED-PRINTABLE" }) == true {
            value = quotedPrintable(value, charset: parameters["CHARSET"]?.first)
        }
        var property = VCardProperty(name: name, parameters: parameters, rawValue: value)
        property.group = group
        return property
    }

    /// Undoes vCard escapes: `\\` `\,` `\;` `\:` and `\n` / `\N` for a line break.
    public static func unescape(_ text: String) -> String {
        guard text.contains("\\") else { return text }
        var result = ""
        var escaping = false
        for character in text {
            if escaping {
                result.append(character == "n" || character == "N" ? "\n" : character)
                escaping = false
            } else if character == "\\" {
                escaping = true
            } else {
                result.append(character)
            }
        }
        if escaping { result.append("\\") }
        return result
    }

    /// Splits at a separator that is not escaped with a backslash (nor, optionally, inside quotes); escapes are kept.
    static func splitUnescaped(_ text: String, at separator: Character, honourQuotes: Bool = false) -> [String] {
        var parts: [String] = []
        var current = ""
        var escaping = false
        var quoted = false
        for character in text {
            if escaping {
                current.append(character)
                escaping = false
                continue
            }
            if character == "\\" { escaping = true; current.append(character); continue }
            if honourQuotes, character == "\"" { quoted.toggle() }
            if character == separator, !quoted {
                parts.append(current)
                current = ""
            } else {
                current.append(character)
            }
        }
        parts.append(current)
        return parts
    }

    /// Decodes `=C3=A9` quoted-printable bytes in the `CHARSET` given (UTF-8 when none; Latin-1 /
    /// Windows-1252 when named so, or when the bytes are not UTF-8).
    static func quotedPrintable(_ text: String, charset: String? = nil) -> String {
        var bytes: [UInt8] = []
        var utf8 = Array(text.utf8)[...]
        while let byte = utf8.popFirst() {
            if byte == UInt8(ascii: "="), utf8.count >= 2,
                let value = UInt8(String(decoding: utf8.prefix(2), as: UTF8.self), radix: 16)
            {
                bytes.append(value)
                utf8 = utf8.dropFirst(2)
            } else if byte == UInt8(ascii: "="), utf8.isEmpty {
                continue
            } else {
                bytes.append(byte)
            }
        }
        let latin = ["ISO-8859-1", "ISO8859-1", "LATIN1", "WINDOWS-1252", "CP1252", "ISO-8859-15"]
        if let charset, latin.contains(charset.uppercased()) {
            return String(bytes: bytes, encoding: .windowsCP1252) ?? String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
        }
        return String(validating: bytes, as: UTF8.self) ?? String(String.UnicodeScalarView(bytes.map { Unicode.Scalar($0) }))
    }
}

/// A problem with a whole record of a file (a vCard that never ends), at the line it starts on.
public struct RowProblemAtLine: Equatable, Sendable {
    public var line: Int
    public var reason: String
}

/// Splits text into physical lines at CR LF, LF or a lone CR.
enum SplitLines {
    static func split(_ text: String) -> [String] {
        var lines: [String] = []
        var current = String.UnicodeScalarView()
        var previousCR = false
        for scalar in text.unicodeScalars {
            if scalar == "\n" {
                if !previousCR { lines.append(String(current)); current = String.UnicodeScalarView() }
                previousCR = false
                continue
            }
            previousCR = false
            if scalar == "\r" {
                lines.append(String(current))
                current = String.UnicodeScalarView()
                previousCR = true
                continue
            }
            current.append(scalar)
        }
        if !current.isEmpty { lines.append(String(current)) }
        return lines
    }
}
