import BebackCodec
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
///
/// The first append of a process checks only the end of the file: the header, and that the file
/// ends with a complete record whose salted checksum holds (its sequence and chain hash continue the
/// journal). Anything else at the end (a torn tail) falls back to a full scan, which sets it aside.
/// Damage in the middle is the reader's to find: `FileEventStore.load` scans everything and refuses writes.
public final class JournalWriter {
    public let path: String
    public let name: String
    private let directory: String
    private let fileSystem: any JournalFileSystem
    /// What the writer knows of the file's end, after its last append or check.
    private var tail: Tail?

    /// The end of a journal: enough to append the next record.
    struct Tail {
        var header: JournalHeader
        var lastSequence: UInt64
        var nextPrevious: UInt64
        /// The size of the file, which ends with a complete record (or the header).
        var end: Int
        var identity: FileIdentity?
        /// The last record's place in the desk's causal order (milliseconds; 0 before the first record).
        var lastOrder: UInt64 = 0
    }

    /// How the end of the file was established by the last append (for tests and benchmarks).
    public enum TailCheck: Equatable, Sendable {
        /// Nothing read: the file is as this writer left it.
        case unchanged
        /// Only the bytes another writer added since were read.
        case incremental
        /// The header and the last record were read.
        case lastRecord
        /// The whole file was read (a torn tail, a bad header, or no complete last record found).
        case fullScan
    }

    public private(set) var lastTailCheck: TailCheck?

    /// How long an append waits for the lock another process holds before it gives up (`lock_wait_seconds`).
    public var lockWaitSeconds: Double = 10
    /// Called under the lock before the records are written, with the payload of the journal's last
    /// record (nil for a new journal): throws to refuse the append (the time sanity of new entries).
    public var checkBeforeAppend: (([UInt8]?) throws -> Void)?
    /// Called once when an append has waited 200 ms for the lock, with who holds it ("ben (pid 4242)").
    public var onLockWait: ((String) -> Void)?

    public init(path: String, name: String, fileSystem: any JournalFileSystem = PosixJournalFileSystem.shared) {
        self.path = path
        self.name = name
        self.directory = (path as NSString).deletingLastPathComponent
        self.fileSystem = fileSystem
    }

    /// Appends payloads as consecutive records; durable when this returns.
    @discardableResult
    public func append(_ payloads: [[UInt8]], at now: Date = Date()) throws -> [AppendedRecord] {
        try append(at: now) { _ in payloads.map { ($0, nil) } }
    }

    /// Appends the payloads `encode` makes, under the journal's lock, from the order of the
    /// journal's last record (so each new entry can be ordered after it); durable when this returns.
    /// `encode` gives each payload with its order (nil: the payload's order is not known here).
    @discardableResult
    public func append(at now: Date = Date(), encode: (_ lastOrder: UInt64) throws -> [(payload: [UInt8], order: UInt64?)]) throws -> [AppendedRecord] {
        try append(at: now) { (lastOrder: UInt64) -> EntrySource in
            let encoded = try encode(lastOrder)
            return EntrySource(count: encoded.count) { encoded[$0] }
        }
    }

    /// Entries made one at a time, when their turn comes: how many, and the maker of the entry at an index.
    public struct EntrySource {
        public var count: Int
        public var entry: (_ index: Int) throws -> (payload: [UInt8], order: UInt64?)

        public init(count: Int, entry: @escaping (_ index: Int) throws -> (payload: [UInt8], order: UInt64?)) {
            self.count = count
            self.entry = entry
        }
    }

    /// How many bytes of records are gathered before they are written (the whole batch is synced once).
    static let chunkBytes = 1 << 20

