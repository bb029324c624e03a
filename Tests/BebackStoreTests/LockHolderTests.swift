#if canImport(Glibc)
    import Glibc
#endif
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("A journal's lock: its rep's alone, waited for with a limit, its holder named")
struct LockHolderTests {
    @Test("a held lock makes an append say who holds it after 200 ms and give up after the wait, saving nothing")
    func heldLock() throws {
        let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("desk"))
        let path = folder.journalPath(.rep("ann"))
        var ids = SeededIDGenerator(seed: 1)
        let note = Event(id: ids.newEventID(), at: Fixtures.at("2026-11-23 10:00"), actor: "ann", lead: LeadID("lead1"), payload: .noted("x"))
        _ = try FileEventStore(folder: folder).append([note], to: .rep("ann"))
        let holder = open(path + ".lock", O_RDONLY)
        try #require(holder >= 0)
        defer { close(holder) }
        try #require(flock(holder, LOCK_SH) == 0)
        let writer = JournalWriter(path: path, name: "rep-ann.journal")
        writer.lockWaitSeconds = 0.5
        let told = Told()
        writer.onLockWait = { told.text = $0 }
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        let me = "\(UnixAccounts.current.name) (pid \(getpid()))"
        #expect(throws: StoreError.lockBusy(path: path + ".lock", holder: me, seconds: 1)) { try writer.append([Array("{}".utf8)]) }
        #expect(told.text == me)
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == size)
        flock(holder, LOCK_UN)
        #expect(try writer.append([Array("{}".utf8)]).count == 1)
    }

    @Test("the holders are read from the kernel's lock table, waiters left out")
    func table() {
        let table = """
            1: FLOCK  ADVISORY  READ  4242 08:01:1234 0 EOF
            1: -> FLOCK  ADVISORY  WRITE 77 08:01:1234 0 EOF
            2: POSIX  ADVISORY  WRITE 99 08:01:999 0 EOF
            3: FLOCK  ADVISORY  WRITE 4243 00:2f:1234 0 EOF
            """
        #expect(LockHolder.holders(inode: 1234, table: table) == [4242, 4243])
        #expect(LockHolder.holders(inode: 5, table: table) == [])
    }

    final class Told: @unchecked Sendable { var text: String? }
}
