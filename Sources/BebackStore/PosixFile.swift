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

/// A reusable buffer for reading whole files one after another (each core reading a desk's
/// journals keeps one): its memory is set up once, not once per file. A journal can instead be
/// mapped from the page cache (`journal(_:lockPath:mayMap:)`), which spares copying it.
final class ReadBuffer {
    private var storage: UnsafeMutableRawPointer?
    private var capacity = 0
    /// The journal mapped by the last call, and the shared lock that keeps its writers out.
    private var mapping: (base: UnsafeMutableRawPointer, length: Int, lockFD: Int32)?

    /// Whether the bytes the last call gave are mapped (not copied) and their writers held out.
    var isMapped: Bool { mapping != nil }

    deinit {
        release()
        storage?.deallocate()
    }

    /// The whole file's bytes, valid until the next read into this buffer (empty when the file is missing).
    func read(_ path: String) throws -> UnsafeRawBufferPointer {
        release()
        let fd: Int32
        do { fd = try Posix.open(path, O_RDONLY | Posix.noFollow) } catch StoreError.io(_, _, let code) where code == ENOENT {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        defer { close(fd) }
        let length = try Posix.size(fd, path: path)
        if length > capacity {
            storage?.deallocate()
            capacity = max(length, capacity * 2)
            storage = UnsafeMutableRawPointer.allocate(byteCount: capacity, alignment: 16)
        }
        guard let storage, length > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        var done = 0
        while done < length {
            let result = pread(fd, storage + done, length - done, off_t(done))
            if result < 0 {
                if errno == EINTR { continue }
                throw StoreError.io(path: path, operation: "read", errno: errno)
            }
            if result == 0 { break }
            done += result
        }
        return UnsafeRawBufferPointer(start: storage, count: done)
    }

    /// A whole journal's bytes, valid until `release` or the next read into this buffer.
    ///
    /// They are mapped from the page cache, not copied, when `mayMap` and the journal's writers'
    /// lock (`lockPath`) can be taken shared at once. Every cut of a journal (a torn tail set aside,
    /// a failed append undone) happens under that lock held exclusively, and a mapped page that a
    /// cut takes off the file would fault (SIGBUS) when read: while it is shared, writers wait.
    /// Otherwise (a writer busy, no lock file yet, a network file system where locks and maps do not
    /// hold across machines) the bytes are read into the buffer as `read` does.
    func journal(_ path: String, lockPath: String, mayMap: Bool) throws -> UnsafeRawBufferPointer {
        release()
        guard mayMap, let lockFD = Self.sharedLock(lockPath) else { return try read(path) }
        // The lock is let go on every way out but a mapping made.
        var mapped = false
        defer { if !mapped { Self.unlock(lockFD) } }
        let fd: Int32
        do { fd = try Posix.open(path, O_RDONLY | Posix.noFollow) } catch StoreError.io(_, _, let code) where code == ENOENT {
            return UnsafeRawBufferPointer(start: nil, count: 0)
        }
        defer { close(fd) }
        let length = try Posix.size(fd, path: path)
        guard length > 0 else { return UnsafeRawBufferPointer(start: nil, count: 0) }
        guard let base = mmap(nil, length, PROT_READ, MAP_SHARED | MAP_POPULATE, fd, 0), base != MAP_FAILED else { return try read(path) }
        // A page the disk failed to give would fault when read: unless every page came in, the
        // file is read instead, where such a failure is an error with the file's name.
        guard Self.allResident(base, length: length) else {
            munmap(base, length)
            return try read(path)
        }
        mapping = (base, length, lockFD)
        mapped = true
        return UnsafeRawBufferPointer(start: base, count: length)
    }

    /// Unmaps the journal the last call mapped and lets its writers in again.
    func release() {
        guard let mapping else { return }
        munmap(mapping.base, mapping.length)
        Self.unlock(mapping.lockFD)
        self.mapping = nil
    }

    /// Whether every page of a mapping is in memory (`mincore`).
    static func allResident(_ base: UnsafeMutableRawPointer, length: Int) -> Bool {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var resident = [UInt8](repeating: 0, count: (length + page - 1) / page)
        guard mincore(base, length, &resident) == 0 else { return false }
        return resident.allSatisfy { $0 & 1 == 1 }
    }

    /// The lock file opened and locked shared without waiting, or nil (missing, unreadable, held by a writer).
    private static func sharedLock(_ path: String) -> Int32? {
        let fd = Glibc.open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW)
        guard fd >= 0 else { return nil }
        while flock(fd, LOCK_SH | LOCK_NB) != 0 {
            if errno == EINTR { continue }
            close(fd)
            return nil
        }
        return fd
    }

    private static func unlock(_ fd: Int32) {
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
