#if canImport(Glibc)
    import Glibc
#endif
import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// The simulated disk the crash tests stand on: it must lose what a real disk can lose, and only that.
@Suite("The simulated page-cache disk")
struct SimulatedDiskTests {
    @Test("unsynced bytes are lost at a crash, synced ones kept; a new name needs its folder synced")
    func syncedSurvives() throws {
        let disk = SimulatedDisk()
        let fd = try disk.open("/d/a", flags: O_RDWR | O_CREAT | O_APPEND, mode: 0o660)
        try disk.writeAll(Array("one".utf8), fd, "/d/a")
        try disk.dataSync(fd, path: "/d/a")
        #expect(disk.crashImage(.dropUnsynced, seed: 1).contents("/d/a") == nil, "the name was never made durable")
        try disk.syncDirectory("/d")
        try disk.writeAll(Array("two".utf8), fd, "/d/a")
        #expect(disk.contents("/d/a") == Array("onetwo".utf8))
        #expect(disk.crashImage(.dropUnsynced, seed: 1).contents("/d/a") == Array("one".utf8))
        #expect(disk.crashImage(.keepAllUnsynced, seed: 1).contents("/d/a") == Array("onetwo".utf8))
    }

    @Test("a rename is durable only once its folder is synced; the old file survives until then")
    func renameNeedsFolderSync() throws {
        let disk = SimulatedDisk(files: ["/d/snap": Array("old".utf8)])
        let fd = try disk.open("/d/snap.tmp", flags: O_WRONLY | O_CREAT | O_TRUNC, mode: 0o660)
        try disk.writeAll(Array("new".utf8), fd, "/d/snap.tmp")
        try disk.sync(fd, path: "/d/snap.tmp")
        try disk.rename("/d/snap.tmp", to: "/d/snap")
        #expect(disk.contents("/d/snap") == Array("new".utf8))
        #expect(disk.crashImage(.dropUnsynced, seed: 1).contents("/d/snap") == Array("old".utf8))
        try disk.syncDirectory("/d")
        let after = disk.crashImage(.dropUnsynced, seed: 1)
        #expect(after.contents("/d/snap") == Array("new".utf8))
        #expect(after.contents("/d/snap.tmp") == nil)
    }

    @Test("an injected fault hits its call once, or every call from then on")
    func faults() throws {
        let disk = SimulatedDisk()
        disk.inject(.error(EIO), atOperation: 1)
        let fd = try disk.open("/d/a", flags: O_RDWR | O_CREAT, mode: 0o660)
        #expect(throws: StoreError.io(path: "/d/a", operation: "dataSync", errno: EIO)) { try disk.dataSync(fd, path: "/d/a") }
        try disk.dataSync(fd, path: "/d/a")
        disk.inject(.error(ENOSPC), atOperation: disk.operationCount, persistent: true)
        for _ in 0..<3 { #expect(throws: StoreError.self) { try disk.sync(fd, path: "/d/a") } }
        #expect(disk.faultsInjected == 4)
    }
}

extension SimulatedDisk {
    func writeAll(_ bytes: [UInt8], _ fd: Int32, _ path: String) throws {
        _ = try bytes.withUnsafeBytes { try write(fd, $0, path: path) }
    }
}
