import BebackText
import Foundation

/// An import file opened for reading: CSV or vCard (told by its content, else its extension), its
/// encoding, its column mapping, and its records one at a time as lead fields.
public final class LeadFileReader {
    /// The kinds of file the importer reads.
    public enum Format: String, Sendable {
        case csv
        case vcard
    }

    public let format: Format
    public let encoding: DecodedText.Encoding
    public let warnings: [String]
    public let mapping: HeaderMapping
    /// The delimiter of a CSV file.
    public let delimiter: Unicode.Scalar?
    /// Physical lines in the file, for progress.
    public let totalLines: Int
    /// Records that could not be read at all (a vCard that never ends).
    public let unreadable: [RowRejection]
    private let csv: CSVLeadReader?
    private var cards: IndexingIterator<[SourceRecord]>
    private var lastLine = 0

    /// Opens a file's bytes; `name` is the file's name (for its extension).
    public init(name: String, bytes: Data, overrides: [ColumnOverride] = []) throws(ExchangeError) {
        let decoded = DecodedText(bytes: bytes)
        encoding = decoded.encoding
        warnings = decoded.warnings
        let lowered = name.lowercased()
        let isVCard = VCardParser.looksLikeVCard(decoded.text) || lowered.hasSuffix(".vcf") || lowered.hasSuffix(".vcard")
        if isVCard {
            guard overrides.isEmpty else { throw ExchangeError("--map applies to CSV files; a vCard's fields are mapped by their property names") }
            format = .vcard
            let (records, rejects) = VCardLeadReader.records(decoded.text)
            guard !records.isEmpty || !rejects.isEmpty else { throw ExchangeError("no vCard in the file (it should hold BEGIN:VCARD ... END:VCARD)") }
            mapping = VCardLeadReader.mapping
            unreadable = rejects
            cards = records.makeIterator()
            csv = nil
            delimiter = nil
            totalLines = CSVLeadReader.countLines(decoded.text)
        } else {
            format = .csv
            let reader = try CSVLeadReader(text: decoded.text)
            mapping = try HeaderMapping(header: reader.header, overrides: overrides)
            try mapping.checkUsable()
            csv = reader
            delimiter = reader.delimiter
            totalLines = reader.totalLines
            unreadable = []
            cards = [SourceRecord]().makeIterator()
        }
    }

    /// The next record as lead fields, or nil at the end.
    public func next() -> RawLead? {
        guard let record = csv?.next() ?? cards.next() else {
            lastLine = totalLines
            return nil
        }
        lastLine = record.line
        return mapping.extract(record)
    }

    /// How far reading has come, in physical lines.
    public var linesRead: Int { csv.map { $0.nextLine - 1 } ?? lastLine }

    /// The header written at the top of the reject file (after `Line` and `Reason`).
    public var rejectHeader: [String] { mapping.header }

    /// `CSV, comma-separated, UTF-8 with byte-order mark` and the like, for the mapping printout.
    public var summary: String {
        switch format {
        case .csv: return "CSV, \(DelimiterDetector.name(delimiter ?? ","))-separated, \(encoding.rawValue)"
        case .vcard: return "vCard, \(encoding.rawValue)"
        }
    }
}
