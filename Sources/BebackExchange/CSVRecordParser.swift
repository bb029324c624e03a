/// Splits CSV text into records on its UTF-8 bytes, with the rules of yaslab/CSV.swift's
/// `CSVReader` (not trimming) kept byte for byte, so that an import reads what it read with the
/// library, many times faster. The delimiter is one ASCII byte other than a quote or line break
/// (other delimiters go to the library). The rules, as the library has them:
/// - a record ends at CR LF, a lone LF or a lone CR outside quotes, or at the end of the text;
/// - a field that starts with `"` is quoted: `""` inside it is one `"`, and it ends at a `"`
///   followed by the delimiter, a line break or the end; a `"` followed by anything else keeps the
///   `"`, drops the character after it, and the field goes on (still quoted);
/// - a `"` inside an unquoted field is plain text; a delimiter at the end gives an empty last field;
/// - an empty line is a record of one empty field; nothing after the last line break is no record.
final class CSVRecordParser {
    private static let quote = UInt8(ascii: "\"")
    private static let cr: UInt8 = 0x0D
    private static let lf: UInt8 = 0x0A

    private let bytes: [UInt8]
    private let delimiter: UInt8
    private var position = 0
    /// The fields the last record had (the next record reserves as many).
    private var width = 0
    /// The physical lines the last record took: its line end and the line breaks inside its quoted
    /// fields (CR LF, a lone LF and a lone CR once each), as `CSVLeadReader.lineCount` counts them.
    private(set) var lines = 1

    /// A parser of `text`, or nil when the delimiter is not one this parser handles.
    init?(text: String, delimiter: Unicode.Scalar) {
        guard delimiter.isASCII, delimiter != "\"", delimiter != "\r", delimiter != "\n" else { return nil }
        self.delimiter = UInt8(delimiter.value)
        bytes = Array(text.utf8)
    }

    /// The next record's fields, or nil at the end of the text.
    func next() -> [String]? {
        bytes.withUnsafeBufferPointer { buffer in
            guard position < buffer.count else { return nil }
            lines = 1
            var row: [String] = []
            row.reserveCapacity(width)
            while true {
                guard position < buffer.count else {
                    // The text ends right after a delimiter: an empty last field.
                    row.append("")
                    break
                }
                let (field, ends): (String, Bool)
                if buffer[position] == Self.quote {
                    position += 1
                    (field, ends) = quotedField(buffer)
                } else {
                    (field, ends) = plainField(buffer)
                }
                row.append(field)
                if ends { break }
            }
            width = row.count
            return row
        }
    }

    /// An unquoted field from `position`: up to the delimiter (false) or the record's end (true).
    private func plainField(_ buffer: UnsafeBufferPointer<UInt8>) -> (String, Bool) {
        let start = position
        while position < buffer.count {
            let byte = buffer[position]
            if byte == Self.cr || byte == Self.lf {
                let field = Self.text(buffer, start..<position)
                position += 1
                skipLineFeed(after: byte, buffer)
                return (field, true)
            }
            if byte == delimiter {
                let field = Self.text(buffer, start..<position)
                position += 1
                return (field, false)
            }
            position += 1
        }
        return (Self.text(buffer, start..<position), true)
    }

    /// A quoted field from just after its opening quote.
    private func quotedField(_ buffer: UnsafeBufferPointer<UInt8>) -> (String, Bool) {
        var start = position
        // The field's bytes so far, once a `""` or a stray quote made it more than one run.
        var pieces: [UInt8]?
        func field(upTo end: Int) -> String {
            guard var collected = pieces else { return Self.text(buffer, start..<end) }
            collected.append(contentsOf: buffer[start..<end])
            return String(decoding: collected, as: UTF8.self)
        }
        while position < buffer.count {
            let byte = buffer[position]
            position += 1
            guard byte == Self.quote else {
                // The bytes before this one in the text are the field's too, or its opening quote.
                if byte == Self.cr || (byte == Self.lf && buffer[position - 2] != Self.cr) { lines += 1 }
                continue
            }
            let quoteAt = position - 1
            guard position < buffer.count else { return (field(upTo: quoteAt), true) }
            let after = buffer[position]
            position += 1
            if after == Self.cr || after == Self.lf {
                skipLineFeed(after: after, buffer)
                return (field(upTo: quoteAt), true)
            }
            if after == delimiter { return (field(upTo: quoteAt), false) }
            var collected = pieces ?? []
            collected.append(contentsOf: buffer[start..<quoteAt])
            collected.append(Self.quote)
            if after != Self.quote {
                // The library keeps the quote and drops the character after it: all of its bytes.
                while position < buffer.count, buffer[position] & 0xC0 == 0x80 { position += 1 }
            }
            pieces = collected
            start = position
        }
        return (field(upTo: buffer.count), true)
    }

    /// Steps over the LF of a CR LF pair.
    private func skipLineFeed(after byte: UInt8, _ buffer: UnsafeBufferPointer<UInt8>) {
        if byte == Self.cr, position < buffer.count, buffer[position] == Self.lf { position += 1 }
    }

    private static func text(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> String {
        String(decoding: UnsafeBufferPointer(rebasing: buffer[range]), as: UTF8.self)
    }
}
