/// One record as an import file's reader gave it: the record, whether it is a report's footer (read
/// as a blank line), and how many physical lines were read once it was (for progress).
struct ReadRecord: Sendable {
    var record: SourceRecord
    var isFooter: Bool
    var linesRead: Int

    /// The record's values by lead field.
    func lead(_ mapping: HeaderMapping) -> RawLead {
        var raw = mapping.extract(record)
        if isFooter { raw.isBlank = true }
        return raw
    }
}
