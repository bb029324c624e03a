#if canImport(Glibc)
    import Glibc
#endif
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// Torture tests 1 and 5: real `beback` processes appending to one journal at the same time
/// (`beback-torture-writer`, built beside `beback`, prints each entry's id only after its append returned).
@Suite("Torture: writer processes, kill -9, an auditor", .serialized)
struct TortureProcessTests {
    /// The test-support writer, built beside the binary under test.
    let binary = URL(fileURLWithPath: BebackProcess.binary).deletingLastPathComponent().appendingPathComponent("beback-torture-writer").path

    func writer(_ folder: DeskFolder, number: Int, count: Int, sizes: ClosedRange<Int> = 16...16, run: Int, work: URL) throws -> SpawnedProcess {
        try SpawnedProcess(
            binary,
            [
                "--data", folder.root.path, "--writer", "\(number)", "--count", "\(count)",
                "--min-size", "\(sizes.lowerBound)", "--max-size", "\(sizes.upperBound)"
            ],
            outputPath: work.appendingPathComponent("out-\(run)").path,
            errorPath: work.appendingPathComponent("err-\(run)").path)
    }

    func stderr(_ process: SpawnedProcess) -> String {
        let path = process.outputPath.replacingOccurrences(of: "/out-", with: "/err-")
        return String(decoding: FileManager.default.contents(atPath: path) ?? Data(), as: UTF8.self)
    }

    @Test("four writer processes, random kill -9: every acknowledged entry is there once, every journal opens")
    func killNineWriters() throws {
        let wanted = Torture.size(short: 600, full: 10_000)
        let killsWanted = Torture.size(short: 30, full: 500)
        let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("desk"))
        let work = Fixtures.temporaryFolder("torture-out")
        let started = Date()
        var random = SplitMix(seed: 0x000D_EAD0_0001)
        // Entries of 16 B to 64 KiB: a kill can land inside a large write and leave a torn tail.
        let sizes = 16...65536
        var runs = 0
        var slots: [SpawnedProcess] = []
        for slot in 0..<4 {
            runs += 1
            slots.append(try writer(folder, number: slot, count: 1_000_000, sizes: sizes, run: runs, work: work))
        }
        var ended: [SpawnedProcess] = []
        var endedLines = 0
        var kills = 0
        let deadline = Date().addingTimeInterval(Torture.full ? 1800 : 240)
        while kills < killsWanted || endedLines + slots.reduce(0, { $0 + $1.lines.count }) < wanted {
            guard Date() < deadline else {
                Issue.record("out of time: \(kills) kills, \(endedLines) appends")
                break
            }
            usleep(useconds_t(2_000 + random.next() % 60_000))
            let slot = Int(random.next() % 4)
            let victim = slots[slot]
            if victim.hasEnded {
                Issue.record("writer \(slot) ended on its own (status \(victim.exitStatus ?? -1)): \(stderr(victim))")
            } else {
                victim.kill9()
                kills += 1
            }
            ended.append(victim)
            endedLines += victim.lines.count
            runs += 1
            slots[slot] = try writer(folder, number: slot, count: 1_000_000, sizes: sizes, run: runs, work: work)
        }
        for process in slots {
            process.kill9()
            kills += 1
            ended.append(process)
        }
        let acknowledged = ended.flatMap(\.lines)
        let acknowledgedSet = Set(acknowledged)

