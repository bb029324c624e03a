#if canImport(Glibc)
    import Glibc
#endif
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("Snapshot spills: a full compaction's leads wait on disk until the snapshot's head is written")
struct SnapshotSpillTests {
    private func folder() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("spill-" + UUID().uuidString)
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    @Test("a spill has no name in its folder, gives back what was written, and sums any range of spills end to end", arguments: [true, false])
    func roundTrip(unnamed: Bool) throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let first = try SnapshotSpill(directory: directory, unnamed: unnamed)
        let second = try SnapshotSpill(directory: directory, unnamed: unnamed)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory).isEmpty, "nothing a crash could leave behind")
        var random = SplitMix(seed: 4)
        let bytes = (0..<1_300_000).map { _ in UInt8(truncatingIfNeeded: random.next()) }
        // Written in pieces of every size, the first spill ending part way.
        var offset = 0
        while offset < bytes.count {
            let count = min(bytes.count - offset, Int(random.next() % 70_000))
            try bytes[offset..<(offset + count)].withUnsafeBytes { try (offset < 700_001 ? first : second).append($0) }
            offset += count
        }
        #expect(first.length + second.length == bytes.count && first.length > 0 && second.length > 0)
        let window = SnapshotSpill.Window()
        let split = first.length
        for range in [0..<0, 0..<10, (split - 5)..<(split + 5), split..<bytes.count, 0..<bytes.count, 1_048_570..<1_048_600] {
            let expected = bytes[range].withUnsafeBytes { SnapshotChecksum.of($0) }
            #expect(try SnapshotSpill.checksum([first, second], range: range, buffer: window.bytes) == expected, "\(range)")
        }
        // Copied after a head: in the kernel on the real file system, a window at a time through another.
        for fileSystem in [PosixJournalFileSystem.shared, RefusingFileSystem()] as [any JournalFileSystem] {
            let target = (directory as NSString).appendingPathComponent("target")
            let fd = try fileSystem.open(target, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: 0o600)
            try fileSystem.writeAll(fd, [1, 2, 3], path: target)
            try first.copy(to: fd, path: target, through: fileSystem)
            try second.copy(to: fd, path: target, through: fileSystem)
            fileSystem.close(fd)
            #expect(try Posix.readFile(target) == [1, 2, 3] + bytes)
        }
    }

    @Test("a disk that fills while the leads are copied in fails the write, which names the file")
    func diskFull() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let spill = try SnapshotSpill(directory: directory)
        try [UInt8](repeating: 7, count: 300_000).withUnsafeBytes { try spill.append($0) }
        let fileSystem = RefusingFileSystem()
        fileSystem.writeBudget = 100_000
        let target = (directory as NSString).appendingPathComponent("target")
        let fd = try fileSystem.open(target, flags: O_WRONLY | O_CREAT | O_TRUNC, mode: 0o600)
        defer { fileSystem.close(fd) }
        #expect(throws: StoreError.self) { try spill.copy(to: fd, path: target, through: fileSystem) }
    }
    @Test("the disk is set writing a copied segment without waiting for it, on a file and never on a pipe")
    func writebackStarted() throws {
        let directory = try folder()
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let target = (directory as NSString).appendingPathComponent("target")
        let fd = open(target, O_WRONLY | O_CREAT | O_TRUNC, 0o600)
        #expect(fd >= 0)
        defer { close(fd) }
        try PosixJournalFileSystem.shared.writeAll(fd, [UInt8](repeating: 9, count: 1 << 20), path: target)
        #expect(SnapshotSpill.startWriteback(fd))
        var ends: [Int32] = [-1, -1]
        #expect(pipe(&ends) == 0)
        defer { close(ends[0]); close(ends[1]) }
        #expect(!SnapshotSpill.startWriteback(ends[1]), "a pipe has no pages to write")
        #expect(try Posix.readFile(target) == [UInt8](repeating: 9, count: 1 << 20))
    }
}
