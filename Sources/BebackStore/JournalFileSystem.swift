#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// A file's device and inode: whether a path still names the file a writer holds open.
public struct FileIdentity: Equatable, Hashable, Sendable {
    public var device: UInt64
    public var inode: UInt64

    public init(device: UInt64, inode: UInt64) {
        self.device = device
        self.inode = inode
    }
}

/// The system calls a journal writer makes, one method each, so tests can put injected faults
/// (ENOSPC, EIO, short writes, failed syncs) or a simulated page cache under the writer.
/// Every failure is a `StoreError` naming the file. Descriptors are plain integers.
public protocol JournalFileSystem: AnyObject {
    func open(_ path: String, flags: Int32, mode: mode_t) throws -> Int32
    func close(_ fd: Int32)
    /// Takes the exclusive `flock` on a descriptor (waits for it).
    func lock(_ fd: Int32, path: String) throws
    /// Takes the exclusive `flock` if no one holds it; false when someone does (does not wait).
    func tryLock(_ fd: Int32, path: String) throws -> Bool
    func unlock(_ fd: Int32)
    /// One `write` call: returns how many bytes it took (possibly fewer than given).
    func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws -> Int
    /// Reads `count` bytes at `offset` (fewer at the end of the file).
    func read(_ fd: Int32, offset: Int, count: Int, path: String) throws -> [UInt8]
    func dataSync(_ fd: Int32, path: String) throws
    func sync(_ fd: Int32, path: String) throws
    func truncate(_ fd: Int32, to length: Int, path: String) throws
    func size(_ fd: Int32, path: String) throws -> Int
    /// Sets a new file's permission bits exactly (no umask), e.g. 0o660 so the desk's group can write.
    func setMode(_ fd: Int32, _ mode: mode_t, path: String) throws
    func identity(_ fd: Int32) -> FileIdentity?
    func identity(path: String) -> FileIdentity?
    /// Opens a folder, fsyncs it (so a new or renamed file's name is durable) and closes it.
    func syncDirectory(_ path: String) throws
    /// Renames a file over another atomically (durable once the folder is synced): for snapshots and compaction.
    func rename(_ from: String, to: String) throws
    /// Why a folder refuses new writes (EACCES, EROFS...), or nil when it accepts them.
    func writeRefusal(directory: String) -> Int32?
    /// The type of the file system holding the folder, as the mount table names it ("ext4", "nfs4",
    /// "fuse.sshfs"), or nil when unknown.
    func fileSystemType(_ path: String) -> String?
}

extension JournalFileSystem {
    /// A file system without a lock that can be held by others waits for it (tests' simulated disks).
    public func tryLock(_ fd: Int32, path: String) throws -> Bool {
        try lock(fd, path: path)
        return true
    }

    /// Writes every byte, looping over short writes; a write that takes nothing is a short write.
    func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var written = 0
        try bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = try write(fd, UnsafeRawBufferPointer(rebasing: buffer[written...]), path: path)
                if result <= 0 { throw StoreError.shortWrite(path: path, written: written, expected: buffer.count) }
                written += result
            }
        }
    }
}

/// The real file system: each method is the POSIX call it names.
public final class PosixJournalFileSystem: JournalFileSystem, @unchecked Sendable {
    /// The one instance (it has no state).
    public static let shared = PosixJournalFileSystem()

    public init() {}

    public func open(_ path: String, flags: Int32, mode: mode_t) throws -> Int32 {
        try Posix.open(path, flags, mode)
    }

    public func close(_ fd: Int32) { _ = Glibc.close(fd) }

    public func lock(_ fd: Int32, path: String) throws {
        while flock(fd, LOCK_EX) != 0 {
            if errno != EINTR { throw StoreError.io(path: path, operation: "lock", errno: errno) }
        }
    }

    public func tryLock(_ fd: Int32, path: String) throws -> Bool {
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            if errno == EWOULDBLOCK { return false }
            throw StoreError.io(path: path, operation: "lock", errno: errno)
        }
        return true
    }

    public func unlock(_ fd: Int32) { _ = flock(fd, LOCK_UN) }

    public func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws -> Int {
        guard let base = bytes.baseAddress, !bytes.isEmpty else { return 0 }
        while true {
            let result = Glibc.write(fd, base, bytes.count)
            if result >= 0 { return result }
            if errno == EINTR { continue }
            throw StoreError.io(path: path, operation: "write", errno: errno)
        }
    }

    public func read(_ fd: Int32, offset: Int, count: Int, path: String) throws -> [UInt8] {
        try Posix.read(fd, offset: offset, count: count, path: path)
    }

    public func dataSync(_ fd: Int32, path: String) throws { try Posix.dataSync(fd, path: path) }
    public func sync(_ fd: Int32, path: String) throws { try Posix.sync(fd, path: path) }
    public func truncate(_ fd: Int32, to length: Int, path: String) throws { try Posix.truncate(fd, to: length, path: path) }
    public func size(_ fd: Int32, path: String) throws -> Int { try Posix.size(fd, path: path) }

    public func setMode(_ fd: Int32, _ mode: mode_t, path: String) throws {
        if fchmod(fd, mode) != 0 { throw StoreError.io(path: path, operation: "chmod", errno: errno) }
    }

    public func identity(_ fd: Int32) -> FileIdentity? { Posix.identity(fd) }
    public func identity(path: String) -> FileIdentity? { Posix.identity(path: path) }
    public func syncDirectory(_ path: String) throws { try Posix.syncDirectory(path) }

    public func rename(_ from: String, to: String) throws {
        if Glibc.rename(from, to) != 0 { throw StoreError.io(path: from, operation: "rename to \(to)", errno: errno) }
    }

    public func writeRefusal(directory: String) -> Int32? {
        access(directory, W_OK) == 0 ? nil : errno
    }

    /// From `/proc/self/mounts` (Glibc's Swift module has no `statfs`): the type of the longest mount
    /// point that holds the folder's real path.
    public func fileSystemType(_ path: String) -> String? {
        guard let real = realpath(path, nil) else { return nil }
        let resolved = String(cString: real)
        free(real)
        guard let table = try? String(contentsOfFile: "/proc/self/mounts", encoding: .utf8) else { return nil }
        return MountTable.type(of: resolved, in: table)
    }
}