    /// Appends the entries `source` makes, each made, framed and written in turn, so that a large
    /// batch (an import) is never held whole in memory; synced once at the end. A failure part way
    /// takes the journal back to where it was, as for a batch written at once.
    @discardableResult
    public func append(at now: Date = Date(), source: (_ lastOrder: UInt64) throws -> EntrySource) throws -> [AppendedRecord] {
        let lockPath = path + ".lock"
        let lockExisted = fileSystem.identity(path: lockPath) != nil
        let lockFD = try fileSystem.open(lockPath, flags: O_RDWR | O_CREAT | O_NOFOLLOW, mode: DeskFolder.lockMode)
        defer { fileSystem.close(lockFD) }
        // The lock is the writer's own (0600): no other account can open it, so nobody else can hold it.
        // An older desk's 0640 lock file is narrowed by its owner's next append.
        if !lockExisted || Self.mode(of: lockPath) != DeskFolder.lockMode { try? fileSystem.setMode(lockFD, DeskFolder.lockMode, path: lockPath) }
        try acquire(lockFD, path: lockPath)
        defer { fileSystem.unlock(lockFD) }

        let existed = fileSystem.identity(path: path) != nil
        // O_NOFOLLOW: a symbolic link in place of the journal is refused, never written through.
        let fd = try fileSystem.open(path, flags: O_RDWR | O_APPEND | O_CREAT | O_NOFOLLOW, mode: DeskFolder.journalMode)
        defer { fileSystem.close(fd) }
        if !existed {
            try? fileSystem.setMode(fd, DeskFolder.journalMode, path: path)
            try fileSystem.syncDirectory(directory)
        }

        var size = try fileSystem.size(fd, path: path)
        if size == 0 {
            try writeHeader(fd, at: now)
            size = try fileSystem.size(fd, path: path)
        }
        let current = try currentTail(fd: fd, size: size, at: now)
        if let checkBeforeAppend { try checkBeforeAppend(try lastPayload(fd: fd, tail: current)) }
        let entries = try source(current.lastOrder)
        guard entries.count > 0 else { return [] }

        var lastOrder = current.lastOrder
        var chunk = [UInt8]()
        var written = 0
        var wroteSome = false
        var appended: [AppendedRecord] = []
        appended.reserveCapacity(entries.count)
        var sequence = current.lastSequence
        var previous = current.nextPrevious
        do {
            for index in 0..<entries.count {
                let (payload, order) = try entries.entry(index)
                if let order { lastOrder = max(lastOrder, order) }
                guard payload.count <= JournalFormat.maxPayloadLength else {
                    throw StoreError.badPayload(
                        path: path, offset: current.end + written + chunk.count, detail: "entry of \(payload.count) bytes is over the limit")
                }
                sequence += 1
                let line = JournalFormat.record(sequence: sequence, previous: previous, salt: current.header.salt, payload: payload)
                appended.append(AppendedRecord(sequence: sequence, offset: current.end + written + chunk.count, length: line.count))
                previous = line.withUnsafeBytes { ChainHash.update(ChainHash.seed, $0) }
                chunk.append(contentsOf: line)
                if chunk.count >= Self.chunkBytes {
                    wroteSome = true
                    try fileSystem.writeAll(fd, chunk, path: path)
                    written += chunk.count
                    chunk.removeAll(keepingCapacity: true)
                }
            }
            wroteSome = true
            try fileSystem.writeAll(fd, chunk, path: path)
            written += chunk.count
            try fileSystem.dataSync(fd, path: path)
        } catch {
            // Nothing written yet (an entry that would not encode): the journal is as it was.
            if wroteSome { restore(fd, to: current.end) }
            throw error
        }
        // Remember the tail just written, so the next append reads nothing.
        tail = Tail(
            header: current.header, lastSequence: sequence, nextPrevious: previous,
            end: current.end + written, identity: current.identity, lastOrder: lastOrder)
        return appended
    }

    /// The permission bits of a file, or nil.
    private static func mode(of path: String) -> mode_t? {
        var info = stat()
        return stat(path, &info) == 0 ? info.st_mode & 0o7777 : nil
    }

    /// Takes the journal's lock: at once when free; else says who holds it after 200 ms (`onLockWait`)
    /// and gives up after `lockWaitSeconds` with `StoreError.lockBusy` naming the holder.
    private func acquire(_ fd: Int32, path lockPath: String) throws {
        if try fileSystem.tryLock(fd, path: lockPath) { return }
        let started = DispatchTime.now().uptimeNanoseconds
        var told = false
        while true {
            usleep(10_000)
            if try fileSystem.tryLock(fd, path: lockPath) { return }
            let waited = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e9
            if !told, waited >= 0.2 {
                told = true
                onLockWait?(LockHolder.describe(lockPath))
            }
            if waited >= lockWaitSeconds {
                throw StoreError.lockBusy(path: lockPath, holder: LockHolder.describe(lockPath), seconds: Int(lockWaitSeconds.rounded()))
            }
        }
    }

    private func writeHeader(_ fd: Int32, at now: Date) throws {
        let header = JournalFormat.header(salt: UInt64.random(in: 1...UInt64.max), name: name, created: now)
        try writeSynced(fd, header, restoringTo: 0)
    }

