import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("salvage: every valid record into a new journal, the original kept")
struct JournalSalvageTests {
    @Test("mid-file damage: valid records kept byte for byte, skipped spans listed, original kept, new journal verifies")
    func midFileDamage() throws {
        var (folder, path, lines) = try journalLines(count: 10)
        // A newer beback's entry in the middle: it must come through untouched.
        let header = try #require(JournalScan.parseHeader(lines[0].withUnsafeBytes { $0 }))
        let future = Array(
            "{\"at\":1790000000,\"body\":{\"x\":[1,2]},\"by\":\"ann\",\"id\":\"f-1\",\"kind\":\"hologram-call\",\"lead\":\"k7q2m\",\"v\":1}".utf8)
        lines.insert(forged(sequence: 99, previous: 0, payload: future, salt: header.salt), at: 6)
        var offsets: [Int] = []
        var position = 0
        for line in lines { offsets.append(position); position += line.count }
        lines[3][60] ^= 0x08
        lines[8][JournalFormat.recordHeaderLength + 5] ^= 0x40
        try write(lines, to: path)
        let damaged = try Data(contentsOf: URL(fileURLWithPath: path))
        let before = try DeskVerifier.verify(folder)
        #expect(!before.passed)

        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let report = try JournalSalvage.salvage(path: path, at: at)
        #expect(report.kept == 9)
        #expect(report.description.hasPrefix("rep-ann.journal: kept 9 records, skipped 2 damaged spans"), "\(report)")
        #expect(report.skipped == [offsets[3]..<offsets[4], offsets[8]..<offsets[9]])
        #expect(report.description.contains("skipped 2 damaged spans (\(lines[3].count) bytes at \(offsets[3]), \(lines[8].count) bytes at \(offsets[8]))"))
        let kept = try #require(report.originalKeptAt)
        #expect(kept == path + ".damaged-1800000000")
        #expect(try Data(contentsOf: URL(fileURLWithPath: kept)) == damaged)

        let after = try DeskVerifier.verify(folder)
        #expect(after.passed, "\(after.problems)")
        #expect(after.records == 10)
        #expect(after.unknownKinds == 2)
        let newLines = try BebackStoreTests.lines(of: path)
        let payloads = newLines.dropFirst().map { Array($0[JournalFormat.recordHeaderLength..<($0.count - 1)]) }
        let expected = [1, 2, 4, 5, 6, 7, 9, 10].map { Array(lines[$0][JournalFormat.recordHeaderLength..<(lines[$0].count - 1)]) }
        #expect(Array(payloads.prefix(8)) == expected)
        #expect(payloads.contains(future))
        let note = String(decoding: payloads.last!, as: UTF8.self)
        #expect(note.contains("\"kind\":\"salvaged\""))
        #expect(note.contains("{\"bytes\":\(lines[3].count),\"offset\":\(offsets[3])}"))
        #expect(note.contains("rep-ann.journal.damaged-1800000000"))
        #expect(try FileEventStore(folder: folder).loadDesk(appVersion: "test").problems.isEmpty)
    }

    @Test("a removed record (chain and sequence broken, no bad bytes): renumbered and re-chained, said so, original kept")
    func tamperedOnly() throws {
        var (folder, path, lines) = try journalLines(count: 6)
        lines.remove(at: 2)
        try write(lines, to: path)
        let report = try JournalSalvage.salvage(path: path)
        #expect(report.kept == 5)
        #expect(report.skipped.isEmpty)
        #expect(report.originalKeptAt != nil)
        #expect(report.description.contains("no damaged bytes (its sequence or hash chain was broken: renumbered and re-chained)"))
        #expect(try DeskVerifier.verify(folder).passed)
        let note = String(decoding: try #require(try BebackStoreTests.lines(of: path).last), as: UTF8.self)
        #expect(note.contains("\"by\":\"ann\""), "written in the journal owner's name")
    }

    @Test("a journal without damage is left alone")
    func noDamage() throws {
        let (_, path, _) = try journalLines(count: 4)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let report = try JournalSalvage.salvage(path: path)
        #expect(report.originalKeptAt == nil)
        #expect(report.kept == 4)
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("a torn tail after damage is skipped and listed too; a new journal accepts appends")
    func tornTailToo() throws {
        var (folder, path, lines) = try journalLines(count: 5)
        lines[2][58] ^= 0x02
        lines[5].removeLast(20)
        try write(lines, to: path)
        let report = try JournalSalvage.salvage(path: path)
        #expect(report.kept == 3)
        #expect(report.skipped.count == 2)
        #expect(report.skipped.last?.upperBound == lines.reduce(0) { $0 + $1.count })
        let store = try FileEventStore(folder: folder)
        #expect(try store.loadDesk(appVersion: "test").problems.isEmpty)
        _ = try store.append(try sampleEvents(count: 1, start: 40), to: .rep("ann"))
        #expect(try DeskVerifier.verify(folder).passed)
    }
}
