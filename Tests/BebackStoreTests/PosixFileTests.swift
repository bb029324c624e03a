#if canImport(Glibc)
    import Glibc
#endif
@testable import BebackStore
import Foundation
import Testing

@Suite("Reading a journal whole: mapped while its writers' lock is shared, read otherwise")
struct PosixFileTests {
    /// A folder with a journal-like file and its lock file.
    func journalFile(_ bytes: [UInt8] = Array("b1 one record\nb1 another\n".utf8), lock: Bool = true) throws -> (path: String, lockPath: String) {
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

    @Test("a journal whose lock is free is mapped, and writers wait until it is released")
    func mappedHoldsWritersOut() throws {
        let content = Array((0..<20_000).map { UInt8(truncatingIfNeeded: $0 &* 31) })
        let (path, lockPath) = try journalFile(content)
        let buffer = ReadBuffer()
        let bytes = try buffer.journal(path, lockPath: lockPath, mayMap: true)
        #expect(Array(bytes) == content)
        #expect(buffer.isMapped)
        #expect(!writerCouldLock(lockPath), "no writer may cut the file while it is mapped")
        buffer.release()
        #expect(!buffer.isMapped)
        #expect(writerCouldLock(lockPath))
    }

    @Test("a journal a writer holds is read into the buffer instead, and the writer keeps its lock")
    func busyWriterMeansRead() throws {
        let (path, lockPath) = try journalFile()
        let writer = open(lockPath, O_RDWR)
        defer { close(writer) }
        #expect(flock(writer, LOCK_EX | LOCK_NB) == 0)
        let buffer = ReadBuffer()
        let bytes = try buffer.journal(path, lockPath: lockPath, mayMap: true)
        #expect(Array(bytes) == Array("b1 one record\nb1 another\n".utf8))
        #expect(!buffer.isMapped)
        buffer.release()
        let other = open(lockPath, O_RDWR)
        defer { close(other) }
        #expect(flock(other, LOCK_SH | LOCK_NB) != 0, "the writer's lock is still held")
    }

    @Test("without a lock file, or where maps are not allowed (a network file system), the journal is read")
    func readWhenNotMappable() throws {
        let noLock = try journalFile(lock: false)
        let buffer = ReadBuffer()
        #expect(Array(try buffer.journal(noLock.path, lockPath: noLock.lockPath, mayMap: true)) == Array("b1 one record\nb1 another\n".utf8))
        #expect(!buffer.isMapped)
        let locked = try journalFile()
        #expect(Array(try buffer.journal(locked.path, lockPath: locked.lockPath, mayMap: false)) == Array("b1 one record\nb1 another\n".utf8))
        #expect(!buffer.isMapped)
        #expect(writerCouldLock(locked.lockPath))
    }

    @Test("a missing or empty journal gives no bytes and leaves the lock free")
    func missingOrEmpty() throws {
        let empty = try journalFile([])
        let buffer = ReadBuffer()
        #expect(try buffer.journal(empty.path, lockPath: empty.lockPath, mayMap: true).isEmpty)
        #expect(!buffer.isMapped)
        #expect(writerCouldLock(empty.lockPath))
        try FileManager.default.removeItem(atPath: empty.path)
        #expect(try buffer.journal(empty.path, lockPath: empty.lockPath, mayMap: true).isEmpty)
        #expect(writerCouldLock(empty.lockPath))
    }

    @Test("reading the next journal lets the one mapped before go")
    func nextReadReleases() throws {
        let first = try journalFile(), second = try journalFile(Array("b1 second\n".utf8))
        let buffer = ReadBuffer()
        _ = try buffer.journal(first.path, lockPath: first.lockPath, mayMap: true)
        #expect(!writerCouldLock(first.lockPath))
        #expect(Array(try buffer.journal(second.path, lockPath: second.lockPath, mayMap: true)) == Array("b1 second\n".utf8))
        #expect(writerCouldLock(first.lockPath))
        #expect(!writerCouldLock(second.lockPath))
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
        #expect(ReadBuffer.allResident(populated, length: content.count))
        munmap(populated, content.count)
        // Written back, then dropped from the page cache: a plain mapping finds nothing in memory.
        fsync(fd)
        #expect(posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED)) == 0)
        let cold = try #require(mmap(nil, content.count, PROT_READ, MAP_SHARED, fd, 0))
        defer { munmap(cold, content.count) }
        #expect(!ReadBuffer.allResident(cold, length: content.count))
    }
}
