#if canImport(Glibc)
    import Glibc
#endif
import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// Torture test 4: ENOSPC, EIO and short writes injected at each call of a run of appends, once and
/// from then on. An append may return only when its bytes were written and synced; a refused one
/// says so in one line naming the file, leaves nothing behind, and the next append after a passing
/// fault works.
@Suite("Torture: disk errors at every call", .serialized)
struct TortureFaultTests {
    @Test("ENOSPC, EIO and short writes at each call, once and persistently: nothing acknowledged without a successful sync")
    func faultsAtEveryCall() throws {
        let appends = Torture.size(short: 6, full: 30)
        let path = NumberedPayloads.path
        let started = Date()

        let clean = SimulatedDisk()
        let cleanWriter = JournalWriter(path: path, name: "rep-ann.journal", fileSystem: clean)
        for number in 0..<appends { try cleanWriter.append([NumberedPayloads.payload(number)]) }
        let calls = clean.operationCount

        var runs = 0, acknowledgedTotal = 0, refused = 0, unsyncedAcknowledged = 0, lost = 0
        var leftVisible = 0, badMessages = 0, recoveredAfterOnce = 0
        let faults: [SimulatedDisk.Fault] = [.error(ENOSPC), .error(EIO), .shortWrite]
        for callNumber in 0..<calls {
            for fault in faults {
                for persistent in [false, true] {
                    runs += 1
                    let disk = SimulatedDisk()
                    disk.inject(
                        fault, atOperation: callNumber, persistent: persistent,
                        only: fault == .shortWrite ? [.write] : nil)
                    let writer = JournalWriter(path: path, name: "rep-ann.journal", fileSystem: disk)
                    var acknowledged: [Int] = []
                    var failed: [Int] = []
                    for number in 0..<appends {
                        do {
                            try writer.append([NumberedPayloads.payload(number)])
                            acknowledged.append(number)
                            // Acknowledged: it must already be on the disk, whatever happens to the cache.
                            let durable = disk.durableContents(path) ?? []
                            if !NumberedPayloads.numbers(durable, JournalScan.scan(durable)).contains(number) { unsyncedAcknowledged += 1 }
                        } catch {
                            failed.append(number)
                            let message = "\(error)"
                            if message.contains("\n") || !(message.contains("rep-ann.journal") || message.contains("/desk/journals")) {
                                badMessages += 1
                                Issue.record("not one line naming the file: \(message)")
                            }
                        }
                    }
                    acknowledgedTotal += acknowledged.count
                    refused += failed.count

                    // What a reader sees now: never damage, never a refused entry when the cut-back worked.
                    let visible = disk.contents(path) ?? []
                    let seen = JournalScan.scan(visible)
                    #expect(seen.problems.isEmpty, "\(fault) at call \(callNumber): \(seen.problems)")
                    let visibleNumbers = NumberedPayloads.numbers(visible, seen)
                    let refusedButVisible = Set(visibleNumbers).intersection(failed).count
                    leftVisible += refusedButVisible
                    if !persistent {
                        #expect(refusedButVisible == 0, "\(fault) once at call \(callNumber): a refused entry is visible")
                        #expect(failed.count <= 1, "\(fault) once at call \(callNumber): \(failed.count) appends failed")
                    }

                    // The disk heals: the next append works, and everything acknowledged is there once.
                    disk.heal()
                    let next = JournalWriter(path: path, name: "rep-ann.journal", fileSystem: disk)
                    try next.append([NumberedPayloads.payload(1_000_000)])
                    if !persistent, !failed.isEmpty { recoveredAfterOnce += 1 }
                    let final = disk.contents(path) ?? []
                    let scan = JournalScan.scan(final)
                    #expect(scan.problems.isEmpty && scan.tornTail == nil)
                    let numbers = NumberedPayloads.numbers(final, scan)
                    lost += Set(acknowledged).subtracting(numbers).count
                    #expect(numbers.count == Set(numbers).count, "no entry twice")
                    #expect(Set(numbers).isSubset(of: Set(acknowledged + failed + [1_000_000])))
                }
            }
        }
        #expect(unsyncedAcknowledged == 0)
        #expect(lost == 0)
        #expect(badMessages == 0)
        Torture.report(
            "4 disk errors at every call",
            [
                "appends per run": appends, "calls": calls, "runs": runs, "acknowledged": acknowledgedTotal,
                "refused": refused, "acknowledged unsynced": unsyncedAcknowledged, "lost": lost,
                "refused but visible (cut-back also failed)": leftVisible, "recovered after a passing fault": recoveredAfterOnce,
                "time": Torture.seconds(since: started)
            ])
    }
}
