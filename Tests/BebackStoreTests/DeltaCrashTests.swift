import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// Torture test 6 for snapshot deltas: a crash at each file operation of a refresh, writing a delta
/// (write temp, fsync temp, rename, fsync folder) or merging one into a new snapshot (the same four,
/// then the delta's removal), with what a crash does to unsynced data: the temp file whole, half
/// there, empty or garbled; a rename or an unlink that did or did not reach the disk. After every
/// crash each file is the one before or the one after, byte for byte, the desk opens equal to a
/// full replay, and the next refresh succeeds with nothing left behind.
@Suite("Torture 6: a crash at each step of a snapshot refresh")
struct DeltaCrashTests {
    struct SimulatedCrash: Error {}

    enum Loss: CaseIterable { case none, half, empty, garbled }

    /// Every step of writing a delta, and of merging one.
    static var steps: [SnapshotRefresh.Step] {
        CompactionStep.allCases.map { .delta($0) } + CompactionStep.allCases.map { .snapshot($0) } + [.deltaRemoved]
    }

    @Test("every crash point of a refresh leaves the old or the new files, and the desk equals a full replay")
    func crashAtEachStep() throws {
        let seeds: [UInt64] = Torture.full ? Array(1...30) : [1, 2]
        var cases = 0, sawNew = 0, sawOld = 0
        for seed in seeds {
            for step in Self.steps {
                let merging = if case .delta = step { false } else { true }
                for hadOldDelta in merging ? [true] : [false, true] {
                    let losses: [Loss] = step == .delta(.writeTemp) || step == .snapshot(.writeTemp) ? Loss.allCases : [.none]
                    let undone = step == .delta(.rename) || step == .snapshot(.rename) || step == .deltaRemoved
                    for loss in losses {
                        for durable in undone ? [true, false] : [true] {
                            let tookNew = try crash(seed: seed, at: step, hadOldDelta: hadOldDelta, loss: loss, durable: durable)
                            cases += 1
                            if tookNew { sawNew += 1 } else { sawOld += 1 }
                        }
                    }
                }
            }
        }
        Torture.report("6 crash at each refresh step", ["desks": seeds.count, "crashes": cases, "left new files": sawNew, "left old files": sawOld])
        #expect(cases == seeds.count * 26)
        #expect(sawNew > 0 && sawOld > 0)
    }

    /// One crash; returns whether the new file (delta or snapshot) is the one in place.
    private func crash(seed: UInt64, at step: SnapshotRefresh.Step, hadOldDelta: Bool, loss: Loss, durable: Bool) throws -> Bool {
        let label = "seed \(seed) \(step) old delta \(hadOldDelta) \(loss) durable \(durable)"
        let merging = if case .delta = step { false } else { true }
        let desk = try GeneratedDesk(seed: seed)
        try desk.grow(steps: 80)
        try compact(desk.folder)
        let file = SnapshotFile(desk.folder)
        if hadOldDelta {
            try desk.grow(steps: 15)
            try refresh(desk.folder, limit: 10_000)
        }
        let oldSnapshot = try file.read(), oldDelta = try file.readDelta()
        try desk.grow(steps: 30)
        let store = try FileEventStore(folder: desk.folder)
        let load = try store.loadDesk(appVersion: "test")
        let newBytes = try #require(try SnapshotRefresh.plan(load, appVersion: "test", merge: merging)).chunks.flatMap { $0 }
        #expect(throws: SimulatedCrash.self, "\(label)") {
            try store.refreshSnapshot(load, appVersion: "test", merge: merging) { done in if done == step { throw SimulatedCrash() } }
        }
        // What the crash did to data that had not reached the disk.
        let target = merging ? file.path : file.deltaPath
        if loss != .none {
            let temporary = try #require(file.leftovers().first, "\(label)")
            switch loss {
            case .half: try Data(newBytes.prefix(newBytes.count / 2)).write(to: URL(fileURLWithPath: temporary))
            case .empty: try Data().write(to: URL(fileURLWithPath: temporary))
            case .garbled:
                var garbled = newBytes
                for index in stride(from: newBytes.count / 3, to: newBytes.count, by: 97) { garbled[index] ^= 0x5A }
                try Data(garbled).write(to: URL(fileURLWithPath: temporary))
            case .none: break
            }
        }
        if !durable {
            if step == .deltaRemoved {
                // The unlink never reached the disk: the old delta is back beside the new snapshot.
                if let oldDelta { try Data(oldDelta).write(to: URL(fileURLWithPath: file.deltaPath)) }
            } else {
                // The rename never reached the disk: the old name holds the old file (or nothing).
                try FileManager.default.moveItem(atPath: target, toPath: target + SnapshotFile.temporaryMarker + "lost")
                if let old = merging ? oldSnapshot : oldDelta { try Data(old).write(to: URL(fileURLWithPath: target)) }
            }
        }
        let now = merging ? try file.read() : try file.readDelta()
        let old = merging ? oldSnapshot : oldDelta
        let tookNew = now == newBytes
        #expect(tookNew || now == old, "\(label): the file is neither the old nor the new one")
        let expectNew: Bool
        switch step {
        case .delta(let done), .snapshot(let done): expectNew = done == .syncFolder || (done == .rename && durable)
        case .deltaRemoved: expectNew = true
        }
        #expect(tookNew == expectNew, "\(label)")
        if merging, step != .deltaRemoved || !durable {
            #expect(try file.readDelta() == oldDelta, "\(label): the old delta stays until the new snapshot is in place")
        }

        let replay = try desk.fullReplay()
        let opened = try open(desk.folder)
        #expect(opened.usedSnapshot, "\(label)")
        #expect(opened.state == replay, "\(label)")
        // Recovery needs no person: the next refresh succeeds and clears what the crash left.
        try #require(try refresh(desk.folder) != nil, "\(label)")
        #expect(file.leftovers().isEmpty, "\(label)")
        let reopened = try open(desk.folder)
        #expect(reopened.usedSnapshot && reopened.replayedEntries == 0, "\(label)")
        #expect(reopened.state == replay, "\(label)")
        return tookNew
    }
}
