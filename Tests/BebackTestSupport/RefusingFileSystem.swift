#if canImport(Glibc)
    import Glibc
#endif
import BebackStore
import Foundation

/// The real file system, except that opening a file for writing can fail with `openRefusal` (EACCES,
/// EPERM: a journal that refuses writes), the folder check can report `folderRefusal` (EROFS for a
/// read-only mount; tests run as root, where chmod stops nothing), and the mount type can be set
/// (e.g. "nfs4") to test the network warning, and the disk can fill up after `writeBudget` bytes.
public final class RefusingFileSystem: JournalFileSystem {
    private let real = PosixJournalFileSystem.shared
    public var openRefusal: Int32?
    public var folderRefusal: Int32?
    public var mountType: String?
    /// Bytes that may still be written before a write fails with ENOSPC (nil: no limit).
    public var writeBudget: Int?

    public init(openRefusal: Int32? = nil, folderRefusal: Int32? = nil, mountType: String? = nil) {
        self.openRefusal = openRefusal
        self.folderRefusal = folderRefusal
        self.mountType = mountType
    }

    public func open(_ path: String, flags: Int32, mode: mode_t) throws -> Int32 {
        if let openRefusal, flags & (O_WRONLY | O_RDWR | O_CREAT) != 0 { throw StoreError.io(path: path, operation: "open", errno: openRefusal) }
        return try real.open(path, flags: flags, mode: mode)
    }

    public func close(_ fd: Int32) { real.close(fd) }
    public func lock(_ fd: Int32, path: String) throws { try real.lock(fd, path: path) }
    public func unlock(_ fd: Int32) { real.unlock(fd) }
    public func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws -> Int {
        if let writeBudget {
            guard writeBudget >= bytes.count else { throw StoreError.io(path: path, operation: "write", errno: ENOSPC) }
            self.writeBudget = writeBudget - bytes.count
        }
        return try real.write(fd, bytes, path: path)
    }
    public func read(_ fd: Int32, offset: Int, count: Int, path: String) throws -> [UInt8] { try real.read(fd, offset: offset, count: count, path: path) }
    public func dataSync(_ fd: Int32, path: String) throws { try real.dataSync(fd, path: path) }
    public func sync(_ fd: Int32, path: String) throws { try real.sync(fd, path: path) }
    public func truncate(_ fd: Int32, to length: Int, path: String) throws { try real.truncate(fd, to: length, path: path) }
    public func size(_ fd: Int32, path: String) throws -> Int { try real.size(fd, path: path) }
    public func setMode(_ fd: Int32, _ mode: mode_t, path: String) throws { try real.setMode(fd, mode, path: path) }
    public func identity(_ fd: Int32) -> FileIdentity? { real.identity(fd) }
    public func identity(path: String) -> FileIdentity? { real.identity(path: path) }
    public func syncDirectory(_ path: String) throws { try real.syncDirectory(path) }
    public func rename(_ from: String, to: String) throws { try real.rename(from, to: to) }
    public func writeRefusal(directory: String) -> Int32? { folderRefusal ?? real.writeRefusal(directory: directory) }
    public func fileSystemType(_ path: String) -> String? { mountType ?? real.fileSystemType(path) }
}
