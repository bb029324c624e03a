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

    /// A journal of a folder as `checkedScan` found it: whole, and where it ends.
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

    /// A journal of a folder read and checked whole as `read` checks it (framing, checksums, chain,
    /// header, no torn tail): the journal as checked, its scan and its bytes.
    public static func checkedScan(_ folder: DeskFolder, _ journal: JournalName) throws -> (CheckedJournal, JournalScan, Data) {
        let path = folder.journalPath(journal)
        let (scan, data) = try scanned(path, journal)
        guard let header = scan.header else { throw PostgresStoreError.migration("\(path): no header; nothing was copied") }
        let checked = CheckedJournal(
            journal: journal, path: path, salt: header.salt, created: header.created, records: scan.records.count, end: scan.validEnd,
            lastChain: scan.nextPrevious)
        return (checked, scan, data)
    }

    /// The entries of a rep's journal by someone else, one line each: the database keeps each rep's
    /// journal to the rep's own entries, so a migration refuses a journal with any, naming them (an
    /// older beback's import for another owner wrote them; `verify` warns of them).
    public static func foreignEntries(_ foreign: [String]) -> PostgresStoreError {
        .migration(
            "\(foreign[0])\(foreign.count > 1 ? " (and \(foreign.count - 1) more)" : ""): PostgreSQL keeps each rep's journal to that rep's own entries; nothing was copied"
        )
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
