#if canImport(Glibc)
    import Glibc
#endif
import BebackStore
import Foundation

/// An in-memory file system under the journal writer that models a page cache, for crash and fault
/// tests. Writes land in the cache; `fdatasync`/`fsync` make a file's bytes durable; a folder fsync
/// makes the names in it durable (creations, renames). Faults are injected by operation number (every call counts):
/// an errno once or from then on, a short write, or a crash, after which every call fails and
/// `crashImage` gives what a disk could hold after the power came back (unsynced bytes dropped,
/// kept in part, or garbled).
public final class SimulatedDisk: JournalFileSystem {
    /// The kinds of call the disk counts.
    public enum Operation: String, Sendable, CaseIterable {
        case open, close, lock, unlock, write, read, dataSync, sync, truncate, size, setMode, stat, syncDirectory, rename
    }

    /// What goes wrong at the chosen call.
    public enum Fault: Equatable, Sendable, CustomStringConvertible {
        /// The call fails with this errno (ENOSPC, EIO...).
        case error(Int32)
        /// A write takes only the first half of its bytes (other calls: EIO).
        case shortWrite
        /// The process dies here: this call and every later one fail, and nothing more reaches the cache.
        case crash

        public var description: String {
            switch self {
            case .error(let code) where code == ENOSPC: return "ENOSPC"
            case .error(let code) where code == EIO: return "EIO"
            case .error(let code): return "errno \(code)"
            case .shortWrite: return "short write"
            case .crash: return "crash"
            }
        }
    }

    /// What survives of unsynced bytes at a crash.
    public enum CrashOutcome: Sendable, CaseIterable {
        /// Every unsynced byte is lost.
        case dropUnsynced
        /// A random prefix of the unsynced bytes reached the disk.
        case keepSomeUnsynced
        /// Every unsynced byte reached the disk (the crash came just before the sync returned).
        case keepAllUnsynced
        /// A random prefix reached the disk, with random bytes in it garbled.
        case garbleUnsynced
    }

    /// Thrown by every call once the simulated process has crashed.
    public struct Crashed: Error, Equatable {}

    struct File {
        var cached: [UInt8] = []
        var durable: [UInt8] = []
    }

    /// File contents by inode.
    private var inodes: [UInt64: File] = [:]
    /// The names in the folders now, and as of each folder's last fsync (what survives a crash).
    private var names: [String: UInt64] = [:]
    private var durableNames: [String: UInt64] = [:]
    private var descriptors: [Int32: String] = [:]
    private var nextDescriptor: Int32 = 100
    private var nextInode: UInt64 = 1
    /// Calls made so far (the next call's number).
    public private(set) var operationCount = 0
    /// Calls by kind, for the figures.
    public private(set) var counts: [Operation: Int] = [:]
    public private(set) var crashed = false
    private var faultAt: Int?
    private var fault: Fault?
    private var persistent = false
    private var faultOperations: Set<Operation>?
    /// How many calls failed because of the injected fault.
    public private(set) var faultsInjected = 0

    public init() {}

    /// A disk holding these files, all durable.
    public init(files contents: [String: [UInt8]]) {
        for (path, bytes) in contents.sorted(by: { $0.key < $1.key }) {
            inodes[nextInode] = File(cached: bytes, durable: bytes)
            names[path] = nextInode
            durableNames[path] = nextInode
            nextInode += 1
        }
    }

    /// Injects a fault at call number `operation` (counting from the next call if already past), on
    /// any kind of call or only the kinds given; persistent faults hit every matching call from then on.
    public func inject(_ fault: Fault, atOperation operation: Int, persistent: Bool = false, only kinds: Set<Operation>? = nil) {
        self.fault = fault
        faultAt = operation
        self.persistent = persistent
        faultOperations = kinds
    }

    /// Removes the fault (the disk is healthy again; a crash stays a crash).
    public func heal() {
        fault = nil
        faultAt = nil
    }

