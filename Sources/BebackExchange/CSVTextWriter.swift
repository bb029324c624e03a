import CSV
import Foundation

/// Writes rows as RFC 4180 CSV text with yaslab/CSV.swift's writer: fields holding the delimiter,
/// a quote or a line break are quoted, quotes doubled, rows ended with CR LF.
public enum CSVTextWriter {
    /// The CSV text of `rows`, each row ended with CR LF.
    public static func write(_ rows: [[String]], delimiter: String = ",") throws(ExchangeError) -> String {
        guard !rows.isEmpty else { return "" }
        do {
            let stream = OutputStream.toMemory()
            let writer = try CSVWriter(stream: stream, delimiter: delimiter, newline: .crlf)
            for row in rows { try writer.write(row: row) }
            stream.close()
            guard let data = stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data else {
                throw ExchangeError("cannot collect the CSV text")
            }
            return String(decoding: data, as: UTF8.self) + "\r\n"
        } catch let error as ExchangeError {
            throw error
        } catch {
            throw ExchangeError("cannot write CSV: \(error)")
        }
    }
}
