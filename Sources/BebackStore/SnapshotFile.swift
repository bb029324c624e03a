#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// The file operations of writing a snapshot, in order; a test hook after each one simulates a crash there.
public enum CompactionStep: String, CaseIterable, Sendable {
    /// The bytes are written to a temporary file in the snapshots folder (not yet synced).
    case writeTemp = "write temp"
    /// The temporary file is fsynced.
    case syncTemp = "fsync temp"
    /// The temporary file is renamed over `desk.snapshot`.
    case rename
    /// The snapshots folder is fsynced, making the rename durable.
    case syncFolder = "fsync folder"
}

/// Where a desk keeps its snapshot and its delta, and how each is replaced: write a temporary file in the same folder,
/// fsync it, rename it over the old one, fsync the folder (Foundation's atomic write skips that last
/// step on Linux). A crash at any point leaves the old snapshot or the new one, never a mix.
public struct SnapshotFile: Sendable {
    public let folder: DeskFolder

    public init(_ folder: DeskFolder) { self.folder = folder }

    public var directory: String { folder.root.appendingPathComponent("snapshots", isDirectory: true).path }
    public var path: String { (directory as NSString).appendingPathComponent("desk.snapshot") }
    /// The delta on top of the snapshot (`SnapshotRefresh`): the leads changed since it was written.
    public var deltaPath: String { (directory as NSString).appendingPathComponent("desk.delta") }
    static let temporaryMarker = ".tmp-"

    /// The snapshot's bytes, or nil when there is none.
    public func read() throws -> [UInt8]? {
        guard access(path, F_OK) == 0 else { return nil }
        return try Posix.readFile(path)
    }

    /// The delta's bytes, or nil when there is none.
    public func readDelta() throws -> [UInt8]? {
        guard access(deltaPath, F_OK) == 0 else { return nil }
        return try Posix.readFile(deltaPath)
    }

    /// Replaces the snapshot (or, with `delta`, the delta) durably. `afterStep` runs after each file
    /// operation (tests make it throw to simulate a crash; nothing is cleaned up then, as after a real crash).
    public func write(_ bytes: [UInt8], delta: Bool = false, afterStep: (CompactionStep) throws -> Void = { _ in }) throws {
        try write(chunks: [bytes], delta: delta, afterStep: afterStep)
    }

    /// `write`, for a file given in pieces written one after another (never joined in memory).
    public func write(chunks: [[UInt8]], delta: Bool = false, afterStep: (CompactionStep) throws -> Void = { _ in }) throws {
        try write(chunks: chunks, spills: [], delta: delta, afterStep: afterStep)
    }

    /// `write`, for a file given as pieces in memory followed by segments of spills (`SnapshotSpill`:
    /// a full compaction's leads, written out as they were encoded), copied in after them.
    func write(chunks: [[UInt8]], spills: [SnapshotSpill.Segment], delta: Bool = false, afterStep: (CompactionStep) throws -> Void = { _ in }) throws {
        try makeDirectory()
        removeLeftovers()
        let temporary = (delta ? deltaPath : path) + Self.temporaryMarker + String(getpid())
        // The rename frees the old file, its cached pages first (at 100k leads, a 100 MB snapshot:
        // tens of milliseconds, after everything else is done). They are dropped on another core
        // while the new file is written and synced, which keeps this core on the disk.
        let dropping = Self.dropCachedPages(of: delta ? deltaPath : path)
        defer { dropping?.wait() }
        do {
            try replace(
                withChunks: chunks, spills: spills, temporary: temporary, target: delta ? deltaPath : path,
                through: PosixJournalFileSystem.shared, beforeRename: { dropping?.wait() }, afterStep: afterStep)
        } catch let error as StoreError {
            unlink(temporary)
            throw error
        }
    }

    /// Starts dropping the page cache's copy of the file at `path` (a snapshot about to be replaced)
    /// on another thread; nil when there is no such file. Wait on what it gives before the rename.
    static func dropCachedPages(of path: String) -> DispatchGroup? {
        let fd = open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        let group = DispatchGroup()
        DispatchQueue.global().async(group: group) {
            _ = posix_fadvise(fd, 0, 0, Int32(POSIX_FADV_DONTNEED))
            close(fd)
        }
        return group
    }

