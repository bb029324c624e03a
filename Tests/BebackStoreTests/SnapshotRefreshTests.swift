import BebackDomain
@testable import BebackStore
import BebackTestSupport
#if canImport(Glibc)
    import Glibc
#endif
import Foundation
import Testing

/// Brings the snapshot up to date as `beback compact` does with a snapshot in place: a delta of the
/// leads changed since (or a merge into a new snapshot past `limit` leads).
@discardableResult
func refresh(
    _ folder: DeskFolder, limit: Int? = nil, merge: Bool = false,
    afterStep: (SnapshotRefresh.Step) throws -> Void = { _ in }
) throws -> SnapshotRefresh.Outcome? {
    let store = try FileEventStore(folder: folder)
    let load = try store.loadDesk(appVersion: "test")
    return try store.refreshSnapshot(load, appVersion: "test", deltaLimit: limit, merge: merge, afterStep: afterStep)
}

/// What the desk's lists read without decoding a lead: each lead's list line and its due entry.
func listed(_ state: DeskState) -> [String] {
    let dues = state.leads.dueEntries().map { "\($0.id) \($0.owner) \($0.due.timeIntervalSince1970)" }.sorted()
    let lines = state.leads.ids.sorted().map { id in state.leads.summary(id).map { "\($0)" } ?? "\(id) missing" }
    return dues + lines
}

@Suite("Snapshot deltas: the leads changed since the snapshot, merged at open")
struct SnapshotRefreshTests {
    /// A property over random desks: whatever work happens between refreshes (captures, outcomes,
    /// undos of captures, reassignments), and however often the delta is merged, the desk opened
    /// from snapshot and delta equals a full replay of the journals, lists included.
    @Test("open from snapshot + delta == full replay, for random work between refreshes", arguments: 1...16)
    func equalsFullReplay(seed: UInt64) throws {
        var random = SeededRandom(seed: seed &* 7919)
        let desk = try GeneratedDesk(seed: seed)
        try desk.grow(steps: 60 + Int(random.next() % 120))
        try compact(desk.folder)
        var sawDelta = 0, sawMerge = 0
        for round in 0..<6 {
            try desk.grow(steps: 1 + Int(random.next() % 60))
            // A small limit now and then, so deltas are merged into the snapshot too.
            let limit = random.next() % 3 == 0 ? 1 + Int(random.next() % 8) : nil
            let outcome = try #require(try refresh(desk.folder, limit: limit), "seed \(seed) round \(round)")
            switch outcome {
            case .delta: sawDelta += 1
            case .merged: sawMerge += 1
            case .upToDate: break
            }
            let opened = try open(desk.folder)
            let replay = try desk.fullReplay()
            #expect(opened.usedSnapshot, "seed \(seed) round \(round): \(opened.notes)")
            #expect(opened.notes.isEmpty, "seed \(seed) round \(round)")
            #expect(opened.replayedEntries == 0, "seed \(seed) round \(round)")
            #expect(listed(opened.state) == listed(replay), "seed \(seed) round \(round)")
            #expect(opened.state == replay, "seed \(seed) round \(round)")
        }
        // Work after the last refresh: read from the journals on top of snapshot and delta.
        try desk.grow(steps: 25)
        let opened = try open(desk.folder)
        #expect(opened.usedSnapshot && opened.replayedEntries > 0)
        #expect(opened.state == (try desk.fullReplay()))
        #expect(sawDelta + sawMerge == 6)
    }

