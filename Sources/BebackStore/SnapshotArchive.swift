#if canImport(Glibc)
    import Glibc
#endif
import BebackDomain
import Foundation

/// What a snapshot holds before any lead is read: its header and checksum checked, the journal
/// marks, the fold's counters and the directory of leads. The part before the leads is kept in
/// memory; each lead's bytes come from the file (or the buffer) when asked for.
final class SnapshotLayout: @unchecked Sendable {
    /// Where the leads' bytes are: a file (descriptor and offset of the first lead's byte) or memory.
    private enum Leads {
        case file(Int32, path: String, offset: Int)
        case memory(UnsafeRawBufferPointer)
    }

    /// The body's first part (string table, fields, directory), owned by this layout.
    private let head: UnsafeMutableRawBufferPointer
    private let reader: SnapshotByteReader
    private let leads: Leads
    private(set) var marks: [JournalMark] = []
    private(set) var lastKey: ReplayKey?
    private(set) var eventCount = 0
    private(set) var unknownEventCount = 0
    private(set) var lastEventAt: Date?
    private(set) var orphanEvents: [EventID] = []
    private(set) var revokedEvents: [EventID] = []
    private(set) var directory: [ArchivedLead] = []
    /// The body's checksum (a delta names the snapshot it goes on top of by it).
    private(set) var checksum: UInt64 = 0
    /// For a delta: the checksum of the snapshot it goes on top of, and that snapshot's leads that are gone.
    private(set) var base: UInt64?
    private(set) var removed: [LeadID] = []
    /// Per lead: where its summary starts in `head`, and its bytes in the leads part.
    private var summaryPositions: [Int] = []
    private(set) var leadRanges: [Range<Int>] = []

    /// Reads a whole snapshot held in memory (the bytes must outlive the layout).
    convenience init(memory bytes: UnsafeRawBufferPointer, appVersion: String, delta: Bool = false) throws {
        let (bodyStart, length, checksum, base) = try Self.header(
            UnsafeRawBufferPointer(rebasing: bytes.prefix(256)), appVersion: appVersion, delta: delta)
        guard bytes.count - bodyStart == length else {
            throw DeskSnapshot.Rejection.damaged("\(bytes.count - bodyStart) body bytes, the header says \(length)")
        }
        let body = UnsafeRawBufferPointer(rebasing: bytes[bodyStart...])
        guard SnapshotChecksum.of(body) == checksum else { throw DeskSnapshot.Rejection.damaged("checksum mismatch") }
        let headEnd = try Self.headEnd(body.count >= 8 ? UnsafeRawBufferPointer(rebasing: body[0..<8]) : body, bodyLength: body.count)
        try self.init(
            head: Array(UnsafeRawBufferPointer(rebasing: body[8..<headEnd])),
            leads: .memory(UnsafeRawBufferPointer(rebasing: body[headEnd...])), checksum: checksum, base: base)
    }

    /// Opens a snapshot file: checks its header and its whole checksum (reading it a window at a
    /// time, so nothing of it stays in memory), then keeps everything before the leads.
    convenience init(path: String, appVersion: String, delta: Bool = false) throws {
        let fd = try Posix.open(path, O_RDONLY | Posix.noFollow)
        let head: [UInt8], leadsOffset: Int, sum: UInt64, base: UInt64?
        do {
            let size = try Posix.size(fd, path: path)
            let (bodyStart, length, checksum, baseSum) = try Posix.read(fd, offset: 0, count: min(size, 256), path: path)
                .withUnsafeBytes { try Self.header($0, appVersion: appVersion, delta: delta) }
            sum = checksum
            base = baseSum
            guard size - bodyStart == length else { throw DeskSnapshot.Rejection.damaged("\(size - bodyStart) body bytes, the header says \(length)") }
            guard try Self.checksum(fd, path: path, from: bodyStart, to: size) == checksum else { throw DeskSnapshot.Rejection.damaged("checksum mismatch") }
            let headEnd = try Posix.read(fd, offset: bodyStart, count: min(8, length), path: path)
                .withUnsafeBytes { try Self.headEnd($0, bodyLength: length) }
            head = try Posix.read(fd, offset: bodyStart + 8, count: headEnd - 8, path: path)
            leadsOffset = bodyStart + headEnd
        } catch {
            close(fd)
            throw error
        }
        // From here the layout owns the descriptor (its deinit closes it, also when parsing throws).
        try self.init(head: head, leads: .file(fd, path: path, offset: leadsOffset), checksum: sum, base: base)
    }

