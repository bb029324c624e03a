import Foundation

/// An imported file's bytes as text: a UTF-8 byte-order mark dropped; a UTF-8 file with a few stray
/// bytes read as UTF-8, each stray byte replaced on its line and the lines reported; a file that is
/// not UTF-8 at all read as Latin-1 (Windows-1252, as spreadsheets write it) with a warning.
public struct DecodedText: Equatable, Sendable {
    /// The character encoding the file was read in.
    public enum Encoding: String, Equatable, Sendable {
        case utf8 = "UTF-8"
        case utf8WithBOM = "UTF-8 with byte-order mark"
        case latin1 = "Latin-1 (Windows-1252)"
    }

    public var text: String
    public var encoding: Encoding
    /// What the reader should know, e.g. that the file was not UTF-8.
    public var warnings: [String]

    public init(text: String, encoding: Encoding, warnings: [String] = []) {
        self.text = text
        self.encoding = encoding
        self.warnings = warnings
    }

    /// Decodes a file's bytes.
    public init(bytes: Data) {
        let bom: [UInt8] = [0xEF, 0xBB, 0xBF]
        if bytes.starts(with: bom) {
            let body = bytes.dropFirst(bom.count)
            if let text = String(bytes: body, encoding: .utf8) {
                self.init(text: text, encoding: .utf8WithBOM)
                return
            }
        } else if let text = String(bytes: bytes, encoding: .utf8) {
            self.init(text: text, encoding: .utf8)
            return
        }
        let body = bytes.starts(with: bom) ? Data(bytes.dropFirst(bom.count)) : bytes
        let scan = Self.scan(body)
        if bytes.starts(with: bom) || scan.multiByte >= scan.invalidLines.count {
            // Mostly UTF-8 ("Jörg" written right) with a stray byte: replace that byte, keep the rest.
            let lines = scan.invalidLines.prefix(10).map(String.init).joined(separator: ", ") + (scan.invalidLines.count > 10 ? ", …" : "")
            self.init(
                text: String(decoding: body, as: UTF8.self), encoding: bytes.starts(with: bom) ? .utf8WithBOM : .utf8,
                warnings: [
                    "\(scan.invalidLines.count) line\(scan.invalidLines.count == 1 ? "" : "s") with a byte that is not UTF-8 (line\(scan.invalidLines.count == 1 ? "" : "s") \(lines)): replaced by \u{FFFD} there; check those records"
                ])
            return
        }
        let text =
            String(bytes: body, encoding: .windowsCP1252)
            ?? String(String.UnicodeScalarView(body.map { Unicode.Scalar($0) }))
        let line = Self.firstInvalidLine(body)
        self.init(
            text: text, encoding: .latin1,
            warnings: ["not UTF-8 (first at line \(line)): read as Latin-1 (Windows-1252); check accented names, and save as UTF-8 next time"])
    }

    /// The lines holding bytes that are not UTF-8, and how many valid multi-byte characters there are.
    static func scan(_ bytes: Data) -> (invalidLines: [Int], multiByte: Int) {
        var invalid: [Int] = []
        var multiByte = 0
        var line = 1
        let raw = [UInt8](bytes)
        var index = 0
        while index < raw.count {
            let byte = raw[index]
            if byte == 0x0A { line += 1 }
            if byte < 0x80 { index += 1; continue }
            let length = byte >= 0xF8 ? 0 : byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC2 ? 2 : 0
            var valid = length > 0 && index + length <= raw.count
            if valid { for offset in 1..<length where raw[index + offset] & 0xC0 != 0x80 { valid = false } }
            if valid {
                multiByte += 1
                index += length
            } else {
                if invalid.last != line { invalid.append(line) }
                index += 1
            }
        }
        return (invalid, multiByte)
    }

    /// The line of the first byte that is not valid UTF-8.
    static func firstInvalidLine(_ bytes: Data) -> Int {
        var line = 1
        var index = bytes.startIndex
        while index < bytes.endIndex {
            let byte = bytes[index]
            if byte == 0x0A { line += 1 }
            if byte < 0x80 { index += 1; continue }
            let length = byte >= 0xF0 ? 4 : byte >= 0xE0 ? 3 : byte >= 0xC0 ? 2 : 0
            let end = bytes.index(index, offsetBy: length, limitedBy: bytes.endIndex) ?? bytes.endIndex
            guard length > 0, end <= bytes.endIndex, String(bytes: bytes[index..<end], encoding: .utf8) != nil else { return line }
            index = end
        }
        return line
    }
}
