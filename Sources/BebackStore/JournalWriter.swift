#if canImport(Glibc)
import Glibc
#endif
import Foundation

/// A record the writer appended and synced.
public struct AppendedRecord: Equatable, Sendable {
    public var sequence: UInt64
    public var offset: Int
    public var length: Int
}

/// The single writer of one journal file. Each append takes the journal's exclusive lock
/// (`flock` on `<journal>.lock`, released by no other `close`), checks it still holds the file at
/// the path, sets aside a torn tail, writes the records, and returns only after `fdatasync`.
/// On any failure the file is cut back to where it was and nothing is reported saved.
public final class JournalWriter {
    public let path: String
    public let name: String
    private let directory: String
    private var cachedScan: JournalScan?
    private var cachedSize = -1
    private var cachedIdentity: (dev_t, ino_t)?

    public init(path: String, name: String) {
        self.path = path
        self.name = name
        self.directory = (path as NSString).deletingLastPathComponent
    }

    /// Appends payloads as consecutive records; durable when this returns.
    @discardableResult
    public func append(_ payloads: [[UInt8]], at now: Date = Date()) throws -> [AppendedRecord] {
        guard !payloads.isEmpty else { return [] }
        let lockFD = try Posix.open(path + ".lock", O_RDWR | O_CREAT, 0o660)
        defer { close(lockFD) }
        while flock(lockFD, LOCK_EX) != 0 {
            if errno != EINTR { throw StoreError.io(path: path + ".lock", operation: "lock", errno: errno) }
        }
        defer { flock(lockFD, LOCK_UN) }

        let existed = Posix.identity(path: path) != nil
        let fd = try Posix.open(path, O_RDWR | O_APPEND | O_CREAT, 0o640)
        defer { close(fd) }
        if !existed { try Posix.syncDirectory(directory) }

        var size = try Posix.size(fd, path: path)
        if size == 0 {
            let header = JournalFormat.header(salt: UInt64.random(in: 1...UInt64.max), name: name, created: now)
            try writeSynced(fd, header, restoringTo: 0)
            size = header.count
        }
        var scan = try currentScan(fd: fd, size: size)
        if let problem = scan.problems.first {
            if problem.kind == .newerVersion { throw StoreError.readOnly("\(path): \(problem)") }
            throw StoreError.corrupt(path: path, problem: problem)
        }
        if let torn = scan.tornTail {
            try setAside(fd: fd, torn: torn, at: now)
            if torn.lowerBound == 0 {
                let header = JournalFormat.header(salt: UInt64.random(in: 1...UInt64.max), name: name, created: now)
                try writeSynced(fd, header, restoringTo: 0)
            }
            size = try Posix.size(fd, path: path)
            scan = try currentScan(fd: fd, size: size, forceFull: true)
        }
        guard let header = scan.header else { throw StoreError.readOnly("\(path): journal header unreadable") }

        var bytes = [UInt8]()
        var appended: [AppendedRecord] = []
        var sequence = scan.lastSequence
        var previous = scan.nextPrevious
        for payload in payloads {
            guard payload.count <= JournalFormat.maxPayloadLength else {
                throw StoreError.badPayload(path: path, offset: size + bytes.count, detail: "entry of \(payload.count) bytes is over the limit")
            }
            sequence += 1
            let line = JournalFormat.record(sequence: sequence, previous: previous, salt: header.salt, payload: payload)
            appended.append(AppendedRecord(sequence: sequence, offset: size + bytes.count, length: line.count))
            previous = line.withUnsafeBytes { ChainHash.update(ChainHash.seed, $0) }
            bytes.append(contentsOf: line)
        }
        try writeSynced(fd, bytes, restoringTo: size)
        // Remember the tail we just wrote, so the next append does not re-read the file.
        var extended = scan
        extended.lastSequence = sequence
        extended.nextPrevious = previous
        extended.recordCount += appended.count
        extended.validEnd = size + bytes.count
        let newSize = extended.validEnd
        cachedScan = extended
        cachedSize = newSize
        cachedIdentity = Posix.identity(fd)
        return appended
    }

    /// Writes bytes and syncs them; on failure cuts the file back to `length` and rethrows.
    private func writeSynced(_ fd: Int32, _ bytes: [UInt8], restoringTo length: Int) throws {
        do {
            try Posix.writeAll(fd, bytes, path: path)
            try Posix.dataSync(fd, path: path)
        } catch {
            try? Posix.truncate(fd, to: length, path: path)
            _ = fdatasync(fd)
            cachedScan = nil
            cachedSize = -1
            throw error
        }
    }

    /// The scan of the file as it is now, re-reading only what another writer added since our last append.
    private func currentScan(fd: Int32, size: Int, forceFull: Bool = false) throws -> JournalScan {
        let identity = Posix.identity(fd)
        let sameFile = cachedIdentity.map { cached in identity.map { $0 == cached } ?? false } ?? false
        if !forceFull, sameFile, let cached = cachedScan, cachedSize == size { return cached }
        if !forceFull, sameFile, let cached = cachedScan, cachedSize < size, cached.tornTail == nil, cached.problems.isEmpty {
            let all = try Posix.read(fd, offset: 0, count: size, path: path)
            let scan = all.withUnsafeBytes { JournalScan.scan($0, startingAt: cached.validEnd, resume: cached, keepRecords: false) }
            remember(scan, size: size, identity: identity)
            return scan
        }
        let all = try Posix.read(fd, offset: 0, count: size, path: path)
        let scan = all.withUnsafeBytes { JournalScan.scan($0, keepRecords: false) }
        remember(scan, size: size, identity: identity)
        return scan
    }

    private func remember(_ scan: JournalScan, size: Int, identity: (dev_t, ino_t)?) {
        cachedScan = scan
        cachedSize = size
        cachedIdentity = identity
    }

    /// Keeps a torn tail as `<journal>.broken-<offset>` (synced), then cuts it off the journal.
    private func setAside(fd: Int32, torn: Range<Int>, at now: Date) throws {
        let tail = try Posix.read(fd, offset: torn.lowerBound, count: torn.count, path: path)
        let brokenPath = "\(path).broken-\(torn.lowerBound)-\(Int(now.timeIntervalSince1970))"
        let brokenFD = try Posix.open(brokenPath, O_WRONLY | O_CREAT | O_TRUNC, 0o640)
        defer { close(brokenFD) }
        try Posix.writeAll(brokenFD, tail, path: brokenPath)
        try Posix.sync(brokenFD, path: brokenPath)
        try Posix.syncDirectory(directory)
        try Posix.truncate(fd, to: torn.lowerBound, path: path)
        try Posix.sync(fd, path: path)
        cachedScan = nil
        cachedSize = -1
    }
}
