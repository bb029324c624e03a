#if canImport(Glibc)
    import Glibc
#endif
import BebackCodec
import BebackDomain
import Foundation

/// A desk as opened: the folded state, what was found wrong, and how it was loaded.
public struct DeskLoad: Sendable {
    public var state: DeskState
    /// Damage that makes the desk read-only (file and offset).
    public var problems: [LoadProblem]
    public var tornTails: [LoadProblem]
    /// Why a snapshot was not used, when one was there (it is rebuilt on the next compaction).
    public var notes: [String]
    /// Journal records decoded to open the desk (every record without a snapshot, the tails with one).
    public var replayedEntries: Int
    public var usedSnapshot: Bool
    /// The journal positions the state covers exactly, and the last entry folded; nil when the desk
    /// is damaged (no snapshot is written of a damaged desk).
    public var marks: [JournalMark]?
    public var lastKey: ReplayKey?
    /// Journals whose records before the snapshot's mark were not read at open (opening from a snapshot
    /// skips them): the desk checks them while idle with `FileEventStore.checkJournal`.
    public var uncheckedJournals: [JournalName] = []
    /// Where the leads come from, decoded one lead at a time: the snapshot, or the journals
    /// themselves after an indexed open (nil when the journals were replayed whole).
    public var archive: (any LeadArchive)?
    /// After an indexed open that checked every journal whole (`loadIndexed(checkingWhole:)`): by
    /// journal, the sorted offsets of the entries no lead holds, which no snapshot writer decodes
    /// (`FileEventStore.checkRest(of:)` does).
    public var entriesLeftToDecode: [JournalName: [UInt32]]?

    /// The snapshot of this state as loaded (nil when the desk is damaged).
    public func snapshot(appVersion: String) -> DeskSnapshot? {
        guard let marks, problems.isEmpty else { return nil }
        return DeskSnapshot(appVersion: appVersion, marks: marks, lastKey: lastKey, parts: state.parts)
    }

    /// The snapshot file's bytes for this state as loaded (nil when the desk is damaged), as pieces to
    /// write one after another (`SnapshotFile.write(chunks:)`): a large desk's snapshot is then never
    /// copied into one buffer. After an indexed open the leads are read from the journals one at a
    /// time and not kept, so a floor's history is never all in memory at once; otherwise this is
    /// `snapshot(appVersion:)` encoded.
    public func snapshotChunks(
        appVersion: String, blockBytes: Int = DeskSnapshot.leadBlockBytes, runs: Int? = nil, shareLeads: Int? = nil
    ) throws -> [[UInt8]]? {
        // A load is a value: the desk's changes since went to its own copy of the state, never here.
        guard let journals = archive as? JournalArchive else {
            return try snapshot(appVersion: appVersion).map { [try $0.encoded()] }
        }
        guard let marks, problems.isEmpty else { return nil }
        // The leads are read from the journals on every core (a lead's entries are decoded here).
        return try DeskSnapshot.encodedChunksInParallel(
            appVersion: appVersion, marks: marks, lastKey: lastKey, counters: state.partsWithoutLeads,
            owners: journals.directory.map(\.owner), blockBytes: blockBytes, runs: runs, shareLeads: shareLeads
        ) { positions, scratch in
            // Each entry decoded once, a batch of leads' entries read in file order, the summary
            // taken from the entries (an entry that cannot be decoded throws
            // `JournalArchive.UnreadableEntry`: its journal and offset, when its lead comes).
            let reader = JournalBatchReader(archive: journals, positions: positions, scratch: scratch)
            return { index in
                let lead = try reader.snapshotLead(at: index)
                return .events(lead.events, lead.summary)
            }
        }
    }

    /// Writes the snapshot of this state as loaded to `file` (`SnapshotFile.write`) and says how
    /// many bytes it holds; nil when the desk is damaged. After an indexed open the leads are read
    /// from the journals on every core and written out as they are encoded (`SnapshotSpill`), then
    /// copied into the file after its head: the snapshot is never held in memory.
    public func writeSnapshot(
        to file: SnapshotFile, appVersion: String, blockBytes: Int = DeskSnapshot.leadBlockBytes, runs: Int? = nil, shareLeads: Int? = nil,
        afterStep: (CompactionStep) throws -> Void = { _ in }
    ) throws -> Int? {
        guard let journals = archive as? JournalArchive else {
            guard let chunks = try snapshotChunks(appVersion: appVersion, blockBytes: blockBytes, runs: runs) else { return nil }
            try file.write(chunks: chunks, afterStep: afterStep)
            return chunks.reduce(0) { $0 + $1.count }
        }
        guard let marks, problems.isEmpty else { return nil }
        try file.makeDirectory()
        let (chunks, spills) = try DeskSnapshot.encodedInParallel(
            appVersion: appVersion, marks: marks, lastKey: lastKey, counters: state.partsWithoutLeads,
            owners: journals.directory.map(\.owner), blockBytes: blockBytes, runs: runs, shareLeads: shareLeads, spillTo: file.directory
        ) { positions, scratch in
            let reader = JournalBatchReader(archive: journals, positions: positions, scratch: scratch)
            return { index in
                let lead = try reader.snapshotLead(at: index)
                return .events(lead.events, lead.summary)
            }
        }
        try file.write(chunks: chunks, spills: spills, afterStep: afterStep)
        return chunks.reduce(0) { $0 + $1.count } + spills.reduce(0) { $0 + $1.bytes.count }
    }

