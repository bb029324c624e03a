import BebackTestSupport
import Foundation
import Testing
#if Postgres
    @testable import BebackPostgres
#endif

/// `RowHash` against the server's own `hash_record_extended`: a batch is checked by comparing the two,
/// so they must agree on every length, every seed and every sign.
@Suite("The row hash a batch is checked by", .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct RowHashTests {
    #if Postgres
        /// The server's values of these expressions, one per line, as signed 64-bit numbers.
        func server(_ expressions: [String]) throws -> [Int64] {
            let result = try PostgresTestServer.psql(
                "SELECT v FROM (VALUES \(expressions.enumerated().map { "(\($0.offset), (\($0.element)))" }.joined(separator: ", "))) AS t(i, v) ORDER BY i")
            #expect(result.status == 0, "\(result.errors)")
            return result.output.split(separator: "\n").compactMap { Int64($0.trimmingCharacters(in: .whitespaces)) }
        }

        func hex(_ bytes: [UInt8]) -> String { "'\\x" + bytes.map { String(format: "%02x", $0) }.joined() + "'::bytea" }

        @Test("bytes of every length from 0 to 40, with and without a seed, hash as the server hashes them")
        func bytesOfEveryLength() throws {
            var generator = SystemRandomNumberGenerator()
            var keys: [([UInt8], Int64)] = []
            for length in 0...40 {
                let bytes = (0..<length).map { _ in UInt8.random(in: 0...255, using: &generator) }
                keys.append((bytes, 0))
                keys.append((bytes, Int64.random(in: Int64.min...Int64.max, using: &generator)))
            }
            let expected = try server(keys.map { "hash_record_extended(ROW(\(hex($0.0))), \($0.1))" })
            #expect(expected.count == keys.count)
            for ((bytes, seed), value) in zip(keys, expected) {
                let mine = bytes.withUnsafeBytes { RowHash.bytes($0, seed: UInt64(bitPattern: seed)) }
                #expect(Int64(bitPattern: mine) == value, "\(bytes.count) bytes, seed \(seed)")
            }
        }

        @Test("bigints of both signs hash as the server hashes them")
        func bigints() throws {
            let values: [Int64] = [0, 1, -1, 42, -42, Int64.max, Int64.min, 0x1234_5678_9abc_def0, -0x0fed_cba9_8765_4321, 4_294_967_295, 4_294_967_296]
            let expected = try server(values.map { "hash_record_extended(ROW((\($0))::bigint), 7)" })
            #expect(expected.count == values.count)
            for (value, hash) in zip(values, expected) {
                #expect(Int64(bitPattern: RowHash.int64(value, seed: 7)) == hash, "\(value)")
            }
        }

        @Test("an entry's row (checksum, id, author, lead, payload) seeded with its sequence hashes as the server hashes it")
        func entries() throws {
            let rows: [(Int64, String, String, String, String, Int64)] = [
                (3_735_928_559, "e-01", "ann", "lead-7", #"{"id":"e-01","by":"ann"}"#, 1),
                (0, "x", "bo", "", "{}", 123_456),
                (12, "日本-id", "zoë", "lead 🙂", #"{"name":"Zoë 🙂"}"#, 9_999_999_999)
            ]
            let expected = try server(
                rows.map { row in
                    let text = { (value: String) in "'" + value.replacingOccurrences(of: "'", with: "''") + "'::text" }
                    return "hash_record_extended(ROW(\(row.0)::bigint, \(text(row.1)), \(text(row.2)), \(text(row.3)), \(hex(Array(row.4.utf8)))), \(row.5))"
                })
            #expect(expected.count == rows.count)
            for (row, hash) in zip(rows, expected) {
                let mine = Array(row.4.utf8).withUnsafeBytes {
                    RowHash.entry(checksum: row.0, id: row.1, actor: row.2, lead: row.3, payload: $0, sequence: row.5)
                }
                #expect(Int64(bitPattern: mine) == hash, "\(row.1)")
            }
        }

        @Test("an entry's row with its place (previous and chain hashes, offset, length) hashes as the server hashes it")
        func placedEntries() throws {
            let rows: [(Int64, String, String, String, String, Int64, Int64, Int64, Int64)] = [
                (3_735_928_559, "e-01", "ann", "lead-7", #"{"id":"e-01"}"#, 1, -7_046_029_254_386_353_131, 1_234_567_890_123, 112),
                (12, "日本-id", "zoë", "lead 🙂", #"{"name":"Zoë 🙂"}"#, 9_999_999_999, 0, Int64.min, Int64.max)
            ]
            let text = { (value: String) in "'" + value.replacingOccurrences(of: "'", with: "''") + "'::text" }
            let expected = try server(
                rows.map { row in
                    let payload = hex(Array(row.4.utf8))
                    return
                        "hash_record_extended(ROW(\(row.0)::bigint, \(text(row.1)), \(text(row.2)), \(text(row.3)), \(payload), (\(row.6))::bigint, (\(row.7))::bigint, (\(row.8))::bigint, \(row.4.utf8.count)::bigint), \(row.5))"
                })
            #expect(expected.count == rows.count)
            for (row, hash) in zip(rows, expected) {
                let mine = Array(row.4.utf8).withUnsafeBytes {
                    RowHash.placedEntry(
                        checksum: row.0, id: row.1, actor: row.2, lead: row.3, payload: $0, sequence: row.5, previous: row.6, chain: row.7,
                        offset: row.8, length: Int64(row.4.utf8.count))
                }
                #expect(Int64(bitPattern: mine) == hash, "\(row.1)")
            }
        }
    #endif
}
