import BebackTestSupport
import Foundation
import Testing

@testable import BebackStore

/// A journal checked a window at a time finds exactly what a scan of the whole file finds: the same
/// records, problems, torn tail, sequence and chain, whatever damage the file holds and wherever the
/// windows' edges fall.
@Suite("Journal scanned a window at a time")
struct JournalWindowScanTests {
    /// A journal of `count` records of varying length (some cross pages), written by the real writer.
    func journal(records count: Int) throws -> [UInt8] {
        let disk = SimulatedDisk()
        let writer = JournalWriter(path: NumberedPayloads.path, name: "rep-ann.journal", fileSystem: disk)
        for number in 0..<count { try writer.append([NumberedPayloads.payload(number)]) }
        return disk.contents(NumberedPayloads.path) ?? []
    }

    /// Scans `bytes` written to a file both ways and records any difference.
    func expectSameScan(_ bytes: [UInt8], window: Int, what: String) throws {
        let path = NSTemporaryDirectory() + "beback-window-\(UUID().uuidString).journal"
        _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let whole = JournalScan.scan(bytes)
        var visited: [Int] = []
        var payloadsMatch = true
        let windowed = try JournalWindowScan.scan(path, window: window) { record, payload in
            visited.append(record.offset)
            if Array(payload) != Array(bytes[record.payload]) { payloadsMatch = false }
        }
        #expect(visited == whole.records.map(\.offset), "\(what): records")
        #expect(payloadsMatch, "\(what): payload bytes")
        #expect(windowed.problems == whole.problems, "\(what): problems")
        #expect(windowed.tornTail == whole.tornTail, "\(what): torn tail")
        #expect(windowed.validEnd == whole.validEnd, "\(what): valid end")
        #expect(windowed.lastSequence == whole.lastSequence, "\(what): last sequence")
        #expect(windowed.nextPrevious == whole.nextPrevious, "\(what): chain")
        #expect(windowed.recordCount == whole.records.count, "\(what): count")
        #expect(windowed.header == whole.header, "\(what): header")
    }

    @Test("an undamaged journal, several window sizes")
    func undamaged() throws {
        let bytes = try journal(records: 300)
        #expect(bytes.count > 8 * 4096)
        for window in [4096, 5000, 65536, 1 << 20] { try expectSameScan(bytes, window: window, what: "window \(window)") }
    }

    @Test("random damage: flips, cuts, zeroed runs, garbage and a missing record give the same findings")
    func damaged() throws {
        let original = try journal(records: 200)
        let records = JournalScan.scan(original).records
        var random = SplitMix(seed: 20_261_207)
        for trial in 0..<60 {
            var bytes = original
            let what: String
            switch trial % 5 {
            case 0:
                let at = Int.random(in: 0..<bytes.count, using: &random)
                bytes[at] ^= UInt8(1 << Int.random(in: 0..<8, using: &random))
                what = "bit flip at \(at)"
            case 1:
                let cut = Int.random(in: 0..<bytes.count, using: &random)
                bytes = Array(bytes[0..<cut])
                what = "cut at \(cut)"
            case 2:
                let start = Int.random(in: 0..<bytes.count, using: &random)
                let end = min(bytes.count, start + Int.random(in: 1...9000, using: &random))
                for index in start..<end { bytes[index] = 0 }
                what = "zeroed \(start)..<\(end)"
            case 3:
                let at = records[Int.random(in: 0..<records.count, using: &random)].offset
                let garbage = (0..<Int.random(in: 1...12000, using: &random)).map { _ in UInt8.random(in: 0...255, using: &random) }
                bytes.insert(contentsOf: garbage, at: at)
                what = "\(garbage.count) bytes of garbage at \(at)"
            default:
                let record = records[Int.random(in: 1..<records.count, using: &random)]
                bytes.removeSubrange(record.offset..<(record.payload.upperBound + 1))
                what = "record at \(record.offset) removed"
            }
            try expectSameScan(bytes, window: [4096, 6000, 20000][trial % 3], what: what)
        }
    }

    @Test("a missing or empty file is an empty scan")
    func missingAndEmpty() throws {
        let missing = try JournalWindowScan.scan("/nonexistent/beback-\(UUID().uuidString)") { _, _ in }
        #expect(missing.header == nil && missing.recordCount == 0 && missing.problems.isEmpty)
        try expectSameScan([], window: 4096, what: "empty")
    }
}