    @Test("a delta holds only the changed leads; past the limit it is merged and deleted")
    func deltaStaysSmall() throws {
        let desk = try GeneratedDesk(seed: 5)
        try desk.grow(steps: 300)
        try compact(desk.folder)
        let file = SnapshotFile(desk.folder)
        let snapshotBytes = try #require(try file.read())
        try desk.grow(steps: 3)
        guard case .delta(let leads, let bytes) = try #require(try refresh(desk.folder)) else {
            Issue.record("expected a delta")
            return
        }
        #expect(leads >= 1 && leads <= 3)
        #expect(bytes < snapshotBytes.count / 4)
        #expect(try file.read() == snapshotBytes, "a delta leaves the snapshot as it was")
        #expect(try refresh(desk.folder) == .upToDate)
        try desk.grow(steps: 40)
        guard case .merged = try #require(try refresh(desk.folder, limit: 2)) else {
            Issue.record("expected a merge")
            return
        }
        #expect(try file.readDelta() == nil)
        #expect(try file.read() != snapshotBytes)
        let opened = try open(desk.folder)
        #expect(opened.usedSnapshot && opened.replayedEntries == 0)
        #expect(opened.state == (try desk.fullReplay()))
    }

    @Test("an undone capture is listed as gone in the delta, and the lead stays gone")
    func removedLead() throws {
        let desk = try GeneratedDesk(seed: 2)
        try desk.grow(steps: 80)
        try compact(desk.folder)
        let lead = try #require(desk.state.leads.values.map(\.id).min())
        let captured = try #require(desk.state.leads[lead]?.events.first)
        let owner = try #require(desk.state.leads[lead]?.profile.owner)
        let at = try #require(desk.state.lastEventAt).addingTimeInterval(60)
        _ = try desk.store.append(
            [Event(id: EventID("undo-capture"), at: at, actor: owner, lead: lead, payload: .revoked(captured.id, reason: "undo"))],
            to: .rep(owner))
        let replay = try desk.fullReplay()
        #expect(!replay.leads.contains(lead))
        try #require(try refresh(desk.folder, limit: 10_000) != nil)
        let delta = try #require(try SnapshotFile(desk.folder).readDelta())
        let layout = try delta.withUnsafeBytes { try SnapshotLayout(memory: $0, appVersion: "test", delta: true) }
        #expect(layout.removed == [lead])
        let opened = try open(desk.folder)
        #expect(opened.replayedEntries == 0)
        #expect(!opened.state.leads.contains(lead))
        #expect(opened.state == replay)
        // Still gone after more work and another delta written on top of this one.
        try desk.grow(steps: 20)
        try #require(try refresh(desk.folder, limit: 10_000) != nil)
        #expect(!(try open(desk.folder).state.leads.contains(lead)))
        #expect(try open(desk.folder).state == (try desk.fullReplay()))
    }

    @Test("a delta made on another snapshot, a damaged one, or another account's is not used; the desk still equals a full replay")
    func deltaNotUsed() throws {
        let desk = try GeneratedDesk(seed: 9)
        try desk.grow(steps: 150)
        try compact(desk.folder)
        try desk.grow(steps: 30)
        try #require(try refresh(desk.folder, limit: 10_000) != nil)
        let file = SnapshotFile(desk.folder)
        let delta = try #require(try file.readDelta())

        // Damaged: ignored with a note; the journals after the snapshot are read instead.
        var garbled = delta
        garbled[garbled.count - 5] ^= 0x40
        try Data(garbled).write(to: URL(fileURLWithPath: file.deltaPath))
        var opened = try open(desk.folder)
        #expect(opened.usedSnapshot && opened.replayedEntries > 0)
        #expect(opened.notes.contains { $0.contains("delta ignored") })
        #expect(opened.state == (try desk.fullReplay()))

        // Written by an account this desk does not trust: ignored.
        try Data(delta).write(to: URL(fileURLWithPath: file.deltaPath))
        let store = try FileEventStore(folder: desk.folder)
        store.trustedSnapshotWriters = [UnixAccounts.current.name]
        #expect(try store.loadDesk(appVersion: "test").replayedEntries == 0)
        if geteuid() == 0 {
            // Another account's delta on this account's snapshot: the snapshot is used, the delta is not.
            #expect(chown(file.deltaPath, 65534, 65534) == 0)
            opened = try store.loadDesk(appVersion: "test")
            #expect(opened.usedSnapshot && opened.replayedEntries > 0)
            #expect(opened.notes.contains { $0.contains("delta ignored: written by") })
            #expect(opened.state == (try desk.fullReplay()))
        }
        store.trustedSnapshotWriters = ["someone-else"]
        opened = try store.loadDesk(appVersion: "test")
        #expect(!opened.usedSnapshot)

        // Made on the previous snapshot (a crash after a new snapshot, before the delta was deleted): ignored silently.
        try desk.grow(steps: 10)
        try compact(desk.folder)
        try Data(delta).write(to: URL(fileURLWithPath: file.deltaPath))
        opened = try open(desk.folder)
        #expect(opened.usedSnapshot && opened.replayedEntries == 0 && opened.notes.isEmpty)
        #expect(opened.state == (try desk.fullReplay()))
    }
}
