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
            let path = folder.journalPath(journal)
            guard let data = FileManager.default.contents(atPath: path) else { throw PostgresStoreError.migration("\(path): cannot read it") }
            let bytes = [UInt8](data)
            let scan = JournalScan.scan(bytes)
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

    /// Every record of these journals decoded, journal by journal (the same order); throws naming the
    /// first record that does not decode. A migration decodes each entry once, here, and uses the result
    /// for the author check, the import's columns and the summary rows.
    public static func decode(_ journals: [RawJournal]) throws(PostgresStoreError) -> [[StoredEvent]] {
        var decoded: [[StoredEvent]] = []
        for journal in journals {
            var events: [StoredEvent] = []
            events.reserveCapacity(journal.records.count)
            for record in journal.records {
                do {
                    let (event, order) = try record.payload.withUnsafeBytes { try EventCodec.decodeStamped($0) }
                    events.append(StoredEvent(event: event, journal: journal.journal, sequence: record.sequence, offset: record.offset, order: order))
                } catch {
                    throw .migration("\(journal.journal.fileName): record \(record.sequence) at offset \(record.offset) does not decode")
                }
            }
            decoded.append(events)
        }
        return decoded
    }

    /// The entries of rep journals written by someone else, from the decoded journals (see `foreignEntries`).
    public static func foreignEntries(_ decoded: [[StoredEvent]]) -> [String] {
        var found: [String] = []
        for events in decoded {
            for stored in events {
                guard case .rep(let owner) = stored.journal, stored.event.actor != owner else { continue }
                found.append("\(stored.journal.fileName): entry \(stored.event.id) at offset \(stored.offset) is by \(stored.event.actor)")
            }
        }
        return found
    }

    /// Entries in a rep's journal written by someone else (an import for another owner does that in a
    /// folder desk; `verify` warns of them). The database keeps each rep's journal to that rep's own
    /// entries, so a migration into it refuses such a desk up front, naming them, before copying anything.
    public static func foreignEntries(_ journals: [RawJournal]) -> [String] {
        var found: [String] = []
        for journal in journals {
            guard case .rep(let owner) = journal.journal else { continue }
            for record in journal.records {
                guard let event = try? EventCodec.decode(record.payload), event.actor != owner else { continue }
                found.append("\(journal.journal.fileName): entry \(event.id) at offset \(record.offset) is by \(event.actor)")
            }
        }
        return found
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
