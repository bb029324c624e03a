extension JournalScan {
    /// Continues a scan over only the bytes appended after `resume.validEnd`, without reading the file
    /// from its start: `tail` holds the file's bytes from `base` (= `resume.validEnd`) on. Offsets in the
    /// result are file offsets, exactly as a scan of the whole file would give them.
    public static func scanTail(_ tail: UnsafeRawBufferPointer, from base: Int, resume: JournalScan) -> JournalScan {
        guard resume.header != nil else { return resume }
        var relative = resume
        relative.records = []
        relative.tornTail = nil
        relative.validEnd = 0
        let known = resume.problems.count
        var scan = Self.scan(tail, startingAt: 0, resume: relative)
        scan.validEnd += base
        scan.tornTail = scan.tornTail.map { ($0.lowerBound + base)..<($0.upperBound + base) }
        for index in scan.records.indices {
            scan.records[index].offset += base
            scan.records[index].payload = (scan.records[index].payload.lowerBound + base)..<(scan.records[index].payload.upperBound + base)
        }
        for index in scan.problems.indices.dropFirst(known) { scan.problems[index].offset += base }
        return scan
    }
}