    /// The offsets, by journal, of the entries `snapshotChunks` decodes whole (nil unless the desk
    /// was opened by digests): `FileEventStore.checkNow` need not decode them before it.
    public var entriesDecodedBySnapshot: [JournalName: [UInt32]]? {
        (archive as? JournalArchive)?.entryOffsetsInForce()
    }
}

extension FileEventStore {
    /// Opens the desk from its snapshot plus the journal tails written after it, or by replaying every
    /// journal when there is no usable snapshot (damaged, stale, another version: said in `notes`).
    /// Either way the store's read positions are set, so `poll` and `append` continue from there.
    ///
    /// Without a snapshot, `indexed` opens by digesting the journals (`loadIndexed`: leads read back
    /// when shown, the hash chain followed while idle) instead of replaying every entry whole.
    ///
    /// `checkingWhole` (with `indexed`): the open checks every record whole as it digests it
    /// (chain too), for a full compaction (`loadIndexed(checkingWhole:)`).
    public func loadDesk(appVersion: String, useSnapshot: Bool = true, indexed: Bool = false, checkingWhole: Bool = false) throws -> DeskLoad {
        var notes: [String] = []
        if useSnapshot, !distrusted.isEmpty {
            notes.append(
                "snapshot ignored: \(distrusted.keys.sorted().map(\.fileName).joined(separator: ", ")) not trusted; the journals were replayed instead")
        } else if useSnapshot {
            let file = SnapshotFile(folder)
            let writer = UnixAccounts.owner(of: file.path)
            if let trusted = trustedSnapshotWriters, let writer, !trusted.contains(writer.name) {
                notes.append(
                    "snapshot ignored: written by \(writer.name), whose snapshots this desk does not trust (its own, a manager's or root's); the journals were replayed instead"
                )
            } else if access(file.path, F_OK) == 0 {
                do {
                    // Checked whole and opened on its lead directory: a lead is read and decoded when used.
                    let focus = openFocus.map { Set([$0, DeskConfig.poolOwner]) }
                    let layout = try SnapshotLayout(path: file.path, appVersion: appVersion, focus: focus)
                    let delta = openDelta(file, on: layout, appVersion: appVersion, focus: focus, notes: &notes)
                    var load = try loadFrom(delta ?? layout, archive: SnapshotArchive(layout: layout, delta: delta))
                    load.notes = notes
                    return sawLatest(load)
                } catch let rejection as DeskSnapshot.Rejection {
                    notes.append("snapshot ignored: \(rejection); the journals were replayed instead")
                } catch let stale as StaleSnapshot {
                    notes.append("snapshot ignored: \(stale.reason); the journals were replayed instead")
                }
            }
        }
        var load = try indexed ? loadIndexed(checkingWhole: checkingWhole) : loadEverything()
        load.notes = notes
        return sawLatest(load)
    }

    /// The delta on top of `base`, when there is one this desk may use: written by a trusted account,
    /// whole, and made on this very snapshot (a delta left from before the snapshot was last
    /// replaced names the old one, and is ignored: the snapshot holds all it did). Why one is
    /// not used goes in `notes`; the desk then opens from the snapshot and the journals after it.
    private func openDelta(_ file: SnapshotFile, on base: SnapshotLayout, appVersion: String, focus: Set<RepName>?, notes: inout [String]) -> SnapshotLayout? {
        guard access(file.deltaPath, F_OK) == 0 else { return nil }
        if let trusted = trustedSnapshotWriters, let writer = UnixAccounts.owner(of: file.deltaPath), !trusted.contains(writer.name) {
            notes.append("snapshot delta ignored: written by \(writer.name), whose snapshots this desk does not trust")
            return nil
        }
        do {
            let delta = try SnapshotLayout(path: file.deltaPath, appVersion: appVersion, delta: true, focus: focus)
            return delta.base == base.checksum ? delta : nil
        } catch {
            notes.append("snapshot delta ignored: \(error); the journals after the snapshot were read instead")
            return nil
        }
    }

