#if canImport(Glibc)
    import Glibc
#endif
import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// What one rep can put in `journals/` must not stop the others: a symbolic link is refused and
/// never followed, a garbage journal blocks only its own rep, and a set-aside file never replaces another.
@Suite("journals/ hygiene: links refused, one bad journal blocks only its rep, set-aside files are new files")
struct JournalFolderHygieneTests {
    func desk() throws -> DeskFolder {
        try DeskFolder.create(at: Fixtures.temporaryFolder("hygiene").appendingPathComponent("desk"))
    }

    /// A file outside the desk, with known bytes.
    func outsideFile(_ text: String = "outside the desk\n") throws -> (path: String, bytes: Data) {
        let path = Fixtures.temporaryFolder("outside").appendingPathComponent("victim.txt").path
        let bytes = Data(text.utf8)
        try bytes.write(to: URL(fileURLWithPath: path))
        return (path, bytes)
    }

    @Test("a journal that is a link to a file outside the desk is refused, and that file is not written")
    func linkedJournalRefused() throws {
        let folder = try desk()
        let outside = try outsideFile()
        try FileManager.default.createSymbolicLink(atPath: folder.journalPath(.rep("zed")), withDestinationPath: outside.path)
        let store = try FileEventStore(folder: folder)
        _ = try store.load()
        #expect(throws: StoreError.symbolicLink(path: folder.journalPath(.rep("zed")))) {
            try store.append(try sampleEvents(rep: "zed", count: 1), to: .rep("zed"))
        }
        #expect(throws: StoreError.symbolicLink(path: folder.journalPath(.rep("zed")))) {
            try JournalWriter(path: folder.journalPath(.rep("zed")), name: "rep-zed.journal").append([Array("{}".utf8)])
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: outside.path)) == outside.bytes, "nothing written through the link")
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.journalsDirectory.path)
        #expect(!names.contains { $0.contains(".broken-") }, "the outside file was not set aside either: \(names)")
        #expect(throws: StoreError.symbolicLink(path: folder.journalPath(.rep("zed")))) { try Posix.readFile(folder.journalPath(.rep("zed"))) }
    }

    @Test("links in journals/ (dangling or not) are left out of the listing, reported, fail verify; every other journal loads and takes writes")
    func linksSkippedAndReported() throws {
        let folder = try desk()
        let store = try FileEventStore(folder: folder)
        _ = try store.append(try sampleEvents(count: 2), to: .rep("ann"))
        let outside = try outsideFile()
        try FileManager.default.createSymbolicLink(atPath: folder.journalPath(.rep("yan")), withDestinationPath: "/nonexistent/beback")
        try FileManager.default.createSymbolicLink(atPath: folder.journalPath(.rep("zed")), withDestinationPath: outside.path)

        #expect(try folder.journals() == [.rep("ann")])
        let refused = folder.refusedJournalFiles()
        #expect(refused.map(\.journal) == [.rep("yan"), .rep("zed")])
        #expect(refused[0].description.hasPrefix("\(folder.journalPath(.rep("yan"))): a symbolic link to /nonexistent/beback"))

        let reopened = try FileEventStore(folder: folder)
        #expect(try reopened.load().events.count == 2)
        #expect(try FileEventStore(folder: folder).loadIndexed().problems.isEmpty)
        #expect(try reopened.append(try sampleEvents(count: 1, start: 20), to: .rep("ann")).count == 1)

        let report = try DeskVerifier.verify(folder)
        #expect(!report.passed)
        #expect(report.refusedFiles == refused)
        #expect(report.problems.isEmpty)
    }

    @Test("a garbage journal and a damaged one refuse writes to themselves only; the other reps keep saving")
    func oneBadJournalBlocksOnlyItsRep() throws {
        let folder = try desk()
        let store = try FileEventStore(folder: folder)
        _ = try store.append(try sampleEvents(rep: "ann", count: 2), to: .rep("ann"))
        _ = try store.append(try sampleEvents(rep: "ben", count: 3, start: 10), to: .rep("ben"))
        try Data("garbage\nmore garbage\n".utf8).write(to: URL(fileURLWithPath: folder.journalPath(.rep("xav"))))
        let benPath = folder.journalPath(.rep("ben"))
        var ben = try Array(Data(contentsOf: URL(fileURLWithPath: benPath)))
        let second = JournalScan.scan(ben).records[1].offset
        ben[second + 60] ^= 0x20
        try Data(ben).write(to: URL(fileURLWithPath: benPath))

        for indexed in [false, true] {
            let reopened = try FileEventStore(folder: folder)
            let problems = indexed ? try reopened.loadIndexed().problems : try reopened.load().problems
            #expect(Set(problems.map(\.journal)) == [.rep("ben"), .rep("xav")])
            #expect(reopened.readOnlyReason == nil, "no journal's damage refuses every write")
            #expect(reopened.readOnlyReason(for: .rep("ben"))?.contains("offset \(second)") == true)
            #expect(reopened.readOnlyReason(for: .rep("xav"))?.contains("offset 0") == true)
            #expect(throws: StoreError.self) { try reopened.append(try sampleEvents(rep: "ben", count: 1, start: 40), to: .rep("ben")) }
            #expect(throws: StoreError.self) { try reopened.append(try sampleEvents(rep: "xav", count: 1, start: 41), to: .rep("xav")) }
            #expect(try reopened.append(try sampleEvents(rep: "ann", count: 1, start: indexed ? 50 : 60), to: .rep("ann")).count == 1)
            #expect(try reopened.append(try sampleEvents(rep: "cy", count: 1, start: indexed ? 70 : 80), to: .rep("cy")).count == 1, "a new journal too")
        }
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: benPath))) == ben, "nothing appended after ben's damage")
    }

    @Test("a torn tail is set aside in a new file: a file already at that name is never truncated")
    func setAsideNeverTruncates() throws {
        let folder = try desk()
        let path = folder.journalPath(.rep("ann"))
        let writer = JournalWriter(path: path, name: "rep-ann.journal")
        try writer.append([Array(#"{"n":1}"#.utf8)])
        let good = try Data(contentsOf: URL(fileURLWithPath: path))
        let garbage = Data("b1 0000000000".utf8)
        try (good + garbage).write(to: URL(fileURLWithPath: path))
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let taken = "\(path).broken-\(good.count)-1800000000"
        let precious = Data("someone's file\n".utf8)
        try precious.write(to: URL(fileURLWithPath: taken))

        try JournalWriter(path: path, name: "rep-ann.journal").append([Array(#"{"n":2}"#.utf8)], at: at)
        #expect(try Data(contentsOf: URL(fileURLWithPath: taken)) == precious, "the existing file keeps its bytes")
        #expect(try Data(contentsOf: URL(fileURLWithPath: taken + "-2")) == garbage, "the tail went to a new name")
        #expect(JournalScan.scan(try Array(Data(contentsOf: URL(fileURLWithPath: path)))).records.count == 2)
    }
}
