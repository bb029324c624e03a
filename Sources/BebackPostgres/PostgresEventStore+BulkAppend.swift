#if Postgres
    import BebackStore
    import NIOCore
    import PostgresNIO

    /// A large append (an import of thousands of leads) on PostgreSQL: its rows go to the server by
    /// COPY into a temporary table and from there into the entries in one statement, through the same
    /// append guard and row-level security as any append (COPY straight into the entries is refused to
    /// a role that row-level security applies to). Its leads are locked by one lock on the whole desk.
    extension PostgresEventStore {
        /// Above this many leads, an append locks the whole desk instead of each lead.
        static let leadLocksAtMost = 1_000
        /// From this many rows, an append copies them (`insertByCopy`) instead of sending them as arrays.
        static let rowsByCopyAtLeast = 2_000

        /// Whether this login may make temporary tables (asked once).
        func temporaryTablesAllowed() throws(PostgresStoreError) -> Bool {
            if let known = mayMakeTemporaryTables { return known }
            let row = try link.run("SELECT has_database_privilege(current_database(), 'TEMP')").first
            let allowed = (try? row?.decode(Bool.self)) ?? false
            mayMakeTemporaryTables = allowed
            return allowed
        }

        /// Whether this login owns the tables (asked once).
        func tablesOwned() throws(PostgresStoreError) -> Bool {
            if let known = ownsTheTables { return known }
            let row = try link.run(
                "SELECT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'beback_entries'::regclass), 'MEMBER')"
            ).first
            let owned = (try? row?.decode(Bool.self)) ?? false
            ownsTheTables = owned
            return owned
        }

        /// Inserts the rows, in sequence order, by COPY. The tables' owner copies straight into the
        /// entries (`copyAsOwner`); any other role copies into a temporary table dropped at the commit,
        /// and the owner's `beback_append_copied` checks them as a set and inserts them
        /// (`PostgresCopiedAppendSchema`). Inside the append's transaction.
        func insertByCopy(_ rows: EntryRows, into journal: JournalName) throws(PostgresStoreError) {
            if try tablesOwned() { return try copyAsOwner(rows, into: journal) }
            let desk = address.desk
            let name = journal.fileName
            try link.run(
                """
                CREATE TEMPORARY TABLE beback_appending (
                    seq bigint, len integer, crc bigint, prev bigint, chain bigint, off bigint, event_id text, actor text, payload bytea
                ) ON COMMIT DROP
                """)
            try link.copy(
                into: "beback_appending", columns: ["seq", "len", "crc", "prev", "chain", "off", "event_id", "actor", "payload"],
                data: ByteBuffer(bytes: rows.copyBinary(place: nil)))
            // The owner's function reads the table (a temporary table is its maker's alone), checks the rows
            // as a set, and inserts them.
            let owner = try link.run("SELECT relowner::regrole::text FROM pg_class WHERE oid = 'beback_entries'::regclass").first
            guard let ownerRole = try? owner?.decode(String.self) else {
                throw .refused(address: address.description, detail: "cannot tell who owns beback_entries", sqlState: "?")
            }
            try link.run(PostgresQuery(unsafeSQL: "GRANT SELECT ON beback_appending TO \(ownerRole)"))
            let usual = link.statementTimeout
            link.statementTimeout = usual + .milliseconds(Int64(rows.sequences.count / 20))
            defer { link.statementTimeout = usual }
            let added = try link.run("SELECT beback_append_copied(\(desk), \(name))").first
            guard (try? added?.decode(Int64.self)) == Int64(rows.sequences.count) else {
                throw .refused(address: address.description, detail: "\(name): the database stored another number of entries than were sent", sqlState: "BB003")
            }
            try link.run("DROP TABLE beback_appending")
        }

        /// The tables' owner's large append: COPY straight into the entries with the per-row guard off
        /// (as a migration's batch: only the owner may, and the lock ALTER TABLE takes holds every other
        /// write to the entries until the commit), then one statement checks what the guard would have,
        /// over the whole set: each row continues the journal (the first its locked row), a rep's journal
        /// holds only the rep's entries, and the hash of the rows (`RowHash`: each row's checksum, event id,
        /// author, lead and payload) is the one computed here from the entries as encoded (as a migration's batch).
        func copyAsOwner(_ rows: EntryRows, into journal: JournalName) throws(PostgresStoreError) {
            let desk = address.desk
            let name = journal.fileName
            let end = try link.run(
                "SELECT last_seq, last_chain, last_end, owner FROM beback_journals WHERE desk = \(desk) AND journal = \(name) FOR UPDATE"
            ).first
            guard let (lastSequence, lastChain, lastEnd, _) = try? end?.decode((Int64, Int64, Int64, String?).self),
                lastSequence + 1 == rows.sequences.first, lastChain == rows.previous.first, lastEnd == rows.offsets.first
            else {
                throw .refused(
                    address: address.description, detail: "\(name) moved on since it was read: the append starts from its end again", sqlState: "BB001")
            }
            var digest: UInt64 = 0
            for index in rows.sequences.indices {
                digest ^= rows.payloads[index].withUnsafeReadableBytes { payload in
                    RowHash.entry(
                        checksum: rows.checksums[index], id: rows.eventIDs[index], actor: rows.actors[index], lead: rows.leads[index], payload: payload,
                        sequence: rows.sequences[index])
                }
            }
            try link.run("SET LOCAL beback.bulk = 'on'")
            try link.run("ALTER TABLE beback_entries DISABLE TRIGGER beback_entry_guard")
            try link.copy(into: "beback_entries", columns: JournalImportBatch.columns, data: ByteBuffer(bytes: rows.copyBinary(place: (desk, name))))
            try link.run("ALTER TABLE beback_entries ENABLE TRIGGER beback_entry_guard")
            let checked = try link.run(
                """
                SELECT count(*) FILTER (WHERE CASE WHEN x.rn = 1 THEN x.seq <> \(lastSequence) + 1 OR x.prev <> \(lastChain) OR x.off <> \(lastEnd)
                                               ELSE x.seq <> x.pseq + 1 OR x.prev <> x.pchain OR x.off <> x.pend END
                                          OR x.actor <> coalesce(x.owner, x.actor)),
                       count(*), max(x.seq), max(x.chain) FILTER (WHERE x.rn = \(rows.sequences.count)), max(x.off + 56 + x.len),
                       \(unescaped: JournalImportBatch.digestSQL)
                FROM (SELECT e.seq, e.len, e.crc, e.prev, e.chain, e.off, e.event_id, e.actor, e.lead, e.payload, j.owner,
                             row_number() OVER w AS rn, lag(e.seq) OVER w AS pseq, lag(e.chain) OVER w AS pchain, lag(e.off + 56 + e.len) OVER w AS pend
                      FROM beback_entries e, beback_journals j
                      WHERE e.desk = \(desk) AND e.journal = \(name) AND e.seq > \(lastSequence) AND j.desk = \(desk) AND j.journal = \(name)
                      WINDOW w AS (ORDER BY e.seq) ORDER BY e.seq) x
                """
            ).first
            guard
                let (wrong, stored, sequence, chain, ends, storedDigest) = try? checked?.decode((Int64, Int64, Int64, Int64, Int64, Int64).self),
                wrong == 0, stored == Int64(rows.sequences.count), sequence == rows.sequences.last, chain == rows.chains.last,
                storedDigest == Int64(bitPattern: digest)
            else {
                throw .refused(
                    address: address.description, detail: "\(name): the database found the copied entries out of sequence or chain, or not as sent",
                    sqlState: "BB003")
            }
            try link.run(
                """
                UPDATE beback_journals SET last_seq = \(sequence), last_chain = \(chain), last_end = \(ends), last_at = greatest(last_at, \(rows.latestAt))
                WHERE desk = \(desk) AND journal = \(name)
                """)
            try link.run("SET LOCAL beback.bulk = 'off'")
            let note = "\(name) \(sequence)"
            try link.run("SELECT pg_notify(\(PostgresSchema.channel(desk: desk)), \(note))")
        }
    }

    extension PostgresEventStore.EntryRows {
        /// The rows in COPY's binary format: with `place` (the desk and journal), every column of the
        /// entries table (`JournalImportBatch.columns`); without, the nine of `beback_appending`.
        func copyBinary(place: (desk: String, journal: String)?) -> [UInt8] {
            var copied = CopyBinaryWriter(capacity: payloads.reduce(0) { $0 + $1.readableBytes } + sequences.count * 160)
            for index in sequences.indices {
                copied.row(fields: place == nil ? 9 : Int16(JournalImportBatch.columns.count))
                if let place {
                    copied.text(place.desk)
                    copied.text(place.journal)
                }
                copied.int64(sequences[index])
                copied.int32(lengths[index])
                copied.int64(checksums[index])
                copied.int64(previous[index])
                copied.int64(chains[index])
                copied.int64(offsets[index])
                copied.text(eventIDs[index])
                copied.text(actors[index])
                if place != nil { copied.text(leads[index]) }
                payloads[index].withUnsafeReadableBytes { copied.bytea($0) }
            }
            return copied.finish()
        }
    }

#endif
