import BebackDomain

/// Leads as a CSV file for spreadsheets: one row per lead with its state and next follow-up, every
/// cell neutralised so that a spreadsheet never runs one as a formula.
public enum CSVExporter {
    public static func export(_ leads: [LeadState]) throws(ExchangeError) -> String {
        let rows = [LeadExportRow.csvHeader] + LeadExportRow.ordered(leads).map { LeadExportRow($0).csvCells.map(SpreadsheetSafety.neutralize) }
        return CSVTextWriter.write(rows)
    }
}