    /// The checksum of a file's bytes from `start` to `end`, mapped 8 MiB at a time and let go
    /// again: no copy of the file, and never more than a window of it in memory. Each window is
    /// mapped whole at once (`MAP_POPULATE`): one call instead of a page fault every 64 KiB.
    private static func checksum(_ fd: Int32, path: String, from start: Int, to end: Int) throws -> UInt64 {
        let window = 8 << 20
        var sum = SnapshotChecksum()
        var offset = start / window * window
        while offset < end {
            let length = min(window, end - offset)
            guard let base = mmap(nil, length, PROT_READ, MAP_PRIVATE | MAP_POPULATE, fd, off_t(offset)), base != MAP_FAILED else {
                throw StoreError.io(path: path, operation: "mmap", errno: errno)
            }
            let skip = max(0, start - offset)
            sum.update(UnsafeRawBufferPointer(start: base + skip, count: length - skip))
            munmap(base, length)
            offset += length
        }
        return sum.finish()
    }

    /// Parses `head` (copied) and keeps where the leads are.
    private init(head bytes: [UInt8], leads: Leads, checksum: UInt64, base: UInt64?) throws {
        let owned = UnsafeMutableRawBufferPointer.allocate(byteCount: max(bytes.count, 1), alignment: 8)
        bytes.withUnsafeBytes { if let base = $0.baseAddress { owned.baseAddress?.copyMemory(from: base, byteCount: bytes.count) } }
        head = owned
        self.leads = leads
        self.checksum = checksum
        self.base = base
        var input = SnapshotByteReader(UnsafeRawBufferPointer(rebasing: owned[0..<bytes.count]))
        var tableError: (any Error)?
        do { try input.readStringTable() } catch { tableError = error }
        reader = input
        // Whole from here: a throw below runs deinit, which frees the head and closes the file.
        do {
            if let tableError { throw tableError }
            try readFields(&input)
        } catch let error as SnapshotReadError {
            throw DeskSnapshot.Rejection.damaged(error.description)
        }
    }

    deinit {
        head.deallocate()
        if case .file(let fd, _, _) = leads { close(fd) }
    }

