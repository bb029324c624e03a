import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// Torture test 3: a journal cut at every byte offset, thousands of single-bit flips, a zeroed sector.
@Suite("Torture: truncation, bit flips, a zeroed sector", .serialized)
struct TortureDamageTests {
    /// A journal of `count` small numbered records, written by the real writer on the simulated disk.
    func journal(records count: Int) throws -> [UInt8] {
        let disk = SimulatedDisk()
        let writer = JournalWriter(path: NumberedPayloads.path, name: "rep-ann.journal", fileSystem: disk)
        for number in 0..<count { try writer.append([Array(#"{"n":\#(number)}"#.utf8)]) }
        return disk.contents(NumberedPayloads.path) ?? []
    }

    @Test("cut at every byte offset: exactly the complete prefix is read, and the next append keeps exactly it")
    func truncateAtEveryOffset() throws {
        let count = Torture.size(short: 100, full: 1000)
        let bytes = try journal(records: count)
        let started = Date()
        let ends = JournalScan.scan(bytes).records.map { $0.payload.upperBound + 1 }
        var wrong = 0, recoveries = 0
        // The writer's recovery is checked at every offset in the long form, every 13th in the short one.
        let recoveryStride = Torture.size(short: 13, full: 1)
        for cut in 0...bytes.count {
            let prefix = Array(bytes[0..<cut])
            let scan = JournalScan.scan(prefix)
            let complete = ends.prefix { $0 <= cut }.count
            if scan.records.count != complete || !scan.problems.isEmpty || scan.records.map(\.sequence) != (0..<complete).map({ UInt64($0 + 1) }) {
                wrong += 1
                Issue.record("cut at \(cut): \(scan.records.count) records (expected \(complete)), problems \(scan.problems)")
            }
            if cut % recoveryStride == 0 {
                recoveries += 1
                let disk = SimulatedDisk(files: [NumberedPayloads.path: prefix])
                let writer = JournalWriter(path: NumberedPayloads.path, name: "rep-ann.journal", fileSystem: disk)
                try writer.append([Array(#"{"n":-1}"#.utf8)])
                let after = JournalScan.scan(disk.contents(NumberedPayloads.path) ?? [])
                if after.records.count != complete + 1 || !after.problems.isEmpty || after.tornTail != nil { wrong += 1 }
            }
        }
        #expect(wrong == 0)
        Torture.report(
            "3a truncate at every offset",
            [
                "records": count, "bytes": bytes.count, "offsets": bytes.count + 1, "writer recoveries": recoveries,
                "wrong": wrong, "time": Torture.seconds(since: started)
            ])
    }

    @Test("random single-bit flips: every one is found, at the offset of the record it hit")
    func bitFlips() throws {
        let count = Torture.size(short: 100, full: 1000)
        let flips = Torture.size(short: 1000, full: 10000)
        let original = try journal(records: count)
        let records = JournalScan.scan(original).records
        let headerLength = records[0].offset
        let started = Date()
        var random = SplitMix(seed: 0x5EED_F11B)
        var found = 0, asTornTail = 0, missed = 0
        for _ in 0..<flips {
            let position = Int(random.next() % UInt64(original.count))
            let bit = UInt8(1) << UInt8(random.next() % 8)
            var bytes = original
            bytes[position] ^= bit
            let scan = JournalScan.scan(bytes)
            let victim = position < headerLength ? 0 : records.last { $0.offset <= position }!.offset
            let isLast = position >= records.last!.offset
            if let problem = scan.problems.first, problem.offset == victim, scan.records.count == count - 1 || position < headerLength {
                found += 1
            } else if isLast, scan.problems.isEmpty, scan.tornTail?.lowerBound == victim, scan.records.count == count - 1 {
                asTornTail += 1
            } else {
                missed += 1
                Issue.record("flip of bit \(bit) at \(position) (record at \(victim)): problems \(scan.problems), torn \(String(describing: scan.tornTail))")
            }
        }
        #expect(missed == 0)
        Torture.report(
            "3b bit flips",
            [
                "records": count, "flips": flips, "found as damage at the record's offset": found,
                "found as a torn last record": asTornTail, "missed": missed, "time": Torture.seconds(since: started)
            ])
    }

    @Test("a zeroed 512-byte sector mid-file: the load names its offset and the desk is read-only")
    func zeroedSector() throws {
        let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("desk"))
        let store = try FileEventStore(folder: folder)
        let start = Fixtures.at("2026-11-23 10:00")
        var ids = SeededIDGenerator(seed: 7)
        let rep: RepName = "ann"
        let events = (0..<200).map { index in
            Event(
                id: ids.newEventID(), at: start.addingTimeInterval(Double(index)), actor: rep, lead: ids.newLeadID { _ in false },
                payload: .noted("note \(index)"))
        }
        _ = try store.append(events, to: .rep(rep))
        let path = folder.journalPath(.rep(rep))
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let sector = (bytes.count / 2) / 512 * 512
        let hit = JournalScan.scan(bytes).records.last { $0.offset <= sector }!.offset
        for index in sector..<(sector + 512) { bytes[index] = 0 }
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let reopened = try FileEventStore(folder: folder)
        let loaded = try reopened.load()
        #expect(loaded.problems.first?.problem.offset == hit)
        let reason = try #require(reopened.readOnlyReason(for: .rep(rep)))
        #expect(reason.contains("offset \(hit)") && reason.contains(path))
        #expect(throws: StoreError.self) { try reopened.append([events[0]], to: .rep(rep)) }
        Torture.report(
            "3c zeroed sector",
            [
                "file bytes": bytes.count, "sector at": sector, "reported at": loaded.problems.first?.problem.offset ?? -1,
                "records still read": loaded.events.count, "read-only": reopened.readOnlyReason(for: .rep(rep)) != nil
            ])
    }
}
