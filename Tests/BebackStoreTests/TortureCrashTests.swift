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
/// must see no damage (a torn tail at most), and the next append must recover on its own.
/// (Compaction is not in this run yet: a compaction step can be added as one more operation
/// between appends once `beback compact` exists.)
@Suite("Torture: a crash at every system call", .serialized)
struct TortureCrashTests {
    /// The run that crashes: appends, each acknowledged number recorded once `append` returned;
    /// returns the number in flight when the crash came. The hook for compaction (torture test 6):
    /// a compaction step through the same `JournalFileSystem` (the simulated disk models rename and
    /// folder fsync) goes here between appends, and its crash points are then covered too.
    static func workload(on disk: SimulatedDisk, appends: Int, acknowledged: inout [Int]) -> Int? {
        let writer = JournalWriter(path: NumberedPayloads.path, name: "rep-ann.journal", fileSystem: disk)
        for number in 0..<appends {
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
        var cleanRun: [Int] = []
        #expect(Self.workload(on: clean, appends: appends, acknowledged: &cleanRun) == nil)
        let calls = clean.operationCount

        var images = 0, tornTails = 0, inFlightSurvived = 0, lost = 0, duplicated = 0, needsPerson = 0
        for crashAt in 0..<calls {
            let disk = SimulatedDisk()
            disk.inject(.crash, atOperation: crashAt)
            var acknowledged: [Int] = []
            let inFlight = Self.workload(on: disk, appends: appends, acknowledged: &acknowledged)
            #expect(disk.crashed, "crash point \(crashAt) of \(calls) was never reached")
            for outcome in SimulatedDisk.CrashOutcome.allCases {
                images += 1
                let image = disk.crashImage(outcome, seed: UInt64(crashAt) &* 31 &+ UInt64(images))
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
        Torture.report("2 crash at every call", [
            "appends": appends, "calls": calls, "crash images": images, "torn tails set aside": tornTails,
            "unacknowledged survived": inFlightSurvived, "lost": lost, "duplicated": duplicated,
            "needed a person": needsPerson, "time": Torture.seconds(since: started),
        ])
    }
}
