import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// Torture test 6: a crash at each file operation of a compaction (write temp, fsync temp, rename,
/// fsync folder), with what a crash can do to data that was not yet synced: the temp file's bytes
/// fully there, half there, gone, or garbled; a rename that did or did not reach the disk. After every
/// crash the snapshot is the one before or the one after, byte for byte, and the desk opens equal to a
/// full replay. `BEBACK_TORTURE=full` (`make torture`) runs the long form (more desks).
@Suite("Torture 6: a crash at each step of compaction")
struct CompactionCrashTests {
    struct SimulatedCrash: Error {}

    enum Loss: String, CaseIterable {
        case none, half, empty, garbled
    }

    /// How the new snapshot is written: from its bytes in memory, or as a full compaction writes
    /// it (`DeskLoad.writeSnapshot`: leads read from the journals and spilled, then copied in after the head).
    enum Writer: CaseIterable { case inMemory, spilled }

    @Test("every crash point leaves the old or the new snapshot, and the desk equals a full replay", arguments: Writer.allCases)
    func crashAtEachStep(writer: Writer) throws {
        let seeds: [UInt64] = Torture.full ? Array(1...40) : [1, 2, 3]
        var cases = 0, sawBefore = 0, sawAfter = 0, sawNone = 0, openedFromSnapshot = 0
        for seed in seeds {
            for hadOldSnapshot in [false, true] {
                for step in CompactionStep.allCases {
                    let losses: [Loss] = step == .writeTemp ? Loss.allCases : [.none]
                    let renameDurable: [Bool] = step == .rename ? [true, false] : [true]
                    for loss in losses {
                        for durable in renameDurable {
                            let outcome = try crash(
                                seed: seed, hadOld: hadOldSnapshot, at: step, loss: loss, renameDurable: durable, writer: writer)
                            cases += 1
                            switch outcome.snapshot {
                            case .before: sawBefore += 1
                            case .after: sawAfter += 1
                            case .none: sawNone += 1
                            }
                            if outcome.usedSnapshot { openedFromSnapshot += 1 }
                        }
                    }
                }
            }
        }
        Torture.report(
            "6 crash at each compaction step" + (writer == .spilled ? " (leads spilled)" : ""),
            [
                "desks": seeds.count, "crashes": cases, "left old snapshot": sawBefore,
                "left new snapshot": sawAfter, "left none (none before)": sawNone,
                "opened from snapshot": openedFromSnapshot
            ])
        #expect(cases == seeds.count * 2 * 8)
        #expect(sawAfter > 0 && sawBefore > 0)
    }

    enum Seen { case before, after, none }

    private func crash(seed: UInt64, hadOld: Bool, at step: CompactionStep, loss: Loss, renameDurable: Bool, writer: Writer)
        throws -> (snapshot: Seen, usedSnapshot: Bool)
    {
        let desk = try GeneratedDesk(seed: seed)
        try desk.grow(steps: 80)
        let file = SnapshotFile(desk.folder)
        var oldBytes: [UInt8]?
        if hadOld {
            try compact(desk.folder)
            oldBytes = try file.read()
        }
        try desk.grow(steps: 40)
        let newSnapshot = try #require(try FileEventStore(folder: desk.folder).loadEverything().snapshot(appVersion: "test"))
        let newBytes = try newSnapshot.encoded()
        #expect(throws: SimulatedCrash.self) {
            switch writer {
            case .inMemory: try file.write(newBytes) { done in if done == step { throw SimulatedCrash() } }
            case .spilled:
                let load = try FileEventStore(folder: desk.folder).loadIndexed(checkingWhole: true)
                _ = try load.writeSnapshot(to: file, appVersion: "test", blockBytes: 500, runs: 2) { done in
                    if done == step { throw SimulatedCrash() }
                }
            }
        }
        // What the crash did to data that had not reached the disk.
        let temporary = try #require(file.leftovers().first ?? (step == .writeTemp || step == .syncTemp ? nil : file.path))
        switch (step, loss) {
        case (.writeTemp, .half): try Data(newBytes.prefix(newBytes.count / 2)).write(to: URL(fileURLWithPath: temporary))
        case (.writeTemp, .empty): try Data().write(to: URL(fileURLWithPath: temporary))
        case (.writeTemp, .garbled):
            var garbled = newBytes
            for index in stride(from: newBytes.count / 3, to: newBytes.count, by: 97) { garbled[index] ^= 0x5A }
            try Data(garbled).write(to: URL(fileURLWithPath: temporary))
        default: break
        }
        if step == .rename, !renameDurable {
            // The rename never reached the disk: the old name still holds the old snapshot (or nothing).
            try FileManager.default.moveItem(atPath: file.path, toPath: file.path + SnapshotFile.temporaryMarker + "lost")
            if let oldBytes { try Data(oldBytes).write(to: URL(fileURLWithPath: file.path)) }
        }

        let now = try file.read()
        let seen: Seen
        if let now, now == newBytes {
            seen = .after
        } else if let now, now == oldBytes {
            seen = .before
        } else if now == nil, oldBytes == nil {
            seen = .none
        } else {
            Issue.record("seed \(seed) \(step) \(loss): the snapshot is neither the old nor the new one")
            seen = .none
        }
        let expectAfter = step == .rename ? renameDurable : step == .syncFolder
        #expect(seen == (expectAfter ? .after : (hadOld ? .before : .none)), "seed \(seed) \(step) \(loss) durable \(renameDurable)")

        let opened = try open(desk.folder)
        #expect(opened.state == (try desk.fullReplay()), "seed \(seed) \(step) \(loss)")
        // Recovery needs no person: the next compaction succeeds and clears what the crash left.
        try compact(desk.folder)
        #expect(file.leftovers().isEmpty)
        let reopened = try open(desk.folder)
        #expect(reopened.usedSnapshot)
        #expect(reopened.state == (try desk.fullReplay()))
        return (seen, opened.usedSnapshot)
    }
}
