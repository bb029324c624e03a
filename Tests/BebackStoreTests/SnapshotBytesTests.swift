@testable import BebackStore
import BebackTestSupport
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

    @Test("the table numbers strings by first appearance as Swift's equality does, ASCII or not, also past its growth")
    func stringTableEquality() throws {
        // A Kelvin sign equals "K", an Ohm sign "Ω", a Greek question mark ";": strings that are
        // not ASCII can equal ones that are, and must share their entry whichever comes first.
        let tricky = [
            "K", "\u{212A}", "x\u{212A}y", "xKy", ";", "\u{37E}", "\u{2126}", "\u{3A9}", "Ren\u{E9}e", "Rene\u{301}e", "",
            "`", "\u{1FEF}", "a\u{1FEF}\u{37E}\u{212A}", "a`;K", "\u{212B}", "\u{C5}", "\u{1FEE}", "\u{A8}\u{301}"
        ]
        let plain = (0..<150).map { "lead-\($0)-" + String(repeating: "z", count: $0 % 20) }
        var random = SplitMix(seed: 9)
        var written: [String] = []
        for _ in 0..<900 {
            let pool = random.next() % 3 == 0 ? tricky : plain
            written.append(pool[Int(random.next() % UInt64(pool.count))])
        }
        var writer = SnapshotByteWriter()
        var expected: [String] = []
        var indices: [Int] = []
        for name in written {
            writer.string(name)
            if let index = expected.firstIndex(of: name) {
                indices.append(index)
            } else {
                indices.append(expected.count)
                expected.append(name)
            }
        }
        #expect(writer.strings == expected)
        #expect(expected.count < written.count && expected.count > 100)
        let bytes = try writer.finished()
        try bytes.withUnsafeBytes { buffer in
            var reader = SnapshotByteReader(buffer)
            try reader.readStringTable()
            for index in indices { #expect(try reader.varint() == UInt64(index)) }
            #expect(reader.isAtEnd)
        }
    }
    @Test("a writer emptied for the next record writes it as a new writer would, whatever the record before it held")
    func resetWriterIsNew() throws {
        let composed = "Jos\u{E9}", decomposed = "Jose\u{301}"
        let records: [[String]] = [
            (0..<150).map { "rep-\($0 % 90)" } + [composed, "ann", decomposed],
            ["ann", "ben", "ann"],
            [],
            [decomposed, composed, "Caf\u{E9}", "ben"] + (0..<40).map { "purpose \($0)" },
            ["ann"]
        ]
        var reused = SnapshotByteWriter(capacity: 16)
        for (number, strings) in records.enumerated() {
            reused.reset()
            var fresh = SnapshotByteWriter()
            for text in strings {
                reused.string(text)
                fresh.string(text)
                reused.u8(7)
                fresh.u8(7)
            }
            #expect(try reused.finished() == fresh.finished(), "record \(number)")
        }
    }
    @Test("only the three scalars whose canonical form is ASCII keep a string that is not ASCII from being told apart at once")
    func standsForASCII() {
        for text in ["\u{37E}", "\u{1FEF}", "\u{212A}", "a\u{212A}b;", "plain"] { #expect(SnapshotByteWriter.mayStandForASCII(text), "\(text)") }
        for text in ["\u{E9}", "e\u{301}", "\u{2126}", "\u{212B}", "K\u{301}", "\u{1FEE}", "\u{FF21}", "\u{2024}"] {
            #expect(!SnapshotByteWriter.mayStandForASCII(text), "\(text.unicodeScalars.map { String($0.value, radix: 16) })")
            // And indeed none of these is equal to its ASCII look-alike.
            #expect(text.precomposedStringWithCanonicalMapping.unicodeScalars.contains { !$0.isASCII })
        }
    }
}
