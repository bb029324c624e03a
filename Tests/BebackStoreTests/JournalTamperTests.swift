import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// A journal of `count` captured leads, and its lines (header first).
func journalLines(count: Int = 6) throws -> (folder: DeskFolder, path: String, lines: [[UInt8]]) {
    let folder = try DeskFolder.create(at: Fixtures.temporaryFolder("tamper").appendingPathComponent("desk"))
    _ = try FileEventStore(folder: folder).append(try sampleEvents(count: count), to: .rep("ann"))
    let path = folder.journalPath(.rep("ann"))
    return (folder, path, try lines(of: path))
}

func lines(of path: String) throws -> [[UInt8]] {
    let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
    return bytes.split(separator: 0x0A, omittingEmptySubsequences: false).dropLast().map { Array($0) + [0x0A] }
}

func write(_ lines: [[UInt8]], to path: String) throws {
    try Data(lines.flatMap { $0 }).write(to: URL(fileURLWithPath: path))
}

/// A record line re-made with a valid checksum, as someone editing history with the format at hand would.
func forged(sequence: UInt64, previous: UInt64, payload: [UInt8], salt: UInt64) -> [UInt8] {
    JournalFormat.record(sequence: sequence, previous: previous, salt: salt, payload: payload)
}

@Suite("verify: every kind of tampering is found, with the first place history changed")
struct JournalTamperTests {
    private func fields(_ line: [UInt8]) -> (sequence: UInt64, previous: UInt64, payload: [UInt8]) {
        let text = String(decoding: line, as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 5)
        return (UInt64(parts[1], radix: 16)!, UInt64(parts[4], radix: 16)!, Array(line[JournalFormat.recordHeaderLength..<(line.count - 1)]))
    }

    private func offset(of index: Int, in lines: [[UInt8]]) -> Int { lines[..<index].reduce(0) { $0 + $1.count } }

    @Test("a healthy journal passes, with its summary")
    func healthy() throws {
        let (folder, _, _) = try journalLines()
        let report = try DeskVerifier.verify(folder)
        #expect(report.passed)
        #expect(report.records == 6)
        #expect(report.leads == 6)
        #expect(report.reps == ["ann"])
        #expect(report.firstEntry != nil && report.lastEntry! > report.firstEntry!)
    }

    @Test("an edited payload with a fixed checksum is caught by the chain at the next record")
    func editedPayload() throws {
        var (folder, path, lines) = try journalLines()
        let header = try #require(JournalScan.parseHeader(lines[0].withUnsafeBytes { $0 }))
        let edited = fields(lines[3])
        let payload = Array(String(decoding: edited.payload, as: UTF8.self).replacingOccurrences(of: "Lead 2", with: "Lead X").utf8)
        #expect(payload != edited.payload)
        lines[3] = forged(sequence: edited.sequence, previous: edited.previous, payload: payload, salt: header.salt)
        try write(lines, to: path)
        let report = try DeskVerifier.verify(folder)
        #expect(!report.passed)
        #expect(report.problems.map(\.problem.kind) == [.chainBroken])
        #expect(report.problems.first?.problem.offset == offset(of: 4, in: lines))
        #expect(report.problems.first?.problem.detail.contains("the record at offset \(offset(of: 3, in: lines))") == true)
    }

    @Test("a deleted record shows as a sequence gap and a broken chain where it was")
    func deletedRecord() throws {
        var (folder, path, lines) = try journalLines()
        let removedAt = offset(of: 3, in: lines)
        lines.remove(at: 3)
        try write(lines, to: path)
        let report = try DeskVerifier.verify(folder)
        #expect(!report.passed)
        #expect(Set(report.problems.map(\.problem.kind)) == [.chainBroken, .sequenceGap])
        #expect(report.problems.allSatisfy { $0.problem.offset == removedAt })
        #expect(report.problems.contains { $0.problem.detail.contains("skips ahead") })
    }

    @Test("an inserted record with a valid checksum and chain link is caught at the record after it")
    func insertedRecord() throws {
        var (folder, path, lines) = try journalLines()
        let header = try #require(JournalScan.parseHeader(lines[0].withUnsafeBytes { $0 }))
        let previousLine = lines[2]
        let chain = previousLine.withUnsafeBytes { ChainHash.update(ChainHash.seed, $0) }
        let payload = fields(lines[2]).payload
        lines.insert(forged(sequence: fields(lines[2]).sequence + 1, previous: chain, payload: payload, salt: header.salt), at: 3)
        try write(lines, to: path)
        let report = try DeskVerifier.verify(folder)
        #expect(!report.passed)
        let after = offset(of: 4, in: lines)
        #expect(report.problems.contains { $0.problem.kind == .chainBroken && $0.problem.offset == after })
        #expect(report.problems.contains { $0.problem.kind == .sequenceGap && $0.problem.detail.contains("repeats") })
        #expect(!report.duplicates.isEmpty)
    }

    @Test("reordered records are caught at the first one out of place")
    func reordered() throws {
        var (folder, path, lines) = try journalLines()
        lines.swapAt(3, 4)
        try write(lines, to: path)
        let report = try DeskVerifier.verify(folder)
        #expect(!report.passed)
        let first = try #require(report.problems.map(\.problem).min { $0.offset < $1.offset })
        #expect(first.offset == offset(of: 3, in: lines))
        #expect(report.problems.contains { $0.problem.kind == .chainBroken })
        #expect(report.problems.contains { $0.problem.kind == .sequenceGap })
    }

    @Test("a flipped byte is a corrupt record with its offset, and the desk is read-only")
    func flippedByte() throws {
        var (folder, path, lines) = try journalLines()
        lines[2][70] ^= 0x01
        try write(lines, to: path)
        let report = try DeskVerifier.verify(folder)
        #expect(report.problems.first?.problem.kind == .corruptRecord)
        #expect(report.problems.first?.problem.offset == offset(of: 2, in: lines))
        let store = try FileEventStore(folder: folder)
        let load = try store.loadDesk(appVersion: "test")
        #expect(load.problems.first?.problem.offset == offset(of: 2, in: lines))
        #expect(store.readOnlyReason(for: .rep("ann"))?.contains("offset \(offset(of: 2, in: lines))") == true)
        #expect(load.snapshot(appVersion: "test") == nil)
    }
}
