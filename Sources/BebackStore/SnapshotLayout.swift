#if canImport(Glibc)
    import Glibc
#endif
import BebackDomain
import Foundation

/// What a snapshot (or delta) holds before any lead is read: its header and head checked, the
/// journal marks, the fold's counters, the section table and the directory of the sections read —
/// every section, or with `focus` only those owners' (a rep's desk: the rep's and the pool's),
/// each checked against its own checksum. A lead of another section is found by its id through the
/// locator (`locate`) and read on its own. Each lead's bytes come from the file (or the buffer)
/// when asked for.
final class SnapshotLayout: @unchecked Sendable {
    /// Where the body is: a file (descriptor and offset of the body's first byte) or memory.
    private enum Source {
        case file(Int32, path: String, body: Int)
        case memory(UnsafeRawBufferPointer)
    }

    /// One section's directory as read: its bytes (owned) and a reader over them with its string table.
    private final class Directory: @unchecked Sendable {
        let bytes: UnsafeMutableRawBufferPointer
        var reader: SnapshotByteReader

        init(_ copy: [UInt8]) throws {
            let owned = UnsafeMutableRawBufferPointer.allocate(byteCount: max(copy.count, 1), alignment: 8)
            copy.withUnsafeBytes { if let base = $0.baseAddress { owned.baseAddress?.copyMemory(from: base, byteCount: copy.count) } }
            bytes = owned
            reader = SnapshotByteReader(UnsafeRawBufferPointer(rebasing: owned[0..<copy.count]))
            do { try reader.readStringTable() } catch {
                bytes.deallocate()
                throw error
            }
        }

        deinit { bytes.deallocate() }
    }

    private let source: Source
    private let bodyLength: Int
    private(set) var marks: [JournalMark] = []
    private(set) var lastKey: ReplayKey?
    private(set) var eventCount = 0
    private(set) var unknownEventCount = 0
    private(set) var lastEventAt: Date?
    private(set) var orphanEvents: [EventID] = []
    private(set) var revokedEvents: [EventID] = []
    /// The header's checksum (of the head; a delta names the snapshot it goes on top of by it).
    let checksum: UInt64
    /// For a delta: the checksum of the snapshot it goes on top of, and that snapshot's leads that are gone.
    let base: UInt64?
    private(set) var removed: [LeadID] = []
    private(set) var sections: [SnapshotSection] = []
    /// How many leads the whole file holds (every section).
    private(set) var totalLeads = 0
    /// The leads on the desk-wide do-not-contact list, whatever their section.
    private(set) var onDoNotContactList: [LeadID] = []
    /// The owners whose sections were read (nil: every section).
    let focus: Set<RepName>?
    /// The format before sections (5): one checksum of the whole body, one directory of every lead
    /// with its owner, no locator and no do-not-contact flags. It is read whole, and the next
    /// refresh or compaction writes the desk's snapshot in the current format.
    static let legacyFormat = 5
    let isLegacy: Bool
    /// The leads of the sections read, sorted by id.
    private(set) var directory: [ArchivedLead] = []
    private var directories: [Directory] = []
    /// Per lead of `directory`: its section's directory (in `directories`), where its summary starts
    /// there, its record's bytes in the leads area, and whether it is on the do-not-contact list.
    private var entryDirectory: [Int32] = []
    private var summaryPositions: [Int] = []
    private var leadRanges: [Range<Int>] = []
    private var listed: [Bool] = []
    private var dataStart = 0
    private var leadsStart = 0
    private var blocks: [SnapshotLocatorBlock] = []
    private let blockLock = NSLock()
    private var blockCache: [Int: [UInt8]] = [:]

    /// Reads a whole snapshot held in memory (the bytes must outlive the layout).
    convenience init(memory bytes: UnsafeRawBufferPointer, appVersion: String, delta: Bool = false, focus: Set<RepName>? = nil) throws {
        let (bodyStart, length, checksum, base, format) = try Self.header(
            UnsafeRawBufferPointer(rebasing: bytes.prefix(256)), appVersion: appVersion, delta: delta)
        guard bytes.count - bodyStart == length else {
            throw DeskSnapshot.Rejection.damaged("\(bytes.count - bodyStart) body bytes, the header says \(length)")
        }
        try self.init(
            source: .memory(UnsafeRawBufferPointer(rebasing: bytes[bodyStart...])), length: length, checksum: checksum, base: base, format: format,
            focus: focus)
    }

