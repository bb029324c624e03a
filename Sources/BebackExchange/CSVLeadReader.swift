import CSV
import Foundation

/// Reads the records of a CSV file as spreadsheets and CRMs write it (RFC 4180 quoting, quoted
/// newlines, CRLF or LF, comma, semicolon or tab), with yaslab/CSV.swift doing the parsing.
/// It knows the physical line each record starts on, for messages and the reject file.
public final class CSVLeadReader {
    public let delimiter: Unicode.Scalar
    /// The header row, as read.
    public let header: [String]
    /// The number of physical lines in the text (for progress).
    public let totalLines: Int
    /// The physical line the next record starts on.
    public private(set) var nextLine: Int
    private let reader: CSVReader

    /// Opens decoded text; detects the delimiter unless one is given. Throws when there is no header row.
    public init(text: String, delimiter: Unicode.Scalar? = nil) throws(ExchangeError) {
        let chosen = delimiter ?? DelimiterDetector.detect(text)
        self.delimiter = chosen
        totalLines = Self.countLines(text)
        do {
            reader = try CSVReader(string: text, hasHeaderRow: false, trimFields: false, delimiter: chosen)
        } catch {
            throw ExchangeError("cannot read as CSV: \(error)")
        }
        guard let first = reader.next(), !(first.count == 1 && first[0].trimmingCharacters(in: .whitespaces).isEmpty) else {
            throw ExchangeError("line 1: no header row (the first line should name the columns)")
        }
        header = first.map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }
        nextLine = 1 + Self.lineCount(of: first)
    }

    /// The next record, or nil at the end of the file.
    public func next() -> SourceRecord? {
        guard let fields = reader.next() else { return nil }
        let record = SourceRecord(line: nextLine, fields: fields)
        nextLine += Self.lineCount(of: fields)
        return record
    }

    /// Physical lines a record took: its line end plus the line breaks inside its quoted fields.
    static func lineCount(of fields: [String]) -> Int {
        var lines = 1
        for field in fields {
            guard field.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { continue }
            lines += breaks(in: field)
        }
        return lines
    }

    /// Line breaks in text: CR LF, a lone LF and a lone CR each count once.
    static func breaks(in text: String) -> Int {
        var count = 0
        var previousCR = false
        for byte in text.utf8 {
            if byte == 0x0D { count += 1; previousCR = true; continue }
            if byte == 0x0A, !previousCR { count += 1 }
            previousCR = false
        }
        return count
    }

    static func countLines(_ text: String) -> Int {
        let breaks = breaks(in: text)
        return text.utf8.last.map { $0 == 0x0A || $0 == 0x0D } ?? true ? breaks : breaks + 1
    }
}
