#if canImport(Glibc)
    import Glibc
#endif
import BebackCodec
import BebackDomain
import BebackStore
import Foundation

/// Reads a desk folder's journals as raw records, and writes raw records back into journal files
/// byte for byte (same header, salt, sequence, chain and payload): the file side of `beback migrate`.
public enum FileJournalCopy {
    /// Every journal of a folder; refuses one with damage or an incomplete last record (nothing is left behind).
    public static func read(_ folder: DeskFolder) throws -> [RawJournal] {
        var journals: [RawJournal] = []
        for journal in try folder.journals() {
            let (scan, data) = try scanned(folder.journalPath(journal), journal)
            let bytes = [UInt8](data)
            guard let header = scan.header else { throw PostgresStoreError.migration("\(folder.journalPath(journal)): no header; nothing was copied") }
            let records = scan.records.map { record in
                let crcText = String(decoding: bytes[(record.offset + 29)..<(record.offset + 37)], as: UTF8.self)
                return RawJournalRecord(
                    sequence: record.sequence, previous: record.previous, checksum: UInt32(crcText, radix: 16) ?? 0,
                    offset: record.offset, payload: Array(bytes[record.payload]))
            }
            journals.append(RawJournal(journal: journal, salt: header.salt, created: header.created, records: records))
        }
        return journals
    }

    /// A journal of a folder as `check` found it: whole, and where it ends.
    public struct CheckedJournal: Sendable {
        public var journal: JournalName
        public var path: String
        public var salt: UInt64
        public var created: Date
        public var records: Int
        /// The offset just past its last record, and that record's chain hash.
        public var end: Int
        public var lastChain: UInt64
    }

    /// Checks every journal of a folder as `read` does (framing, checksums, chain, header, no torn
    /// tail) and each entry's envelope (id, author, lead, time), one journal in memory at a time, and
    /// finds the entries in rep journals by someone else: the database keeps each rep's journal to the
    /// rep's own entries, so a migration refuses such a desk up front, naming them (an older beback's
    /// import for another owner wrote them; `verify` warns of them). Keeps no records, so a floor of
    /// any size is checked in little memory.
    public static func check(_ folder: DeskFolder) throws -> (journals: [CheckedJournal], foreign: [String]) {
        let journals = try folder.journals()
        // Two journals at a time (one per core): each result lands in its own slot, and the first
        // journal in order with a problem is the one reported, whichever thread found it.
        let results = CheckResults(count: journals.count)
        DispatchQueue.concurrentPerform(iterations: min(2, journals.count)) { worker in
            for index in stride(from: worker, to: journals.count, by: 2) {
                results.set(index, Result { try checkOne(folder, journals[index]) })
            }
        }
        var checked: [CheckedJournal] = []
        var foreign: [String] = []
        for result in results.all {
            let (one, by) = try result.get()
            checked.append(one)
            foreign += by
        }
        return (checked, foreign)
    }

    /// One journal checked as `check` checks them, and its entries by someone else.
    static func checkOne(_ folder: DeskFolder, _ journal: JournalName) throws -> (CheckedJournal, [String]) {
        var foreign: [String] = []
        let path = folder.journalPath(journal)
        let (scan, data) = try scanned(path, journal)
        let owner: String? = if case .rep(let rep) = journal { rep.rawValue } else { nil }
        try data.withUnsafeBytes { file in
            for record in scan.records {
                guard let envelope = try? EntryEnvelope.read(UnsafeRawBufferPointer(rebasing: file[record.payload])) else {
                    throw PostgresStoreError.migration(
                        "\(path): record \(record.sequence) at offset \(record.offset) does not decode; nothing was copied")
                }
                if let owner, envelope.actor != owner {
                    foreign.append("\(journal.fileName): entry \(envelope.id) at offset \(record.offset) is by \(envelope.actor)")
                }
            }
        }
        guard let header = scan.header else { throw PostgresStoreError.migration("\(path): no header; nothing was copied") }
        return (
            CheckedJournal(
                journal: journal, path: path, salt: header.salt, created: header.created, records: scan.records.count, end: scan.validEnd,
                lastChain: scan.nextPrevious), foreign
        )
    }

    /// The check's results, one slot per journal, filled from two threads.
    final class CheckResults: @unchecked Sendable {
        private let lock = NSLock()
        private var slots: [Result<(CheckedJournal, [String]), any Error>?]

        init(count: Int) { slots = Array(repeating: nil, count: count) }

        func set(_ index: Int, _ result: Result<(CheckedJournal, [String]), any Error>) { lock.withLock { slots[index] = result } }

        var all: [Result<(CheckedJournal, [String]), any Error>] { lock.withLock { slots.compactMap { $0 } } }
    }

    /// A journal file's bytes and their scan (chain followed); throws, naming the file, on damage, a
    /// torn tail or a header for another journal.
    public static func scanned(_ path: String, _ journal: JournalName) throws -> (JournalScan, Data) {
        guard let data = FileManager.default.contents(atPath: path) else { throw PostgresStoreError.migration("\(path): cannot read it") }
        let scan = data.withUnsafeBytes { JournalScan.scan($0) }
        if let problem = scan.problems.first {
            throw PostgresStoreError.migration("\(path): \(problem); run 'beback verify' and 'beback salvage' first, nothing was copied")
        }
        if let torn = scan.tornTail {
            throw PostgresStoreError.migration(
                "\(path): incomplete last record at offset \(torn.lowerBound); save once on the desk (it is set aside) and migrate again, nothing was copied"
            )
        }
        guard let header = scan.header, header.name == journal.fileName else {
            throw PostgresStoreError.migration("\(path): the header does not name \(journal.fileName); nothing was copied")
        }
        return (scan, data)
    }

    /// Creates a desk folder holding exactly these journals (refuses a folder that already holds a desk).
    public static func write(_ journals: [RawJournal], to root: URL) throws -> DeskFolder {
        let folder = try DeskFolder.create(at: root)
        for journal in journals {
            let path = folder.journalPath(journal.journal)
            let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o640)
            guard fd >= 0 else { throw StoreError.io(path: path, operation: "create", errno: errno) }
            defer { close(fd) }
            let bytes = journal.fileBytes
            var written = 0
            while written < bytes.count {
                let count = bytes[written...].withUnsafeBytes { Glibc.write(fd, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    throw StoreError.io(path: path, operation: "write", errno: errno)
                }
                written += count
            }
            guard fsync(fd) == 0 else { throw StoreError.io(path: path, operation: "fsync", errno: errno) }
        }
        let directory = open(folder.journalsDirectory.path, O_RDONLY)
        if directory >= 0 {
            _ = fsync(directory)
            close(directory)
        }
        return folder
    }

    /// The first difference between two copies of a desk, or nil when they hold the same records.
    public static func difference(_ source: [RawJournal], _ copy: [RawJournal]) -> String? {
        let sourceNames = source.map(\.journal.fileName)
        let copyNames = copy.map(\.journal.fileName)
        guard sourceNames == copyNames else { return "the journals differ: \(sourceNames) vs \(copyNames)" }
        for (original, copied) in zip(source, copy) {
            let name = original.journal.fileName
            if original.salt != copied.salt || original.created != copied.created { return "\(name): the header differs" }
            if original.records.count != copied.records.count {
                return "\(name): \(original.records.count) records, the copy has \(copied.records.count)"
            }
            for (a, b) in zip(original.records, copied.records) where a != b {
                return "\(name): record \(a.sequence) at offset \(a.offset) differs in the copy"
            }
        }
        return nil
    }
}