    /// The bytes a reader sees now (the page cache), or nil when the file does not exist.
    public func contents(_ path: String) -> [UInt8]? { names[path].flatMap { inodes[$0]?.cached } }

    /// The bytes that would survive losing every unsynced byte.
    public func durableContents(_ path: String) -> [UInt8]? { durableNames[path].flatMap { inodes[$0]?.durable } }

    /// The paths present now.
    public var paths: [String] { names.keys.sorted() }

    /// A fresh disk holding what survived a crash now, for `outcome`; `seed` picks the random parts.
    public func crashImage(_ outcome: CrashOutcome, seed: UInt64) -> SimulatedDisk {
        var random = SplitMix(seed: seed)
        var survived: [String: [UInt8]] = [:]
        // Dropping: only the names as of each folder's last fsync. Otherwise the folder changes reached the disk.
        let surviving = outcome == .dropUnsynced ? durableNames : names
        for (path, inode) in surviving.sorted(by: { $0.key < $1.key }) {
            guard let file = inodes[inode] else { continue }
            var bytes = file.durable
            if outcome != .dropUnsynced {
                if file.cached.starts(with: file.durable) {
                    let unsynced = Array(file.cached[file.durable.count...])
                    let keep = outcome == .keepAllUnsynced ? unsynced.count : Int(random.next() % UInt64(unsynced.count + 1))
                    var kept = Array(unsynced.prefix(keep))
                    if outcome == .garbleUnsynced, !kept.isEmpty {
                        for _ in 0..<(1 + Int(random.next() % 4)) {
                            kept[Int(random.next() % UInt64(kept.count))] = UInt8(truncatingIfNeeded: random.next())
                        }
                    }
                    bytes += kept
                } else if random.next() % 2 == 0 {
                    bytes = file.cached  // an unsynced truncation (or rewrite) that reached the disk
                }
            }
            survived[path] = bytes
        }
        return SimulatedDisk(files: survived)
    }

    // MARK: Faults

    /// Counts a call and applies the fault due at it; `write` short writes are handled by the caller.
    private func enter(_ operation: Operation, path: String) throws -> Fault? {
        let number = operationCount
        operationCount += 1
        counts[operation, default: 0] += 1
        if crashed { throw Crashed() }
        guard let fault, let faultAt, number >= faultAt, faultOperations?.contains(operation) ?? true else { return nil }
        if number > faultAt, !persistent { return nil }
        if !persistent { self.faultAt = Int.max }
        faultsInjected += 1
        switch fault {
        case .crash:
            crashed = true
            throw Crashed()
        case .error(let code):
            throw StoreError.io(path: path, operation: operation.rawValue, errno: code)
        case .shortWrite:
            if operation == .write { return .shortWrite }
            throw StoreError.io(path: path, operation: operation.rawValue, errno: EIO)
        }
    }

    /// Non-throwing calls (close, unlock) still count, and a crash there still kills the process.
    private func enterQuietly(_ operation: Operation) {
        _ = try? enter(operation, path: "")
    }

    /// Descriptors hold the inode, so a rename under an open file changes nothing for it.
    private var openInodes: [Int32: UInt64] = [:]

    private func inode(of fd: Int32) throws -> UInt64 {
        guard let inode = openInodes[fd] else { throw StoreError.io(path: "fd \(fd)", operation: "use", errno: EBADF) }
        return inode
    }

    private static func directory(of path: String) -> String { (path as NSString).deletingLastPathComponent }

    // MARK: JournalFileSystem

