import BebackCodec
import BebackDomain
import Foundation

/// Brings a desk's snapshot up to date without folding the whole desk again: from a desk opened on
/// its snapshot (and delta) plus the journal entries written since, it writes a delta holding only
/// the leads changed since the snapshot (`DESK/snapshots/desk.delta`, replaced whole each time, so
/// it grows with the work done since the snapshot, not with the desk). When the delta would hold
/// more than `deltaLimit` leads, the snapshot and the delta are merged into a new snapshot instead:
/// unchanged leads are copied byte for byte, never decoded, and the delta is then deleted.
///
/// Each file is replaced as a snapshot is (temporary file, fsync, rename, fsync of the folder), and
/// a delta names the snapshot it goes on top of by its checksum: a crash at any step leaves the old
/// state or the new one. The records the snapshot vouched for are still checked by the desk while
/// idle, as after any open from a snapshot; `beback compact --full` reads every journal whole.
public enum SnapshotRefresh {
    /// What a refresh wrote.
    public enum Outcome: Equatable, Sendable {
        /// Nothing was written since the snapshot (and its delta): nothing to do.
        case upToDate
        /// A delta of this many leads, this many bytes.
        case delta(leads: Int, bytes: Int)
        /// A new snapshot of this many leads, this many bytes (the delta was merged in and deleted).
        case merged(leads: Int, bytes: Int)
    }

    /// The file operations of a refresh, in order (a test hook after each one simulates a crash there).
    public enum Step: Equatable, Sendable {
        /// A step of writing the delta.
        case delta(CompactionStep)
        /// A step of writing the merged snapshot.
        case snapshot(CompactionStep)
        /// The delta the new snapshot took in is deleted and the folder fsynced.
        case deltaRemoved
    }

    /// The most leads a delta holds on a snapshot of `snapshotLeads`; beyond, the two are merged.
    public static func deltaLimit(snapshotLeads: Int) -> Int { max(1_000, snapshotLeads / 10) }

    /// The bytes to write for `load` (a desk opened from a snapshot, nothing wrong found): a delta, or
    /// a whole new snapshot when the delta would pass `limit` leads (`merge` forces that); nil when
    /// the desk did not open from a snapshot or is damaged, `upToDate` when nothing changed.
    static func plan(_ load: DeskLoad, appVersion: String, limit: Int? = nil, merge: Bool = false) throws -> (chunks: [[UInt8]], outcome: Outcome)? {
        guard let archive = load.archive as? SnapshotArchive, !archive.holdsPartOfDesk, let marks = load.marks, load.problems.isEmpty else { return nil }
        // A snapshot of the format before sections is written anew in the current one, whole.
        if archive.base.isLegacy, !merge { return try plan(load, appVersion: appVersion, limit: limit, merge: true) }
        if load.replayedEntries == 0, !archive.base.isLegacy, !merge || archive.delta == nil { return ([], .upToDate) }
        let table = load.state.leads
        let changes = table.changedSinceArchive
        let written = Set(changes.written), taken = Set(changes.removed)
        // Each lead of the new file: a position in the archive (copied as stored) or nil (from the fold).
        var leads: [(id: LeadID, position: Int?)] = []
        let deltaOnly = !merge
        for position in archive.directory.indices where !deltaOnly || archive.isFromDelta(position) {
            let id = archive.directory[position].id
            if !written.contains(id), !taken.contains(id) { leads.append((id, position)) }
        }
        for id in changes.written { leads.append((id, nil)) }
        leads.sort { $0.id < $1.id }
        let asDelta = deltaOnly && leads.count <= (limit ?? deltaLimit(snapshotLeads: archive.base.directory.count))
        if deltaOnly, !asDelta { return try plan(load, appVersion: appVersion, merge: true) }
        var removed: [LeadID] = []
        // Each lead's owner now: the archive's directory says it for a copied lead, the fold for a changed one.
        var owners: [RepName] = []
        owners.reserveCapacity(leads.count)
        for (id, position) in leads {
            if let position {
                owners.append(archive.directory[position].owner)
            } else {
                guard let owner = table.summary(id)?.owner else {
                    throw SnapshotReadError(offset: 0, reason: "lead \(id) changed since the snapshot cannot be read")
                }
                owners.append(owner)
            }
        }
        var left: [RepName: [LeadID]] = [:]
        if asDelta {
            let kept = Set(leads.map(\.id))
            removed = Set(archive.delta?.removed ?? []).union(taken)
                .filter { !kept.contains($0) && archive.base.position(of: $0) != nil }.sorted()
            // The snapshot's leads the delta takes out of their owner's section: gone, or now another's.
            for id in removed { if let at = archive.base.position(of: id) { left[archive.base.directory[at].owner, default: []].append(id) } }
            for (index, lead) in leads.enumerated() {
                guard let at = archive.base.position(of: lead.id), archive.base.directory[at].owner != owners[index] else { continue }
                left[archive.base.directory[at].owner, default: []].append(lead.id)
            }
            for owner in left.keys { left[owner]?.sort() }
        }
        let chunks = try DeskSnapshot.encodedChunks(
            appVersion: appVersion, marks: marks, lastKey: load.lastKey, counters: load.state.partsWithoutLeads,
            delta: asDelta ? SnapshotDeltaBase(checksum: archive.base.checksum, removed: removed, left: left) : nil, owners: owners
        ) { index in
            let (id, position) = leads[index]
            if let position {
                let (layout, at) = archive.source(of: position)
                return .encoded(try layout.record(at: at), try layout.summary(at: at), onDoNotContactList: layout.isOnDoNotContactList(at: at))
            }
            guard let lead = table[id] else { throw SnapshotReadError(offset: 0, reason: "lead \(id) changed since the snapshot cannot be read") }
            return .events(lead.events, lead.summary)
        }
        let bytes = chunks.reduce(0) { $0 + $1.count }
        return (chunks, asDelta ? .delta(leads: leads.count, bytes: bytes) : .merged(leads: leads.count, bytes: bytes))
    }
}

extension FileEventStore {
    /// Writes what `SnapshotRefresh` plans for `load` (a desk this store opened from its snapshot):
    /// the delta, or a new snapshot and then the delta deleted. Nil when `load` did not come from a
    /// snapshot or is damaged (a full compaction is then needed).
    /// `afterStep` runs after each file operation (tests make it throw to simulate a crash there).
    public func refreshSnapshot(
        _ load: DeskLoad, appVersion: String, deltaLimit: Int? = nil, merge: Bool = false,
        afterStep: (SnapshotRefresh.Step) throws -> Void = { _ in }
    ) throws -> SnapshotRefresh.Outcome? {
        guard let (chunks, outcome) = try SnapshotRefresh.plan(load, appVersion: appVersion, limit: deltaLimit, merge: merge) else { return nil }
        let file = SnapshotFile(folder)
        switch outcome {
        case .upToDate: break
        case .delta: try file.write(chunks: chunks, delta: true) { try afterStep(.delta($0)) }
        case .merged:
            try file.write(chunks: chunks) { try afterStep(.snapshot($0)) }
            try file.removeDelta()
            try afterStep(.deltaRemoved)
        }
        return outcome
    }
}
