#if canImport(Glibc)
import Glibc
#endif
import BebackDomain
import Foundation

/// What a snapshot file holds before any lead is decoded: its header checked, the journal marks,
/// the fold's counters and the directory of leads (id, owner, due time, where its events start).
struct SnapshotLayout {
    private let reader: SnapshotByteReader
    var marks: [JournalMark] = []
    var lastKey: ReplayKey?
    var eventCount = 0
    var unknownEventCount = 0
    var lastEventAt: Date?
    var orphanEvents: [EventID] = []
    var revokedEvents: [EventID] = []
    var directory: [ArchivedLead] = []
    /// Where each lead's events start in the body, then where the directory starts.
    private(set) var starts: [Int] = []

    /// Checks the header line and the whole body's checksum, and reads everything but the leads;
    /// throws a `DeskSnapshot.Rejection` for damage or another version.
    init(_ bytes: UnsafeRawBufferPointer, appVersion: String) throws {
        guard let newline = bytes.prefix(256).firstIndex(of: 0x0A) else { throw DeskSnapshot.Rejection.damaged("no header line") }
        let fields = String(decoding: UnsafeRawBufferPointer(rebasing: bytes[0..<newline]), as: UTF8.self).split(separator: " ").map(String.init)
        guard fields.count == 6, fields[0] == DeskSnapshot.magic, let format = Int(fields[1]),
              let schema = UInt64(fields[3], radix: 16), let length = Int(fields[4]), let checksum = UInt64(fields[5], radix: 16)
        else { throw DeskSnapshot.Rejection.damaged("bad header line") }
        guard format == DeskSnapshot.formatVersion else {
            throw DeskSnapshot.Rejection.otherVersion("snapshot format \(format), this build reads \(DeskSnapshot.formatVersion)")
        }
        guard fields[2] == appVersion else { throw DeskSnapshot.Rejection.otherVersion("beback \(fields[2]), this is \(appVersion)") }
        guard schema == SnapshotEventCoding.schemaFingerprint else { throw DeskSnapshot.Rejection.otherVersion("its entry schema differs from this build's") }
        let body = UnsafeRawBufferPointer(rebasing: bytes[(newline + 1)...])
        guard body.count == length else { throw DeskSnapshot.Rejection.damaged("\(body.count) body bytes, the header says \(length)") }
        guard SnapshotChecksum.of(body) == checksum else { throw DeskSnapshot.Rejection.damaged("checksum mismatch") }
        var input = SnapshotByteReader(body)
        do {
            try input.readStringTable()
            reader = input
            try readFields(&input, body: body)
        } catch let error as SnapshotReadError {
            throw DeskSnapshot.Rejection.damaged(error.description)
        }
    }

    private static func journal(_ name: String, at input: SnapshotByteReader) throws -> JournalName {
        guard let journal = JournalName(fileName: name) else { throw SnapshotReadError(offset: input.position, reason: "bad journal name") }
        return journal
    }

    private mutating func readFields(_ input: inout SnapshotByteReader, body: UnsafeRawBufferPointer) throws {
        let fieldsStart = input.position
        for _ in 0..<(try input.count()) {
            marks.append(JournalMark(journal: try Self.journal(try input.string(), at: input), salt: try input.u64(), headerLength: try input.int(),
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
        let leadCount = try input.count()
        let leadsStart = input.position
        guard body.count >= 8 else { throw SnapshotReadError(offset: 0, reason: "no lead directory") }
        var trailer = SnapshotByteReader(body, at: body.count - 8)
        let directoryStart = fieldsStart + Int(clamping: try trailer.u64())
        guard directoryStart >= leadsStart, directoryStart <= body.count - 8 else {
            throw SnapshotReadError(offset: body.count - 8, reason: "bad lead directory position")
        }
        input.seek(to: directoryStart)
        directory.reserveCapacity(leadCount)
        starts.reserveCapacity(leadCount + 1)
        for _ in 0..<leadCount {
            let id = LeadID(try input.string())
            let owner = RepName(try input.string())
            let due = try input.bool() ? try input.date() : nil
            let start = fieldsStart + (try input.int())
            guard start >= (starts.last.map { $0 + 1 } ?? leadsStart), start < directoryStart else {
                throw SnapshotReadError(offset: input.position, reason: "a lead starts out of order")
            }
            directory.append(ArchivedLead(id: id, owner: owner, due: due))
            starts.append(start)
        }
        guard starts.first ?? leadsStart == leadsStart else { throw SnapshotReadError(offset: leadsStart, reason: "the first lead is not where the leads start") }
        guard input.position == body.count - 8 else { throw SnapshotReadError(offset: input.position, reason: "bytes after the lead directory") }
        starts.append(directoryStart)
    }

    /// The events in force of the lead at `position` in the directory.
    func events(at position: Int) throws -> [Event] {
        var input = reader
        input.seek(to: starts[position])
        let count = try input.count()
        var events: [Event] = []
        events.reserveCapacity(count)
        for _ in 0..<count { events.append(try SnapshotEventCoding.read(from: &input)) }
        guard input.position == starts[position + 1] else { throw SnapshotReadError(offset: input.position, reason: "a lead's entries end early or late") }
        return events
    }
}

/// A snapshot file mapped into memory as the desk's archive of leads: opening reads the directory
/// only; each lead is decoded (and folded) the first time it is used, then kept.
public final class SnapshotArchive: LeadArchive, @unchecked Sendable {
    private let file: MappedFile
    private let layout: SnapshotLayout
    public let directory: [ArchivedLead]
    private let lock = NSLock()
    private var decoded: [Int: LeadState] = [:]
    private var failures: [String] = []

    init(file: MappedFile, layout: SnapshotLayout) {
        self.file = file
        self.layout = layout
        directory = layout.directory
    }

    public func lead(at position: Int) -> LeadState? {
        lock.lock()
        defer { lock.unlock() }
        if let lead = decoded[position] { return lead }
        do {
            guard let lead = LeadState(restoring: try layout.events(at: position)), lead.id == directory[position].id else {
                failures.append("lead \(directory[position].id): its history does not start with its capture")
                return nil
            }
            decoded[position] = lead
            return lead
        } catch {
            failures.append("lead \(directory[position].id): \(error)")
            return nil
        }
    }

    /// How many leads have been decoded so far.
    public var decodedCount: Int { lock.withLock { decoded.count } }

    /// Leads that could not be decoded (a snapshot that passed its checksum but not its reader).
    public var problems: [String] { lock.withLock { failures } }
}

/// A file mapped read-only into memory, unmapped when the last user lets go. A snapshot is replaced
/// by rename, never rewritten in place, so the mapped bytes never change under the reader.
final class MappedFile: @unchecked Sendable {
    let bytes: UnsafeRawBufferPointer

    init(path: String) throws {
        let fd = try Posix.open(path, O_RDONLY)
        defer { close(fd) }
        let size = try Posix.size(fd, path: path)
        guard size > 0 else {
            bytes = UnsafeRawBufferPointer(start: nil, count: 0)
            return
        }
        guard let base = mmap(nil, size, PROT_READ, MAP_PRIVATE, fd, 0), base != MAP_FAILED else {
            throw StoreError.io(path: path, operation: "mmap", errno: errno)
        }
        bytes = UnsafeRawBufferPointer(start: base, count: size)
    }

    deinit {
        if let base = bytes.baseAddress { munmap(UnsafeMutableRawPointer(mutating: base), bytes.count) }
    }
}