    /// The latest entry the load folded: the next entry this store writes is ordered after it.
    private func sawLatest(_ load: DeskLoad) -> DeskLoad {
        if let key = load.lastKey { latestOrder = max(latestOrder, EntryOrder.milliseconds(key.at.timeIntervalSince1970)) }
        return load
    }

    /// Replays every journal from the start.
    public func loadEverything() throws -> DeskLoad {
        let (result, lists) = try readEverything()
        // Folded straight from the merge: no second array of a million entries in replay order.
        var state = DeskState()
        var merge = ReplayMerge(lists)
        var last: StoredEvent?
        while let stored = merge.next() {
            state.apply(stored.event)
            last = stored
        }
        if let last { latestOrder = max(latestOrder, last.order) }
        var marks: [JournalMark]?
        if result.problems.isEmpty {
            var lastOffsets: [JournalName: Int] = [:]
            for list in lists { if let final = list.last { lastOffsets[final.journal] = final.offset } }
            marks = cursors.sorted { $0.key < $1.key }.compactMap { journal, cursor -> JournalMark? in
                guard let header = cursor.header else { return nil }
                return JournalMark(
                    journal: journal, salt: header.salt, headerLength: header.length, validEnd: cursor.validEnd,
                    lastSequence: cursor.lastSequence, lastRecordOffset: lastOffsets[journal] ?? header.length,
                    chainHash: cursor.nextPrevious, recordCount: cursor.recordCount)
            }
        }
        return DeskLoad(
            state: state, problems: result.problems, tornTails: result.tornTails, notes: [],
            replayedEntries: lists.reduce(0) { $0 + $1.count }, usedSnapshot: false, marks: marks,
            lastKey: last.map(ReplayKey.init))
    }

    struct StaleSnapshot: Error {
        var reason: String
    }

    private func loadFrom(_ snapshot: SnapshotLayout, archive: SnapshotArchive) throws -> DeskLoad {
        let present = Set(try folder.journals())
        var tails: [StoredEvent] = []
        var problems: [LoadProblem] = []
        var torn: [LoadProblem] = []
        var newCursors: [JournalName: JournalScan] = [:]
        var lastOffsets: [JournalName: Int] = [:]
        let marked = Dictionary(snapshot.marks.map { ($0.journal, $0) }, uniquingKeysWith: { first, _ in first })
        for journal in present.sorted() {
            let read = try readTail(journal, after: marked[journal])
            tails += read.events
            problems += read.problems
            if let tail = read.torn { torn.append(tail) }
            newCursors[journal] = read.cursor
            lastOffsets[journal] = read.events.last?.offset ?? marked[journal]?.lastRecordOffset
        }
        for mark in snapshot.marks where !present.contains(mark.journal) {
            throw StaleSnapshot(reason: "\(mark.journal.fileName) is gone")
        }
        tails.sort(by: StoredEvent.replayOrder)
        if let lastKey = snapshot.lastKey, let first = tails.first, ReplayKey(first) < lastKey {
            throw StaleSnapshot(reason: "\(first.journal.fileName) has an entry dated before the snapshot's last one")
        }
        var state = DeskState(
            archive: archive, orphanEvents: snapshot.orphanEvents, unknownEventCount: snapshot.unknownEventCount,
            eventCount: snapshot.eventCount, lastEventAt: snapshot.lastEventAt, revokedEvents: snapshot.revokedEvents)
        for stored in tails { state.apply(stored.event) }
        cursors = newCursors
        self.problems = problems
        ownEvents = []
        var marks: [JournalMark]?
        // A desk opened on a rep's sections holds part of the desk: no snapshot is ever written from it.
        if problems.isEmpty, !archive.holdsPartOfDesk {
            marks = newCursors.sorted { $0.key < $1.key }.compactMap { journal, cursor -> JournalMark? in
                guard let header = cursor.header else { return nil }
                return JournalMark(
                    journal: journal, salt: header.salt, headerLength: header.length, validEnd: cursor.validEnd,
                    lastSequence: cursor.lastSequence, lastRecordOffset: lastOffsets[journal] ?? header.length,
                    chainHash: cursor.nextPrevious, recordCount: cursor.recordCount)
            }
        }
        return DeskLoad(
            state: state, problems: problems, tornTails: torn, notes: [], replayedEntries: tails.count, usedSnapshot: true,
            marks: marks, lastKey: tails.last.map(ReplayKey.init) ?? snapshot.lastKey,
            uncheckedJournals: snapshot.marks.map(\.journal).filter { present.contains($0) && checksWhole($0, archive: archive) }.sorted(),
            archive: archive)
    }

