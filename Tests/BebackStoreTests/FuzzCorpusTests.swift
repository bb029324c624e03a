import BebackCodec
import BebackDomain
import BebackStore
import Foundation
import Testing

/// The fuzz target's checks (Fuzz/Sources/JournalReaderFuzz) over the committed seed corpus and every
/// kept crasher (Tests/Fuzz/crashers): a crasher found once stays a test here.
@Suite("The fuzz corpus and kept crashers")
struct FuzzCorpusTests {
    static let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("Fuzz")

    static func inputs() -> [URL] {
        ["corpus", "crashers"].flatMap { folder -> [URL] in
            let url = root.appendingPathComponent(folder)
            let names = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
            return names.filter { $0 != "README.md" }.sorted().map { url.appendingPathComponent($0) }
        }
    }

    @Test("the seed corpus is there")
    func corpusPresent() {
        #expect(Self.inputs().count >= 5)
    }

    @Test("each input scans without trapping, and the scan is consistent with itself", arguments: FuzzCorpusTests.inputs())
    func input(_ file: URL) throws {
        let bytes = try Array(Data(contentsOf: file))
        bytes.withUnsafeBytes { buffer in
            let scan = JournalScan.scan(buffer)
            for record in scan.records {
                #expect(record.payload.upperBound < buffer.count)
                _ = try? EventCodec.decode(UnsafeRawBufferPointer(rebasing: buffer[record.payload]))
            }
            #expect(scan.validEnd <= buffer.count)
            if let torn = scan.tornTail { #expect(torn.upperBound == buffer.count && torn.lowerBound >= scan.validEnd) }
            let prefix = JournalScan.scan(UnsafeRawBufferPointer(rebasing: buffer[0..<(buffer.count / 2)]), keepRecords: false)
            if scan.problems.isEmpty, prefix.problems.isEmpty, prefix.header != nil {
                var resume = prefix
                resume.tornTail = nil
                let resumed = JournalScan.scan(buffer, startingAt: prefix.validEnd, resume: resume, keepRecords: false)
                #expect(resumed.recordCount == scan.recordCount && resumed.validEnd == scan.validEnd && resumed.tornTail == scan.tornTail)
            }
            _ = try? EventCodec.decode(buffer)
        }
    }
}
