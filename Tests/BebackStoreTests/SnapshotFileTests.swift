#if canImport(Glibc)
    import Glibc
#endif
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("Snapshot files: replaced whole, durably")
struct SnapshotFileTests {
    /// How many of the pages of the file open at `fd` are in the page cache.
    private func cachedPages(_ fd: Int32, length: Int) throws -> Int {
        let page = Int(sysconf(Int32(_SC_PAGESIZE)))
        let map = try #require(mmap(nil, length, PROT_READ, MAP_SHARED, fd, 0).flatMap { $0 == MAP_FAILED ? nil : $0 })
        defer { munmap(map, length) }
        var resident = [UInt8](repeating: 0, count: (length + page - 1) / page)
        #expect(mincore(map, length, &resident) == 0)
        return resident.filter { $0 & 1 != 0 }.count
    }

    @Test("the snapshot being replaced leaves the page cache before the rename, not in it (the rename would free it)")
    func oldPagesDroppedBeforeRename() throws {
        let folder = DeskFolder(Fixtures.temporaryFolder())
        let file = SnapshotFile(folder)
        let old = [UInt8](repeating: 0x41, count: 2 << 20)
        try file.write(old)
        // The old file, held open so that its pages outlive the rename whoever drops them.
        let fd = open(file.path, O_RDONLY)
        #expect(fd >= 0)
        defer { close(fd) }
        _ = try Posix.readFile(file.path)
        #expect(try cachedPages(fd, length: old.count) > 0, "read, so in the page cache")
        var cachedAtRename: Int?
        try file.write([UInt8](repeating: 0x42, count: 1 << 20)) { step in
            if step == .rename { cachedAtRename = try cachedPages(fd, length: old.count) }
        }
        #expect(cachedAtRename == 0)
        #expect(try file.read() == [UInt8](repeating: 0x42, count: 1 << 20))
    }
}