    /// The header line's body start, body length, checksum, and (for a delta) its base's checksum.
    private static func header(_ bytes: UnsafeRawBufferPointer, appVersion: String, delta: Bool) throws -> (Int, Int, UInt64, UInt64?) {
        guard let newline = bytes.firstIndex(of: 0x0A) else { throw DeskSnapshot.Rejection.damaged("no header line") }
        let fields = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<newline]), as: UTF8.self).split(separator: " ").map(String.init)
        guard fields.count == (delta ? 7 : 6), fields[0] == (delta ? DeskSnapshot.deltaMagic : DeskSnapshot.magic), let format = Int(fields[1]),
            let schema = UInt64(fields[3], radix: 16), let length = Int(fields[4]), let checksum = UInt64(fields[5], radix: 16)
        else { throw DeskSnapshot.Rejection.damaged("bad header line") }
        var base: UInt64?
        if delta {
            guard let sum = UInt64(fields[6], radix: 16) else { throw DeskSnapshot.Rejection.damaged("bad header line") }
            base = sum
        }
        guard format == DeskSnapshot.formatVersion else {
            throw DeskSnapshot.Rejection.otherVersion("snapshot format \(format), this build reads \(DeskSnapshot.formatVersion)")
        }
        guard fields[2] == appVersion else { throw DeskSnapshot.Rejection.otherVersion("beback \(fields[2]), this is \(appVersion)") }
        guard schema == SnapshotEventCoding.schemaFingerprint else { throw DeskSnapshot.Rejection.otherVersion("its entry schema differs from this build's") }
        return (newline + 1, length, checksum, base)
    }

    /// Where the part before the leads ends (the body's first 8 bytes say), checked against the body.
    private static func headEnd(_ first: UnsafeRawBufferPointer, bodyLength: Int) throws -> Int {
        guard first.count == 8 else { throw DeskSnapshot.Rejection.damaged("body too short") }
        let end = Int(clamping: UInt64(littleEndian: first.loadUnaligned(as: UInt64.self)))
        guard end >= 8, end <= bodyLength else { throw DeskSnapshot.Rejection.damaged("bad position of the leads") }
        return end
    }

    private static func journal(_ name: String, at input: SnapshotByteReader) throws -> JournalName {
        guard let journal = JournalName(fileName: name) else { throw SnapshotReadError(offset: input.position, reason: "bad journal name") }
        return journal
    }

    private var leadsLength: Int {
        switch leads {
        case .memory(let bytes): return bytes.count
        case .file(let fd, let path, let offset): return ((try? Posix.size(fd, path: path)) ?? offset) - offset
        }
    }

    private func readFields(_ input: inout SnapshotByteReader) throws {
        for _ in 0..<(try input.count()) {
            marks.append(
                JournalMark(
                    journal: try Self.journal(try input.string(), at: input), salt: try input.u64(), headerLength: try input.int(),
                    validEnd: try input.int(), lastSequence: try input.u64(), lastRecordOffset: try input.int(),
                    chainHash: try input.u64(), recordCount: try input.int()))
        }
        if try input.bool() {
            let at = try input.date()
            let name = try Self.journal(try input.string(), at: input)
            lastKey = ReplayKey(at: at, journal: name, sequence: try input.u64())
        }
        eventCount = try input.int()
        unknownEventCount = try input.int()
        lastEventAt = try input.bool() ? try input.date() : nil
        for _ in 0..<(try input.count()) { orphanEvents.append(EventID(try input.string())) }
        for _ in 0..<(try input.count()) { revokedEvents.append(EventID(try input.string())) }
        if base != nil {
            for _ in 0..<(try input.count()) { removed.append(LeadID(try input.string())) }
        }
        let leadCount = try input.count()
        let available = leadsLength
        directory.reserveCapacity(leadCount)
        summaryPositions.reserveCapacity(leadCount)
        leadRanges.reserveCapacity(leadCount)
        for _ in 0..<leadCount {
            let id = LeadID(try input.string())
            // Sorted by id, strictly: the desk finds a lead in the directory by halving.
            guard directory.last.map({ $0.id < id }) ?? true else {
                throw SnapshotReadError(offset: input.position, reason: "the lead directory is out of order")
            }
            let owner = RepName(try input.string())
            let due = try input.bool() ? try input.date() : nil
            summaryPositions.append(input.position)
            _ = try Self.summaryFields(&input, skipping: true)
            let start = Int(clamping: try input.varint()), length = Int(clamping: try input.varint())
            guard start == (leadRanges.last?.upperBound ?? 0), length <= available - start else {
                throw SnapshotReadError(offset: input.position, reason: "a lead's bytes are out of place")
            }
            directory.append(ArchivedLead(id: id, owner: owner, due: due))
            leadRanges.append(start..<(start + length))
        }
        guard input.isAtEnd else { throw SnapshotReadError(offset: input.position, reason: "bytes after the lead directory") }
        guard (leadRanges.last?.upperBound ?? 0) == available else { throw SnapshotReadError(offset: input.position, reason: "bytes after the last lead") }
    }

    /// A directory entry's summary fields (name, company, touches, open, next follow-up); with
    /// `skipping`, read past without making their strings.
    private static func summaryFields(_ input: inout SnapshotByteReader, skipping: Bool)
        throws -> (name: String, company: String, touches: Int, isOpen: Bool, next: FollowUp?)
    {
        let name = skipping ? try input.skipString() : try input.string()
        let company = skipping ? try input.skipString() : try input.string()
        let touches = Int(clamping: try input.varint())
        let isOpen = try input.bool()
        var next: FollowUp?
        if try input.bool() {
            let due = try input.date()
            let kind = try input.enumCase(FollowUpKind.self)
            let channel = try input.enumCase(Channel.self)
            let purpose = skipping ? try input.skipString() : try input.string()
            next = FollowUp(restoring: due, kind: kind, channel: channel, checkedPurpose: purpose)
        }
        return (name, company, touches, isOpen, next)
    }

    /// The summary of the lead at `position` in the directory.
    func summary(at position: Int) throws -> LeadSummary {
        var input = reader
        input.seek(to: summaryPositions[position])
        let fields = try Self.summaryFields(&input, skipping: false)
        return LeadSummary(
            id: directory[position].id, owner: directory[position].owner, name: fields.name, company: fields.company,
            touchCount: fields.touches, isOpen: fields.isOpen, next: fields.next)
    }

    /// The next follow-up of the lead at `position`, when it is open (its name and company skipped).
    func nextFollowUp(at position: Int) throws -> FollowUp? {
        var input = reader
        input.seek(to: summaryPositions[position])
        _ = try input.skipString()
        _ = try input.skipString()
        _ = try input.varint()
        guard try input.bool(), try input.bool() else { return nil }
        let due = try input.date()
        let kind = try input.enumCase(FollowUpKind.self)
        let channel = try input.enumCase(Channel.self)
        return FollowUp(restoring: due, kind: kind, channel: channel, checkedPurpose: try input.string())
    }

    /// The events in force of the lead at `position` in the directory.
    /// The encoded record of the lead at `position` (its string table and entries), as stored.
    func record(at position: Int) throws -> [UInt8] {
        let range = leadRanges[position]
        switch leads {
        case .memory(let bytes):
            return Array(UnsafeRawBufferPointer(rebasing: bytes[range]))
        case .file(let fd, let path, let offset):
            let bytes = try Posix.read(fd, offset: offset + range.lowerBound, count: range.count, path: path)
            guard bytes.count == range.count else {
                throw SnapshotReadError(offset: range.lowerBound, reason: "the snapshot file is shorter than its directory")
            }
            return bytes
        }
    }

    /// Where `id` is in the directory (found by halving), or nil.
    func position(of id: LeadID) -> Int? {
        var low = 0, high = directory.count
        while low < high {
            let middle = (low + high) / 2
            if directory[middle].id < id { low = middle + 1 } else { high = middle }
        }
        return low < directory.count && directory[low].id == id ? low : nil
    }

    func events(at position: Int) throws -> [Event] {
        let range = leadRanges[position]
        switch leads {
        case .memory(let bytes):
            return try Self.events(UnsafeRawBufferPointer(rebasing: bytes[range]))
        case .file(let fd, let path, let offset):
            let bytes = try Posix.read(fd, offset: offset + range.lowerBound, count: range.count, path: path)
            guard bytes.count == range.count else {
                throw SnapshotReadError(offset: range.lowerBound, reason: "the snapshot file is shorter than its directory")
            }
            return try bytes.withUnsafeBytes { try Self.events($0) }
        }
    }

    private static func events(_ record: UnsafeRawBufferPointer) throws -> [Event] {
        var input = SnapshotByteReader(record)
        try input.readStringTable()
        let count = try input.count()
        var events: [Event] = []
        events.reserveCapacity(count)
        for _ in 0..<count { events.append(try SnapshotEventCoding.read(from: &input)) }
        guard input.isAtEnd else { throw SnapshotReadError(offset: input.position, reason: "a lead's entries end early") }
        return events
    }
}

