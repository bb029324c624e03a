#if Postgres
    import BebackDomain
    import BebackStore
    import Foundation
    import NIOCore
    import PostgresNIO

    /// A large first import by the tables' owner into a desk that holds no entry yet: the desk gets
    /// partitions of its own in the import's transaction, as a migrated desk has
    /// (`PostgresPartitionSchema`, `PostgresSummaryPartitionSchema`).
    ///
    /// Writing a hundred thousand rows into tables with their indexes in place costs the server two and
    /// a half times what filling a new table and indexing it once does. So the import's entries go by
    /// COPY into a new table, which is indexed and checked as any owner's large append is
    /// (`finishCopyAsOwner`); its summary rows go into another new table, made on a second connection
    /// meanwhile (`stageSummaries`); both are attached last. One transaction: a crash or an error
    /// anywhere stores nothing, and the desk stays in the shared partitions. Only a desk with no entry
    /// moves: no row leaves the shared partitions, so a reader whose snapshot is older than the commit
    /// never finds a desk's rows gone from one partition and not yet visible in the other.
    ///
    /// Only the attach holds the shared partitions (other desks' appends wait for that moment, not for
    /// the whole import, as they do for an owner's import into the shared partition); the attach checks
    /// that none of their rows is the desk's, so a desk moves only while they are not large. The tally
    /// of the board (`beback_rep_work`) stays in the shared partition: an import adds a few rows to it.
    extension PostgresEventStore {
        /// From this many entries, an owner's import into a desk with no entry gives it partitions of its own.
        public static let ownPartitionsFromRows = 20_000

        /// The new tables of a desk getting partitions of its own, quoted and as COPY names them.
        struct OwnPartitions: Sendable {
            let desk: String
            let entries: String
            let entriesName: String
            let leads: String
            let leadsName: String
        }

        /// Whether an owner's append of `rows` entries of `leads` leads gives this desk partitions of its
        /// own: the desk is locked whole (more leads than `leadLocksAtMost`: every other append of the desk
        /// waits), has no partition yet (a summary table a failed import left unattached is dropped later,
        /// by `stageSummaries`), holds no entry, and the shared entries partition, which the attach scans,
        /// is at most a gigabyte, or ten times the import's size. If so, locks the partitioned tables against other
        /// attaches, then every journal row of the desk, checks again that it holds no entry, and creates
        /// the new entries table.
        func startOwnPartitions(rows: Int, leads: Int) throws(PostgresStoreError) -> OwnPartitions? {
            guard rows >= Self.ownPartitionsFromRows, leads > Self.leadLocksAtMost, try tablesOwned() else { return nil }
            let desk = address.desk
            guard desk.range(of: "^[A-Za-z0-9_.-]{1,40}$", options: .regularExpression) != nil else { return nil }
            let own = OwnPartitions(
                desk: desk, entries: PostgresPartitionSchema.partition(desk: desk), entriesName: PostgresPartitionSchema.partitionName(desk: desk),
                leads: PostgresSummaryPartitionSchema.partition(desk: desk), leadsName: PostgresSummaryPartitionSchema.partitionName(desk: desk))
            let shared = PostgresPartitionSchema.sharedPartition
            // The attach reads the shared partition whole while it holds it: at most a gigabyte (half a
            // second here), or ten times the import's size.
            let sizeLimit = max(Int64(1) << 30, Int64(rows) * 4_000)
            let eligible = try link.run(
                """
                SELECT to_regclass(\(own.entries)) IS NULL
                   AND NOT coalesce((SELECT relispartition FROM pg_class WHERE oid = to_regclass(\(own.leads))), false)
                   AND to_regclass(\(shared)) IS NOT NULL AND to_regclass('beback_leads_shared') IS NOT NULL
                   AND pg_relation_size(to_regclass(\(shared))) <= \(sizeLimit)
                   AND (SELECT coalesce(sum(last_seq), 0) FROM beback_journals WHERE desk = \(desk)) = 0
                """
            ).first
            guard (try? eligible?.decode(Bool.self)) == true else { return nil }
            try link.run("LOCK TABLE ONLY beback_entries, beback_leads IN SHARE UPDATE EXCLUSIVE MODE")
            let held = try link.run(
                "SELECT coalesce(sum(last_seq), 0)::bigint FROM (SELECT last_seq FROM beback_journals WHERE desk = \(desk) FOR UPDATE) j"
            ).first
            guard (try? held?.decode(Int64.self)) == 0 else { return nil }
            try Self.createDeskTable(own.entries, like: "beback_entries", desk: desk, on: link)
            return own
        }

        /// The keys and index of the desk's new entries table (those of the partitioned table, so the
        /// attach takes them as they are); a duplicate event id fails here.
        func indexOwnEntries(_ own: OwnPartitions) throws(PostgresStoreError) {
            try link.run("SET LOCAL maintenance_work_mem = '256MB'")
            for statement in PostgresPartitionSchema.indexes(desk: own.desk) { try link.run(PostgresQuery(unsafeSQL: statement)) }
        }

        /// The desk's new summary table, made and committed on a connection of its own (from the fold's
        /// thread, while the append's transaction indexes and checks the entries; two server processes
        /// share the work): the append's summary rows by COPY, then its key and indexes. Not attached, it
        /// is nobody's: no role but the tables' owner may read it, and the append's transaction locks,
        /// counts and attaches it (`finishOwnSummaries`, `attachOwnPartitions`) or, failing, drops it
        /// after its rollback (`dropStagedSummaries`); one a crash left is dropped here by the next import
        /// (or the desk's migrate).
        static func stageSummaries(_ change: SummaryChange, own: OwnPartitions, address: PostgresDeskAddress, board: Bool) throws(PostgresStoreError) {
            let link = PostgresLink(address: address, listening: false)
            defer { link.close() }
            link.statementTimeout = .seconds(Int64(10 + address.lockTimeoutSeconds)) + .milliseconds(Int64(change.rows.count / 20))
            try link.transaction { () throws(PostgresStoreError) in try fillSummaryTable(change, own: own, on: link, board: board) }
        }

        /// Makes and fills the desk's new summary table on `link`, inside its transaction (`stageSummaries`).
        static func fillSummaryTable(_ change: SummaryChange, own: OwnPartitions, on link: PostgresLink, board: Bool) throws(PostgresStoreError) {
            let desk = own.desk
            let address = link.address
            let left = try link.run("SELECT relispartition FROM pg_class WHERE oid = to_regclass(\(own.leads))").first
            if let attached = try? left?.decode(Bool.self) {
                guard !attached else {
                    throw .refused(address: address.description, detail: "the desk's summary rows were given a table of their own meanwhile", sqlState: "BB001")
                }
                try link.run("DROP TABLE \(unescaped: own.leads)")
            }
            try createDeskTable(own.leads, like: "beback_leads", desk: desk, on: link)
            if !change.rows.isEmpty {
                try link.copy(
                    into: own.leadsName, columns: PostgresLeadRow.copyColumns(board: board),
                    data: ByteBuffer(bytes: PostgresLeadRow.copyRows(change.rows, desk: desk, board: board)))
            }
            try link.run("SET LOCAL maintenance_work_mem = '256MB'")
            for statement in PostgresSummaryPartitionSchema.leadIndexes(desk: desk) { try link.run(PostgresQuery(unsafeSQL: statement)) }
        }

        /// The desk's new summary table as `stageSummaries` made it on its own connection (or, when that
        /// connection could not be had, made here in the append's transaction): locked until the commit,
        /// and holding exactly the append's rows; then the append's tally.
        func finishOwnSummaries(_ change: SummaryChange, staged: Result<Void, PostgresStoreError>, own: OwnPartitions) throws(PostgresStoreError) {
            switch staged {
            case .success: break
            case .failure(.unreachable):
                try Self.fillSummaryTable(change, own: own, on: link, board: boardSchema)
            case .failure(let error): throw error
            }
            try link.run("LOCK TABLE \(unescaped: own.leads) IN ACCESS EXCLUSIVE MODE")
            let held = try link.run("SELECT count(*) FROM \(unescaped: own.leads)").first
            guard (try? held?.decode(Int64.self)) == Int64(change.rows.count) else {
                throw .refused(
                    address: address.description, detail: "the desk's new summary table holds other rows than the import's; nothing was stored",
                    sqlState: "BB003")
            }
            if boardSchema { try addToTally(change.tally) }
        }

        /// After a failed append (its transaction rolled back): drops the summary table it staged on its
        /// own connection, locked and checked unattached in one transaction (one left by a lost connection
        /// is dropped by the next import's `stageSummaries`).
        func dropStagedSummaries() {
            guard let table = stagedSummaries else { return }
            stagedSummaries = nil
            // Locked first (a missing table fails the lock, and nothing is done), then checked unattached.
            try? link.transaction { () throws(PostgresStoreError) in
                try link.run("LOCK TABLE \(unescaped: table) IN ACCESS EXCLUSIVE MODE")
                let attached = try link.run("SELECT relispartition FROM pg_class WHERE oid = to_regclass(\(table))").first
                guard (try? attached?.decode(Bool.self)) == false else { return }
                try link.run("DROP TABLE \(unescaped: table)")
            }
        }

        /// The desk's new tables given to the tables' owner (not the login that made them, which may be a
        /// member of that role and stop being one) and attached as its own partitions, with the rules a
        /// migrated desk's partitions get. The attach holds the shared partitions while it checks that none
        /// of their rows is the desk's (a first save of another journal since would fail it: nothing stored).
        func attachOwnPartitions(_ own: OwnPartitions) throws(PostgresStoreError) {
            let role = try tablesOwnerRole()
            for table in [own.entries, own.leads] {
                try link.run(PostgresQuery(unsafeSQL: "ALTER TABLE \(table) OWNER TO \(role)"))
            }
            let value = "'\(own.desk)'"
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
        }
    }
#endif
