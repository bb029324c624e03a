/// The 64-bit hash PostgreSQL gives an entry's row (`hash_record_extended`, PostgreSQL 14 and later),
/// computed on this side from what was sent, so the database can prove a batch holds the very rows
/// the journal has without hashing a whole batch's bytes in one stream: each row is hashed with its
/// sequence as the seed (a row moved to another sequence hashes differently), and a batch's hash is
/// the exclusive-or of its rows' (`RowHash.batchSQL`).
///
/// PostgreSQL hashes a row's columns each with its type's extended hash and the seed, and combines
/// them as `result * 31 + column` from zero. Text and bytea hash their bytes with Bob Jenkins' lookup3
/// (`hash_bytes_extended`, as PostgreSQL adapted it: the seed perturbs the initial state, the
/// result is `b << 32 | c`); bigint folds its high half into its low half and hashes those 32 bits.
/// The test `RowHashTests` compares every function here with the server's.
enum RowHash {
    /// The hash of a batch's rows, as a query over `x` (rows of `beback_entries`) reads it.
    static let batchSQL = "coalesce(bit_xor(hash_record_extended(ROW(x.crc, x.event_id, x.actor, x.lead, x.payload), x.seq)), 0)"

    /// The hash of a large append's rows with their places in the journal, as a query over `x` reads it
    /// (`placedEntry`).
    static let placedBatchSQL =
        "coalesce(bit_xor(hash_record_extended(ROW(x.crc, x.event_id, x.actor, x.lead, x.payload, x.prev, x.chain, x.off, x.len::bigint), x.seq)), 0)"

    /// An entry's row with its place: `ROW(crc, event_id, actor, lead, payload, prev, chain, off, len)`
    /// seeded with its sequence (the length as bigint).
    static func placedEntry(
        checksum: Int64, id: String, actor: String, lead: String, payload: UnsafeRawBufferPointer, sequence: Int64,
        previous: Int64, chain: Int64, offset: Int64, length: Int64
    ) -> UInt64 {
        let seed = UInt64(bitPattern: sequence)
        var result = entry(checksum: checksum, id: id, actor: actor, lead: lead, payload: payload, sequence: sequence)
        for column in [previous, chain, offset, length] { result = result &* 31 &+ int64(column, seed: seed) }
        return result
    }

    /// One entry's row: `ROW(crc, event_id, actor, lead, payload)` seeded with its sequence.
    static func entry(
        checksum: Int64, id: UnsafeRawBufferPointer, actor: UnsafeRawBufferPointer, lead: UnsafeRawBufferPointer,
        payload: UnsafeRawBufferPointer, sequence: Int64
    ) -> UInt64 {
        let seed = UInt64(bitPattern: sequence)
        var result: UInt64 = 0
        for column in [int64(checksum, seed: seed), bytes(id, seed: seed), bytes(actor, seed: seed), bytes(lead, seed: seed)] {
            result = result &* 31 &+ column
        }
        return result &* 31 &+ bytes(payload, seed: seed)
    }

    /// The same, from strings.
    static func entry(checksum: Int64, id: String, actor: String, lead: String, payload: UnsafeRawBufferPointer, sequence: Int64) -> UInt64 {
        var id = id
        var actor = actor
        var lead = lead
        return id.withUTF8 { idBytes in
            actor.withUTF8 { actorBytes in
                lead.withUTF8 { leadBytes in
                    entry(
                        checksum: checksum, id: UnsafeRawBufferPointer(idBytes), actor: UnsafeRawBufferPointer(actorBytes),
                        lead: UnsafeRawBufferPointer(leadBytes), payload: payload, sequence: sequence)
                }
            }
        }
    }

    /// bigint's extended hash: the high half folded into the low half (complemented for a negative value).
    static func int64(_ value: Int64, seed: UInt64) -> UInt64 {
        let high = UInt32(truncatingIfNeeded: value >> 32)
        let low = UInt32(truncatingIfNeeded: value) ^ (value >= 0 ? high : ~high)
        var state = State(length: 4, seed: seed)
        state.a &+= low
        state.finish()
        return state.result
    }

    /// The extended hash of a byte string (text or bytea).
    static func bytes(_ key: UnsafeRawBufferPointer, seed: UInt64) -> UInt64 {
        var state = State(length: key.count, seed: seed)
        var offset = 0
        var left = key.count
        while left >= 12 {
            state.a &+= key.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian
            state.b &+= key.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self).littleEndian
            state.c &+= key.loadUnaligned(fromByteOffset: offset + 8, as: UInt32.self).littleEndian
            state.mix()
            offset += 12
            left -= 12
        }
        // The last bytes, little-endian into a, b and the upper three bytes of c (its lowest byte is
        // left for the length, which the initial state already holds).
        for index in 0..<left {
            let byte = UInt32(key[offset + index])
            switch index {
            case 0..<4: state.a &+= byte << (8 * UInt32(index))
            case 4..<8: state.b &+= byte << (8 * UInt32(index - 4))
            default: state.c &+= byte << (8 * UInt32(index - 7))
            }
        }
        state.finish()
        return state.result
    }

    /// lookup3's three words.
    struct State {
        var a: UInt32
        var b: UInt32
        var c: UInt32

        init(length: Int, seed: UInt64) {
            let start = 0x9e37_79b9 &+ UInt32(truncatingIfNeeded: length) &+ 3_923_095
            a = start
            b = start
            c = start
            if seed != 0 {
                a &+= UInt32(truncatingIfNeeded: seed >> 32)
                b &+= UInt32(truncatingIfNeeded: seed)
                mix()
            }
        }

        var result: UInt64 { UInt64(b) << 32 | UInt64(c) }

        private static func rotate(_ value: UInt32, _ count: UInt32) -> UInt32 { value << count | value >> (32 - count) }

        mutating func mix() {
            a &-= c
            a ^= Self.rotate(c, 4)
            c &+= b
            b &-= a
            b ^= Self.rotate(a, 6)
            a &+= c
            c &-= b
            c ^= Self.rotate(b, 8)
            b &+= a
            a &-= c
            a ^= Self.rotate(c, 16)
            c &+= b
            b &-= a
            b ^= Self.rotate(a, 19)
            a &+= c
            c &-= b
            c ^= Self.rotate(b, 4)
            b &+= a
        }

        mutating func finish() {
            c ^= b
            c &-= Self.rotate(b, 14)
            a ^= c
            a &-= Self.rotate(c, 11)
            b ^= a
            b &-= Self.rotate(a, 25)
            c ^= b
            c &-= Self.rotate(b, 16)
            a ^= c
            a &-= Self.rotate(c, 4)
            b ^= a
            b &-= Self.rotate(a, 14)
            c ^= b
            c &-= Self.rotate(b, 24)
        }
    }
}
