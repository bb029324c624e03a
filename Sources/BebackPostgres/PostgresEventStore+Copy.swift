#if Postgres
    import BebackCodec
    import BebackDomain
    import BebackStore
    import Foundation
    import PostgresNIO

    /// The raw side of the PostgreSQL store, for `beback migrate` and `beback verify`: whole journals
    /// out as stored, and whole journals in as they are (same salt, sequence, chain and bytes).
    extension PostgresEventStore {
        /// Every journal's records as stored (for `migrate` and `verify`), in journal order.
        public func rawJournals() throws(PostgresStoreError) -> [RawJournal] {
            let journals = try link.transaction(readOnly: true) { () throws(PostgresStoreError) in try readJournals(after: [:]) }
            return journals.map { RawJournal(journal: $0.0.name, salt: $0.0.salt, created: $0.0.created, records: $0.1) }
        }

        /// Copies a journal's records as they are (same salt, sequence, chain and bytes) into an empty
        /// journal of this desk, in transactions of `batch` records. Each batch is checked here (framing,
        /// checksum, chain, decoding), streamed into a staging table with COPY, checked again by the
        /// database in one statement (sequence, chain link and offset of every row, the first against the
        /// journal's row, the author of a rep's journal), then inserted and the journal's row moved once.
        /// Only the tables' owner may: the insert runs with the per-row append guard switched off for that
        /// statement (ALTER TABLE in the batch's transaction); `progress` gets the records done.
        /// `decoded`, when given, is the journal's records already decoded (`FileJournalCopy.decode`), so
        /// they are not decoded again here.
        public func importJournal(
            _ raw: RawJournal, decoded: [StoredEvent]? = nil, batch: Int = 25_000, progress: (Int) -> Void = { _ in }
        ) throws(PostgresStoreError) {
            if let decoded, decoded.count != raw.records.count {
                throw .migration("\(raw.journal.fileName): \(decoded.count) decoded entries for \(raw.records.count) records")
            }
            let desk = address.desk
            let name = raw.journal.fileName
            var start = 0
            repeat {
                let slice = raw.records[start..<min(start + batch, raw.records.count)]
                try link.transaction { () throws(PostgresStoreError) in
                    if start == 0 { try markUnsummarized() }
                    let state = try lockJournal(raw.journal, creating: true, salt: raw.salt, created: raw.created)
                    if start == 0 && state.cursor.lastSequence != 0 {
                        throw .migration(
                            "\(address.location(of: raw.journal.fileName)) already holds \(state.cursor.lastSequence) entries; migrate into an empty desk")
                    }
                    guard state.header == raw.headerLine else {
                        throw .migration("\(address.location(of: raw.journal.fileName)) has another header than the journal being copied")
                    }
                    guard !slice.isEmpty else { return }
                    var cursor = state.cursor
                    // The batch's latest entry time (its entries' own `at`), for the journal's row.
                    var latest = -Double.infinity
                    var text = ByteBuffer()
                    text.reserveCapacity(slice.reduce(0) { $0 + $1.payload.count * 2 + 120 })
                    for (index, record) in zip(slice.indices, slice) {
                        let found = cursor.advance(over: record)
                        if let problem = found.first {
                            throw .migration("\(raw.journal.fileName): \(problem); nothing after it was copied")
                        }
                        let event: Event
                        if let decoded {
                            event = decoded[index].event
                        } else {
                            do { event = try EventCodec.decode(record.payload) } catch {
                                throw .migration("\(raw.journal.fileName): record \(record.sequence) at offset \(record.offset) does not decode")
                            }
                        }
                        latest = max(latest, event.at.timeIntervalSince1970.rounded(.down))
                        CopyText.row(
                            [
                                String(Int64(bitPattern: record.sequence)), String(record.payload.count), String(record.checksum),
                                String(Int64(bitPattern: record.previous)), String(Int64(bitPattern: cursor.nextPrevious)), String(record.offset)
                            ], texts: [event.id.rawValue, event.actor.rawValue, event.lead.rawValue], bytes: record.payload, into: &text)
                    }
                    // The set-wise check and the insert sort the batch by sequence: in memory, not on disk.
                    try link.run("SET LOCAL work_mem = '128MB'")
                    try link.run(
                        """
                        CREATE TEMP TABLE IF NOT EXISTS beback_stage (seq bigint, len integer, crc bigint, prev bigint, chain bigint,
                            off bigint, event_id text, actor text, lead text, payload bytea) ON COMMIT DELETE ROWS
                        """)
                    try link.copy(
                        into: "beback_stage", columns: ["seq", "len", "crc", "prev", "chain", "off", "event_id", "actor", "lead", "payload"], data: text)
                    let expected = Int64(slice.count)
                    let bad = try link.run(
                        """
                        SELECT count(*) FILTER (WHERE CASE WHEN x.rn = 1 THEN x.seq <> j.last_seq + 1 OR x.prev <> j.last_chain OR x.off <> j.last_end
                                                       ELSE x.seq <> x.pseq + 1 OR x.prev <> x.pchain OR x.off <> x.pend END
                                                  OR (j.owner IS NOT NULL AND x.actor <> j.owner)
                                                  OR octet_length(x.payload) <> x.len OR x.len NOT BETWEEN 2 AND 1048576),
                               count(*)
                        FROM (SELECT s.*, row_number() OVER w AS rn, lag(s.seq) OVER w AS pseq, lag(s.chain) OVER w AS pchain,
                                     lag(s.off + 56 + s.len) OVER w AS pend
                              FROM beback_stage s WINDOW w AS (ORDER BY s.seq)) x,
                             beback_journals j
                        WHERE j.desk = \(desk) AND j.journal = \(name)
                        """
                    ).first
                    guard let (wrong, copied) = try? bad?.decode((Int64, Int64).self), wrong == 0, copied == expected else {
                        throw .migration(
                            "\(raw.journal.fileName): the database found a batch from record \(slice.first?.sequence ?? 0) out of sequence or chain")
                    }
                    try link.run("SET LOCAL beback.bulk = 'on'")
                    // The batch was checked whole above: the per-row guard is switched off for this one
                    // statement, inside this transaction (only the tables' owner may; the lock it takes
                    // holds other appends until the commit, so no other insert ever runs without it).
                    try link.run("ALTER TABLE beback_entries DISABLE TRIGGER beback_entry_guard")
                    try link.run(
                        """
                        INSERT INTO beback_entries (desk, journal, seq, len, crc, prev, chain, off, event_id, actor, lead, payload)
                        SELECT \(desk), \(name), seq, len, crc, prev, chain, off, event_id, actor, lead, payload FROM beback_stage ORDER BY seq
                        """)
                    try link.run("ALTER TABLE beback_entries ENABLE TRIGGER beback_entry_guard")
                    let (lastSequence, lastChain, end) = (Int64(bitPattern: cursor.lastSequence), Int64(bitPattern: cursor.nextPrevious), Int64(cursor.end))
                    try link.run(
                        """
                        UPDATE beback_journals SET last_seq = \(lastSequence), last_chain = \(lastChain), last_end = \(end),
                               last_at = greatest(last_at, \(latest))
                        WHERE desk = \(desk) AND journal = \(name)
                        """)
                    try link.run("SET LOCAL beback.bulk = 'off'")
                    let channel = PostgresSchema.channel(desk: desk)
                    let note = "\(name) \(lastSequence)"
                    try link.run("SELECT pg_notify(\(channel), \(note))")
                }
                start += batch
                progress(min(start, raw.records.count))
            } while start < raw.records.count
        }
    }

    /// Rows of COPY's text format: tab-separated, `\\` `\t` `\n` `\r` escaped, bytea as `\\x` and hex.
    enum CopyText {
        private static let hex = Array("0123456789abcdef".utf8)

        static func row(_ numbers: [String], texts: [String], bytes: [UInt8], into buffer: inout ByteBuffer) {
            for number in numbers {
                buffer.writeString(number)
                buffer.writeInteger(UInt8(ascii: "\t"))
            }
            for text in texts {
                for byte in text.utf8 {
                    switch byte {
                    case UInt8(ascii: "\\"): buffer.writeBytes([0x5C, 0x5C])
                    case 0x09: buffer.writeBytes([0x5C, UInt8(ascii: "t")])
                    case 0x0A: buffer.writeBytes([0x5C, UInt8(ascii: "n")])
                    case 0x0D: buffer.writeBytes([0x5C, UInt8(ascii: "r")])
                    default: buffer.writeInteger(byte)
                    }
                }
                buffer.writeInteger(UInt8(ascii: "\t"))
            }
            // In the text format a backslash is escaped, so bytea's `\x` prefix is written `\\x`.
            buffer.writeBytes([0x5C, 0x5C, UInt8(ascii: "x")])
            var hexBytes = [UInt8](repeating: 0, count: bytes.count * 2)
            for (index, byte) in bytes.enumerated() {
                hexBytes[2 * index] = hex[Int(byte >> 4)]
                hexBytes[2 * index + 1] = hex[Int(byte & 0x0F)]
            }
            buffer.writeBytes(hexBytes)
            buffer.writeInteger(UInt8(ascii: "\n"))
        }
    }
#endif
