import Foundation

/// Writes rows as RFC 4180 CSV text: a field holding the delimiter, a quote, CR or LF is put in
/// quotes with its quotes doubled; rows end with CR LF. (CSV.swift's writer does the same, one byte
/// at a time through an OutputStream, which made a 100,000-lead export take seconds longer; the
/// tests read every exported file back with CSV.swift's reader.)
public enum CSVTextWriter {
    /// The CSV text of `rows`, each row ended with CR LF.
    public static func write(_ rows: [[String]], delimiter: Character = ",") -> String {
        var text = ""
        text.reserveCapacity(rows.count * 128)
        for row in rows {
            for (index, field) in row.enumerated() {
                if index > 0 { text.append(delimiter) }
                append(field, to: &text, delimiter: delimiter)
            }
            text += "\r\n"
        }
        return text
    }

    /// One field, quoted when it must be.
    static func append(_ field: String, to text: inout String, delimiter: Character) {
        let delimiterByte = delimiter.asciiValue ?? UInt8(ascii: ",")
        let needsQuotes = field.utf8.contains { $0 == UInt8(ascii: "\"") || $0 == 0x0D || $0 == 0x0A || $0 == delimiterByte }
        guard needsQuotes else {
            text += field
            return
        }
        text.append("\"")
        text += field.utf8.contains(UInt8(ascii: "\"")) ? field.replacingOccurrences(of: "\"", with: "\"\"") : field
        text.append("\"")
    }
}
