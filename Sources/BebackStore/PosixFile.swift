#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import Foundation

/// Thin wrappers over the system calls the journal needs, each failing with a `StoreError` that names the file.
enum Posix {
    static func open(_ path: String, _ flags: Int32, _ mode: mode_t = 0o640) throws -> Int32 {
        while true {
            let fd = Glibc.open(path, flags | O_CLOEXEC, mode)
            if fd >= 0 { return fd }
            if errno == EINTR { continue }
            if errno == ELOOP, flags & O_NOFOLLOW != 0 { throw StoreError.symbolicLink(path: path) }
            throw StoreError.io(path: path, operation: "open", errno: errno)
        }
    }

    /// A journal, its lock and its set-aside files are opened with `O_NOFOLLOW`: a symbolic link put
    /// in `journals/` is refused, never followed to a file outside the desk.
    static let noFollow = O_NOFOLLOW

    /// Creates a folder (an existing one is fine).
    static func makeDirectory(_ path: String, mode: mode_t) throws {
        if mkdir(path, mode) != 0, errno != EEXIST {
            throw StoreError.io(path: path, operation: "create folder", errno: errno)
        }
    }

    static func writeAll(_ fd: Int32, _ bytes: [UInt8], path: String) throws {
        var written = 0
        try bytes.withUnsafeBytes { buffer in
            while written < buffer.count {
                let result = Glibc.write(fd, buffer.baseAddress! + written, buffer.count - written)
                if result < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.io(path: path, operation: "write", errno: errno)
                }
                if result == 0 { throw StoreError.shortWrite(path: path, written: written, expected: buffer.count) }
                written += result
            }
        }
    }

    static func dataSync(_ fd: Int32, path: String) throws {
        if fdatasync(fd) != 0 { throw StoreError.io(path: path, operation: "fdatasync", errno: errno) }
    }

    static func sync(_ fd: Int32, path: String) throws {
        if fsync(fd) != 0 { throw StoreError.io(path: path, operation: "fsync", errno: errno) }
    }

    static func syncDirectory(_ path: String) throws {
        let fd = try open(path, O_RDONLY | O_DIRECTORY)
        defer { close(fd) }
        try sync(fd, path: path)
    }

    static func truncate(_ fd: Int32, to length: Int, path: String) throws {
        if ftruncate(fd, off_t(length)) != 0 { throw StoreError.io(path: path, operation: "truncate", errno: errno) }
    }

    static func size(_ fd: Int32, path: String) throws -> Int {
        var info = stat()
        if fstat(fd, &info) != 0 { throw StoreError.io(path: path, operation: "stat", errno: errno) }
        return Int(info.st_size)
    }

    static func identity(_ fd: Int32) -> FileIdentity? {
        var info = stat()
        guard fstat(fd, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    static func identity(path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    /// Sets a path's permission bits exactly (no umask).
    static func setMode(_ path: String, _ mode: mode_t) throws {
        if chmod(path, mode) != 0 { throw StoreError.io(path: path, operation: "chmod", errno: errno) }
    }

    /// Reads `count` bytes at `offset` (fewer at end of file).
    static func read(_ fd: Int32, offset: Int, count: Int, path: String) throws -> [UInt8] {
        // Not zero-filled first: the read overwrites every byte it keeps (a desk's journals are hundreds of megabytes).
        try [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var done = 0
            while done < count {
                let result = pread(fd, buffer.baseAddress! + done, count - done, off_t(offset + done))
                if result < 0 {
                    if errno == EINTR { continue }
                    initialized = done
                    throw StoreError.io(path: path, operation: "read", errno: errno)
                }
                if result == 0 { break }
                done += result
            }
            initialized = done
        }
    }

    /// The whole file, or an empty array when it does not exist.
    static func readFile(_ path: String) throws -> [UInt8] {
        let fd: Int32
        do { fd = try open(path, O_RDONLY | noFollow) } catch StoreError.io(_, _, let code) where code == ENOENT { return [] }
        defer { close(fd) }
        let length = try size(fd, path: path)
        return try read(fd, offset: 0, count: length, path: path)
    }

    /// Bytes from `offset` to the end of the file.
    static func readFile(_ path: String, from offset: Int) throws -> [UInt8] {
        let fd: Int32
        do { fd = try open(path, O_RDONLY | noFollow) } catch StoreError.io(_, _, let code) where code == ENOENT { return [] }
        defer { close(fd) }
        let length = try size(fd, path: path)
        guard length > offset else { return [] }
        return try read(fd, offset: offset, count: length - offset, path: path)
    }
}

/// What reading a journal from the page cache needs: its writers' lock taken shared (every cut of
/// a journal happens under that lock held exclusively, and a mapped page a cut took off the file
/// would fault when read), and a check that a mapping's pages all came in from the disk.
enum JournalMapping {
    /// Whether every page of a mapping is in memory (`mincore`).
    static func allResident(_ base: UnsafeMutableRawPointer, length: Int) -> Bool {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var resident = [UInt8](repeating: 0, count: (length + page - 1) / page)
        guard mincore(base, length, &resident) == 0 else { return false }
        return resident.allSatisfy { $0 & 1 == 1 }
    }

    /// The lock file opened and locked shared without waiting, or nil (missing, unreadable, held by a writer).
    static func sharedLock(_ path: String) -> Int32? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        while flock(fd, LOCK_SH | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            close(fd)
            return nil
        }
        return fd
    }

    static func unlock(_ fd: Int32) {
        _ = flock(fd, LOCK_UN)
        close(fd)
    }
}

extension Posix {
    /// A file's size in bytes from its path, or 0 when it cannot be read (missing: nothing written yet).
    static func fileSize(_ path: String) -> Int {
        var info = stat()
        guard stat(path, &info) == 0 else { return 0 }
        return Int(info.st_size)
    }
}
