@testable import BebackStore
import Testing

@Suite("Snapshot bytes: each string once in a record's table, read back by its index")
struct SnapshotBytesTests {
    @Test("strings repeated before and after the table outgrows its one-by-one lookup keep their first index", arguments: [3, 32, 33, 200])
    func stringTable(distinct: Int) throws {
        let names = (0..<distinct).map { "rep \($0)" }
        // Each name, then each again twice in another order, and an accented name in two spellings
        // Swift holds equal (one entry, as a dictionary would keep it).
        let written = names + names.reversed() + names + ["Ren\u{E9}e", "Rene\u{301}e"]
        var writer = SnapshotByteWriter()
        for name in written { writer.string(name) }
        #expect(writer.strings == names + ["Ren\u{E9}e"])
        let bytes = try writer.finished()
        try bytes.withUnsafeBytes { buffer in
            var reader = SnapshotByteReader(buffer)
            try reader.readStringTable()
            for name in written { #expect(try reader.string() == name) }
            #expect(reader.isAtEnd)
        }
    }
}
