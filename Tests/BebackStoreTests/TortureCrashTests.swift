import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// The numbered payloads the in-process torture tests append, and reading the numbers back.
enum NumberedPayloads {
    static let path = "/desk/journals/rep-ann.journal"

    /// Payload `n`: small JSON of varying length (some records cross 4 KiB pages).
    static func payload(_ number: Int) -> [UInt8] {
        Array(#"{"n":\#(number),"pad":"\#(String(repeating: "x", count: (number * 397) % 5000))"}"#.utf8)
    }

    /// The numbers of the records in a journal's bytes, in order.
    static func numbers(_ bytes: [UInt8], _ scan: JournalScan) -> [Int] {
        scan.records.map { record in
            let text = String(decoding: bytes[record.payload], as: UTF8.self)
            let digits = text.dropFirst(5).prefix { $0.isNumber }
            return Int(digits) ?? -1
        }
    }
}

/// Torture test 2: the simulated process crashes at every system call of a run of appends; the disk
/// keeps, drops or garbles what was not synced. Every acknowledged entry must survive, the reader
/// must see no damage (a torn tail at most), and the next append must recover on its own. Halfway
/// through, one compaction replaces the snapshot through the same file system: after a crash at
/// any of its calls the snapshot is absent (the one before) or the new one, byte for byte.
@Suite("Torture: a crash at every system call", .serialized)
struct TortureCrashTests {
    static let snapshots = SnapshotFile(DeskFolder(path: "/desk"))
    static let temporary = snapshots.path + ".tmp-1"

    /// The compaction's snapshot: larger than a page, so a crash can leave part of it unsynced.
    static func snapshotBytes(_ entries: Int) -> [UInt8] {
        Array("beback-snapshot test \(entries)\n".utf8) + [UInt8](repeating: UInt8(ascii: "s"), count: 6000)
    }

    /// The run that crashes: appends, each acknowledged number recorded once `append` returned, with
    /// one compaction halfway (`compacted` is set once it returned); returns the number in flight
    /// when the crash came (nil when the crash came inside the compaction, or never came).
    static func workload(on disk: SimulatedDisk, appends: Int, acknowledged: inout [Int], compacted: inout Bool) -> Int? {
        let writer = JournalWriter(path: NumberedPayloads.path, name: "rep-ann.journal", fileSystem: disk)
        for number in 0..<appends {
            if number == appends / 2 {
                do {
                    try snapshots.replace(with: snapshotBytes(number), temporary: temporary, through: disk)
                    compacted = true
                } catch {
                    return nil
                }
            }
            do {
                try writer.append([NumberedPayloads.payload(number)])
                acknowledged.append(number)
            } catch {
                return number
            }
        }
        return nil
    }

    @Test("crash at each call of a run of appends: zero acknowledged entries lost, recovery needs no person")
    func crashAtEveryCall() throws {
        let appends = Torture.size(short: 12, full: 100)
        let path = NumberedPayloads.path
        let started = Date()

        let clean = SimulatedDisk()
        var cleanRun: [Int] = [], cleanCompacted = false
        #expect(Self.workload(on: clean, appends: appends, acknowledged: &cleanRun, compacted: &cleanCompacted) == nil)
        #expect(cleanCompacted && clean.contents(Self.snapshots.path) == Self.snapshotBytes(appends / 2))
        let calls = clean.operationCount

        var images = 0, tornTails = 0, inFlightSurvived = 0, lost = 0, duplicated = 0, needsPerson = 0
        var snapshotBefore = 0, snapshotAfter = 0, snapshotMixed = 0
        for crashAt in 0..<calls {
            let disk = SimulatedDisk()
            disk.inject(.crash, atOperation: crashAt)
            var acknowledged: [Int] = [], compacted = false
            let inFlight = Self.workload(on: disk, appends: appends, acknowledged: &acknowledged, compacted: &compacted)
            #expect(disk.crashed, "crash point \(crashAt) of \(calls) was never reached")
            for outcome in SimulatedDisk.CrashOutcome.allCases {
                images += 1
                let image = disk.crashImage(outcome, seed: UInt64(crashAt) &* 31 &+ UInt64(images))
                // The snapshot is the one before (none) or the new one, whole; once compaction returned, the new one.
                switch image.contents(Self.snapshots.path) {
                case nil: snapshotBefore += 1
                case Self.snapshotBytes(appends / 2): snapshotAfter += 1
                default: snapshotMixed += 1
                }
                #expect(!compacted || image.contents(Self.snapshots.path) == Self.snapshotBytes(appends / 2), "crash at call \(crashAt) (\(outcome))")
                let before = image.contents(path) ?? []
                let seen = JournalScan.scan(before)
                if !seen.problems.isEmpty {
                    needsPerson += 1
                    Issue.record("crash at call \(crashAt) (\(outcome)): the reader reports \(seen.problems)")
                }
                if seen.tornTail != nil { tornTails += 1 }

                let recovery = JournalWriter(path: path, name: "rep-ann.journal", fileSystem: image)
                do {
                    try recovery.append([NumberedPayloads.payload(1_000_000)])
                } catch {
                    needsPerson += 1
                    Issue.record("crash at call \(crashAt) (\(outcome)): the next append failed: \(error)")
                    continue
                }
                let after = image.contents(path) ?? []
                let scan = JournalScan.scan(after)
                #expect(scan.problems.isEmpty && scan.tornTail == nil, "crash at call \(crashAt) (\(outcome)): \(scan.problems)")
                let numbers = NumberedPayloads.numbers(after, scan)
                #expect(numbers.last == 1_000_000)
                let saved = Array(numbers.dropLast())
                lost += Set(acknowledged).subtracting(saved).count
                duplicated += saved.count - Set(saved).count
                let expected = saved == acknowledged || (inFlight.map { saved == acknowledged + [$0] } ?? false)
                #expect(expected, "crash at call \(crashAt) (\(outcome)): acknowledged \(acknowledged.count), found \(saved.count)")
                if let inFlight, saved.last == inFlight, acknowledged.last != inFlight { inFlightSurvived += 1 }
                if seen.tornTail != nil {
                    #expect(image.paths.contains { $0.hasPrefix(path + ".broken-") }, "a torn tail is kept aside")
                }
            }
        }
        #expect(lost == 0)
        #expect(duplicated == 0)
        #expect(needsPerson == 0)
        #expect(snapshotMixed == 0)
        #expect(snapshotBefore > 0 && snapshotAfter > 0)
        Torture.report(
            "2 crash at every call",
            [
                "appends": appends, "calls": calls, "crash images": images, "torn tails set aside": tornTails,
                "unacknowledged survived": inFlightSurvived, "lost": lost, "duplicated": duplicated,
                "needed a person": needsPerson,
                "snapshot none (before)": snapshotBefore, "snapshot new": snapshotAfter, "snapshot mixed": snapshotMixed,
                "time": Torture.seconds(since: started)
            ])
    }
}
