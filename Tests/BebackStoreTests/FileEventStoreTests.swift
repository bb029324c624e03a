import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("The file store on a desk folder")
struct FileEventStoreTests {
    @Test("a missing desk is a clear error naming the folder")
    func missingDesk() {
        let path = Fixtures.temporaryFolder().appendingPathComponent("nowhere").path
        #expect(throws: StoreError.noDesk(path)) { try FileEventStore(folder: DeskFolder(path: path)) }
    }

    @Test("creating a desk twice is refused and leaves the first untouched")
    func createTwice() throws {
        let root = Fixtures.temporaryFolder().appendingPathComponent("desk")
        let folder = try DeskFolder.create(at: root)
        _ = try FileEventStore(folder: folder).append(try sampleEvents(count: 1), to: .rep("ann"))
        #expect(throws: (any Error).self) { try DeskFolder.create(at: root) }
        #expect(try FileEventStore(folder: folder).load().events.count == 1)
    }

    @Test("mid-file damage makes the store read-only with the file and offset; appends are refused")
    func damageMakesReadOnly() throws {
        let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("desk"))
        let store = try FileEventStore(folder: folder)
        _ = try store.append(try sampleEvents(count: 4), to: .rep("ann"))
        let path = folder.journalPath(.rep("ann"))
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let lines = bytes.indices.filter { bytes[$0] == 0x0A }
        let secondRecord = lines[1] + 1
        bytes[secondRecord + 60] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let reopened = try FileEventStore(folder: folder)
        let loaded = try reopened.load()
        #expect(loaded.problems.count == 1)
        #expect(loaded.problems.first?.problem.offset == secondRecord)
        #expect(loaded.events.count == 3)
        #expect(reopened.readOnlyReason(for: .rep("ann"))?.contains("offset \(secondRecord)") == true)
        #expect(throws: (any Error).self) { try reopened.append(try sampleEvents(count: 1, start: 50), to: .rep("ann")) }
    }

    @Test("verify passes a healthy desk and summarises it")
    func verifySummary() throws {
        let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("desk"))
        let store = try FileEventStore(folder: folder)
        _ = try store.append(try sampleEvents(rep: "ann", count: 3), to: .rep("ann"))
        _ = try store.append(try sampleEvents(rep: "ben", count: 2, start: 10), to: .rep("ben"))
        let report = try DeskVerifier.verify(folder)
        #expect(report.passed)
        #expect(report.records == 5)
        #expect(report.leads == 5)
        #expect(report.reps == ["ann", "ben"])
        #expect(report.firstEntry == Date(timeIntervalSince1970: 1_790_000_000))
    }

    @Test("verify reports a duplicated entry")
    func verifyDuplicates() throws {
        let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("desk"))
        let store = try FileEventStore(folder: folder)
        let events = try sampleEvents(count: 1)
        _ = try store.append(events, to: .rep("ann"))
        _ = try store.append(events, to: .rep("ann"))
        let report = try DeskVerifier.verify(folder)
        #expect(!report.passed)
        #expect(report.duplicates == [events[0].id])
    }
}
