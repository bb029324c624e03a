import Foundation

/// An imported file's bytes as text: a UTF-8 byte-order mark dropped, and a file that is not
/// UTF-8 read as Latin-1 (Windows-1252, as spreadsheets write it) with a warning.
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
        let text =
            String(bytes: body, encoding: .windowsCP1252)
            ?? String(String.UnicodeScalarView(body.map { Unicode.Scalar($0) }))
        let line = Self.firstInvalidLine(body)
        self.init(
            text: text, encoding: .latin1,
            warnings: ["not UTF-8 (first at line \(line)): read as Latin-1 (Windows-1252); check accented names, and save as UTF-8 next time"])
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
