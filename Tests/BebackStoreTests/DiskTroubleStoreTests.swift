#if canImport(Glibc)
    import Glibc
#endif
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("Disk trouble in the store: read-only folders and journals, network file systems, permissions")
struct DiskTroubleStoreTests {
    func desk() throws -> DeskFolder {
        try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("desk"))
    }

    func note(_ text: String, seed: UInt64 = 1) -> Event {
        var ids = SeededIDGenerator(seed: seed)
        return Event(id: ids.newEventID(), at: Fixtures.at("2026-11-23 10:00"), actor: "ann", lead: LeadID("lead1"), payload: .noted(text))
    }

    @Test("a folder that refuses writes (EROFS) makes the store read-only, saying why; an append is refused and writes nothing")
    func readOnlyFolder() throws {
        let folder = try desk()
        let store = try FileEventStore(folder: folder, fileSystem: RefusingFileSystem(folderRefusal: EROFS))
        let reason = try #require(store.readOnlyReason)
        #expect(reason.contains("Read-only file system") && reason.contains(folder.journalsDirectory.path))
        #expect(throws: StoreError.readOnly(reason)) { try store.append([note("x")], to: .rep("ann")) }
        #expect(try folder.journals().isEmpty)
    }

    @Test("a journal that refuses writes mid-session (EACCES): that save fails naming the file, and the store stays read-only")
    func journalRefusesMidSession() throws {
        let folder = try desk()
        let fileSystem = RefusingFileSystem()
        let store = try FileEventStore(folder: folder, fileSystem: fileSystem)
        _ = try store.append([note("first")], to: .rep("ann"))
        #expect(store.readOnlyReason == nil)
        fileSystem.openRefusal = EACCES
        #expect {
            try store.append([note("second", seed: 2)], to: .rep("ann"))
        } throws: { error in
            let text = "\(error)"
            return text.contains("rep-ann.journal") && text.contains("Permission denied") && !text.contains("\n")
        }
        #expect(store.readOnlyReason?.contains("Permission denied") == true)
        fileSystem.openRefusal = nil
        #expect(throws: StoreError.self) { try store.append([note("third", seed: 3)], to: .rep("ann")) }
        #expect(try FileEventStore(folder: folder).load().events.count == 1)
    }

    @Test("a batch larger than one write (an import) that fills the disk part way leaves the journal as it was")
    func diskFullMidBatch() throws {
        let folder = try desk()
        let fileSystem = RefusingFileSystem()
        let store = try FileEventStore(folder: folder, fileSystem: fileSystem)
        _ = try store.append([note("first")], to: .rep("ann")).count
        let path = folder.journalPath(.rep("ann"))
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        // About 3 MB of entries: several chunks of the writer's 1 MB.
        let batch = (0..<3000).map { note(String(repeating: "n", count: 1000), seed: UInt64(10 + $0)) }
        fileSystem.writeBudget = 1_500_000
        #expect(throws: StoreError.self) { try store.append(batch, to: .rep("ann")) }
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == size)
        fileSystem.writeBudget = nil
        #expect(try store.append(batch, to: .rep("ann")).count == 3000)
        let loaded = try FileEventStore(folder: folder).load()
        #expect(loaded.problems.isEmpty)
        #expect(loaded.events.count == 3001)
    }

    @Test("journals on a network file system get a one-line warning; a local disk gets none")
    func networkWarning() throws {
        let folder = try desk()
        let nfs = try FileEventStore(folder: folder, fileSystem: RefusingFileSystem(mountType: "nfs4"))
        let warning = try #require(nfs.fileSystemWarning)
        #expect(warning.contains("network file system (nfs4)") && warning.contains(folder.journalsDirectory.path) && !warning.contains("\n"))
        #expect(try FileEventStore(folder: folder, fileSystem: RefusingFileSystem(mountType: "fuse.sshfs")).fileSystemWarning != nil)
        #expect(try FileEventStore(folder: folder, fileSystem: RefusingFileSystem(mountType: "ext4")).fileSystemWarning == nil)
        #expect(try FileEventStore(folder: folder, fileSystem: RefusingFileSystem(mountType: "nfsd")).fileSystemWarning == nil)
    }

    @Test("the mount table gives the type of the longest mount point holding a path")
    func mountTable() {
        let table = """
            /dev/vda / ext4 rw 0 0
            server:/export /srv/desks nfs4 rw 0 0
            me@host:/x /srv/desks/ssh\\040share fuse.sshfs rw 0 0
            """
        #expect(MountTable.type(of: "/srv/desks/team/journals", in: table) == "nfs4")
        #expect(MountTable.type(of: "/srv/desks/ssh share/journals", in: table) == "fuse.sshfs")
        #expect(MountTable.type(of: "/srv/desksx", in: table) == "ext4")
        #expect(MountTable.type(of: "/home/ann", in: table) == "ext4")
    }

    @Test(
        "a new desk's folders are 03770 (group shared, setgid, sticky), its journals 0640 (the group reads, only the owner writes) and their locks 0600 (nobody else can hold them), whatever the umask"
    )
    func permissions() throws {
        let folder = try desk()
        _ = try FileEventStore(folder: folder).append([note("x")], to: .rep("ann"))
        func mode(_ path: String) -> mode_t {
            var info = stat()
            _ = stat(path, &info)
            return info.st_mode & 0o7777
        }
        #expect(mode(folder.root.path) == 0o3770)
        #expect(mode(folder.journalsDirectory.path) == 0o3770)
        #expect(mode(folder.journalPath(.rep("ann"))) == 0o640)
        #expect(mode(folder.journalPath(.rep("ann")) + ".lock") == 0o600)
    }
}
