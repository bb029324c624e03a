#if canImport(Glibc)
    import Glibc
#endif
import BebackTestSupport
@testable import BebackStore
import Foundation
import Testing

@Suite("Reading a journal: mapped while its writers' lock is shared, read otherwise")
struct PosixFileTests {
    /// A folder with a journal-like file and its lock file.
    func journalFile(_ bytes: [UInt8]? = nil, lock: Bool = true) throws -> (path: String, lockPath: String) {
        let bytes = try bytes ?? Self.journalBytes()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("beback-posix-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        let path = folder + "/rep-ann.journal"
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        if lock { _ = FileManager.default.createFile(atPath: path + ".lock", contents: nil) }
        return (path, path + ".lock")
    }

    /// Whether a writer could take the lock now (tried without waiting, and let go at once).
    func writerCouldLock(_ lockPath: String) -> Bool {
        let fd = open(lockPath, O_RDWR)
        defer { close(fd) }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else { return false }
        flock(fd, LOCK_UN)
        return true
    }

    /// A real journal of a few hundred records (several windows' worth), written by the writer.
    static func journalBytes(records: Int = 300) throws -> [UInt8] {
        let disk = SimulatedDisk()
        let writer = JournalWriter(path: NumberedPayloads.path, name: "rep-ann.journal", fileSystem: disk)
        for number in 0..<records { try writer.append([NumberedPayloads.payload(number)]) }
        return disk.contents(NumberedPayloads.path) ?? []
    }

    @Test("a journal whose lock is free is mapped a window at a time, and writers wait until the scan ends")
    func mappedHoldsWritersOut() throws {
        let content = try Self.journalBytes()
        let (path, lockPath) = try journalFile(content)
        var writerGotIn = false
        var visited: [Int] = []
        let mapped = try JournalWindowScan.scanMapped(path, lockPath: lockPath, window: 4096, verifyChain: true) { record, payload in
            visited.append(record.offset)
            if Array(payload) != Array(content[record.payload]) { Issue.record("payload of the record at \(record.offset) differs") }
            if writerCouldLock(lockPath) { writerGotIn = true }
        }
        let result = try #require(mapped)
        #expect(result.fileSize == content.count)
        #expect(visited == JournalScan.scan(content).records.map(\.offset))
        #expect(result.scan.problems.isEmpty && result.scan.tornTail == nil)
        #expect(!writerGotIn, "no writer may cut the file while it is mapped")
        #expect(writerCouldLock(lockPath))
    }

    @Test("a journal a writer holds is not mapped (the caller reads it), and the writer keeps its lock")
    func busyWriterMeansRead() throws {
        let (path, lockPath) = try journalFile()
        let writer = open(lockPath, O_RDWR)
        defer { close(writer) }
        #expect(flock(writer, LOCK_EX | LOCK_NB) == 0)
        var visits = 0
        #expect(try JournalWindowScan.scanMapped(path, lockPath: lockPath, verifyChain: true) { _, _ in visits += 1 } == nil)
        #expect(visits == 0)
        let read = try JournalWindowScan.scan(path) { _, _ in visits += 1 }
        #expect(visits == 300 && read.recordCount == 300)
        let other = open(lockPath, O_RDWR)
        defer { close(other) }
        #expect(flock(other, LOCK_SH | LOCK_NB) != 0, "the writer's lock is still held")
    }

    @Test("without a lock file the journal is not mapped")
    func readWhenNotMappable() throws {
        let noLock = try journalFile(lock: false)
        #expect(try JournalWindowScan.scanMapped(noLock.path, lockPath: noLock.lockPath, verifyChain: true) { _, _ in } == nil)
    }

    @Test("a missing or empty journal gives no records and leaves the lock free")
    func missingOrEmpty() throws {
        let empty = try journalFile([])
        let scanned = try #require(try JournalWindowScan.scanMapped(empty.path, lockPath: empty.lockPath, verifyChain: true) { _, _ in })
        #expect(scanned.fileSize == 0 && scanned.scan.recordCount == 0)
        #expect(writerCouldLock(empty.lockPath))
        try FileManager.default.removeItem(atPath: empty.path)
        let missing = try #require(try JournalWindowScan.scanMapped(empty.path, lockPath: empty.lockPath, verifyChain: true) { _, _ in })
        #expect(missing.scan.header == nil && missing.scan.recordCount == 0)
        #expect(writerCouldLock(empty.lockPath))
    }

    @Test("a mapping counts as whole only when every page is in memory: pages the system dropped are not")
    func residentPages() throws {
        let content = [UInt8](repeating: 0x61, count: 64 * 1024)
        // tmpfs keeps every page in memory: the file goes beside the build instead when /tmp is one.
        let tmpfs = PosixJournalFileSystem.shared.fileSystemType(FileManager.default.temporaryDirectory.path) == "tmpfs"
        let folder = tmpfs ? FileManager.default.currentDirectoryPath + "/.build" : FileManager.default.temporaryDirectory.path
        let path = folder + "/beback-resident-\(UUID().uuidString)"
        try Data(content).write(to: URL(fileURLWithPath: path))
        defer { try? FileManager.default.removeItem(atPath: path) }
        let fd = open(path, O_RDONLY)
        defer { close(fd) }
        let populated = try #require(mmap(nil, content.count, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0))
        #expect(JournalMapping.allResident(populated, length: content.count))
        munmap(populated, content.count)
        // Written back, then dropped from the page cache: a plain mapping finds nothing in memory.
        fsync(fd)
        #expect(posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED)) == 0)
        let cold = try #require(mmap(nil, content.count, PROT_READ, MAP_SHARED, fd, 0))
        defer { munmap(cold, content.count) }
        #expect(!JournalMapping.allResident(cold, length: content.count))
    }
}
