#if Postgres
    import BebackDomain
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
        public static let rowsByCopyAtLeast = 2_000

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

        /// A large append (an import): its records are made, chained and encoded for COPY on the COPY
        /// thread as the server stores the ones before, while a thread of its own folds the leads' summary
        /// rows from the entries (whose sequences and offsets follow from the payloads' lengths alone) and
        /// this one waits for the server to store, index and check the entries. The leads' entries stored
        /// before are read first (the leads are locked). BEBACK_LOAD_TRACE prints each step's time.
        func appendByCopy(
            _ events: [Event], payloads: [[UInt8]], orders: [UInt64], leads: [String], to journal: JournalName, from start: JournalCursor,
            seenEnd: Bool
        ) throws(PostgresStoreError) -> Appended {
            let usual = link.statementTimeout
            // Waiting for the shared tables' locks and indexing a large append's new tables take longer
            // than one append's statement may.
            if events.count >= Self.ownPartitionsFromRows {
                link.statementTimeout = usual + .seconds(Int64(address.lockTimeoutSeconds)) + .milliseconds(Int64(events.count / 20))
            }
            defer { link.statementTimeout = usual }
            let own = try startOwnPartitions(rows: events.count, leads: leads.count)
            var trace = LoadTrace(link: link)
            // A desk that held no entry has none of these leads' (a new desk's import): nothing to read.
            let earlier =
                own != nil
                ? []
                : try storedEvents(
                    link.run("SELECT journal, seq, off, payload FROM beback_entries WHERE desk = \(address.desk) AND lead = ANY(\(leads)::text[])"),
                    leads: leads, within: nil)
            trace.done("append: \(earlier.count) earlier entries of \(leads.count) leads read")
            var added: [StoredEvent] = []
            added.reserveCapacity(events.count)
            var offset = start.end
            for index in events.indices {
                added.append(
                    StoredEvent(event: events[index], journal: journal, sequence: start.lastSequence + 1 + UInt64(index), offset: offset, order: orders[index]))
                offset += JournalFormat.recordHeaderLength + payloads[index].count + 1
            }
            let made = CopiedRecords(cursor: start, count: events.count)
            let chunks = RecordChunks(
                events: events, payloads: payloads, made: made, owner: try tablesOwned() ? (address.desk, journal.fileName) : nil, progress: appendProgress)
            let copying = try startInsertByCopy(chunks, into: journal, from: start, own: own)
            let (board, address, staging) = (boardSchema, address, own)
            let folding = BackgroundValue { [added] () -> (SummaryChange, Result<Void, PostgresStoreError>?) in
                let change =
                    earlier.isEmpty
                    ? Self.newLeadsChange(of: leads, replaying: added, board: board)
                    : Self.summaryChange(
                        of: leads, replaying: (earlier + added).sorted(by: StoredEvent.replayOrder), earlier: earlier, board: board)
                guard let staging else { return (change, nil) }
                do throws(PostgresStoreError) {
                    return (change, .success(try Self.stageSummaries(change, own: staging, address: address, board: board)))
                } catch {
                    return (change, .failure(error))
                }
            }
            if let staging { stagedSummaries = staging.leads }
            do {
                try finishInsertByCopy(copying, made, into: journal, own: own)
            } catch {
                // The staged summary table is dropped once the transaction is rolled back (`dropStagedSummaries`).
                _ = folding.value()
                throw error
            }
            trace.done("append: \(events.count) entries copied\(own == nil ? "" : " into the desk's own table, indexed"), checked")
            let (summaries, staged) = folding.value()
            trace.done("append: \(summaries.rows.count) summary rows folded\(staged == nil ? "" : ", their own table made and indexed")")
            if let own, let staged {
                try finishOwnSummaries(summaries, staged: staged, own: own)
                try attachOwnPartitions(own)
                stagedSummaries = nil
                trace.done("append: the desk's own tables attached")
            } else {
                try writeSummaries(summaries)
                trace.done("append: summary rows written")
            }
            return Appended(records: made.records, end: seenEnd ? made.cursor : nil, stored: added)
        }

        /// The partition that holds this desk's entries, quoted: its own (a migrated desk's, or one a first import gave it), or
        /// the shared one. An owner's COPY switches the append guard off there alone: switched off on the
        /// partitioned table, it locked every desk's partition, and an attach waiting for one deadlocked.
        func entriesPartition() throws(PostgresStoreError) -> String {
            let own = PostgresPartitionSchema.partition(desk: address.desk)
            let attached = try link.run("SELECT coalesce((SELECT relispartition FROM pg_class WHERE oid = to_regclass(\(own))), false)").first
            return (try? attached?.decode(Bool.self)) == true ? own : PostgresPartitionSchema.sharedPartition
        }

        /// A large append's COPY under way (`startInsertByCopy`), and what its end checks.
        struct BulkInsert {
            let flight: PostgresLink.CopyInFlight
            /// The journal's end before the append, when the tables' owner copies straight into the entries.
            let ownerFrom: JournalCursor?
            /// The partition whose append guard the owner's COPY switched off (nil: none, a new table's).
            var guardOff: String? = nil
        }

        /// Starts inserting the rows `chunks` makes, in sequence order, by COPY; they stream from the COPY
        /// thread, then `finishInsertByCopy` checks them. The tables' owner copies straight into the
        /// entries (`startCopyAsOwner`); any other role copies into a temporary table dropped at the commit,
        /// and the owner's `beback_append_copied` checks them as a set and inserts them
        /// (`PostgresCopiedAppendSchema`). Inside the append's transaction.
        func startInsertByCopy(_ chunks: RecordChunks, into journal: JournalName, from start: JournalCursor, own: OwnPartitions? = nil)
            throws(PostgresStoreError) -> BulkInsert
        {
            if chunks.owner != nil { return try startCopyAsOwner(chunks, into: journal, from: start, own: own) }
            try link.run(
                """
                CREATE TEMPORARY TABLE beback_appending (
                    seq bigint, len integer, crc bigint, prev bigint, chain bigint, off bigint, event_id text, actor text, payload bytea
                ) ON COMMIT DROP
                """)
            let flight = try link.startCopy(
                into: "beback_appending", columns: ["seq", "len", "crc", "prev", "chain", "off", "event_id", "actor", "payload"], chunks: chunks)
            return BulkInsert(flight: flight, ownerFrom: nil)
        }

        /// Waits for the COPY `startInsertByCopy` began and checks what was stored.
        func finishInsertByCopy(_ insert: BulkInsert, _ made: CopiedRecords, into journal: JournalName, own: OwnPartitions?)
            throws(PostgresStoreError)
        {
            if let from = insert.ownerFrom {
                return try finishCopyAsOwner(insert.flight, made, into: journal, from: from, guardOff: insert.guardOff, own: own)
            }
            try link.finishCopy(insert.flight)
            let count = made.records.count
            let desk = address.desk
            let name = journal.fileName
            // The owner's function reads the table (a temporary table is its maker's alone), checks the rows
            // as a set, and inserts them.
            try link.run(PostgresQuery(unsafeSQL: "GRANT SELECT ON beback_appending TO \(try tablesOwnerRole())"))
            let usual = link.statementTimeout
            link.statementTimeout = usual + .milliseconds(Int64(count / 20))
            defer { link.statementTimeout = usual }
            let added = try link.run("SELECT beback_append_copied(\(desk), \(name))").first
            guard (try? added?.decode(Int64.self)) == Int64(count) else {
                throw .refused(address: address.description, detail: "\(name): the database stored another number of entries than were sent", sqlState: "BB003")
            }
            try link.run("DROP TABLE beback_appending")
        }

        /// The tables' owner's large append: COPY straight into the entries with the per-row guard off
        /// in the desk's partition (as a migration's batch: only the owner may, and the lock ALTER TABLE
        /// takes holds every other write to that partition until the commit), then one statement checks what the guard would have,
        /// over the whole set (`finishCopyAsOwner`). With `own`, into the desk's new entries table instead
        /// (which has no trigger, and no other session sees).
        private func startCopyAsOwner(_ chunks: RecordChunks, into journal: JournalName, from start: JournalCursor, own: OwnPartitions?)
            throws(PostgresStoreError) -> BulkInsert
        {
            let desk = address.desk
            let name = journal.fileName
            let end = try link.run(
                "SELECT last_seq, last_chain, last_end, owner FROM beback_journals WHERE desk = \(desk) AND journal = \(name) FOR UPDATE"
            ).first
            guard let (lastSequence, lastChain, lastEnd, _) = try? end?.decode((Int64, Int64, Int64, String?).self),
                lastSequence == Int64(bitPattern: start.lastSequence), lastChain == Int64(bitPattern: start.nextPrevious), lastEnd == Int64(start.end)
            else {
                throw .refused(
                    address: address.description, detail: "\(name) moved on since it was read: the append starts from its end again", sqlState: "BB001")
            }
            // The journal's row then moves by the owner's update, not by the statement trigger.
            try link.run("SET LOCAL beback.bulk = 'on'")
            if let own {
                let flight = try link.startCopy(into: own.entriesName, columns: JournalImportBatch.columns, chunks: chunks)
                return BulkInsert(flight: flight, ownerFrom: start)
            }
            let partition = try entriesPartition()
            try link.run("ALTER TABLE \(unescaped: partition) DISABLE TRIGGER beback_entry_guard")
            let flight = try link.startCopy(into: "beback_entries", columns: JournalImportBatch.columns, chunks: chunks)
            return BulkInsert(flight: flight, ownerFrom: start, guardOff: partition)
        }

        /// The end of the owner's large append: the rows stored after the journal's locked end are as
        /// many as were sent, with sequences that follow it without a gap (unique by the key), a rep's
        /// journal holds only the rep's entries, and the hash of the rows (`RowHash.placedEntry`: each
        /// row's checksum, event id, author, lead and payload, and its place: previous and chain hashes,
        /// offset and length) is the one computed here as the rows were made from that end, each record
        /// chained to the one before (as a migration's batch is checked, in one pass with no sort). With
        /// `own`, the desk's new entries table is indexed first, and the rows are checked there.
        private func finishCopyAsOwner(
            _ flight: PostgresLink.CopyInFlight, _ made: CopiedRecords, into journal: JournalName, from start: JournalCursor, guardOff: String?,
            own: OwnPartitions?
        ) throws(PostgresStoreError) {
            let desk = address.desk
            let name = journal.fileName
            let from = (sequence: Int64(bitPattern: start.lastSequence), chain: Int64(bitPattern: start.nextPrevious), end: Int64(start.end))
            try link.finishCopy(flight)
            // Read only now: the COPY thread made them, and is done.
            let digest = made.digest
            let end = made.cursor
            if let own { try indexOwnEntries(own) }
            if let guardOff { try link.run("ALTER TABLE \(unescaped: guardOff) ENABLE TRIGGER beback_entry_guard") }
            let checked = try link.run(
                """
                SELECT count(*) FILTER (WHERE x.actor <> coalesce(j.owner, x.actor)), count(*), min(x.seq), max(x.seq), \(unescaped: RowHash.placedBatchSQL)
                FROM \(unescaped: own?.entries ?? "beback_entries") x, beback_journals j
                WHERE x.desk = \(desk) AND x.journal = \(name) AND x.seq > \(from.sequence) AND j.desk = \(desk) AND j.journal = \(name)
                """
            ).first
            let count = Int64(made.records.count)
            guard
                let (wrong, stored, first, last, storedDigest) = try? checked?.decode((Int64, Int64, Int64, Int64, Int64).self),
                wrong == 0, stored == count, first == from.sequence + 1, last == from.sequence + count, storedDigest == Int64(bitPattern: digest)
            else {
                throw .refused(
                    address: address.description, detail: "\(name): the database found the copied entries out of sequence or chain, or not as sent",
                    sqlState: "BB003")
            }
            // The journal's new end is the cursor's after the last record (the hash proved the rows its own).
            let sequence = Int64(bitPattern: end.lastSequence)
            let chain = Int64(bitPattern: end.nextPrevious)
            let ends = Int64(end.end)
            try link.run(
                """
                UPDATE beback_journals SET last_seq = \(sequence), last_chain = \(chain), last_end = \(ends), last_at = greatest(last_at, \(made.latestAt))
                WHERE desk = \(desk) AND journal = \(name)
                """)
            try link.run("SET LOCAL beback.bulk = 'off'")
            let note = "\(name) \(sequence)"
            try link.run("SELECT pg_notify(\(PostgresSchema.channel(desk: desk)), \(note))")
        }
    }

    extension PostgresEventStore {
        /// What a large append's COPY thread made (`RecordChunks`): the records, the cursor after the
        /// last, the rows' hash (`RowHash.placedEntry`) and the latest `at` in whole seconds (the journal
        /// row's `last_at`). Written by the COPY thread alone and read only after the COPY ended
        /// (`PostgresLink.finishCopy` waits for it).
        final class CopiedRecords: @unchecked Sendable {
            var cursor: JournalCursor
            var records: [RawJournalRecord] = []
            var digest: UInt64 = 0
            var latestAt = -Double.infinity

            init(cursor: JournalCursor, count: Int) {
                self.cursor = cursor
                records.reserveCapacity(count)
            }
        }

        /// A large append's records, made from the journal's end some thousands at a time on the COPY
        /// thread as the server takes them, in COPY's binary format: with `owner` (the desk and journal,
        /// for the tables' owner), every column of the entries table (`JournalImportBatch.columns`);
        /// without, the nine of `beback_appending`.
        struct RecordChunks: Sequence, IteratorProtocol, Sendable {
            let events: [Event]
            let payloads: [[UInt8]]
            let made: CopiedRecords
            let owner: (desk: String, journal: String)?
            /// Told how many rows were made so far, after each piece.
            let progress: (@Sendable (Int) -> Void)?
            private var start = 0
            private var ended = false
            static let rowsPerChunk = 2_000

            init(
                events: [Event], payloads: [[UInt8]], made: CopiedRecords, owner: (desk: String, journal: String)?,
                progress: (@Sendable (Int) -> Void)? = nil
            ) {
                self.events = events
                self.payloads = payloads
                self.made = made
                self.owner = owner
                self.progress = progress
            }

            mutating func next() -> ByteBuffer? {
                guard !ended else { return nil }
                let end = Swift.min(start + Self.rowsPerChunk, events.count)
                var bytes = 0
                for index in start..<end { bytes += payloads[index].count }
                var copied = CopyBinaryWriter(capacity: bytes + (end - start) * 160, signature: start == 0)
                for index in start..<end {
                    let event = events[index]
                    let record = made.cursor.append(payload: payloads[index])
                    let chain = made.cursor.nextPrevious
                    made.records.append(record)
                    made.latestAt = Swift.max(made.latestAt, event.at.timeIntervalSince1970.rounded(.down))
                    let sequence = Int64(bitPattern: record.sequence)
                    let checksum = Int64(record.checksum)
                    if owner != nil {
                        // The owner's rows are checked by their hash (a rep's by the owner's function).
                        made.digest ^= record.payload.withUnsafeBytes { payload in
                            RowHash.placedEntry(
                                checksum: checksum, id: event.id.rawValue, actor: event.actor.rawValue, lead: event.lead.rawValue, payload: payload,
                                sequence: sequence, previous: Int64(bitPattern: record.previous), chain: Int64(bitPattern: chain),
                                offset: Int64(record.offset), length: Int64(record.payload.count))
                        }
                    }
                    copied.row(fields: owner == nil ? Int16(9) : Int16(JournalImportBatch.columns.count))
                    if let owner {
                        copied.text(owner.desk)
                        copied.text(owner.journal)
                    }
                    copied.int64(sequence)
                    copied.int32(Int32(record.payload.count))
                    copied.int64(checksum)
                    copied.int64(Int64(bitPattern: record.previous))
                    copied.int64(Int64(bitPattern: chain))
                    copied.int64(Int64(record.offset))
                    copied.text(event.id.rawValue)
                    copied.text(event.actor.rawValue)
                    if owner != nil { copied.text(event.lead.rawValue) }
                    record.payload.withUnsafeBytes { copied.bytea($0) }
                }
                start = end
                ended = end == events.count
                progress?(end)
                return ByteBuffer(bytes: copied.finish(trailer: ended))
            }
        }
    }

#endif
