import BebackCodec
import BebackDomain
import BebackStore

/// libFuzzer's entry point: the input is a whole journal file. The scanner must never trap, and
/// every record it accepts goes through the fast event decoder (which must never trap either).
/// The scan is also checked against itself: resuming after the first half must give the same result.
@_cdecl("LLVMFuzzerTestOneInput")
public func journalReaderFuzz(_ data: UnsafePointer<UInt8>?, _ size: Int) -> Int32 {
    let bytes = UnsafeRawBufferPointer(start: size == 0 ? nil : data, count: size)
    let scan = JournalScan.scan(bytes)
    for record in scan.records {
        precondition(record.payload.upperBound < size, "record payload runs past the input")
        _ = try? EventCodec.decode(UnsafeRawBufferPointer(rebasing: bytes[record.payload]))
    }
    precondition(scan.validEnd <= size, "valid end past the input")
    if let torn = scan.tornTail { precondition(torn.upperBound == size && torn.lowerBound >= scan.validEnd, "torn tail out of range") }
    // Resuming a scan where a scan of the first half stopped reads the same records as one scan.
    let prefix = JournalScan.scan(UnsafeRawBufferPointer(rebasing: bytes[0..<(size / 2)]), keepRecords: false)
    if scan.problems.isEmpty, prefix.problems.isEmpty, prefix.header != nil {
        var resume = prefix
        resume.tornTail = nil
        let resumed = JournalScan.scan(bytes, startingAt: prefix.validEnd, resume: resume, keepRecords: false)
        precondition(resumed.recordCount == scan.recordCount && resumed.validEnd == scan.validEnd
                     && resumed.lastSequence == scan.lastSequence && resumed.nextPrevious == scan.nextPrevious
                     && resumed.tornTail == scan.tornTail, "a resumed scan differs from a whole scan")
    }
    // The whole input as one event payload: the decoder on hostile JSON.
    _ = try? EventCodec.decode(bytes)
    return 0
}
