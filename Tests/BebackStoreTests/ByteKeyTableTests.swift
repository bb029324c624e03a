import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Testing

@Suite("Byte-keyed table: leads and names found by the bytes they were written with")
struct ByteKeyTableTests {
    func find(_ table: ByteKeyTable, _ key: [UInt8]) -> UInt32? {
        key.withUnsafeBytes { table.value(for: $0, hash: ByteKeyTable.hash($0)) }
    }

    func insert(_ table: inout ByteKeyTable, _ key: [UInt8], _ value: UInt32) {
        key.withUnsafeBytes { table.insert($0, hash: ByteKeyTable.hash($0), value: value) }
    }

    @Test("every key inserted is found with its value through many growths; keys never inserted are not")
    func findsWhatWasInserted() {
        var table = ByteKeyTable(capacity: 4)
        var random = SeededRandom(seed: 11)
        var inserted: [[UInt8]: UInt32] = [:]
        while inserted.count < 5_000 {
            let key = (0..<Int(random.next() % 12)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if inserted[key] != nil { continue }
            let value = UInt32(inserted.count / 2)  // two keys per value, as two spellings of one lead
            insert(&table, key, value)
            inserted[key] = value
        }
        #expect(table.count == inserted.count)
        for (key, value) in inserted { #expect(find(table, key) == value, "\(key)") }
        var missing = 0
        for _ in 0..<2_000 {
            let key = (0..<Int(12 + random.next() % 4)).map { _ in UInt8(truncatingIfNeeded: random.next()) }
            if find(table, key) == nil { missing += 1 }
        }
        #expect(missing == 2_000, "keys longer than any inserted are never found")
    }

    @Test("a key is told from its prefixes and from keys of the same hash")
    func prefixesAndCollisions() {
        var table = ByteKeyTable()
        insert(&table, Array("abc".utf8), 1)
        insert(&table, Array("ab".utf8), 2)
        insert(&table, [], 3)
        #expect(find(table, Array("abc".utf8)) == 1)
        #expect(find(table, Array("ab".utf8)) == 2)
        #expect(find(table, []) == 3)
        #expect(find(table, Array("a".utf8)) == nil)
        #expect(find(table, Array("abd".utf8)) == nil)
        // Same hash, different bytes: the stored bytes decide.
        let key = Array("k1".utf8)
        key.withUnsafeBytes { table.insert($0, hash: 42, value: 7) }
        #expect(Array("zz".utf8).withUnsafeBytes { table.value(for: $0, hash: 42) } == nil)
        #expect(key.withUnsafeBytes { table.value(for: $0, hash: 42) } == 7)
    }
}
