import Foundation

/// The reject file of an import: every record that was not imported, with the line it starts on and
/// the reason, then its cells as read. Cells are neutralised for spreadsheets; the `Line` and
/// `Reason` columns are ignored by the importer, so a fixed reject file can be imported again.
public enum RejectFile {
    /// Where the reject file of `input` goes by default: `leads.csv` gives `leads.rejects.csv` beside it.
    public static func defaultPath(for input: String) -> String {
        let url = URL(fileURLWithPath: input)
        let base = url.deletingPathExtension().lastPathComponent
        return url.deletingLastPathComponent().appendingPathComponent(base + ".rejects.csv").path
    }

    /// The CSV text of the rejects, in line order.
    public static func contents(header: [String], rejects: [RowRejection]) throws(ExchangeError) -> String {
        let rows =
            [["Line", "Reason"] + header]
            + rejects.sorted { $0.line < $1.line }.map { rejection in
                [String(rejection.line), SpreadsheetSafety.neutralize(rejection.reason)] + rejection.cells.map(SpreadsheetSafety.neutralize)
            }
        return CSVTextWriter.write(rows)
    }
}