    /// Whether a desk opened from the snapshot checks `journal` while idle: every journal, except on
    /// a rep's desk opened on its own sections, which checks only the rep's own (the one it writes;
    /// the others are their own reps' desks' to check, and `verify`'s).
    private func checksWhole(_ journal: JournalName, archive: SnapshotArchive) -> Bool {
        guard archive.holdsPartOfDesk, let rep = openFocus else { return true }
        return journal == .rep(rep)
    }

    /// Reads one journal after a snapshot's mark (the whole journal without one); checks the mark still holds.
    private func readTail(_ journal: JournalName, after mark: JournalMark?)
        throws -> (events: [StoredEvent], problems: [LoadProblem], torn: LoadProblem?, cursor: JournalScan)
    {
        let path = folder.journalPath(journal)
        let fd = try Posix.open(path, O_RDONLY | Posix.noFollow)
        defer { close(fd) }
        let size = try Posix.size(fd, path: path)
        let base: Int
        var resume: JournalScan?
        var start = 0
        let bytes: [UInt8]
        if let mark {
            guard size >= mark.validEnd else { throw StaleSnapshot(reason: "\(journal.fileName) is shorter than when the snapshot was taken") }
            let head = try Posix.read(fd, offset: 0, count: min(size, 512), path: path)
            guard let header = head.withUnsafeBytes({ JournalScan.parseHeader($0) }), header.salt == mark.salt, header.length == mark.headerLength else {
                throw StaleSnapshot(reason: "\(journal.fileName) was replaced since the snapshot was taken")
            }
            guard header.version <= JournalFormat.version else { throw StaleSnapshot(reason: "\(journal.fileName) has a newer format") }
            base = mark.lastRecordOffset
            bytes = try Posix.read(fd, offset: base, count: size - base, path: path)
            let relativeEnd = mark.validEnd - base
            let holds: Bool = bytes.withUnsafeBytes { buffer in
                if mark.recordCount == 0 { return relativeEnd == 0 && header.chainHash == mark.chainHash }
                guard case .record(let record) = JournalScan.parseRecord(buffer, at: 0, salt: header.salt) else { return false }
                return record.payload.upperBound + 1 == relativeEnd && record.chainHash == mark.chainHash && record.sequence == mark.lastSequence
            }
            guard holds else { throw StaleSnapshot(reason: "\(journal.fileName) no longer holds the record the snapshot ends at") }
            resume = JournalScan(
                header: header, validEnd: relativeEnd, lastSequence: mark.lastSequence,
                nextPrevious: mark.chainHash, recordCount: mark.recordCount)
            start = relativeEnd
        } else {
            base = 0
            bytes = try Posix.read(fd, offset: 0, count: size, path: path)
        }
        var scan = bytes.withUnsafeBytes { JournalScan.scan($0, startingAt: start, resume: resume) }
        var events: [StoredEvent] = []
        events.reserveCapacity(scan.records.count)
        var problems = scan.problems.map { problem -> LoadProblem in
            var shifted = problem
            shifted.offset += base
            return LoadProblem(journal: journal, path: path, problem: shifted)
        }
        for record in scan.records {
            do {
                let (event, order) = try bytes.withUnsafeBytes { try EventCodec.decodeStamped(UnsafeRawBufferPointer(rebasing: $0[record.payload])) }
                events.append(StoredEvent(event: event, journal: journal, sequence: record.sequence, offset: base + record.offset, order: order))
            } catch {
                problems.append(
                    LoadProblem(
                        journal: journal, path: path,
                        problem: JournalProblem(
                            kind: .corruptRecord, offset: base + record.offset, detail: "unreadable entry: \(Self.describe(error))")))
            }
        }
        let torn = scan.tornTail.map {
            LoadProblem(
                journal: journal, path: path,
                problem: JournalProblem(
                    kind: .corruptRecord, offset: base + $0.lowerBound, detail: "incomplete last record (\($0.count) bytes)"))
        }
        scan.records = []
        scan.tornTail = nil
        scan.validEnd += base
        scan.problems = problems.map(\.problem)
        return (events, problems, torn, scan)
    }
}

extension DeskLoad {
    /// A desk another store opened from its own index (no snapshot marks, nothing replayed).
    public init(state: DeskState, archive: any LeadArchive) {
        self.init(
            state: state, problems: [], tornTails: [], notes: [], replayedEntries: 0, usedSnapshot: false, marks: nil, lastKey: nil,
            archive: archive)
    }
}
