#if Postgres
    import BebackDomain
    import BebackStore
    import Foundation
    import PostgresNIO

    /// A migrated desk's entries loaded into a partition of their own (`PostgresPartitionSchema`), in
    /// one transaction: the table is created, filled by COPY with no index and no trigger (FREEZE: it is
    /// new in this transaction, so no other session can see it before the commit), then indexed, checked
    /// and attached. A crash or an error anywhere before the commit leaves no partition and no entry.
    extension PostgresEventStore {
        /// Where a test stops a load: after the rows are checked, before the partition is attached.
        struct PartitionLoadHooks {
            var beforeAttach: (PostgresLink) throws(PostgresStoreError) -> Void = { _ throws(PostgresStoreError) in }
        }

        /// Loads the batches `feed` hands to its argument (journal by journal, each journal's in order)
        /// into this empty desk's own partition, in one transaction. Only the tables' owner may.
        ///
        /// Before the partition is attached, the database checks every batch, as `importBatch` checks
        /// one: the rows of its sequence range continue the journal (sequence, chain link and offset of
        /// each, the first against the batch before, or the journal's row), a rep's journal holds only
        /// the rep's entries, the count and the last row are the batch's, and the hash of their rows
        /// (`RowHash`) is the one computed from the source; then that the partition holds no other row.
        /// Then the journals' rows are set to where the journals end, and the partition is attached.
        /// An error thrown by `feed` rolls everything back and is rethrown.
        public func loadPartition(_ feed: (_ add: (JournalImportBatch) throws -> Void) throws -> Void) throws {
            try loadPartition(hooks: PartitionLoadHooks(), feed)
        }

        func loadPartition(hooks: PartitionLoadHooks, _ feed: (_ add: (JournalImportBatch) throws -> Void) throws -> Void) throws {
            let desk = address.desk
            guard desk.range(of: "^[A-Za-z0-9_.-]{1,40}$", options: .regularExpression) != nil else {
                throw PostgresStoreError.migration("the desk name '\(desk)' cannot name a partition")
            }
            let table = PostgresPartitionSchema.partition(desk: desk)
            let saved = link.statementTimeout
            // Indexing and checking a floor's entries takes longer than one append's statement may.
            link.statementTimeout = .seconds(3600)
            defer { link.statementTimeout = saved }
            var fed: (any Error)?
            var trace = LoadTrace(link: link)
            try link.transaction { () throws(PostgresStoreError) in
                try markUnsummarized()
                try link.run("SET LOCAL synchronous_commit = off")
                try link.run("SET LOCAL work_mem = '256MB'")
                try link.run("SET LOCAL maintenance_work_mem = '512MB'")
                try link.run("SET LOCAL beback.bulk = 'on'")
                var load = PartitionLoad(desk: desk, table: table, copyName: PostgresPartitionSchema.partitionName(desk: desk))
                do {
                    try feed { batch in try self.add(batch, to: &load) }
                } catch let error as PostgresStoreError {
                    throw error
                } catch {
                    fed = error
                    throw .migration("\(error)")
                }
                trace.done("COPY of \(load.rows) rows into the new partition")
                guard load.created else {
                    try notify(load)
                    return
                }
                try index(load)
                trace.done("keys and index built")
                try check(load)
                trace.done("every batch checked (sequence, chain, authors, count, digests)")
                for journal in load.journals where journal.end.sequence > 0 {
                    let end = journal.end
                    let name = journal.name
                    try link.run(
                        """
                        UPDATE beback_journals SET last_seq = \(Int64(bitPattern: end.sequence)), last_chain = \(Int64(bitPattern: end.chain)),
                               last_end = \(Int64(end.end)), last_at = greatest(last_at, \(journal.latestAt))
                        WHERE desk = \(desk) AND journal = \(name)
                        """)
                }
                try hooks.beforeAttach(link)
                // The attach holds the default partition (other desks' entries) while it checks that none of
                // them is this desk's: a lock another session holds longer than lock_timeout fails the load.
                do throws(PostgresStoreError) {
                    try link.run("ALTER TABLE beback_entries ATTACH PARTITION \(unescaped: table) FOR VALUES IN (\(unescaped: "'\(desk)'"))")
                } catch {
                    guard case .refused(_, let detail, "55P03") = error else { throw error }
                    throw .migration(
                        "the desk's entries could not be attached (\(detail)): other sessions held the entries table longer than lock_timeout; nothing was stored, migrate again (or with ?lock_timeout=SECONDS)"
                    )
                }
                try link.run(
                    "CREATE TRIGGER beback_entries_no_truncate BEFORE TRUNCATE ON \(unescaped: table) FOR EACH STATEMENT EXECUTE FUNCTION beback_append_only()"
                )
                try link.run("ALTER TABLE \(unescaped: table) ENABLE ROW LEVEL SECURITY")
                try link.run("REVOKE ALL ON \(unescaped: table) FROM PUBLIC")
                try link.run("SET LOCAL beback.bulk = 'off'")
                try notify(load)
                trace.done("journals' rows set, partition attached")
            }
            trace.done("committed")
            if let fed { throw fed }
        }

        /// What a load has sent so far: each journal's batches, in order.
        struct PartitionLoad {
            struct Journal {
                var name: String
                var owner: String?
                /// Where the journal ended in the database before the load, and where it ends after the batches so far.
                var start: End
                var end: End
                var latestAt: Double = -Double.infinity
                var batches: [Sent] = []
            }
            struct End {
                var sequence: UInt64
                var chain: UInt64
                var end: Int
            }
            /// A batch as sent: its sequence range, where the journal stood before it, and what the database must read back.
            struct Sent {
                var first: UInt64
                var count: Int
                var before: End
                var after: End
                var digest: JournalImportBatch.Digest
            }

            let desk: String
            /// The partition's name, quoted, and as COPY takes it (unquoted).
            let table: String
            let copyName: String
            var created = false
            var journals: [Journal] = []
            var rows: Int { journals.reduce(0) { $0 + $1.batches.reduce(0) { $0 + $1.count } } }
        }

        /// Creates the batch's journal row on its first batch (the journal must be empty), and copies its rows
        /// into the partition (created on the first row).
        private func add(_ batch: JournalImportBatch, to load: inout PartitionLoad) throws(PostgresStoreError) {
            let name = batch.journal.fileName
            if batch.isFirst {
                guard !load.journals.contains(where: { $0.name == name }) else {
                    throw .migration("\(name): its first batch came twice")
                }
                let state = try lockJournal(batch.journal, creating: true, salt: batch.salt, created: batch.created)
                if state.cursor.lastSequence != 0 {
                    throw .migration(
                        "\(address.location(of: name)) already holds \(state.cursor.lastSequence) entries; migrate into an empty desk")
                }
                guard state.header == batch.headerLine else {
                    throw .migration("\(address.location(of: name)) has another header than the journal being copied")
                }
                let start = PartitionLoad.End(sequence: 0, chain: state.cursor.nextPrevious, end: state.cursor.end)
                let owner: String? = if case .rep(let rep) = batch.journal { rep.rawValue } else { nil }
                load.journals.append(PartitionLoad.Journal(name: name, owner: owner, start: start, end: start))
            }
            guard let index = load.journals.indices.last, load.journals[index].name == name else {
                throw .migration("\(name): a batch came after another journal's")
            }
            guard batch.count > 0 else { return }
            if !load.created {
                try link.run(
                    """
                    CREATE TABLE \(unescaped: load.table) (LIKE beback_entries INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
                        CONSTRAINT beback_entries_desk CHECK (desk = \(unescaped: "'\(load.desk)'")))
                    """)
                load.created = true
            }
            try link.copy(into: load.copyName, columns: JournalImportBatch.columns, data: ByteBuffer(bytes: batch.rows), freeze: true)
            let after = PartitionLoad.End(sequence: batch.lastSequence, chain: batch.lastChain, end: batch.end)
            load.journals[index].batches.append(
                PartitionLoad.Sent(first: batch.firstSequence, count: batch.count, before: load.journals[index].end, after: after, digest: batch.digest))
            load.journals[index].end = after
            load.journals[index].latestAt = max(load.journals[index].latestAt, batch.latestAt)
        }

        /// The partitioned table's keys and index, built once over the loaded rows (each gets the name of its desk).
        private func index(_ load: PartitionLoad) throws(PostgresStoreError) {
            for statement in PostgresPartitionSchema.indexes(desk: load.desk) { try link.run(PostgresQuery(unsafeSQL: statement)) }
        }

        /// Every batch checked by the database (see `loadPartition`), then the partition's row count.
        private func check(_ load: PartitionLoad) throws(PostgresStoreError) {
            let desk = load.desk
            for journal in load.journals {
                let name = journal.name
                let owner = journal.owner
                for sent in journal.batches {
                    let (beforeSequence, beforeChain, beforeEnd) = (
                        Int64(bitPattern: sent.before.sequence), Int64(bitPattern: sent.before.chain), Int64(sent.before.end)
                    )
                    let last = Int64(bitPattern: sent.after.sequence)
                    let checked = try link.run(
                        """
                        SELECT count(*) FILTER (WHERE CASE WHEN x.rn = 1 THEN x.seq <> \(beforeSequence) + 1 OR x.prev <> \(beforeChain) OR x.off <> \(beforeEnd)
                                                       ELSE x.seq <> x.pseq + 1 OR x.prev <> x.pchain OR x.off <> x.pend END
                                                  OR x.actor <> coalesce(\(owner)::text, x.actor)),
                               count(*), coalesce(max(x.seq), 0), coalesce(max(x.chain) FILTER (WHERE x.seq = \(last)), 0),
                               coalesce(max(x.off + 56 + x.len), 0), \(unescaped: JournalImportBatch.digestSQL)
                        FROM (SELECT e.seq, e.len, e.crc, e.prev, e.chain, e.off, e.event_id, e.actor, e.lead, e.payload,
                                     row_number() OVER w AS rn, lag(e.seq) OVER w AS pseq, lag(e.chain) OVER w AS pchain,
                                     lag(e.off + 56 + e.len) OVER w AS pend
                              FROM \(unescaped: load.table) e
                              WHERE e.desk = \(desk) AND e.journal = \(name) AND e.seq > \(beforeSequence) AND e.seq <= \(last)
                              WINDOW w AS (ORDER BY e.seq) ORDER BY e.seq) x
                        """
                    ).first
                    guard
                        let (wrong, stored, lastRow, lastRowChain, lastRowEnd, digest) = try? checked?.decode(
                            (Int64, Int64, Int64, Int64, Int64, Int64).self),
                        wrong == 0, stored == Int64(sent.count), lastRow == last, lastRowChain == Int64(bitPattern: sent.after.chain),
                        lastRowEnd == Int64(sent.after.end)
                    else {
                        throw .migration("\(name): the database found a batch from record \(sent.first) out of sequence or chain, or by another author")
                    }
                    guard digest == sent.digest.rows else {
                        throw .migration("\(name): the batch from record \(sent.first) reads back from the database other than it was sent")
                    }
                }
            }
            // Each batch's rows are exactly its count within its range: no row may lie outside every range.
            let held = try link.run("SELECT count(*) FROM \(unescaped: load.table)").first
            guard let held = try? held?.decode(Int64.self), held == Int64(load.rows) else {
                throw .migration("the desk's loaded entries hold rows that no batch sent; nothing was stored")
            }
        }

        private func notify(_ load: PartitionLoad) throws(PostgresStoreError) {
            let channel = PostgresSchema.channel(desk: load.desk)
            for journal in load.journals where journal.end.sequence > 0 {
                let note = "\(journal.name) \(journal.end.sequence)"
                try link.run("SELECT pg_notify(\(channel), \(note))")
            }
        }
    }
#endif
