import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("Journal records: framing, checksums, torn tails, corruption")
struct JournalFormatTests {
    func journal(records count: Int) throws -> (path: String, bytes: [UInt8]) {
        let folder = Fixtures.temporaryFolder()
        let path = folder.appendingPathComponent("rep-ann.journal").path
        let writer = JournalWriter(path: path, name: "rep-ann.journal")
        for index in 0..<count {
            try writer.append([Array(#"{"n":\#(index)}"#.utf8)])
        }
        return (path, try Array(Data(contentsOf: URL(fileURLWithPath: path))))
    }

    @Test("a record is one readable line: header fields then the JSON payload")
    func readableLines() throws {
        let (_, bytes) = try journal(records: 2)
        let lines = String(decoding: bytes, as: UTF8.self).split(separator: "\n")
        #expect(lines.count == 3)
        #expect(lines[0].hasPrefix("beback-journal 1 "))
        #expect(lines[1].hasPrefix("b1 0000000000000001 00000007 "))
        #expect(lines[1].hasSuffix(#" {"n":0}"#))
        let scan = JournalScan.scan(bytes)
        #expect(scan.records.map(\.sequence) == [1, 2])
        #expect(scan.problems.isEmpty && scan.tornTail == nil)
    }

    @Test("cut at every byte offset, exactly the complete prefix of records is read")
    func truncationAtEveryOffset() throws {
        let (_, bytes) = try journal(records: 6)
        let full = JournalScan.scan(bytes)
        let ends = full.records.map { $0.payload.upperBound + 1 }
        for cut in 0...bytes.count {
            let scan = JournalScan.scan(Array(bytes[0..<cut]))
            let complete = ends.filter { $0 <= cut }.count
            #expect(scan.records.count == complete, "cut at \(cut)")
            #expect(scan.problems.isEmpty, "cut at \(cut): \(scan.problems)")
        }
    }

    @Test("a flipped byte in the middle is reported with its record's offset")
    func flippedByte() throws {
        let (_, original) = try journal(records: 5)
        let scan = JournalScan.scan(original)
        let victim = scan.records[2]
        var bytes = original
        bytes[victim.payload.lowerBound + 3] ^= 0x04
        let damaged = JournalScan.scan(bytes)
        #expect(damaged.problems.first?.kind == .corruptRecord)
        #expect(damaged.problems.first?.offset == victim.offset)
        #expect(damaged.records.map(\.sequence) == [1, 2, 4, 5])
    }

    @Test("an edited record with a recomputed checksum still breaks the hash chain")
    func chainCatchesEdits() throws {
        let (_, original) = try journal(records: 3)
        let scan = JournalScan.scan(original)
        let header = try #require(scan.header)
        let second = scan.records[1]
        let forged = JournalFormat.record(sequence: 2, previous: second.previous, salt: header.salt, payload: Array(#"{"n":9}"#.utf8))
        let bytes = Array(original[0..<second.offset]) + forged + Array(original[(second.payload.upperBound + 1)...])
        let damaged = JournalScan.scan(bytes)
        #expect(damaged.problems.map(\.kind) == [.chainBroken])
        #expect(damaged.problems.first?.offset == scan.records[2].offset)
    }

    @Test("a removed record shows as a sequence gap and a broken chain")
    func removedRecord() throws {
        let (_, original) = try journal(records: 3)
        let scan = JournalScan.scan(original)
        let second = scan.records[1]
        let bytes = Array(original[0..<second.offset]) + Array(original[(second.payload.upperBound + 1)...])
        let kinds = Set(JournalScan.scan(bytes).problems.map(\.kind))
        #expect(kinds == [.chainBroken, .sequenceGap])
    }

    @Test("the writer sets a torn tail aside as a .broken file, cuts it, and appends after the good records")
    func tornTailSetAside() throws {
        let (path, bytes) = try journal(records: 3)
        let garbage = Array("b1 00000000000000".utf8)
        try Data(bytes + garbage).write(to: URL(fileURLWithPath: path))
        #expect(JournalScan.scan(bytes + garbage).tornTail == bytes.count..<(bytes.count + garbage.count))
        let writer = JournalWriter(path: path, name: "rep-ann.journal")
        let appended = try writer.append([Array(#"{"n":3}"#.utf8)])
        #expect(writer.lastTailCheck == .fullScan)
        #expect(appended.first?.sequence == 4)
        let after = JournalScan.scan(try Array(Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(after.records.count == 4)
        #expect(after.problems.isEmpty && after.tornTail == nil)
        let folder = (path as NSString).deletingLastPathComponent
        let broken = try FileManager.default.contentsOfDirectory(atPath: folder).filter { $0.contains(".broken-\(bytes.count)-") }
        #expect(broken.count == 1)
        let kept = try Data(contentsOf: URL(fileURLWithPath: folder).appendingPathComponent(broken[0]))
        #expect(Array(kept) == garbage)
    }

    @Test("the writer's first append reads only the end of the file; mid-file damage is the loading store's to refuse")
    func writerChecksOnlyTheTail() throws {
        let (path, original) = try journal(records: 4)
        let victim = JournalScan.scan(original).records[1]
        var bytes = original
        bytes[victim.payload.lowerBound] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let writer = JournalWriter(path: path, name: "rep-ann.journal")
        let appended = try writer.append([Array("{}".utf8)])
        #expect(writer.lastTailCheck == .lastRecord)
        #expect(appended.first?.sequence == 5)
        let after = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        #expect(Array(after.prefix(bytes.count)) == bytes, "the damaged bytes are left as they were")
        #expect(JournalScan.scan(after).problems.map(\.offset) == [victim.offset])
        #expect(try writer.append([Array("{}".utf8)]).first?.sequence == 6)
        #expect(writer.lastTailCheck == .unchanged)
    }

    @Test("the writer re-reads only what another writer appended since its own last append")
    func writerReadsOnlyOthersAppends() throws {
        let (path, _) = try journal(records: 2)
        let mine = JournalWriter(path: path, name: "rep-ann.journal")
        let theirs = JournalWriter(path: path, name: "rep-ann.journal")
        try mine.append([Array("{}".utf8)])
        try theirs.append([Array("{}".utf8), Array("{}".utf8)])
        #expect(try mine.append([Array("{}".utf8)]).first?.sequence == 6)
        #expect(mine.lastTailCheck == .incremental)
        let scan = JournalScan.scan(try Array(Data(contentsOf: URL(fileURLWithPath: path))))
        #expect(scan.problems.isEmpty && scan.tornTail == nil && scan.recordCount == 6)
    }

    @Test("a record longer than the limit is corruption, not an allocation")
    func oversizedLength() {
        var bytes = JournalFormat.header(salt: 7, name: "x", created: Date(timeIntervalSince1970: 0))
        bytes += Array("b1 0000000000000001 7fffffff 00000000 0000000000000000 {}\n".utf8)
        bytes += JournalFormat.record(sequence: 2, previous: 0, salt: 7, payload: Array("{}".utf8))
        let scan = JournalScan.scan(bytes)
        #expect(scan.problems.first?.kind == .corruptRecord)
        #expect(scan.problems.first?.detail.contains("over the limit") == true)
    }

    @Test("a journal from a newer format version is reported, and the writer will not touch it")
    func newerVersion() throws {
        let folder = Fixtures.temporaryFolder()
        let path = folder.appendingPathComponent("rep-ann.journal").path
        let body = "beback-journal 2 00000000000000aa rep-ann.journal 0"
        let header = "\(body) \(String(format: "%08x", CRC32C.checksum(Array(body.utf8))))\n"
        try Data(header.utf8).write(to: URL(fileURLWithPath: path))
        #expect(JournalScan.scan(Array(header.utf8)).problems.first?.kind == .newerVersion)
        #expect(throws: (any Error).self) { try JournalWriter(path: path, name: "rep-ann.journal").append([Array("{}".utf8)]) }
    }

    @Test("a flipped length bit mid-file is damage at that record, never a torn tail that would cut off the records after it")
    func flippedLengthIsDamage() throws {
        let (_, original) = try journal(records: 5)
        let victim = JournalScan.scan(original).records[1]
        var bytes = original
        bytes[victim.offset + 22] ^= 0x01  // the length's third hex digit: now it runs past the end of the file
        let scan = JournalScan.scan(bytes)
        #expect(scan.tornTail == nil)
        #expect(scan.problems.map(\.offset) == [victim.offset])
        #expect(scan.records.map(\.sequence) == [1, 3, 4, 5])
    }

    @Test("a damaged newline does not hide the record after it")
    func damagedNewline() throws {
        let (_, original) = try journal(records: 5)
        let victim = JournalScan.scan(original).records[1]
        var bytes = original
        bytes[victim.payload.upperBound] ^= 0x40
        let scan = JournalScan.scan(bytes)
        #expect(scan.problems.map(\.offset) == [victim.offset])
        #expect(scan.records.map(\.sequence) == [1, 3, 4, 5])
    }

    @Test("a damaged header line with nothing after it is a header write cut short: a torn tail, not damage")
    func tornHeaderLine() throws {
        var header = JournalFormat.header(salt: 9, name: "rep-ann.journal", created: Date(timeIntervalSince1970: 0))
        header[20] ^= 0x02
        let scan = JournalScan.scan(header)
        #expect(scan.problems.isEmpty)
        #expect(scan.tornTail == 0..<header.count)
        #expect(JournalScan.scan(header + Array("b1 x\n".utf8)).problems.map(\.kind) == [.badHeader])
    }

    @Test("CRC-32C matches the standard check value")
    func crcCheckValue() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum(Array(repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(Array("123456789".utf8).withUnsafeBytes { CRC32C.tableUpdate(0, $0) } == 0xE306_9283)
    }

    @Test("Header hex fields parse eight digits at a time exactly as digit by digit, and refuse any other byte")
    func hexFields() {
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("0123456789abcdef".utf8)
        for _ in 0..<2_000 {
            var text = (0..<16).map { _ in alphabet.randomElement(using: &generator)! }
            let expected = UInt64(String(decoding: text, as: UTF8.self), radix: 16)
            #expect(text.withUnsafeBytes { JournalFormat.parseHex($0, at: 0, digits: 16) } == expected)
            #expect(text.withUnsafeBytes { JournalFormat.parseHex($0, at: 8, digits: 8) } == expected.map { $0 & 0xFFFF_FFFF })
            text[Int.random(in: 0..<16, using: &generator)] = [UInt8(ascii: "A"), 0x2F, 0x3A, 0x60, 0x67, 0x20, 0xFF, 0x00].randomElement(using: &generator)!
            #expect(text.withUnsafeBytes { JournalFormat.parseHex($0, at: 0, digits: 16) } == nil)
        }
        #expect(Array("00ff".utf8).withUnsafeBytes { JournalFormat.parseHex($0, at: 0, digits: 4) } == 255)
    }

    @Test("The CPU's CRC-32C instruction and the tables agree on every length, offset and continuation")
    func crcInstructionMatchesTables() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<4_096).map { _ in UInt8.random(in: 0...255, using: &generator) }
        bytes.withUnsafeBytes { all in
            for start in 0..<9 {
                for length in [0, 1, 3, 7, 8, 9, 15, 16, 17, 63, 255, 1_000, 4_000] where start + length <= all.count {
                    let slice = UnsafeRawBufferPointer(rebasing: all[start..<(start + length)])
                    #expect(CRC32C.update(0, slice) == CRC32C.tableUpdate(0, slice), "start \(start), length \(length)")
                    let half = length / 2
                    let first = UnsafeRawBufferPointer(rebasing: all[start..<(start + half)])
                    let rest = UnsafeRawBufferPointer(rebasing: all[(start + half)..<(start + length)])
                    #expect(CRC32C.update(CRC32C.update(0, first), rest) == CRC32C.tableUpdate(0, slice))
                }
            }
        }
    }
    @Test("Four lines hashed side by side give each line's chain hash, whatever their lengths and order")
    func chainHashFourAtOnce() {
        var generator = SplitMix(seed: 21)
        let bytes = (0..<4_096).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
        bytes.withUnsafeBytes { all in
            for _ in 0..<300 {
                // Lengths from empty to long, some equal, in every order.
                let lines = (0..<4).map { _ -> Range<Int> in
                    let length = [0, 1, 7, 64, 300, 300, Int(generator.next() % 900)][Int(generator.next() % 7)]
                    let start = Int(generator.next() % UInt64(all.count - length))
                    return start..<(start + length)
                }
                let hashes = ChainHash.four(all, (lines[0], lines[1], lines[2], lines[3]))
                let alone = lines.map { ChainHash.update(ChainHash.seed, UnsafeRawBufferPointer(rebasing: all[$0])) }
                #expect([hashes.0, hashes.1, hashes.2, hashes.3] == alone, "\(lines)")
            }
        }
    }

    @Test("A record whose link is forged is found at its own offset (and the next at its) wherever it falls among the lines hashed four at a time")
    func chainBreakAtEveryPlace() throws {
        let (_, original) = try journal(records: 11)
        let scan = JournalScan.scan(original)
        let header = try #require(scan.header)
        for victim in scan.records.indices {
            // The record's prev changed, its checksum made right again: only the chain shows it.
            let record = scan.records[victim]
            let payload = Array(original[record.payload])
            let forged = JournalFormat.record(sequence: record.sequence, previous: record.previous ^ 1, salt: header.salt, payload: payload)
            let bytes = Array(original[0..<record.offset]) + forged + Array(original[(record.payload.upperBound + 1)...])
            let damaged = JournalScan.scan(bytes)
            // It does not follow the one before it, and the one after it (its line changed) does not follow it.
            let breaks = [record.offset] + (victim + 1 < scan.records.count ? [scan.records[victim + 1].offset] : [])
            #expect(damaged.problems.map(\.kind) == breaks.map { _ in .chainBroken }, "record \(victim)")
            #expect(damaged.problems.map(\.offset) == breaks, "record \(victim)")
            // Every record's hash is its own line's, wherever it fell among the four.
            #expect(damaged.records.map(\.chainHash) == damaged.records.map { ChainHash.hash(Array(bytes[$0.offset...$0.payload.upperBound])) })
            #expect(damaged.nextPrevious == damaged.records.last?.chainHash)
        }
    }
}
