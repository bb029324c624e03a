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

        /// Whether any journal of the desk holds an entry (a migration goes only into an empty desk).
        public func holdsEntries() throws(PostgresStoreError) -> Bool {
            let desk = address.desk
            return try link.run("SELECT 1 FROM beback_journals WHERE desk = \(desk) AND last_seq > 0 LIMIT 1").count > 0
        }

        /// Copies a journal's records as they are (same salt, sequence, chain and bytes) into an empty
        /// journal of this desk, in transactions of `batch` records (see `importBatch`). The records are
        /// checked here first as a file scan checks them (framing, checksum, chain, decoding); `progress`
        /// gets the records done.
        public func importJournal(_ raw: RawJournal, batch: Int = 50_000, progress: (Int) -> Void = { _ in }) throws(PostgresStoreError) {
            let file = raw.fileBytes
            let name = raw.journal.fileName
            let scan = file.withUnsafeBytes { JournalScan.scan($0) }
            if let problem = scan.problems.first { throw .migration("\(name): \(problem); nothing after it was copied") }
            guard scan.tornTail == nil, scan.records.count == raw.records.count else {
                throw .migration("\(name): the records do not form a whole journal; nothing was copied")
            }
            for (scanned, record) in zip(scan.records, raw.records)
            where scanned.sequence != record.sequence || scanned.previous != record.previous || scanned.offset != record.offset {
                throw .migration("\(name): record \(record.sequence) at offset \(record.offset) is not where its journal puts it; nothing was copied")
            }
            let batches: [JournalImportBatch]
            do {
                batches = try file.withUnsafeBytes { bytes in
                    try JournalImportBatch.batches(
                        journal: raw.journal, salt: raw.salt, created: raw.created, desk: address.desk, file: bytes, records: scan.records[...],
                        batch: batch)
                }
            } catch let error as PostgresStoreError {
                throw error
            } catch {
                throw .migration("\(name): \(error)")
            }
            var done = 0
            for next in batches {
                try importBatch(next)
                done += next.count
                progress(done)
            }
        }

        /// Inserts one batch of a journal in one transaction. Only the tables' owner may: the rows go
        /// straight into the entries table with COPY while the per-row append guard is switched off
        /// (ALTER TABLE on the desk's partition in this transaction; the lock it takes holds every other
        /// insert into that partition until the commit, so no other insert ever runs without the guard). Then the database checks the rows it now holds
        /// after the journal's end, in one statement: that they continue the journal's row (sequence,
        /// chain link and offset of each, the first against the row), that a rep's journal holds only the
        /// rep's entries, that there are as many as were sent, and that the hash of their rows (`RowHash`) is
        /// the one computed here from the source. Any difference rolls the whole batch back.
        public func importBatch(_ batch: JournalImportBatch) throws(PostgresStoreError) {
            let desk = address.desk
            let name = batch.journal.fileName
            try link.transaction { () throws(PostgresStoreError) in
                if batch.isFirst { try markUnsummarized() }
                let state = try lockJournal(batch.journal, creating: true, salt: batch.salt, created: batch.created)
                if batch.isFirst && state.cursor.lastSequence != 0 {
                    throw .migration(
                        "\(address.location(of: name)) already holds \(state.cursor.lastSequence) entries; migrate into an empty desk")
                }
                guard state.header == batch.headerLine else {
                    throw .migration("\(address.location(of: name)) has another header than the journal being copied")
                }
                guard batch.count > 0 else { return }
                let (lastSequence, lastChain, lastEnd) = (
                    Int64(bitPattern: state.cursor.lastSequence), Int64(bitPattern: state.cursor.nextPrevious), Int64(state.cursor.end)
                )
                // The check and its digest sort the batch by sequence: in memory, not on disk. The commit does
                // not wait for the disk: the migration's last transaction (the summary rows) does, and the
                // log is written in order, so once it returns every batch before it is on disk too.
                try link.run("SET LOCAL work_mem = '256MB'")
                try link.run("SET LOCAL synchronous_commit = off")
                try link.run("SET LOCAL beback.bulk = 'on'")
                let partition = try entriesPartition()
                try link.run("ALTER TABLE \(unescaped: partition) DISABLE TRIGGER beback_entry_guard")
                try link.copy(into: "beback_entries", columns: JournalImportBatch.columns, data: ByteBuffer(bytes: batch.rows))
                try link.run("ALTER TABLE \(unescaped: partition) ENABLE TRIGGER beback_entry_guard")
                // The journal's owner is read once (a join would scan the journals' table for every row); the
                // digests read the rows in sequence order as the window gives them (no second sort).
                let checked = try link.run(
                    """
                    WITH j AS MATERIALIZED (SELECT owner FROM beback_journals WHERE desk = \(desk) AND journal = \(name))
                    SELECT count(*) FILTER (WHERE CASE WHEN x.rn = 1 THEN x.seq <> \(lastSequence) + 1 OR x.prev <> \(lastChain) OR x.off <> \(lastEnd)
                                                   ELSE x.seq <> x.pseq + 1 OR x.prev <> x.pchain OR x.off <> x.pend END
                                              OR x.actor <> coalesce((SELECT owner FROM j), x.actor)),
                           count(*), coalesce(max(x.seq), 0), coalesce(max(x.chain) FILTER (WHERE x.seq = \(Int64(bitPattern: batch.lastSequence))), 0),
                           coalesce(max(x.off + 56 + x.len), 0), \(unescaped: JournalImportBatch.digestSQL)
                    FROM (SELECT e.seq, e.len, e.crc, e.prev, e.chain, e.off, e.event_id, e.actor, e.lead, e.payload,
                                 row_number() OVER w AS rn, lag(e.seq) OVER w AS pseq, lag(e.chain) OVER w AS pchain,
                                 lag(e.off + 56 + e.len) OVER w AS pend
                          FROM beback_entries e WHERE e.desk = \(desk) AND e.journal = \(name) AND e.seq > \(lastSequence)
                          WINDOW w AS (ORDER BY e.seq) ORDER BY e.seq) x
                    """
                ).first
                guard
                    let (wrong, stored, last, lastRowChain, lastRowEnd, digest) = try? checked?.decode(
                        (Int64, Int64, Int64, Int64, Int64, Int64).self),
                    wrong == 0, stored == Int64(batch.count), last == Int64(bitPattern: batch.lastSequence),
                    lastRowChain == Int64(bitPattern: batch.lastChain), lastRowEnd == Int64(batch.end)
                else {
                    throw .migration("\(name): the database found a batch from record \(batch.firstSequence) out of sequence or chain, or by another author")
                }
                guard digest == batch.digest.rows else {
                    throw .migration("\(name): the batch from record \(batch.firstSequence) reads back from the database other than it was sent")
                }
                let (sequence, chain, end) = (Int64(bitPattern: batch.lastSequence), Int64(bitPattern: batch.lastChain), Int64(batch.end))
                try link.run(
                    """
                    UPDATE beback_journals SET last_seq = \(sequence), last_chain = \(chain), last_end = \(end),
                           last_at = greatest(last_at, \(batch.latestAt))
                    WHERE desk = \(desk) AND journal = \(name)
                    """)
                try link.run("SET LOCAL beback.bulk = 'off'")
                let channel = PostgresSchema.channel(desk: desk)
                let note = "\(name) \(sequence)"
                try link.run("SELECT pg_notify(\(channel), \(note))")
            }
        }
    }

#endif