    /// Writes bytes and syncs them; on failure cuts the file back to `length` and rethrows.
    /// A failed sync is never retried: the cut-back bytes are written again by the next append, if any.
    private func writeSynced(_ fd: Int32, _ bytes: [UInt8], restoringTo length: Int) throws {
        do {
            try fileSystem.writeAll(fd, bytes, path: path)
            try fileSystem.dataSync(fd, path: path)
        } catch {
            restore(fd, to: length)
            throw error
        }
    }

    /// Takes the file back to `length` after a failed write (the failure itself is the one to report).
    private func restore(_ fd: Int32, to length: Int) {
        tail = nil
        do {
            try fileSystem.truncate(fd, to: length, path: path)
            try fileSystem.dataSync(fd, path: path)
        } catch {
            // The original failure is the one to report; the next append re-reads the end of the file.
        }
    }

    /// The end of the file as it is now, reading as little as it can.
    private func currentTail(fd: Int32, size: Int, at now: Date) throws -> Tail {
        let identity = fileSystem.identity(fd)
        if let known = tail, known.identity == identity, identity != nil {
            if known.end == size {
                lastTailCheck = .unchanged
                return known
            }
            if known.end < size, let grown = try grownTail(fd: fd, from: known, size: size) {
                lastTailCheck = .incremental
                tail = grown
                return grown
            }
        }
        if let checked = try lastRecordTail(fd: fd, size: size, identity: identity) {
            lastTailCheck = .lastRecord
            tail = checked
            return checked
        }
        lastTailCheck = .fullScan
        let scanned = try fullScanTail(fd: fd, size: size, identity: identity, at: now)
        tail = scanned
        return scanned
    }

    /// Reads only what other writers appended since `known`; nil when that is not a run of complete records.
    private func grownTail(fd: Int32, from known: Tail, size: Int) throws -> Tail? {
        let added = try fileSystem.read(fd, offset: known.end, count: size - known.end, path: path)
        var resume = JournalScan()
        resume.header = known.header
        resume.lastSequence = known.lastSequence
        resume.nextPrevious = known.nextPrevious
        let scan = added.withUnsafeBytes { JournalScan.scan($0, startingAt: 0, resume: resume) }
        guard scan.problems.isEmpty, scan.tornTail == nil, scan.validEnd == added.count else { return nil }
        let lastOrder =
            scan.records.last.map { record in
                added.withUnsafeBytes { Self.order(of: UnsafeRawBufferPointer(rebasing: $0[record.payload])) }
            } ?? known.lastOrder
        return Tail(
            header: known.header, lastSequence: scan.lastSequence, nextPrevious: scan.nextPrevious,
            end: size, identity: known.identity, lastOrder: max(lastOrder, known.lastOrder))
    }

    /// The payload of the last record before `tail.end`, or nil when the journal has none.
    private func lastPayload(fd: Int32, tail: Tail) throws -> [UInt8]? {
        let body = tail.end - tail.header.length
        guard body > 0 else { return nil }
        let largest = min(body, JournalFormat.recordHeaderLength + JournalFormat.maxPayloadLength + 1)
        var window = min(body, 64 * 1024)
        while true {
            let base = tail.end - window
            let bytes = try fileSystem.read(fd, offset: base, count: window, path: path)
            guard bytes.count == window else { return nil }
            let found = bytes.withUnsafeBytes { buffer -> [UInt8]? in
                var candidate = buffer.count - 2
                while candidate >= 0 {
                    if candidate == 0 ? base == tail.header.length : buffer[candidate - 1] == 0x0A,
                        case .record(let record) = JournalScan.parseRecord(buffer, at: candidate, salt: tail.header.salt)
                    {
                        return Array(buffer[record.payload])
                    }
                    candidate -= 1
                }
                return nil
            }
            if let found { return found }
            if window >= largest { return nil }
            window = min(largest, window * 4)
        }
    }

