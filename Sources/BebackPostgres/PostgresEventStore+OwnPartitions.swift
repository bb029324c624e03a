#if Postgres
    import BebackDomain
    import BebackStore
    import Foundation
    import NIOCore
    import PostgresNIO

    /// A large import by the tables' owner into a desk whose rows are still in the shared (default)
    /// partitions: the desk moves into partitions of its own in the import's transaction, as a
    /// migrated desk has (`PostgresPartitionSchema`, `PostgresSummaryPartitionSchema`).
    ///
    /// Writing a hundred thousand rows into tables with their indexes in place costs the server two and
    /// a half times what filling a new table and indexing it once does. So the desk's entries and summary
    /// rows go into new tables: the import's rows by COPY, the desk's earlier rows copied as they are
    /// (every column, `saved_at` and `saved_by` included); the tables are indexed, the import's rows
    /// checked as any owner's large append is (`finishCopyAsOwner`), then the desk's rows leave the shared
    /// partitions and the new tables are attached. One transaction: a crash or an error anywhere leaves
    /// the desk as it was, in the shared partitions. Only while the rows leave and the tables attach does
    /// the import hold the shared partitions (other desks' appends wait for that moment, not for the
    /// whole import, as they do for an owner's import into the shared partition).
    ///
    /// The tally of the board (`beback_rep_work`) stays in the shared partition: an import adds a few
    /// rows to it.
    extension PostgresEventStore {
        /// From this many rows, an owner's import moves a desk holding at most a quarter as many entries
        /// into partitions of its own.
        public static let ownPartitionsFromRows = 20_000

        /// The new tables of a desk moving into partitions of its own, quoted and as COPY names them, and
        /// how many of its entries were copied into the new entries table from the shared partition.
        struct OwnPartitions {
            let desk: String
            let entries: String
            let entriesName: String
            let leads: String
            let leadsName: String
            /// How many entries the desk held before the append (in the shared partition).
            var earlierEntries: Int64 = 0
            var movedEntries: Int64 = 0
        }

        /// Whether an owner's append of `rows` entries moves this desk into partitions of its own: the
        /// desk has none yet (a summary table a failed import left unattached is dropped later, by
        /// `stageSummaries`), and holds at most a quarter as many entries. If so, locks what the move
        /// needs, in an order no other attach waits in (the partitioned tables against other attaches,
        /// then every journal row of the desk against other appends), and creates the new entries table.
        func startOwnPartitions(rows: Int) throws(PostgresStoreError) -> OwnPartitions? {
            guard rows >= Self.ownPartitionsFromRows, try tablesOwned() else { return nil }
            let desk = address.desk
            guard desk.range(of: "^[A-Za-z0-9_.-]{1,40}$", options: .regularExpression) != nil else { return nil }
            var own = OwnPartitions(
                desk: desk, entries: PostgresPartitionSchema.partition(desk: desk), entriesName: PostgresPartitionSchema.partitionName(desk: desk),
                leads: PostgresSummaryPartitionSchema.partition(desk: desk), leadsName: PostgresSummaryPartitionSchema.partitionName(desk: desk))
            let shared = try link.run(
                """
                SELECT to_regclass(\(own.entries)) IS NULL
                   AND NOT coalesce((SELECT relispartition FROM pg_class WHERE oid = to_regclass(\(own.leads))), false)
                   AND to_regclass('beback_entries_shared') IS NOT NULL AND to_regclass('beback_leads_shared') IS NOT NULL
                """
            ).first
            guard (try? shared?.decode(Bool.self)) == true else { return nil }
            try link.run("LOCK TABLE ONLY beback_entries, beback_leads IN SHARE UPDATE EXCLUSIVE MODE")
            let held = try link.run(
                "SELECT coalesce(sum(last_seq), 0)::bigint FROM (SELECT last_seq FROM beback_journals WHERE desk = \(desk) FOR UPDATE) j"
            ).first
            guard let existing = try? held?.decode(Int64.self), existing * 4 <= Int64(rows) else { return nil }
            own.earlierEntries = existing
            try link.run(
                """
                CREATE TABLE \(unescaped: own.entries) (LIKE beback_entries INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
                    CONSTRAINT beback_entries_desk CHECK (desk = \(unescaped: "'\(desk)'")))
                """)
            return own
        }

        /// The desk's earlier entries copied into its new entries table, every column as stored.
        func copyEarlierEntries(into own: inout OwnPartitions) throws(PostgresStoreError) {
            guard own.earlierEntries > 0 else { return }
            let columns = Self.entryColumns
            let moved = try link.run(
                """
                WITH moved AS (INSERT INTO \(unescaped: own.entries) (\(unescaped: columns))
                               SELECT \(unescaped: columns) FROM beback_entries_shared WHERE desk = \(own.desk) RETURNING 1)
                SELECT count(*) FROM moved
                """
            ).first
            guard let moved = try? moved?.decode(Int64.self) else {
                throw .refused(address: address.description, detail: "cannot copy the desk's entries into a table of its own", sqlState: "?")
            }
            own.movedEntries = moved
        }

        /// Every column of the entries table, in the order both tables hold them by name.
        static let entryColumns = "desk, journal, seq, len, crc, prev, chain, off, event_id, actor, lead, payload, saved_at, saved_by"

        /// The keys and index of the desk's new entries table (those of the partitioned table, so the
        /// attach takes them as they are); a duplicate event id fails here.
        func indexOwnEntries(_ own: OwnPartitions) throws(PostgresStoreError) {
            try link.run("SET LOCAL maintenance_work_mem = '256MB'")
            for statement in PostgresPartitionSchema.indexes(desk: own.desk) { try link.run(PostgresQuery(unsafeSQL: statement)) }
        }

        /// The desk's new summary table, made and committed on a connection of its own (from the fold's
        /// thread, while the append's transaction indexes and checks the entries; two server processes
        /// share the work): the append's summary rows by COPY, the desk's other rows copied from the
        /// shared partition (all but the leads the append folded or removed), then its key and indexes.
        /// Not attached, it is nobody's: no role but the tables' owner may read it, and the append's
        /// transaction attaches it (`attachOwnPartitions`) or, failing, drops it after its rollback
        /// (`dropStagedSummaries`); one a crash left is dropped here by the next import (or the desk's
        /// migrate). Returns how many rows it holds.
        static func stageSummaries(_ change: SummaryChange, own: OwnPartitions, address: PostgresDeskAddress, board: Bool) throws(PostgresStoreError)
            -> Int64
        {
            let link = PostgresLink(address: address, listening: false)
            defer { link.close() }
            link.statementTimeout = .seconds(10) + .milliseconds(Int64(change.rows.count / 20))
            return try link.transaction { () throws(PostgresStoreError) in try fillSummaryTable(change, own: own, on: link, board: board) }
        }

        /// Makes and fills the desk's new summary table on `link`, inside its transaction (`stageSummaries`);
        /// how many rows it holds.
        static func fillSummaryTable(_ change: SummaryChange, own: OwnPartitions, on link: PostgresLink, board: Bool) throws(PostgresStoreError) -> Int64 {
            let desk = own.desk
            let address = link.address
            let left = try link.run("SELECT relispartition FROM pg_class WHERE oid = to_regclass(\(own.leads))").first
            if let attached = try? left?.decode(Bool.self) {
                guard !attached else {
                    throw .refused(address: address.description, detail: "the desk's summary rows were given a table of their own meanwhile", sqlState: "BB001")
                }
                try link.run("DROP TABLE \(unescaped: own.leads)")
            }
            try link.run(
                """
                CREATE TABLE \(unescaped: own.leads) (LIKE beback_leads INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
                    CONSTRAINT beback_leads_desk CHECK (desk = \(unescaped: "'\(desk)'")))
                """)
            try link.run("ALTER TABLE \(unescaped: own.leads) ENABLE ROW LEVEL SECURITY")
            try link.run("REVOKE ALL ON \(unescaped: own.leads) FROM PUBLIC")
            let columns = PostgresLeadRow.copyColumns(board: board)
            if !change.rows.isEmpty {
                try link.copy(
                    into: own.leadsName, columns: columns, data: ByteBuffer(bytes: PostgresLeadRow.copyRows(change.rows, desk: desk, board: board)),
                    freeze: true)
            }
            if own.earlierEntries > 0 {
                let list = columns.joined(separator: ", ")
                try link.run(
                    """
                    INSERT INTO \(unescaped: own.leads) (\(unescaped: list)) SELECT \(unescaped: list) FROM beback_leads_shared s
                    WHERE s.desk = \(desk) AND s.lead <> ALL(\(change.gone)::text[])
                      AND NOT EXISTS (SELECT 1 FROM \(unescaped: own.leads) n WHERE n.lead = s.lead)
                    """)
            }
            try link.run("SET LOCAL maintenance_work_mem = '256MB'")
            for statement in PostgresSummaryPartitionSchema.leadIndexes(desk: desk) { try link.run(PostgresQuery(unsafeSQL: statement)) }
            let held = try link.run("SELECT count(*) FROM \(unescaped: own.leads)").first
            guard let held = try? held?.decode(Int64.self) else {
                throw .refused(address: address.description, detail: "cannot count the desk's new summary rows", sqlState: "?")
            }
            return held
        }

        /// The desk's new summary table as `stageSummaries` made it on its own connection, or, when that
        /// connection could not be had, made here in the append's transaction; then the append's tally.
        func finishOwnSummaries(_ change: SummaryChange, staged: Result<Int64, PostgresStoreError>, own: OwnPartitions) throws(PostgresStoreError) {
            switch staged {
            case .success: break
            case .failure(.unreachable):
                _ = try Self.fillSummaryTable(change, own: own, on: link, board: boardSchema)
            case .failure(let error): throw error
            }
            if boardSchema { try addToTally(change.tally) }
        }

        /// After a failed append (its transaction rolled back): drops the summary table it staged on its
        /// own connection, unless a partition (one left by a lost connection is dropped by the next import's
        /// `stageSummaries`).
        func dropStagedSummaries() {
            guard let table = stagedSummaries else { return }
            stagedSummaries = nil
            guard let left = try? link.run("SELECT relispartition FROM pg_class WHERE oid = to_regclass(\(table))").first,
                (try? left.decode(Bool.self)) == false
            else { return }
            _ = try? link.run("DROP TABLE IF EXISTS \(unescaped: table)")
        }

        /// The desk's rows leave the shared partitions (as many entries as were copied, or nothing is
        /// stored) and its new tables are attached as its own partitions, with the rules a migrated
        /// desk's partitions get.
        func attachOwnPartitions(_ own: OwnPartitions) throws(PostgresStoreError) {
            let desk = own.desk
            // No row of the desk may be left behind (the attach would refuse it), nor one more be deleted than was copied.
            var gone: Int64 = 0
            if own.movedEntries > 0 {
                try link.run("ALTER TABLE beback_entries_shared DISABLE TRIGGER beback_entries_append_only")
                let deleted = try link.run("WITH gone AS (DELETE FROM beback_entries_shared WHERE desk = \(desk) RETURNING 1) SELECT count(*) FROM gone").first
                try link.run("ALTER TABLE beback_entries_shared ENABLE TRIGGER beback_entries_append_only")
                gone = (try? deleted?.decode(Int64.self)) ?? -1
            }
            guard gone == own.movedEntries else {
                throw .refused(
                    address: address.description,
                    detail: "the desk's entries changed while they moved to a table of their own; nothing was stored, import again", sqlState: "BB001")
            }
            if own.earlierEntries > 0 { try link.run("DELETE FROM beback_leads_shared WHERE desk = \(desk)") }
            let value = "'\(desk)'"
            do throws(PostgresStoreError) {
                try link.run("ALTER TABLE beback_entries ATTACH PARTITION \(unescaped: own.entries) FOR VALUES IN (\(unescaped: value))")
                try link.run("ALTER TABLE beback_leads ATTACH PARTITION \(unescaped: own.leads) FOR VALUES IN (\(unescaped: value))")
            } catch {
                guard case .refused(_, let detail, "55P03") = error else { throw error }
                throw .refused(
                    address: address.description,
                    detail:
                        "the desk's tables could not be attached (\(detail)): other sessions held the shared tables longer than lock_timeout; nothing was stored, import again",
                    sqlState: "55P03")
            }
            try link.run(
                "CREATE TRIGGER beback_entries_no_truncate BEFORE TRUNCATE ON \(unescaped: own.entries) FOR EACH STATEMENT EXECUTE FUNCTION beback_append_only()"
            )
            try link.run("ALTER TABLE \(unescaped: own.entries) ENABLE ROW LEVEL SECURITY")
            try link.run("REVOKE ALL ON \(unescaped: own.entries) FROM PUBLIC")
        }
    }
#endif
