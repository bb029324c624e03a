/// The query model's tables partitioned by desk (schema version 10), installed after the entries'
/// partitions: the summary rows (`beback_leads`) and the board's tally (`beback_rep_work`).
///
/// Each becomes a table partitioned by `LIST (desk)`, as `beback_entries` did (`PostgresPartitionSchema`).
/// Its rows are held by:
/// - `beback_leads_shared` (`beback_rep_work_shared`), the default partition: the rows of every desk
///   written append by append. A database of schema 9 or before keeps its table as this partition
///   (renamed in place: no row is copied, and its indexes become the partitioned table's).
/// - `"beback_leads@DESK"` (`"beback_rep_work@DESK"`), one per desk that `beback migrate` loaded: created
///   empty with no index, filled by COPY share by share and read back, then indexed and attached
///   (`PostgresEventStore.finishSummaries`). Building the indexes once over a new table costs a fraction
///   of inserting as many rows into the indexes of a table that holds other desks' rows (0.9 s against
///   3.6 s for 100,000 leads).
///
/// Schema 11 drops the foreign keys to the desk (the rows are derived, and written by Beback alone).
///
/// The primary keys, the indexes the screens read by, the row-level
/// security policies and the grants stay on the partitioned tables, which every statement names; a
/// partition has row-level security with no policy and no grant, so no role but the tables' owner
/// reads or writes one directly.
public enum PostgresSummaryPartitionSchema {
    /// The tally partition of a desk that `beback migrate` loaded, quoted, and unquoted.
    public static func tallyPartition(desk: String) -> String { "\"\(tallyPartitionName(desk: desk))\"" }
    public static func tallyPartitionName(desk: String) -> String { "beback_rep_work@\(desk)" }

    /// The summary partition of a desk that `beback migrate` loaded, quoted (desk names are `[A-Za-z0-9_.-]{1,40}`).
    public static func partition(desk: String) -> String { "\"\(partitionName(desk: desk))\"" }

    /// The same name, unquoted (as COPY takes it).
    public static func partitionName(desk: String) -> String { "beback_leads@\(desk)" }

    /// The partitioned tables' keys and indexes, as a desk's partitions build them before they are attached (named for the desk).
    static func indexes(desk: String) -> [String] {
        ["ALTER TABLE \(tallyPartition(desk: desk)) ADD CONSTRAINT \"beback_rep_work_pkey@\(desk)\" PRIMARY KEY (desk, rep, slot)"]
            + leadIndexes(desk: desk)
    }

    /// The summary table's key and indexes alone, as a desk's own summary partition builds them.
    static func leadIndexes(desk: String) -> [String] {
        let table = partition(desk: desk)
        return [
            "ALTER TABLE \(table) ADD CONSTRAINT \"beback_leads_pkey@\(desk)\" PRIMARY KEY (desk, lead)",
            "CREATE INDEX \"beback_leads_owner_due@\(desk)\" ON \(table) (desk, owner, due)",
            "CREATE INDEX \"beback_leads_name@\(desk)\" ON \(table) (desk, lower(name) text_pattern_ops)",
            "CREATE INDEX \"beback_leads_company@\(desk)\" ON \(table) (desk, lower(company) text_pattern_ops)",
            "CREATE INDEX \"beback_leads_phone@\(desk)\" ON \(table) (desk, phone_digits text_pattern_ops)"
        ]
    }

