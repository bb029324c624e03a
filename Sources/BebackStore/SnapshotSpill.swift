#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// One run's encoded leads, written out as they are made (`EncodedLeads`) to a file without a name
/// in the snapshots folder, so a full compaction never holds the desk's leads in memory: the
/// snapshot's head comes first in the file but is known only after the last lead, so the leads
/// wait here and are copied in after it (`SnapshotFile.write(chunks:spills:)`). The file goes when
/// the spill does, or with the process, whatever kills it.
final class SnapshotSpill: @unchecked Sendable {
    let fd: Int32
    /// The folder the spill is in (for messages).
    let directory: String
    /// How many bytes have been written.
    private(set) var length = 0

    /// `O_TMPFILE` (Linux: `__O_TMPFILE | O_DIRECTORY`), which Swift does not import.
    private static let unnamedFile: Int32 = 0o2000_0000 | O_DIRECTORY

    /// `unnamed` false: a named file unlinked at once, as on a file system without unnamed files (tests).
    init(directory: String, unnamed: Bool = true) throws {
        self.directory = directory
        var fd = unnamed ? open(directory, Self.unnamedFile | O_RDWR | O_CLOEXEC, 0o600) : -1
        if fd < 0 {
            // A file system without unnamed files: a named one, unlinked at once (named as a
            // compaction's temporary file, so one a crash left in between is cleaned up).
            let name = (directory as NSString).appendingPathComponent(
                "desk.snapshot" + SnapshotFile.temporaryMarker + "\(getpid())-spill-\(UInt32.random(in: 0...UInt32.max))")
            fd = open(name, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC | O_NOFOLLOW, 0o600)
            guard fd >= 0 else { throw StoreError.io(path: name, operation: "open", errno: errno) }
            unlink(name)
        }
        self.fd = fd
    }

    deinit { close(fd) }

    /// Writes `bytes` after what is there.
    func append(_ bytes: UnsafeRawBufferPointer) throws {
        var done = 0
        while done < bytes.count {
            let result = pwrite(fd, bytes.baseAddress! + done, bytes.count - done, off_t(length + done))
            if result < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(path: directory, operation: "write", errno: errno)
            }
            if result == 0 { throw StoreError.shortWrite(path: directory, written: done, expected: bytes.count) }
            done += result
        }
        length += done
    }

    /// Reads `count` bytes at `offset` into `buffer` (which must hold them).
    func read(offset: Int, count: Int, into buffer: UnsafeMutableRawBufferPointer) throws {
        var done = 0
        while done < count {
            let result = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset + done))
            if result < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(path: directory, operation: "read", errno: errno)
            }
            if result == 0 { throw SnapshotReadError(offset: offset + done, reason: "a spilled run of leads is shorter than written") }
            done += result
        }
    }

    /// A buffer to read a spill back through, a megabyte at a time.
    final class Window {
        let bytes = UnsafeMutableRawBufferPointer.allocate(byteCount: 1 << 20, alignment: 16)
        deinit { bytes.deallocate() }
    }

    /// The checksum of bytes `range` of the spills laid end to end (the snapshot's leads area),
    /// read a window at a time.
    static func checksum(_ spills: [SnapshotSpill], range: Range<Int>, buffer: UnsafeMutableRawBufferPointer) throws -> UInt64 {
        try checksum(spills.map { Segment(spill: $0, bytes: 0..<$0.length) }, range: range, buffer: buffer)
    }

    /// The checksum of bytes `range` of the segments laid end to end (the snapshot's leads area),
    /// read a window at a time.
    static func checksum(_ segments: [Segment], range: Range<Int>, buffer: UnsafeMutableRawBufferPointer) throws -> UInt64 {
        var sum = SnapshotChecksum()
        var base = 0
        for segment in segments {
            let lower = max(range.lowerBound, base), upper = min(range.upperBound, base + segment.bytes.count)
            var offset = lower
            while offset < upper {
                let count = min(buffer.count, upper - offset)
                try segment.spill.read(offset: segment.bytes.lowerBound + offset - base, count: count, into: buffer)
                sum.update(UnsafeRawBufferPointer(rebasing: buffer[0..<count]))
                offset += count
            }
            base += segment.bytes.count
        }
        return sum.finish()
    }

    /// Bytes `bytes` of `spill`: one share of a snapshot's leads (`SnapshotShares`), the file's
    /// leads area being its shares' segments end to end.
    struct Segment: @unchecked Sendable {
        let spill: SnapshotSpill
        let bytes: Range<Int>
    }

    /// `copy_file_range`, looked up at run time (not every C library Swift is built on declares it).
    private typealias CopyFileRange =
        @convention(c) (Int32, UnsafeMutablePointer<Int64>?, Int32, UnsafeMutablePointer<Int64>?, Int, UInt32) -> Int
    private static let copyFileRange: CopyFileRange? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "copy_file_range").map {
        unsafeBitCast($0, to: CopyFileRange.self)
    }

    /// `sync_file_range`, looked up at run time as `copy_file_range` is.
    private typealias SyncFileRange = @convention(c) (Int32, Int64, Int64, UInt32) -> Int32
    private static let syncFileRange: SyncFileRange? = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "sync_file_range").map {
        unsafeBitCast($0, to: SyncFileRange.self)
    }

    /// Starts writing what is in `fd`'s file so far to the disk, without waiting for it
    /// (`SYNC_FILE_RANGE_WRITE`): the fsync after the last segment then waits only for the rest.
    /// False when the system has no such call or refused it (`fd` is not a file's).
    @discardableResult
    static func startWriteback(_ fd: Int32) -> Bool {
        syncFileRange?(fd, 0, 0, 2) == 0
    }

    /// Copies the spill's bytes to the end of `target` (written through `fileSystem`): in the kernel
    /// when the file system is the real one, else a window at a time through `fileSystem`.
    func copy(to target: Int32, path: String, through fileSystem: any JournalFileSystem) throws {
        try copy(0..<length, to: target, path: path, through: fileSystem)
    }

    /// Copies bytes `range` of the spill to the end of `target`, as `copy(to:path:through:)` does.
    func copy(_ range: Range<Int>, to target: Int32, path: String, through fileSystem: any JournalFileSystem) throws {
        var offset = range.lowerBound
        if fileSystem is PosixJournalFileSystem, let copyFileRange = Self.copyFileRange {
            var from = Int64(offset)
            while offset < range.upperBound {
                let result = copyFileRange(fd, &from, target, nil, range.upperBound - offset, 0)
                if result < 0, errno == EINTR { continue }
                // Not between these files (another file system, an old kernel): by hand from here.
                if result <= 0 { break }
                offset += result
                from = Int64(offset)
            }
        }
        guard offset < range.upperBound else { return }
        let window = 1 << 20
        var buffer = [UInt8](repeating: 0, count: min(window, range.upperBound - offset))
        while offset < range.upperBound {
            let count = min(buffer.count, range.upperBound - offset)
            try buffer.withUnsafeMutableBytes { try read(offset: offset, count: count, into: $0) }
            try fileSystem.writeAll(target, count == buffer.count ? buffer : Array(buffer[0..<count]), path: path)
            offset += count
        }
    }
}
