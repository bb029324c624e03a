/// The entries table partitioned by desk (schema version 9), installed after the board's statements.
///
/// `beback_entries` becomes a table partitioned by `LIST (desk)`. Its rows are held by:
/// - `beback_entries_shared`, the default partition: every desk made by `init --store` or appended to
///   entry by entry. A database of schema 8 or before keeps its table as this partition (renamed in
///   place: no row is copied, and its indexes become the partitioned table's).
/// - `"beback_entries@DESK"`, one per desk that `beback migrate` loaded: created, filled by COPY with no
///   index, checked, indexed and attached in one transaction (`PostgresEventStore.loadPartition`), so a
///   desk is either all there or not there at all.
///
/// Every rule stays on the partitioned table, whichever partition a row is in: its primary key
/// (journal, desk, seq) and its one event id per desk (both lead with columns that include the
/// partition key, so they hold over the whole table), the per-row append guard and the append-only
/// trigger (row triggers, cloned onto each partition), the statement trigger that moves each journal's
/// row after an append (on the partitioned table, whose transition table holds every partition's rows), the row-level security policies and the grants
/// (the group role `beback_desk` gets nothing on a partition, so it reads and appends only through the
/// partitioned table, where the policies apply). A statement trigger is not cloned, so each partition
/// gets its own no-truncate trigger and row-level security with no policy.
public enum PostgresPartitionSchema {
    /// The default partition's name.
    public static let sharedPartition = "beback_entries_shared"

    /// The partition of a desk that `beback migrate` loaded, quoted (desk names are `[A-Za-z0-9_.-]{1,40}`).
    public static func partition(desk: String) -> String { "\"\(partitionName(desk: desk))\"" }

    /// The same name, unquoted.
    public static func partitionName(desk: String) -> String { "beback_entries@\(desk)" }

    /// The partitioned table's keys and index, as a desk's own partition builds them before it is
    /// attached (named for the desk).
    static func indexes(desk: String) -> [String] {
        let table = partition(desk: desk)
        return [
            "ALTER TABLE \(table) ADD CONSTRAINT \"beback_pkey@\(desk)\" PRIMARY KEY (journal, desk, seq)",
            "ALTER TABLE \(table) ADD CONSTRAINT \"beback_event@\(desk)\" UNIQUE (event_id, desk)",
            "CREATE INDEX \"beback_lead@\(desk)\" ON \(table) (lead, desk)"
        ]
    }

    public static let statements: [String] = [
        // A plain entries table (schema 8 and before, or the one just made above) becomes the default
        // partition of the partitioned table, in place; its own triggers and policies go (the partitioned
        // table's take their place), and its indexes are attached as the partitioned table's.
        """
        DO $do$ BEGIN
            IF (SELECT relkind FROM pg_class WHERE oid = 'beback_entries'::regclass) = 'r' THEN
                ALTER TABLE beback_entries RENAME TO beback_entries_shared;
                ALTER INDEX beback_entries_pkey RENAME TO beback_entries_pkey_shared;
                ALTER INDEX beback_entries_event_id_desk_key RENAME TO beback_entries_event_id_desk_key_shared;
                ALTER INDEX beback_entries_lead_desk RENAME TO beback_entries_lead_desk_shared;
                DROP TRIGGER IF EXISTS beback_entry_guard ON beback_entries_shared;
                DROP TRIGGER IF EXISTS beback_entries_advance ON beback_entries_shared;
                DROP TRIGGER IF EXISTS beback_entries_append_only ON beback_entries_shared;
                DROP POLICY IF EXISTS beback_read ON beback_entries_shared;
                DROP POLICY IF EXISTS beback_append ON beback_entries_shared;
                CREATE TABLE beback_entries (LIKE beback_entries_shared INCLUDING DEFAULTS INCLUDING CONSTRAINTS) PARTITION BY LIST (desk);
                ALTER TABLE beback_entries ATTACH PARTITION beback_entries_shared DEFAULT;
                ALTER TABLE beback_entries ADD CONSTRAINT beback_entries_pkey PRIMARY KEY (journal, desk, seq);
                ALTER TABLE beback_entries ADD CONSTRAINT beback_entries_event_id_desk_key UNIQUE (event_id, desk);
                CREATE INDEX beback_entries_lead_desk ON beback_entries (lead, desk);
            END IF;
        END $do$
        """,
        "DROP TRIGGER IF EXISTS beback_entry_guard ON beback_entries",
        "CREATE TRIGGER beback_entry_guard BEFORE INSERT ON beback_entries FOR EACH ROW \(PostgresCopiedAppendSchema.unlessVouched) EXECUTE FUNCTION beback_entry_guard()",
        "DROP TRIGGER IF EXISTS beback_entries_advance ON beback_entries",
        """
        CREATE TRIGGER beback_entries_advance AFTER INSERT ON beback_entries REFERENCING NEW TABLE AS added
            FOR EACH STATEMENT \(PostgresCopiedAppendSchema.unlessVouched) EXECUTE FUNCTION beback_entries_advance()
        """,
        "DROP TRIGGER IF EXISTS beback_entries_append_only ON beback_entries",
        "CREATE TRIGGER beback_entries_append_only BEFORE UPDATE OR DELETE ON beback_entries FOR EACH ROW EXECUTE FUNCTION beback_append_only()",
        "DROP TRIGGER IF EXISTS beback_entries_no_truncate ON beback_entries",
        "CREATE TRIGGER beback_entries_no_truncate BEFORE TRUNCATE ON beback_entries FOR EACH STATEMENT EXECUTE FUNCTION beback_append_only()",
        "DROP TRIGGER IF EXISTS beback_entries_no_truncate ON beback_entries_shared",
        "CREATE TRIGGER beback_entries_no_truncate BEFORE TRUNCATE ON beback_entries_shared FOR EACH STATEMENT EXECUTE FUNCTION beback_append_only()",
        "ALTER TABLE beback_entries ENABLE ROW LEVEL SECURITY",
        "ALTER TABLE beback_entries_shared ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS beback_read ON beback_entries",
        "CREATE POLICY beback_read ON beback_entries FOR SELECT USING (true)",
        "DROP POLICY IF EXISTS beback_append ON beback_entries",
        "CREATE POLICY beback_append ON beback_entries FOR INSERT WITH CHECK (beback_check_write(desk, journal))",
        "REVOKE ALL ON beback_entries, beback_entries_shared FROM PUBLIC",
        """
        DO $do$ BEGIN
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'beback_desk') THEN
                REVOKE ALL ON beback_entries, beback_entries_shared FROM beback_desk;
                GRANT SELECT, INSERT ON beback_entries TO beback_desk;
            END IF;
        END $do$
        """
    ]
}
