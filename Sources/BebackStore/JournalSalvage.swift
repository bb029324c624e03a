#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// What `salvage` did to one journal.
public struct SalvageReport: Equatable, Sendable, CustomStringConvertible {
    public var journal: String
    /// Records copied (byte for byte, re-sequenced and re-chained).
    public var kept: Int
    /// Byte ranges of the original that held no valid record (damage, or a torn tail).
    public var skipped: [Range<Int>]
    /// Where the original now is; nil when the journal had no damage and was left alone.
    public var originalKeptAt: String?

    public var description: String {
        guard let originalKeptAt else { return "\(journal): no damage, left as it is (\(kept) records)" }
        let original = (originalKeptAt as NSString).lastPathComponent
        if skipped.isEmpty {
            return
                "\(journal): kept \(kept) records, no damaged bytes (its sequence or hash chain was broken: renumbered and re-chained); original kept as \(original)"
        }
        let spans = skipped.map { "\($0.count) bytes at \($0.lowerBound)" }.joined(separator: ", ")
        return "\(journal): kept \(kept) records, skipped \(skipped.count) damaged span\(skipped.count == 1 ? "" : "s") (\(spans)); "
            + "original kept as \(original)"
    }
}

/// Copies every valid record of a damaged journal into a new journal with the same name, keeping the
/// original beside it (`<journal>.damaged-<unix time>`, a hard link, so no moment is without a
/// journal) and never deleting anything. Records keep their payload bytes exactly (entries of
/// unknown kinds included); they get new sequence numbers and a new hash chain, and a last record
/// of kind `salvaged` lists what was skipped (offsets and byte counts) and where the original is.
public enum JournalSalvage {
    /// Salvages the journal at `path` (under its writers' lock). A journal without damage is left alone.
    public static func salvage(path: String, at now: Date = Date()) throws -> SalvageReport {
        let name = (path as NSString).lastPathComponent
        let lockFD = try Posix.open(path + ".lock", O_RDWR | O_CREAT | Posix.noFollow, DeskFolder.lockMode)
        defer { close(lockFD) }
        while flock(lockFD, LOCK_EX) != 0 {
            if errno != EINTR { throw StoreError.io(path: path + ".lock", operation: "lock", errno: errno) }
        }
        defer { flock(lockFD, LOCK_UN) }

        let bytes = try Posix.readFile(path)
        let scan = JournalScan.scan(bytes)
        guard let header = scan.header else {
            throw StoreError.readOnly("\(path): the journal header is unreadable, so no record can be checked; nothing was changed")
        }
        if header.version > JournalFormat.version {
            throw StoreError.readOnly("\(path): format \(header.version) is newer than this build (\(JournalFormat.version)); nothing was changed")
        }
        let skipped = skippedRanges(scan, fileLength: bytes.count)
        if skipped.isEmpty, scan.problems.isEmpty {
            return SalvageReport(journal: name, kept: scan.recordCount, skipped: [], originalKeptAt: nil)
        }
        let stamp = Int(now.timeIntervalSince1970)
        let keptAt = "\(path).damaged-\(stamp)"
        let salt = UInt64.random(in: 1...UInt64.max)
        var out = JournalFormat.header(salt: salt, name: header.name, created: header.created)
        var previous = out.withUnsafeBytes { ChainHash.update(ChainHash.seed, $0) }
        var sequence: UInt64 = 0
        func append(_ payload: ArraySlice<UInt8>) {
            sequence += 1
            let line = JournalFormat.record(sequence: sequence, previous: previous, salt: salt, payload: Array(payload))
            previous = line.withUnsafeBytes { ChainHash.update(ChainHash.seed, $0) }
            out.append(contentsOf: line)
        }
        for record in scan.records { append(bytes[record.payload]) }
        append(ArraySlice(salvageNote(from: (keptAt as NSString).lastPathComponent, skipped: skipped, kept: scan.records.count, at: now, journal: name)))

        let directory = (path as NSString).deletingLastPathComponent
        let temporary = "\(path).salvage-\(getpid())"
        let fd = try Posix.open(temporary, O_WRONLY | O_CREAT | O_EXCL, 0o640)
        do {
            try Posix.writeAll(fd, out, path: temporary)
            try Posix.sync(fd, path: temporary)
            close(fd)
        } catch {
            close(fd)
            unlink(temporary)
            throw error
        }
        guard link(path, keptAt) == 0 else {
            let code = errno
            unlink(temporary)
            throw StoreError.io(path: keptAt, operation: "keep the original", errno: code)
        }
        try Posix.syncDirectory(directory)
        guard rename(temporary, path) == 0 else {
            let code = errno
            unlink(temporary)
            throw StoreError.io(path: path, operation: "replace with the salvaged journal", errno: code)
        }
        try Posix.syncDirectory(directory)
        return SalvageReport(journal: name, kept: scan.records.count, skipped: skipped, originalKeptAt: keptAt)
    }

    /// The byte ranges between valid records that hold none (after the header, up to the end of the file).
    static func skippedRanges(_ scan: JournalScan, fileLength: Int) -> [Range<Int>] {
        var ranges: [Range<Int>] = []
        var position = scan.header?.length ?? 0
        for record in scan.records {
            if record.offset > position { ranges.append(position..<record.offset) }
            position = record.payload.upperBound + 1
        }
        if fileLength > position { ranges.append(position..<fileLength) }
        return ranges
    }

    /// The payload of the `salvaged` record (a kind the fold ignores; `verify` and people read it).
    static func salvageNote(from original: String, skipped: [Range<Int>], kept: Int, at now: Date, journal: String) -> [UInt8] {
        let stamp = Int(now.timeIntervalSince1970)
        let spans = skipped.map { "{\"bytes\":\($0.count),\"offset\":\($0.lowerBound)}" }.joined(separator: ",")
        // Written in the journal owner's name, as every record of a rep's journal is (verify checks that).
        var writer = "beback"
        if case .rep(let rep) = JournalName(fileName: journal) { writer = rep.rawValue }
        let json =
            "{\"at\":\(stamp),\"body\":{\"kept\":\(kept),\"original\":\"\(original)\",\"skipped\":[\(spans)]},"
            + "\"by\":\"\(writer)\",\"id\":\"salvage-\(stamp)-\(UInt32.random(in: 0...UInt32.max))\",\"kind\":\"salvaged\",\"lead\":\"\",\"v\":1}"
        return Array(json.utf8)
    }
}