    /// Creates `snapshots/` when missing, with `DeskFolder.snapshotFolderMode` whatever the umask (so
    /// every member of the desk's group can compact), and mends one an older beback made 02750.
    public func makeDirectory() throws {
        if access(directory, F_OK) != 0 {
            try Posix.makeDirectory(directory, mode: DeskFolder.snapshotFolderMode)
            try? Posix.setMode(directory, DeskFolder.snapshotFolderMode)
            try Posix.syncDirectory(folder.root.path)
            return
        }
        // Only the folder's owner may change its mode; anyone else leaves it as it is.
        var info = stat()
        if stat(directory, &info) == 0, info.st_uid == geteuid(), info.st_mode & 0o7777 != DeskFolder.snapshotFolderMode {
            try? Posix.setMode(directory, DeskFolder.snapshotFolderMode)
        }
    }

    /// The file operations of a replacement, each through `fileSystem` (the torture tests run them on a
    /// simulated disk that crashes at any call): write `temporary`, fsync it, rename it over the
    /// snapshot, fsync the folder. The folder must exist.
    public func replace(
        with bytes: [UInt8], temporary: String, target: String? = nil, through fileSystem: any JournalFileSystem,
        afterStep: (CompactionStep) throws -> Void = { _ in }
    ) throws {
        try replace(withChunks: [bytes], temporary: temporary, target: target, through: fileSystem, afterStep: afterStep)
    }

    /// `replace`, for a file given in pieces: each written in turn to the temporary file, then each
    /// of `spills` (segments) copied after them.
    public func replace(
        withChunks chunks: [[UInt8]], temporary: String, target: String? = nil, through fileSystem: any JournalFileSystem,
        afterStep: (CompactionStep) throws -> Void = { _ in }
    ) throws {
        try replace(withChunks: chunks, spills: [], temporary: temporary, target: target, through: fileSystem, afterStep: afterStep)
    }

    func replace(
        withChunks chunks: [[UInt8]], spills: [SnapshotSpill.Segment], temporary: String, target: String? = nil, through fileSystem: any JournalFileSystem,
        beforeRename: () -> Void = {}, afterStep: (CompactionStep) throws -> Void = { _ in }
    ) throws {
        let fd = try fileSystem.open(temporary, flags: O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW, mode: DeskFolder.journalMode)
        do {
            for chunk in chunks where !chunk.isEmpty { try fileSystem.writeAll(fd, chunk, path: temporary) }
            for segment in spills {
                try segment.spill.copy(segment.bytes, to: fd, path: temporary, through: fileSystem)
                // The disk starts on what is copied while the next segment is.
                if fileSystem is PosixJournalFileSystem { SnapshotSpill.startWriteback(fd) }
            }
            try afterStep(.writeTemp)
            try fileSystem.sync(fd, path: temporary)
            try afterStep(.syncTemp)
        } catch {
            fileSystem.close(fd)
            throw error
        }
        fileSystem.close(fd)
        beforeRename()
        try fileSystem.rename(temporary, to: target ?? path)
        try afterStep(.rename)
        try fileSystem.syncDirectory(directory)
        try afterStep(.syncFolder)
    }

    /// Deletes the snapshot and its delta (they are only a cache; the journals hold everything).
    public func remove() {
        unlink(deltaPath)
        unlink(path)
    }

    /// Deletes the delta durably (after a new snapshot took it in): unlink, then fsync the folder.
    /// A delta left by a crash before the unlink names the old snapshot, so it is never opened on
    /// the new one.
    public func removeDelta() throws {
        guard unlink(deltaPath) == 0 || errno == ENOENT else { throw StoreError.io(path: deltaPath, operation: "unlink", errno: errno) }
        try Posix.syncDirectory(directory)
    }

    /// Temporary files a crashed compaction left behind (they were never renamed, so they hold nothing the journals lack).
    public func leftovers() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.filter { $0.hasPrefix("desk.snapshot" + Self.temporaryMarker) || $0.hasPrefix("desk.delta" + Self.temporaryMarker) }
            .sorted()
            .map { (directory as NSString).appendingPathComponent($0) }
    }

    /// Removes temporary files of compactions that died (a live process's file is left to it).
    private func removeLeftovers() {
        for leftover in leftovers() {
            let suffix = leftover.components(separatedBy: Self.temporaryMarker).last ?? ""
            if let pid = Int32(suffix), pid != getpid(), kill(pid, 0) == 0 { continue }
            unlink(leftover)
        }
    }
}