    public func open(_ path: String, flags: Int32, mode: mode_t) throws -> Int32 {
        _ = try enter(.open, path: path)
        if let inode = names[path] {
            if flags & O_CREAT != 0, flags & O_EXCL != 0 { throw StoreError.io(path: path, operation: "open", errno: EEXIST) }
            if flags & O_TRUNC != 0 { inodes[inode]?.cached = [] }
        } else {
            guard flags & O_CREAT != 0 else { throw StoreError.io(path: path, operation: "open", errno: ENOENT) }
            inodes[nextInode] = File()
            names[path] = nextInode
            nextInode += 1
        }
        let fd = nextDescriptor
        nextDescriptor += 1
        descriptors[fd] = path
        openInodes[fd] = names[path]
        return fd
    }

    public func close(_ fd: Int32) {
        enterQuietly(.close)
        descriptors[fd] = nil
        openInodes[fd] = nil
    }

    public func lock(_ fd: Int32, path: String) throws { _ = try enter(.lock, path: path) }
    public func unlock(_ fd: Int32) { enterQuietly(.unlock) }

    public func write(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws -> Int {
        let fault = try enter(.write, path: path)
        let inode = try inode(of: fd)
        let taken = fault == .shortWrite ? bytes.count / 2 : bytes.count
        inodes[inode]?.cached.append(contentsOf: bytes.prefix(taken))  // every journal descriptor is O_APPEND
        return taken
    }

    public func read(_ fd: Int32, offset: Int, count: Int, path: String) throws -> [UInt8] {
        _ = try enter(.read, path: path)
        let bytes = inodes[try inode(of: fd)]?.cached ?? []
        guard offset < bytes.count else { return [] }
        return Array(bytes[offset..<min(bytes.count, offset + count)])
    }

    public func dataSync(_ fd: Int32, path: String) throws {
        _ = try enter(.dataSync, path: path)
        let inode = try inode(of: fd)
        let cached = inodes[inode]?.cached ?? []
        inodes[inode]?.durable = cached
    }

    public func sync(_ fd: Int32, path: String) throws {
        _ = try enter(.sync, path: path)
        let inode = try inode(of: fd)
        let cached = inodes[inode]?.cached ?? []
        inodes[inode]?.durable = cached
    }

    public func truncate(_ fd: Int32, to length: Int, path: String) throws {
        _ = try enter(.truncate, path: path)
        let inode = try inode(of: fd)
        guard var entry = inodes[inode] else { return }
        if entry.cached.count > length {
            entry.cached.removeLast(entry.cached.count - length)
        } else {
            entry.cached += [UInt8](repeating: 0, count: length - entry.cached.count)
        }
        inodes[inode] = entry
    }

    public func size(_ fd: Int32, path: String) throws -> Int {
        _ = try enter(.size, path: path)
        return inodes[try inode(of: fd)]?.cached.count ?? 0
    }

    public func setMode(_ fd: Int32, _ mode: mode_t, path: String) throws { _ = try enter(.setMode, path: path) }

    public func identity(_ fd: Int32) -> FileIdentity? {
        guard (try? enter(.stat, path: "")) != nil, let inode = openInodes[fd] else { return nil }
        return FileIdentity(device: 1, inode: inode)
    }

    public func identity(path: String) -> FileIdentity? {
        guard (try? enter(.stat, path: path)) != nil, let inode = names[path] else { return nil }
        return FileIdentity(device: 1, inode: inode)
    }

    public func syncDirectory(_ path: String) throws {
        _ = try enter(.syncDirectory, path: path)
        for name in durableNames.keys where Self.directory(of: name) == path && names[name] == nil { durableNames[name] = nil }
        for (name, inode) in names where Self.directory(of: name) == path { durableNames[name] = inode }
    }

    public func rename(_ from: String, to: String) throws {
        _ = try enter(.rename, path: from)
        guard let inode = names[from] else { throw StoreError.io(path: from, operation: "rename", errno: ENOENT) }
        names[from] = nil
        names[to] = inode
    }

    public func writeRefusal(directory: String) -> Int32? { nil }
    public func fileSystemType(_ path: String) -> String? { "simulated" }
}

/// A small seeded random source (SplitMix64), so every torture run can be repeated.
public struct SplitMix: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