/// A snapshot file, with the delta on top of it when there is one, as the desk's archive of leads:
/// opening reads their directories (merged by id: a delta's lead replaces the snapshot's, and the
/// snapshot's leads the delta lists as gone are left out); a lead is read from its file, decoded
/// and folded the first time it is used, then kept.
public final class SnapshotArchive: LeadArchive, @unchecked Sendable {
    let base: SnapshotLayout
    let delta: SnapshotLayout?
    public let directory: [ArchivedLead]
    /// Per directory position: where the lead is, in `base` (0 or more) or in `delta` (-1 - its position).
    private let sources: [Int32]
    private let book = LeadArchiveBook()

    init(layout: SnapshotLayout, delta: SnapshotLayout? = nil) {
        base = layout
        self.delta = delta
        guard let delta else {
            directory = layout.directory
            sources = Array(0..<Int32(layout.directory.count))
            return
        }
        let gone = Set(delta.removed)
        var merged: [ArchivedLead] = [], from: [Int32] = []
        merged.reserveCapacity(layout.directory.count + delta.directory.count)
        from.reserveCapacity(layout.directory.count + delta.directory.count)
        var old = 0, new = 0
        let olds = layout.directory, news = delta.directory
        while old < olds.count || new < news.count {
            if new < news.count, old == olds.count || news[new].id <= olds[old].id {
                if old < olds.count, olds[old].id == news[new].id { old += 1 }
                merged.append(news[new])
                from.append(-1 - Int32(new))
                new += 1
            } else {
                if !gone.contains(olds[old].id) {
                    merged.append(olds[old])
                    from.append(Int32(old))
                }
                old += 1
            }
        }
        directory = merged
        sources = from
    }

    /// The file and position within it of the lead at `position`.
    func source(of position: Int) -> (layout: SnapshotLayout, position: Int) {
        let from = Int(sources[position])
        if from >= 0 { return (base, from) }
        return (delta ?? base, -1 - from)
    }

    /// Whether the lead at `position` comes from the delta.
    func isFromDelta(_ position: Int) -> Bool { sources[position] < 0 }

    public func lead(at position: Int) -> LeadState? {
        let (layout, at) = source(of: position)
        return book.lead(at: position, id: directory[position].id) { try layout.events(at: at) }
    }

    public func transientLead(at position: Int) -> LeadState? {
        let (layout, at) = source(of: position)
        return book.transientLead(at: position, id: directory[position].id) { try layout.events(at: at) }
    }

    public func summary(at position: Int) -> LeadSummary? {
        let (layout, at) = source(of: position)
        return book.recordingFailure(of: directory[position].id) { try layout.summary(at: at) }
    }

    public func nextFollowUp(at position: Int) -> FollowUp? {
        let (layout, at) = source(of: position)
        return book.recordingFailure(of: directory[position].id) { try layout.nextFollowUp(at: at) } ?? nil
    }

    /// How many leads have been decoded so far.
    public var decodedCount: Int { book.decodedCount }

    /// Leads that could not be decoded (a snapshot that passed its checksum but not its reader).
    public var problems: [String] { book.problems }
}