    public static let statements: [String] =
        [
            // A plain summary table (schema 9 and before, or the one just made) becomes the default partition
            // of the partitioned table, in place; its policies go (the partitioned table's take their place),
            // and its indexes and foreign key are attached as the partitioned table's.
            """
            DO $do$ BEGIN
                IF (SELECT relkind FROM pg_class WHERE oid = 'beback_leads'::regclass) = 'r' THEN
                    ALTER TABLE beback_leads RENAME TO beback_leads_shared;
                    ALTER INDEX beback_leads_pkey RENAME TO beback_leads_pkey_shared;
                    ALTER INDEX beback_leads_owner_due RENAME TO beback_leads_owner_due_shared;
                    ALTER INDEX beback_leads_name RENAME TO beback_leads_name_shared;
                    ALTER INDEX beback_leads_company RENAME TO beback_leads_company_shared;
                    ALTER INDEX beback_leads_phone RENAME TO beback_leads_phone_shared;
                    DROP POLICY IF EXISTS beback_read ON beback_leads_shared;
                    DROP POLICY IF EXISTS beback_summarize ON beback_leads_shared;
                    DROP POLICY IF EXISTS beback_resummarize ON beback_leads_shared;
                    DROP POLICY IF EXISTS beback_unsummarize ON beback_leads_shared;
                    CREATE TABLE beback_leads (LIKE beback_leads_shared INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY LIST (desk);
                    ALTER TABLE beback_leads ATTACH PARTITION beback_leads_shared DEFAULT;
                    ALTER TABLE beback_leads ADD CONSTRAINT beback_leads_pkey PRIMARY KEY (desk, lead);
                    CREATE INDEX beback_leads_owner_due ON beback_leads (desk, owner, due);
                    CREATE INDEX beback_leads_name ON beback_leads (desk, lower(name) text_pattern_ops);
                    CREATE INDEX beback_leads_company ON beback_leads (desk, lower(company) text_pattern_ops);
                    CREATE INDEX beback_leads_phone ON beback_leads (desk, phone_digits text_pattern_ops);
                    ALTER TABLE beback_leads ADD CONSTRAINT beback_leads_desk_fkey FOREIGN KEY (desk) REFERENCES beback_desks (desk);
                END IF;
            END $do$
            """,
            """
            DO $do$ BEGIN
                IF (SELECT relkind FROM pg_class WHERE oid = 'beback_rep_work'::regclass) = 'r' THEN
                    ALTER TABLE beback_rep_work RENAME TO beback_rep_work_shared;
                    ALTER INDEX beback_rep_work_pkey RENAME TO beback_rep_work_pkey_shared;
                    DROP POLICY IF EXISTS beback_read ON beback_rep_work_shared;
                    DROP POLICY IF EXISTS beback_tally ON beback_rep_work_shared;
                    DROP POLICY IF EXISTS beback_retally ON beback_rep_work_shared;
                    CREATE TABLE beback_rep_work (LIKE beback_rep_work_shared INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY LIST (desk);
                    ALTER TABLE beback_rep_work ATTACH PARTITION beback_rep_work_shared DEFAULT;
                    ALTER TABLE beback_rep_work ADD CONSTRAINT beback_rep_work_pkey PRIMARY KEY (desk, rep, slot);
                    ALTER TABLE beback_rep_work ADD CONSTRAINT beback_rep_work_desk_fkey FOREIGN KEY (desk) REFERENCES beback_desks (desk);
                END IF;
            END $do$
            """
        ] + PostgresSchema.summaryPolicies + PostgresBoardSchema.tallyPolicies + [
            // Schema 11: the summary rows and the tally are folded from the entries (which have no foreign
            // key either) and written only in an append's transaction, a migrate's or `rebuild`'s; a foreign
            // key to the desk checked each row again, a fifth of an import's summary insert.
            "ALTER TABLE beback_leads DROP CONSTRAINT IF EXISTS beback_leads_desk_fkey",
            "ALTER TABLE beback_rep_work DROP CONSTRAINT IF EXISTS beback_rep_work_desk_fkey",
            "ALTER TABLE beback_leads_shared ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE beback_rep_work_shared ENABLE ROW LEVEL SECURITY",
            "REVOKE ALL ON beback_leads, beback_leads_shared, beback_rep_work, beback_rep_work_shared FROM PUBLIC",
            """
            DO $do$ BEGIN
                IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'beback_desk') THEN
                    REVOKE ALL ON beback_leads, beback_leads_shared, beback_rep_work, beback_rep_work_shared FROM beback_desk;
                    GRANT SELECT, INSERT, UPDATE, DELETE ON beback_leads TO beback_desk;
                    GRANT SELECT, INSERT, UPDATE ON beback_rep_work TO beback_desk;
                END IF;
            END $do$
            """
        ]
}