    /// Reads the header and the last record; nil unless the file ends with a complete, valid record
    /// (or with the header alone).
    private func lastRecordTail(fd: Int32, size: Int, identity: FileIdentity?) throws -> Tail? {
        let start = try fileSystem.read(fd, offset: 0, count: min(size, 512), path: path)
        guard let header = start.withUnsafeBytes({ JournalScan.parseHeader($0) }), header.version == JournalFormat.version else { return nil }
        if size == header.length {
            return Tail(header: header, lastSequence: 0, nextPrevious: header.chainHash, end: size, identity: identity)
        }
        // The last record starts after a newline; a payload is JSON (no raw newline) but look further back when needed.
        var window = min(size - header.length, 64 * 1024)
        let largest = min(size - header.length, JournalFormat.recordHeaderLength + JournalFormat.maxPayloadLength + 1)
        while true {
            let base = size - window
            let bytes = try fileSystem.read(fd, offset: base, count: window, path: path)
            guard bytes.count == window else { return nil }
            let found: Tail? = bytes.withUnsafeBytes { buffer in
                var candidate = buffer.count - 1
                while candidate >= 0 {
                    if candidate == 0 ? base == header.length : buffer[candidate - 1] == 0x0A {
                        if case .record(let record) = JournalScan.parseRecord(buffer, at: candidate, salt: header.salt) {
                            // A valid record that does not end the file: something follows it (a torn tail).
                            guard record.payload.upperBound + 1 == buffer.count else { return nil }
                            return Tail(
                                header: header, lastSequence: record.sequence, nextPrevious: record.chainHash,
                                end: size, identity: identity,
                                lastOrder: Self.order(of: UnsafeRawBufferPointer(rebasing: buffer[record.payload])))
                        }
                    }
                    candidate -= 1
                }
                return nil
            }
            if let found { return found }
            if window >= largest { return nil }
            window = min(largest, window * 4)
        }
    }

    /// Reads the whole file; sets a torn tail aside; refuses a damaged or newer journal.
    private func fullScanTail(fd: Int32, size: Int, identity: FileIdentity?, at now: Date) throws -> Tail {
        var scan = try fileSystem.read(fd, offset: 0, count: size, path: path).withUnsafeBytes { JournalScan.scan($0, keepRecords: false) }
        if let problem = scan.problems.first {
            if problem.kind == .newerVersion { throw StoreError.readOnly("\(path): \(problem)") }
            throw StoreError.corrupt(path: path, problem: problem)
        }
        if let torn = scan.tornTail {
            try setAside(fd: fd, torn: torn, at: now)
            if torn.lowerBound == 0 { try writeHeader(fd, at: now) }
            let newSize = try fileSystem.size(fd, path: path)
            scan = try fileSystem.read(fd, offset: 0, count: newSize, path: path).withUnsafeBytes { JournalScan.scan($0, keepRecords: false) }
            if let problem = scan.problems.first { throw StoreError.corrupt(path: path, problem: problem) }
        }
        guard let header = scan.header, scan.tornTail == nil else { throw StoreError.readOnly("\(path): journal header unreadable") }
        let lastOrder = scan.validEnd > header.length ? try lastRecordTail(fd: fd, size: scan.validEnd, identity: identity)?.lastOrder ?? 0 : 0
        return Tail(
            header: header, lastSequence: scan.lastSequence, nextPrevious: scan.nextPrevious, end: scan.validEnd, identity: identity,
            lastOrder: lastOrder)
    }

    /// A record payload's order (0 when it cannot be read: the record's checksum held, so its
    /// order is simply unknown, and the desk's own view of the desk still orders what follows).
    static func order(of payload: UnsafeRawBufferPointer) -> UInt64 {
        (try? EventCodec.order(of: payload)) ?? 0
    }

    /// Keeps a torn tail as `<journal>.broken-<offset>-<time>` (synced), then cuts it off the journal.
    /// The file is always a new one (`O_EXCL`): a name already taken, by an earlier tail set aside at
    /// the same offset in the same second or by anything else, gets `-2`, `-3`... and is never truncated.
    private func setAside(fd: Int32, torn: Range<Int>, at now: Date) throws {
        let bytes = try fileSystem.read(fd, offset: torn.lowerBound, count: torn.count, path: path)
        let (brokenFD, brokenPath) = try createSetAsideFile("\(path).broken-\(torn.lowerBound)-\(Int(now.timeIntervalSince1970))")
        defer { fileSystem.close(brokenFD) }
        try fileSystem.writeAll(brokenFD, bytes, path: brokenPath)
        try fileSystem.sync(brokenFD, path: brokenPath)
        try fileSystem.syncDirectory(directory)
        try fileSystem.truncate(fd, to: torn.lowerBound, path: path)
        try fileSystem.sync(fd, path: path)
        tail = nil
    }

    /// Creates a new file at `base`, or at `base-2`, `base-3`... when that name is taken.
    private func createSetAsideFile(_ base: String) throws -> (Int32, String) {
        var attempt = 1
        while true {
            let candidate = attempt == 1 ? base : "\(base)-\(attempt)"
            do {
                return (try fileSystem.open(candidate, flags: O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, mode: DeskFolder.journalMode), candidate)
            } catch StoreError.io(_, _, let code) where code == EEXIST && attempt < 100 {
                attempt += 1
            }
        }
    }
}
