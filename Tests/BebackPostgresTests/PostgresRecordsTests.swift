import BebackStore
import Foundation
import Testing
#if Postgres
    @testable import BebackPostgres
#endif

/// The journal cursor's step for a new record (`JournalCursor.append(payload:)`), which hashes the
/// record's line piece by piece: the same record, chain and end as the file format's own line gives.
@Suite("A journal cursor's new records")
struct PostgresRecordsTests {
    #if Postgres
        @Test("appending payloads of every length gives the records, chain hashes and offsets of the file format's lines")
        func appendMatchesTheFileFormat() {
            let header = JournalFormat.header(salt: 0x0123_4567_89AB_CDEF, name: "rep-ann.journal", created: Date(timeIntervalSince1970: 1_790_000_000))
            var appending = JournalCursor(salt: 0x0123_4567_89AB_CDEF, header: header)
            var checking = appending
            var file = header
            var random = SystemRandomNumberGenerator()
            for length in Array(2...300) + [4_095, 4_096, 65_537] {
                let payload = (0..<length).map { _ in UInt8.random(in: 0...255, using: &random) }
                let record = appending.append(payload: payload)
                let line = JournalFormat.record(sequence: record.sequence, previous: record.previous, salt: 0x0123_4567_89AB_CDEF, payload: payload)
                #expect(record.offset == file.count)
                file += line
                #expect(checking.advance(over: record).isEmpty)
                #expect(appending.nextPrevious == checking.nextPrevious)
                #expect(appending.nextPrevious == ChainHash.hash(line))
                #expect(appending.end == file.count && appending.lastSequence == record.sequence)
            }
            let scan = JournalScan.scan(file)
            #expect(scan.problems.isEmpty && scan.tornTail == nil)
            #expect(scan.records.count == 302)
        }
    #endif
}