    /// Opens a snapshot file: checks its header and head, then reads and checks the sections of
    /// `focus` (every section without one); nothing else of the file is read.
    convenience init(path: String, appVersion: String, delta: Bool = false, focus: Set<RepName>? = nil) throws {
        let fd = try Posix.open(path, O_RDONLY | Posix.noFollow)
        let bodyStart: Int, length: Int, sum: UInt64, base: UInt64?, format: Int
        do {
            let size = try Posix.size(fd, path: path)
            (bodyStart, length, sum, base, format) = try Posix.read(fd, offset: 0, count: min(size, 256), path: path)
                .withUnsafeBytes { try Self.header($0, appVersion: appVersion, delta: delta) }
            guard size - bodyStart == length else { throw DeskSnapshot.Rejection.damaged("\(size - bodyStart) body bytes, the header says \(length)") }
        } catch {
            close(fd)
            throw error
        }
        // From here the layout owns the descriptor (its deinit closes it, also when parsing throws).
        try self.init(source: .file(fd, path: path, body: bodyStart), length: length, checksum: sum, base: base, format: format, focus: focus)
    }

    private init(source: Source, length: Int, checksum: UInt64, base: UInt64?, format: Int, focus: Set<RepName>?) throws {
        self.source = source
        bodyLength = length
        self.checksum = checksum
        self.base = base
        isLegacy = format == Self.legacyFormat
        // A snapshot of the format before sections has one directory of the whole desk: read whole.
        self.focus = isLegacy ? nil : focus
        if isLegacy {
            do { try readLegacy() } catch let error as SnapshotReadError { throw DeskSnapshot.Rejection.damaged(error.description) }
            return
        }
        do {
            let first = try read(0..<min(8, length))
            guard first.count == 8 else { throw DeskSnapshot.Rejection.damaged("body too short") }
            let headEnd = Int(clamping: first.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
            guard headEnd >= 8, headEnd <= length else { throw DeskSnapshot.Rejection.damaged("bad position of the data") }
            let head = first + (try read(8..<headEnd))
            guard head.withUnsafeBytes({ SnapshotChecksum.of($0) }) == checksum else { throw DeskSnapshot.Rejection.damaged("checksum mismatch") }
            dataStart = headEnd
            let directory = try Directory(Array(head[8...]))
            var input = directory.reader
            try readHead(&input)
            try readSections()
        } catch let error as SnapshotReadError {
            throw DeskSnapshot.Rejection.damaged(error.description)
        }
    }

    deinit {
        if case .file(let fd, _, _) = source { close(fd) }
    }

    /// The body's bytes in `range`.
    private func read(_ range: Range<Int>) throws -> [UInt8] {
        guard range.lowerBound >= 0, range.upperBound <= bodyLength else {
            throw SnapshotReadError(offset: range.lowerBound, reason: "a part runs past the end")
        }
        switch source {
        case .memory(let bytes): return Array(UnsafeRawBufferPointer(rebasing: bytes[range]))
        case .file(let fd, let path, let body):
            let bytes = try Posix.read(fd, offset: body + range.lowerBound, count: range.count, path: path)
            guard bytes.count == range.count else {
                throw SnapshotReadError(offset: range.lowerBound, reason: "the snapshot file is shorter than its head says")
            }
            return bytes
        }
    }

    /// The checksum of the body's bytes in `range`, read a window at a time.
    private func sum(_ range: Range<Int>) throws -> UInt64 {
        guard range.lowerBound >= 0, range.upperBound <= bodyLength else {
            throw SnapshotReadError(offset: range.lowerBound, reason: "a part runs past the end")
        }
        switch source {
        case .memory(let bytes): return SnapshotChecksum.of(UnsafeRawBufferPointer(rebasing: bytes[range]))
        case .file(let fd, let path, let body): return try Self.checksum(fd, path: path, from: body + range.lowerBound, to: body + range.upperBound)
        }
    }

    /// The checksum of a file's bytes from `start` to `end`, mapped 8 MiB at a time and let go
    /// again: no copy of the file, and never more than a window of it in memory. Each window is
    /// mapped whole at once (`MAP_POPULATE`): one call instead of a page fault every 64 KiB.
    private static func checksum(_ fd: Int32, path: String, from start: Int, to end: Int) throws -> UInt64 {
        let window = 8 << 20
        var sum = SnapshotChecksum()
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        var offset = start / page * page
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

    /// The header line's body start, body length, checksum, (for a delta) its base's checksum, and format.
    private static func header(_ bytes: UnsafeRawBufferPointer, appVersion: String, delta: Bool) throws -> (Int, Int, UInt64, UInt64?, Int) {
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
        guard format == DeskSnapshot.formatVersion || format == legacyFormat else {
            throw DeskSnapshot.Rejection.otherVersion("snapshot format \(format), this build reads \(DeskSnapshot.formatVersion)")
        }
        guard fields[2] == appVersion else { throw DeskSnapshot.Rejection.otherVersion("beback \(fields[2]), this is \(appVersion)") }
        guard schema == SnapshotEventCoding.schemaFingerprint else { throw DeskSnapshot.Rejection.otherVersion("its entry schema differs from this build's") }
        return (newline + 1, length, checksum, base, format)
    }

    private static func journal(_ name: String, at input: SnapshotByteReader) throws -> JournalName {
        guard let journal = JournalName(fileName: name) else { throw SnapshotReadError(offset: input.position, reason: "bad journal name") }
        return journal
    }

    /// Reads a snapshot of the format before sections: the whole body checked against the header's
    /// checksum, then the head (8 bytes saying where it ends, the fields and the one directory),
    /// the leads' records after it.
    private func readLegacy() throws {
        guard try sum(0..<bodyLength) == checksum else { throw SnapshotReadError(offset: 0, reason: "checksum mismatch") }
        let first = try read(0..<min(8, bodyLength))
        guard first.count == 8 else { throw SnapshotReadError(offset: 0, reason: "body too short") }
        let headEnd = Int(clamping: first.withUnsafeBytes { UInt64(littleEndian: $0.loadUnaligned(as: UInt64.self)) })
        guard headEnd >= 8, headEnd <= bodyLength else { throw SnapshotReadError(offset: 0, reason: "bad position of the leads") }
        let head = try Directory(try read(8..<headEnd))
        directories = [head]
        dataStart = headEnd
        leadsStart = headEnd
        var input = head.reader
        try readFields(&input)
        let count = try input.count()
        let available = bodyLength - leadsStart
        directory.reserveCapacity(count)
        for _ in 0..<count {
            let id = LeadID(try input.string())
            // Sorted by id, strictly: the desk finds a lead in the directory by halving.
            guard directory.last.map({ $0.id < id }) ?? true else {
                throw SnapshotReadError(offset: input.position, reason: "the lead directory is out of order")
            }
            let owner = RepName(try input.string())
            let due = try input.bool() ? try input.date() : nil
            summaryPositions.append(input.position)
            try Self.skipSummary(&input)
            let start = try input.size(), length = try input.size()
            guard start == (leadRanges.last?.upperBound ?? 0), length <= available - start else {
                throw SnapshotReadError(offset: input.position, reason: "a lead's bytes are out of place")
            }
            directory.append(ArchivedLead(id: id, owner: owner, due: due))
            entryDirectory.append(0)
            leadRanges.append(start..<(start + length))
            listed.append(false)
        }
        guard input.isAtEnd else { throw SnapshotReadError(offset: input.position, reason: "bytes after the lead directory") }
        guard (leadRanges.last?.upperBound ?? 0) == available else { throw SnapshotReadError(offset: input.position, reason: "bytes after the last lead") }
        totalLeads = count
    }

    /// The head's fields both formats share: journal marks, last key, counters, and a delta's gone leads.
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
    }

    private func readHead(_ input: inout SnapshotByteReader) throws {
        try readFields(&input)
        totalLeads = Int(clamping: try input.varint())
        let dataLength = bodyLength - dataStart
        for _ in 0..<(try input.count()) {
            let owner = RepName(try input.string())
            let leadCount = try input.size()
            let directoryStart = try input.size(), directoryLength = try input.size()
            let directorySum = try input.u64()
            let leadsFrom = try input.size(), leadsLength = try input.size()
            let leadsSum = try input.u64()
            var left: [LeadID] = []
            if base != nil { for _ in 0..<(try input.count()) { left.append(LeadID(try input.string())) } }
            guard directoryStart <= dataLength, directoryLength <= dataLength - directoryStart, leadsFrom <= dataLength, leadsLength <= dataLength - leadsFrom,
                sections.last.map({ $0.owner < owner }) ?? true || leadCount == 0
            else { throw SnapshotReadError(offset: input.position, reason: "a section is out of place") }
            sections.append(
                SnapshotSection(
                    owner: owner, leadCount: leadCount, directory: directoryStart..<(directoryStart + directoryLength), directorySum: directorySum,
                    leads: leadsFrom..<(leadsFrom + leadsLength), leadsSum: leadsSum, left: left))
        }
        let leadsArea = try input.size()
        guard leadsArea <= dataLength else { throw SnapshotReadError(offset: input.position, reason: "bad position of the leads") }
        leadsStart = dataStart + leadsArea
        let leadsLength = bodyLength - leadsStart
        guard sections.allSatisfy({ $0.leads.upperBound <= leadsLength }), sections.reduce(0, { $0 + $1.leads.count }) == leadsLength,
            sections.reduce(0, { $0 + $1.leadCount }) == totalLeads
        else { throw SnapshotReadError(offset: input.position, reason: "the sections do not cover the leads") }
        var covered = sections.reduce(0) { $0 + $1.directory.count }
        for _ in 0..<(try input.count()) {
            let first = LeadID(try input.string())
            let start = try input.size(), length = try input.size()
            let sum = try input.u64()
            let count = try input.size()
            guard start <= leadsArea, length <= leadsArea - start, blocks.last.map({ $0.first < first }) ?? true else {
                throw SnapshotReadError(offset: input.position, reason: "a locator block is out of place")
            }
            covered += length
            blocks.append(SnapshotLocatorBlock(first: first, bytes: start..<(start + length), sum: sum, count: count))
        }
        guard covered == leadsArea, blocks.reduce(0, { $0 + $1.count }) == totalLeads else {
            throw SnapshotReadError(offset: input.position, reason: "the directories and locator do not fill their place")
        }
        for _ in 0..<(try input.count()) { onDoNotContactList.append(LeadID(try input.string())) }
        guard input.isAtEnd else { throw SnapshotReadError(offset: input.position, reason: "bytes after the head") }
    }

    /// Reads and checks the sections of `focus` (every one without it) and builds the directory.
    private func readSections() throws {
        var perSection: [Int: (directory: Int32, entries: [(lead: ArchivedLead, summary: Int, range: Range<Int>, listed: Bool)])] = [:]
        for (index, section) in sections.enumerated() where section.leadCount > 0 && (focus?.contains(section.owner) ?? true) {
            let bytes = try read((dataStart + section.directory.lowerBound)..<(dataStart + section.directory.upperBound))
            guard bytes.withUnsafeBytes({ SnapshotChecksum.of($0) }) == section.directorySum else {
                throw SnapshotReadError(offset: dataStart + section.directory.lowerBound, reason: "\(section.owner)'s directory: checksum mismatch")
            }
            guard try sum((leadsStart + section.leads.lowerBound)..<(leadsStart + section.leads.upperBound)) == section.leadsSum else {
                throw SnapshotReadError(offset: leadsStart + section.leads.lowerBound, reason: "\(section.owner)'s leads: checksum mismatch")
            }
            let directory = try Directory(bytes)
            directories.append(directory)
            var input = directory.reader
            let count = try input.count()
            guard count == section.leadCount else { throw SnapshotReadError(offset: input.position, reason: "\(section.owner)'s directory has \(count) leads") }
            var entries: [(lead: ArchivedLead, summary: Int, range: Range<Int>, listed: Bool)] = []
            entries.reserveCapacity(count)
            var end = 0
            for _ in 0..<count {
                let id = LeadID(try input.string())
                guard entries.last.map({ $0.lead.id < id }) ?? true else {
                    throw SnapshotReadError(offset: input.position, reason: "\(section.owner)'s directory is out of order")
                }
                let due = try input.bool() ? try input.date() : nil
                let flags = try input.u8()
                let summary = input.position
                try Self.skipSummary(&input)
                let start = try input.size(), length = try input.size()
                guard start == end, length <= section.leads.count - start else {
                    throw SnapshotReadError(offset: input.position, reason: "a lead's bytes are out of place")
                }
                end = start + length
                entries.append(
                    (
                        ArchivedLead(id: id, owner: section.owner, due: due), summary,
                        (section.leads.lowerBound + start)..<(section.leads.lowerBound + end), flags & 1 != 0
                    ))
            }
            guard input.isAtEnd, end == section.leads.count else {
                throw SnapshotReadError(offset: input.position, reason: "\(section.owner)'s directory does not fill its section")
            }
            perSection[index] = (Int32(directories.count - 1), entries)
        }
        directory.reserveCapacity(perSection.values.reduce(0) { $0 + $1.entries.count })
        func append(_ entry: (lead: ArchivedLead, summary: Int, range: Range<Int>, listed: Bool), from slot: Int32) {
            directory.append(entry.lead)
            entryDirectory.append(slot)
            summaryPositions.append(entry.summary)
            leadRanges.append(entry.range)
            listed.append(entry.listed)
        }
        if focus == nil {
            // Every section: in id order as the locator lists the desk's leads (each checked).
            var next = [Int](repeating: 0, count: sections.count)
            for index in blocks.indices {
                for located in try locatorBlock(index) {
                    guard let section = perSection[located.section], next[located.section] < section.entries.count else {
                        throw SnapshotReadError(offset: dataStart + blocks[index].bytes.lowerBound, reason: "the locator names a lead its section lacks")
                    }
                    let entry = section.entries[next[located.section]]
                    next[located.section] += 1
                    guard entry.lead.id == located.id, entry.range == located.record else {
                        throw SnapshotReadError(
                            offset: dataStart + blocks[index].bytes.lowerBound, reason: "the locator and lead \(entry.lead.id)'s section differ")
                    }
                    guard directory.last.map({ $0.id < entry.lead.id }) ?? true else {
                        throw SnapshotReadError(offset: dataStart + blocks[index].bytes.lowerBound, reason: "the locator is out of order")
                    }
                    append(entry, from: section.directory)
                }
            }
        } else {
            // A few sections (a rep's and the pool's): merged by id.
            var cursors = perSection.sorted { $0.key < $1.key }.map { (slot: $0.value.directory, entries: $0.value.entries, next: 0) }
            while true {
                var best: Int?
                for (index, cursor) in cursors.enumerated() where cursor.next < cursor.entries.count {
                    if let current = best, cursors[current].entries[cursors[current].next].lead.id <= cursor.entries[cursor.next].lead.id { continue }
                    best = index
                }
                guard let best else { break }
                let entry = cursors[best].entries[cursors[best].next]
                cursors[best].next += 1
                guard directory.last.map({ $0.id < entry.lead.id }) ?? true else {
                    throw SnapshotReadError(offset: 0, reason: "lead \(entry.lead.id) is in two sections")
                }
                append(entry, from: cursors[best].slot)
            }
        }
    }

    /// Reads past a directory entry's list-line fields (name, company, touches, open, next follow-up).
    private static func skipSummary(_ input: inout SnapshotByteReader) throws {
        _ = try summaryFields(&input, skipping: true)
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
        var input = directories[Int(entryDirectory[position])].reader
        input.seek(to: summaryPositions[position])
        let fields = try Self.summaryFields(&input, skipping: false)
        return LeadSummary(
            id: directory[position].id, owner: directory[position].owner, name: fields.name, company: fields.company,
            touchCount: fields.touches, isOpen: fields.isOpen, next: fields.next)
    }

    /// The next follow-up of the lead at `position`, when it is open (its name and company skipped).
    func nextFollowUp(at position: Int) throws -> FollowUp? {
        var input = directories[Int(entryDirectory[position])].reader
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

    /// Whether the lead at `position` puts entries on the do-not-contact list (nil: the file does
    /// not say, a snapshot of the format before sections).
    func isOnDoNotContactList(at position: Int) -> Bool? { isLegacy ? nil : listed[position] }

    /// Where the leads area starts in the body (a section's `leads` range is from there).
    var leadsOffset: Int { leadsStart }

    /// The bytes of the lead at `position` in the leads area.
    func leadRange(at position: Int) -> Range<Int> { leadRanges[position] }

    /// The encoded record of the lead at `position` (its string table and entries), as stored.
    func record(at position: Int) throws -> [UInt8] {
        let range = leadRanges[position]
        return try read((leadsStart + range.lowerBound)..<(leadsStart + range.upperBound))
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
        try record(at: position).withUnsafeBytes { try Self.events($0) }
    }

    static func events(_ record: UnsafeRawBufferPointer) throws -> [Event] {
        var input = SnapshotByteReader(record)
        try input.readStringTable()
        let count = try input.count()
        var events: [Event] = []
        events.reserveCapacity(count)
        for _ in 0..<count { events.append(try SnapshotEventCoding.read(from: &input)) }
        guard input.isAtEnd else { throw SnapshotReadError(offset: input.position, reason: "a lead's entries end early") }
        return events
    }

    // MARK: The locator

    /// The leads of one locator block, checked (kept once read on a rep's desk, unless `keep` is false).
    private func locatorBlock(_ index: Int, keep: Bool = true) throws -> [(id: LeadID, section: Int, record: Range<Int>, sum: UInt64)] {
        let block = blocks[index]
        let bytes: [UInt8]
        if let kept = blockLock.withLock({ blockCache[index] }) {
            bytes = kept
        } else {
            bytes = try read((dataStart + block.bytes.lowerBound)..<(dataStart + block.bytes.upperBound))
            guard bytes.withUnsafeBytes({ SnapshotChecksum.of($0) }) == block.sum else {
                throw SnapshotReadError(offset: dataStart + block.bytes.lowerBound, reason: "a locator block: checksum mismatch")
            }
            if focus != nil, keep { blockLock.withLock { blockCache[index] = bytes } }
        }
        let leadsLength = bodyLength - leadsStart
        return try bytes.withUnsafeBytes { buffer in
            var input = SnapshotByteReader(buffer)
            var found: [(id: LeadID, section: Int, record: Range<Int>, sum: UInt64)] = []
            found.reserveCapacity(block.count)
            for _ in 0..<block.count {
                let id = LeadID(try input.rawString(try input.count()))
                let section = try input.size()
                let start = try input.size(), length = try input.size()
                let sum = try input.u64()
                guard section < sections.count, start <= leadsLength, length <= leadsLength - start else {
                    throw SnapshotReadError(offset: dataStart + block.bytes.lowerBound + input.position, reason: "a locator entry is out of place")
                }
                found.append((id, section, start..<(start + length), sum))
            }
            guard input.isAtEnd else { throw SnapshotReadError(offset: dataStart + block.bytes.lowerBound, reason: "bytes after a locator block") }
            return found
        }
    }

    /// The id of every lead of the file, every section's, in id order (the locator read once, not kept).
    func allIDs() throws -> [LeadID] {
        var ids: [LeadID] = []
        ids.reserveCapacity(totalLeads)
        for index in blocks.indices { ids += try locatorBlock(index, keep: false).map(\.id) }
        return ids
    }

    /// Hands every lead of the file (every section's) to `body` with where its record is, in id
    /// order (the locator read once, not kept).
    func forEachLocated(_ body: (LeadID, SnapshotLocated) throws -> Void) throws {
        for index in blocks.indices {
            for found in try locatorBlock(index, keep: false) {
                try body(found.id, SnapshotLocated(section: found.section, record: found.record, sum: found.sum))
            }
        }
    }

    /// Where any lead of the file is, by its id (one locator block read), or nil when it holds none.
    func locate(_ id: LeadID) throws -> SnapshotLocated? {
        var low = 0, high = blocks.count
        while low < high {
            let middle = (low + high) / 2
            if blocks[middle].first <= id { low = middle + 1 } else { high = middle }
        }
        guard low > 0 else { return nil }
        guard let found = try locatorBlock(low - 1).first(where: { $0.id == id }) else { return nil }
        return SnapshotLocated(section: found.section, record: found.record, sum: found.sum)
    }

    /// The entries of a lead the locator found, its record checked against the locator's checksum.
    func events(of located: SnapshotLocated) throws -> [Event] {
        let bytes = try read((leadsStart + located.record.lowerBound)..<(leadsStart + located.record.upperBound))
        guard bytes.withUnsafeBytes({ SnapshotChecksum.of($0) }) == located.sum else {
            throw SnapshotReadError(offset: leadsStart + located.record.lowerBound, reason: "a lead's record: checksum mismatch")
        }
        return try bytes.withUnsafeBytes { try Self.events($0) }
    }

    /// The leads a delta takes out of the sections read (all sections without a focus).
    var leftInFocus: [LeadID] {
        sections.filter { focus?.contains($0.owner) ?? true }.flatMap(\.left)
    }
}