        let store = try FileEventStore(folder: folder)
        let loaded = try store.load()
        let ids = loaded.events.map(\.event.id.rawValue)
        let lost = acknowledgedSet.subtracting(ids).count
        let duplicated = ids.count - Set(ids).count
        let unacknowledgedSaved = Set(ids).subtracting(acknowledgedSet).count
        let tornAtEnd = loaded.tornTails.count
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        #expect(acknowledged.count == acknowledgedSet.count)
        #expect(lost == 0)
        #expect(duplicated == 0)
        let verify = try BebackProcess.run(["verify", "--data", folder.root.path])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        // One more append sets any torn tail aside; the journal verifies clean again.
        let last = try writer(folder, number: 9, count: 1, run: runs + 1, work: work)
        #expect(last.wait() == 0)
        let after = try BebackProcess.run(["verify", "--data", folder.root.path])
        #expect(after.status == 0 && !after.stdout.contains("incomplete"), "\(after.stdout)\(after.stderr)")
        let setAside = try FileManager.default.contentsOfDirectory(atPath: folder.journalsDirectory.path).filter { $0.contains(".broken-") }.count
        Torture.report(
            "1 kill -9 writers",
            [
                "writers": 4, "entry bytes": "16-65536", "processes": runs, "kill -9": kills, "acknowledged": acknowledged.count, "in journal": ids.count,
                "saved but unacknowledged (killed before printing)": unacknowledgedSaved, "lost": lost, "duplicated": duplicated,
                "torn tail at the end": tornAtEnd, "torn tails set aside": setAside, "verify exit": verify.status,
                "time": Torture.seconds(since: started)
            ])
    }

    @Test("eight writer processes appending 16 B to 64 KiB entries while an auditor reads: all present, no gaps, no corruption")
    func eightWritersAndAnAuditor() throws {
        let perWriter = Torture.size(short: 40, full: 5000)
        let writers = 8
        let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("desk"))
        let work = Fixtures.temporaryFolder("torture-out")
        let started = Date()
        var processes: [SpawnedProcess] = []
        for number in 0..<writers {
            processes.append(try writer(folder, number: number, count: perWriter, sizes: 16...65536, run: number, work: work))
        }
        let auditor = try FileEventStore(folder: folder)
        var next = [Int](repeating: 0, count: writers)
        var polls = 0, seen = 0, gaps = 0, corruption = 0, tornSeen = 0
        let deadline = Date().addingTimeInterval(Torture.full ? 3600 : 240)
        var finishing = false
        var hasLoaded = false
        while true {
            let allEnded = processes.allSatisfy(\.hasEnded)
            // The first look is a whole load (the writers may have saved entries already), then polls.
            let fresh = hasLoaded ? try auditor.poll() : try auditor.load().events
            hasLoaded = true
            polls += 1
            seen += fresh.count
            corruption += auditor.knownProblems.count
            for stored in fresh {
                guard case .noted(let text) = stored.event.payload else { continue }
                let fields = text.split(separator: " ", maxSplits: 2)
                guard fields.count >= 2, let writer = Int(fields[0].dropFirst()), let number = Int(fields[1].dropFirst()), writer < writers else { continue }
                if number != next[writer] {
                    gaps += 1
                    Issue.record("writer \(writer): saw entry \(number), expected \(next[writer])")
                }
                next[writer] = number + 1
            }
            if !auditor.knownProblems.isEmpty {
                Issue.record("the auditor reports \(auditor.knownProblems)")
                break
            }
            if finishing { break }
            if allEnded { finishing = true }  // one more poll after the last writer ended
            guard Date() < deadline else {
                Issue.record("out of time")
                break
            }
            usleep(20_000)
        }
        for process in processes {
            #expect(process.wait() == 0, "\(stderr(process))")
        }
        let loaded = try FileEventStore(folder: folder).load()
        tornSeen = loaded.tornTails.count
        let counts = Dictionary(grouping: loaded.events, by: \.event.lead).mapValues(\.count)
        // Each writer captures its own lead before its notes.
        #expect(loaded.events.count == writers * (perWriter + 1))
        #expect(counts.values.allSatisfy { $0 == perWriter + 1 })
        #expect(loaded.problems.isEmpty)
        #expect(next == [Int](repeating: perWriter, count: writers))
        #expect(seen == writers * (perWriter + 1))
        let bytes = (try? FileManager.default.attributesOfItem(atPath: folder.journalPath(.rep("torture")))[.size] as? Int) ?? 0
        Torture.report(
            "5 eight writers and an auditor",
            [
                "writers": writers, "entries each": perWriter, "entries": loaded.events.count, "journal MiB": bytes / 1_048_576,
                "auditor polls": polls, "auditor saw": seen, "gaps": gaps, "corruption reported": corruption,
                "torn tail at the end": tornSeen, "time": Torture.seconds(since: started)
            ])
    }
}
