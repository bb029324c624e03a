/// The tables, triggers and grants of the journal on PostgreSQL. Installed once per database (by
/// `beback init --store` or `beback migrate --to`), idempotently, under an advisory lock.
///
/// - `beback_desks`: one row per desk (a database holds any number of desks).
/// - `beback_journals`: one row per journal: its file name, owner (the rep; none for `desk.journal`),
///   the salt and header line a journal file would start with, and the last sequence and chain hash.
/// - `beback_entries`: one row per record, append-only: sequence, length, CRC-32C, previous chain hash,
///   this record's chain hash, the byte offset the record has in the journal file, event id, author and
///   the payload bytes, exactly as the file record holds them (so a journal file can be rebuilt byte for byte).
///
/// What the database itself enforces, whoever connects: the primary key (journal, desk, seq); one row
/// per event id per desk; each entry's sequence is the journal's last + 1 and its `prev` the journal's
/// last chain hash (checked under the journal row's lock); the payload is JSON whose `id` and `by` are
/// the row's; an entry in a rep's journal is by that rep; entries are never updated, deleted or
/// truncated. The group role `beback_desk` may read and append, nothing else (its UPDATE on
/// `beback_journals.last_seq` only lets an append lock the journal's row; the guard refuses any other change).
///
/// Roles (`beback_may_write`): a desk with no row in `beback_rep_roles` is open to every member of
/// `beback_desk`. Once a desk binds one rep to a database role, it binds them all: a rep's journal is
/// written (its row created, locked, appended to) only by members of the rep's bound role, `desk.journal`
/// only by members of the role bound to `*desk` (the managers), whose entries must be signed by a rep
/// bound to a role the writer is a member of; a rep with no binding is written by nobody but the tables'
/// owner (who migrates). Row-level security applies this to rows a role inserts or locks; the append
/// guard applies it again under the journal's lock. Every role reads every row.
public enum PostgresSchema {
    /// Bump with every change to the statements below.
    public static let version = 11

    /// The notification channel of a desk (`NOTIFY` on every committed entry).
    public static func channel(desk: String) -> String { "beback:\(desk)" }

    /// Every statement, in order: the tables below, the board's (`PostgresBoardSchema`), the entries
    /// table partitioned by desk (`PostgresPartitionSchema`), the summary table partitioned by desk
    /// (`PostgresSummaryPartitionSchema`), a rep's set-wise append
    /// (`PostgresCopiedAppendSchema`), then the version.
    public static let statements: [String] =
        tables + PostgresBoardSchema.statements + PostgresPartitionSchema.statements + PostgresSummaryPartitionSchema.statements
        + PostgresCopiedAppendSchema.statements + [
            "DELETE FROM beback_schema",
            "INSERT INTO beback_schema (version) VALUES (\(version))"
        ]

    /// Row-level security on the summary rows: every role reads them; a role writes only the rows of
    /// leads it appends to in the same transaction (`beback_summarizes`).
    static let summaryPolicies: [String] = [
        "ALTER TABLE beback_leads ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS beback_read ON beback_leads",
        "CREATE POLICY beback_read ON beback_leads FOR SELECT USING (true)",
        "DROP POLICY IF EXISTS beback_summarize ON beback_leads",
        "CREATE POLICY beback_summarize ON beback_leads FOR INSERT WITH CHECK (beback_summarizes(desk, lead))",
        "DROP POLICY IF EXISTS beback_resummarize ON beback_leads",
        """
        CREATE POLICY beback_resummarize ON beback_leads FOR UPDATE
            USING (beback_summarizes(desk, lead)) WITH CHECK (beback_summarizes(desk, lead))
        """,
        "DROP POLICY IF EXISTS beback_unsummarize ON beback_leads",
        "CREATE POLICY beback_unsummarize ON beback_leads FOR DELETE USING (beback_summarizes(desk, lead))"
    ]

    /// The statements of version 7 and before (the board's come after them).
    public static let tables: [String] =
        [
            """
            CREATE TABLE IF NOT EXISTS beback_schema (version integer NOT NULL)
            """,
            """
            CREATE TABLE IF NOT EXISTS beback_desks (
                desk text PRIMARY KEY CHECK (desk ~ '^[A-Za-z0-9_.-]{1,40}$'),
                created_at timestamptz NOT NULL DEFAULT now()
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS beback_journals (
                desk text NOT NULL REFERENCES beback_desks (desk),
                journal text NOT NULL CHECK (journal = 'desk.journal' OR journal ~ '^rep-[A-Za-z0-9_-][A-Za-z0-9_.-]{0,31}\\.journal$'),
                owner text,
                salt bigint NOT NULL CHECK (salt <> 0),
                created bigint NOT NULL,
                header text NOT NULL CHECK (header ~ '^beback-journal [0-9]+ [0-9a-f]{16} [^ ]+ -?[0-9]+ [0-9a-f]{8}$'),
                last_seq bigint NOT NULL DEFAULT 0 CHECK (last_seq >= 0),
                last_chain bigint NOT NULL,
                last_end bigint NOT NULL DEFAULT 0,
                PRIMARY KEY (desk, journal),
                CHECK (CASE WHEN journal = 'desk.journal' THEN owner IS NULL
                            ELSE owner IS NOT NULL AND journal = 'rep-' || owner || '.journal' END)
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS beback_rep_roles (
                desk text NOT NULL REFERENCES beback_desks (desk),
                rep text NOT NULL,
                db_role name NOT NULL,
                PRIMARY KEY (desk, rep)
            )
            """,
            """
            CREATE TABLE IF NOT EXISTS beback_entries (
                desk text NOT NULL,
                journal text NOT NULL,
                seq bigint NOT NULL CHECK (seq >= 1),
                len integer NOT NULL CHECK (len BETWEEN 2 AND 1048576),
                crc bigint NOT NULL CHECK (crc BETWEEN 0 AND 4294967295),
                prev bigint NOT NULL,
                chain bigint NOT NULL,
                off bigint NOT NULL,
                event_id text NOT NULL,
                actor text NOT NULL,
                payload bytea NOT NULL CHECK (octet_length(payload) = len),
                saved_at timestamptz NOT NULL DEFAULT now(),
                saved_by name NOT NULL DEFAULT session_user,
                PRIMARY KEY (journal, desk, seq),
                UNIQUE (event_id, desk)
            )
            """,
            """
            CREATE OR REPLACE FUNCTION beback_may_write(p_desk text, p_journal text, p_who name) RETURNS boolean
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
                SELECT NOT EXISTS (SELECT 1 FROM beback_rep_roles WHERE desk = p_desk)
                    OR pg_has_role(p_who, (SELECT relowner FROM pg_class WHERE oid = 'beback_entries'::regclass), 'MEMBER')
                    OR EXISTS (SELECT 1 FROM beback_rep_roles r JOIN pg_roles g ON g.rolname = r.db_role
                               WHERE r.desk = p_desk
                                 AND r.rep = CASE WHEN p_journal = 'desk.journal' THEN '*desk'
                                                  ELSE substring(p_journal FROM '^rep-(.*)\\.journal$') END
                                 AND pg_has_role(p_who, g.oid, 'MEMBER'))
            $fn$
            """,
            """
            CREATE OR REPLACE FUNCTION beback_check_write(p_desk text, p_journal text) RETURNS boolean
            LANGUAGE plpgsql STABLE AS $fn$
            BEGIN
                IF beback_may_write(p_desk, p_journal, current_user) THEN RETURN true; END IF;
                RAISE EXCEPTION 'beback: database user % may not write % of desk %', current_user, p_journal, p_desk
                    USING ERRCODE = 'insufficient_privilege';
            END
            $fn$
            """,
            """
            CREATE OR REPLACE FUNCTION beback_entry_guard() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
            DECLARE
                j record;
                before_chain bigint;
                before_end bigint;
                doc jsonb;
                bound name;
            BEGIN
                SELECT owner, last_seq, last_chain, last_end INTO j FROM beback_journals
                 WHERE desk = NEW.desk AND journal = NEW.journal FOR UPDATE;
                IF NOT FOUND THEN
                    RAISE EXCEPTION 'beback: desk % has no journal %', NEW.desk, NEW.journal USING ERRCODE = 'foreign_key_violation';
                END IF;
                -- The journal's row moves once per statement (beback_entries_advance): an entry after the
                -- statement's first follows the entry the statement stored just before it, which a row
                -- trigger sees (and which nobody else can have stored: the journal's row is locked).
                IF NEW.seq = j.last_seq + 1 THEN
                    before_chain := j.last_chain;
                    before_end := j.last_end;
                ELSIF NEW.seq > j.last_seq + 1 THEN
                    SELECT e.chain, e.off + 56 + e.len INTO before_chain, before_end FROM beback_entries e
                     WHERE e.journal = NEW.journal AND e.desk = NEW.desk AND e.seq = NEW.seq - 1;
                END IF;
                IF before_chain IS NULL THEN
                    RAISE EXCEPTION 'beback: % of desk % expects sequence %, not %', NEW.journal, NEW.desk, j.last_seq + 1, NEW.seq
                        USING ERRCODE = 'BB001';
                END IF;
                IF NEW.prev <> before_chain THEN
                    RAISE EXCEPTION 'beback: entry % does not follow the last entry of % (hash chain)', NEW.seq, NEW.journal
                        USING ERRCODE = 'BB002';
                END IF;
                IF NEW.off <> before_end THEN
                    RAISE EXCEPTION 'beback: entry % of % claims offset %, the journal ends at %', NEW.seq, NEW.journal, NEW.off, before_end
                        USING ERRCODE = 'BB001';
                END IF;
                -- No EXCEPTION block here: each would start a subtransaction per row, and past 64 of them in
                -- one transaction every row's visibility check grows with their number (a large append slowed
                -- with each row). A payload that is not JSON text fails with PostgreSQL's own error.
                doc := convert_from(NEW.payload, 'UTF8')::jsonb;
                IF doc->>'id' IS DISTINCT FROM NEW.event_id OR doc->>'by' IS DISTINCT FROM NEW.actor THEN
                    RAISE EXCEPTION 'beback: entry % of % says id % by %, its columns say id % by %', NEW.seq, NEW.journal,
                        doc->>'id', doc->>'by', NEW.event_id, NEW.actor USING ERRCODE = 'BB003';
                END IF;
                IF j.owner IS NOT NULL AND NEW.actor <> j.owner THEN
                    RAISE EXCEPTION 'beback: an entry by % cannot go in %''s journal', NEW.actor, j.owner USING ERRCODE = 'BB004';
                END IF;
                IF NOT beback_may_write(NEW.desk, NEW.journal, session_user) THEN
                    SELECT db_role INTO bound FROM beback_rep_roles WHERE desk = NEW.desk AND rep = coalesce(j.owner, '*desk');
                    RAISE EXCEPTION 'beback: database user % may not write % (bound to role %)', session_user, NEW.journal,
                        coalesce(bound::text, 'none: this desk binds roles, so nobody but the owner writes it') USING ERRCODE = 'insufficient_privilege';
                END IF;
                IF j.owner IS NULL AND NOT beback_may_write(NEW.desk, 'rep-' || NEW.actor || '.journal', session_user) THEN
                    RAISE EXCEPTION 'beback: database user % may not sign a desk.journal entry as %', session_user, NEW.actor
                        USING ERRCODE = 'insufficient_privilege';
                END IF;
                NEW.lead := doc->>'lead';
                NEW.saved_at := now();
                NEW.saved_by := session_user;
                RETURN NEW;
            END
            $fn$
            """,
            // After each statement that appended: every journal it appended to ends at its last new entry
            // (one update and one notification per journal, however many rows: a row-by-row update made a
            // large append slower with each row). A migration's batch, whose rows skipped the guard, moves
            // the journal's row itself.
            """
            CREATE OR REPLACE FUNCTION beback_entries_advance() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
            DECLARE
                r record;
            BEGIN
                IF current_setting('beback.bulk', true) = 'on'
                   AND pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER') THEN
                    RETURN NULL;
                END IF;
                FOR r IN
                    SELECT DISTINCT ON (a.desk, a.journal) a.desk, a.journal, a.seq, a.chain, a.off + 56 + a.len AS ends,
                           max((convert_from(a.payload, 'UTF8')::jsonb->>'at')::double precision) OVER (PARTITION BY a.desk, a.journal) AS at
                    FROM added a ORDER BY a.desk, a.journal, a.seq DESC
                LOOP
                    UPDATE beback_journals SET last_seq = r.seq, last_chain = r.chain, last_end = r.ends, last_at = greatest(last_at, r.at)
                     WHERE desk = r.desk AND journal = r.journal;
                    PERFORM pg_notify('beback:' || r.desk, r.journal || ' ' || r.seq);
                END LOOP;
                RETURN NULL;
            END
            $fn$
            """,
            """
            CREATE OR REPLACE FUNCTION beback_append_only() RETURNS trigger
            LANGUAGE plpgsql AS $fn$
            BEGIN
                RAISE EXCEPTION 'beback: % is append-only (% refused)', TG_TABLE_NAME, TG_OP USING ERRCODE = 'BB005';
            END
            $fn$
            """,
            """
            CREATE OR REPLACE FUNCTION beback_journal_guard() RETURNS trigger
            LANGUAGE plpgsql AS $fn$
            BEGIN
                IF TG_OP = 'INSERT' THEN
                    NEW.last_seq := 0;
                    NEW.last_end := octet_length(NEW.header) + 1;
                    NEW.last_at := NULL;
                    RETURN NEW;
                END IF;
                -- Only the append guard's own update passes: it runs as the tables' owner (SECURITY DEFINER),
                -- so an update a rep's role makes, even from a trigger of its own, is refused.
                IF TG_OP = 'UPDATE' AND pg_trigger_depth() >= 2
                   AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER')
                   AND NEW.desk = OLD.desk AND NEW.journal = OLD.journal
                   AND NEW.owner IS NOT DISTINCT FROM OLD.owner AND NEW.salt = OLD.salt AND NEW.header = OLD.header
                   AND NEW.last_seq > OLD.last_seq THEN
                    RETURN NEW;
                END IF;
                IF TG_OP = 'UPDATE' AND current_setting('beback.bulk', true) = 'on'
                   AND pg_has_role(current_user, (SELECT relowner FROM pg_class WHERE oid = TG_RELID), 'MEMBER')
                   AND NEW.desk = OLD.desk AND NEW.journal = OLD.journal
                   AND NEW.owner IS NOT DISTINCT FROM OLD.owner AND NEW.salt = OLD.salt AND NEW.header = OLD.header
                   AND NEW.last_seq > OLD.last_seq THEN
                    RETURN NEW;
                END IF;
                RAISE EXCEPTION 'beback: a journal''s row changes only by appending entries (% refused)', TG_OP USING ERRCODE = 'BB005';
            END
            $fn$
            """,
            "ALTER TABLE beback_entries ADD COLUMN IF NOT EXISTS lead text",
            // The latest `at` among the journal's entries (the entries' own time, not their causal order):
            // a desk opened from the summary table takes its last entry time from it, as a replay does.
            "ALTER TABLE beback_journals ADD COLUMN IF NOT EXISTS last_at double precision",
            // The entries' keys lead with the column that tells rows apart (journal, event id, lead), not
            // the desk, which every row of a desk shares: each insert compares less, so a bulk copy keeps
            // them up at about twice the speed. Every query names the desk and the leading column, so it
            // finds its rows the same. A database made before (keys led by the desk) has them rebuilt once.
            """
            DO $do$ BEGIN
                IF pg_get_indexdef('beback_entries_pkey'::regclass) NOT LIKE '%(journal, desk, seq)' THEN
                    ALTER TABLE beback_entries DROP CONSTRAINT beback_entries_pkey,
                        ADD CONSTRAINT beback_entries_pkey PRIMARY KEY (journal, desk, seq);
                END IF;
                IF to_regclass('beback_entries_desk_event_id_key') IS NOT NULL THEN
                    ALTER TABLE beback_entries DROP CONSTRAINT beback_entries_desk_event_id_key;
                END IF;
                IF to_regclass('beback_entries_event_id_desk_key') IS NULL THEN
                    ALTER TABLE beback_entries ADD CONSTRAINT beback_entries_event_id_desk_key UNIQUE (event_id, desk);
                END IF;
            END $do$
            """,
            "DROP INDEX IF EXISTS beback_entries_lead",
            "CREATE INDEX IF NOT EXISTS beback_entries_lead_desk ON beback_entries (lead, desk)",
            // Whether the desk's query model is complete (false from an import until `rebuild` finished).
            "ALTER TABLE beback_desks ADD COLUMN IF NOT EXISTS summarized boolean NOT NULL DEFAULT false",
            """
            CREATE TABLE IF NOT EXISTS beback_leads (
                desk text NOT NULL REFERENCES beback_desks (desk),
                lead text NOT NULL,
                owner text NOT NULL,
                stage text NOT NULL,
                is_open boolean NOT NULL,
                due double precision,
                kind text,
                channel text,
                purpose text,
                touches integer NOT NULL,
                name text NOT NULL,
                company text NOT NULL,
                phone_digits text NOT NULL,
                last_order bigint NOT NULL,
                PRIMARY KEY (desk, lead)
            )
            """,
            "CREATE INDEX IF NOT EXISTS beback_leads_owner_due ON beback_leads (desk, owner, due)",
            "CREATE INDEX IF NOT EXISTS beback_leads_name ON beback_leads (desk, lower(name) text_pattern_ops)",
            "CREATE INDEX IF NOT EXISTS beback_leads_company ON beback_leads (desk, lower(company) text_pattern_ops)",
            "CREATE INDEX IF NOT EXISTS beback_leads_phone ON beback_leads (desk, phone_digits text_pattern_ops)",
            // A summary row is written only in the transaction that appended an entry of its lead, by the
            // role that appended it (or by the tables' owner, who migrates and rebuilds).
            """
            CREATE OR REPLACE FUNCTION beback_summarizes(p_desk text, p_lead text) RETURNS boolean
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
                SELECT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'beback_entries'::regclass), 'MEMBER')
                    OR EXISTS (SELECT 1 FROM beback_entries
                               WHERE desk = p_desk AND lead = p_lead AND saved_by = session_user AND xmin = pg_current_xact_id()::xid)
            $fn$
            """,
            """
            CREATE TABLE IF NOT EXISTS beback_desk_files (
                desk text NOT NULL REFERENCES beback_desks (desk),
                name text NOT NULL,
                version integer NOT NULL CHECK (version >= 1),
                content bytea CHECK (octet_length(content) <= 1048576),
                saved_at timestamptz NOT NULL DEFAULT now(),
                saved_by name NOT NULL DEFAULT session_user,
                PRIMARY KEY (desk, name, version)
            )
            """,
            // Which files a desk keeps (`PostgresEventStore.isDeskFileName`), set again on every install
            // so a database made before templates were kept takes them too.
            "ALTER TABLE beback_desk_files DROP CONSTRAINT IF EXISTS beback_desk_files_name_check",
            """
            ALTER TABLE beback_desk_files ADD CONSTRAINT beback_desk_files_name_check CHECK (
                name = 'desk.conf' OR name ~ '^scripts/[A-Za-z0-9_.-]{1,80}\\.script$' OR name ~ '^templates/[A-Za-z0-9_.-]{1,80}\\.(email|text)$')
            """,
            """
            CREATE OR REPLACE FUNCTION beback_desk_file_guard() RETURNS trigger
            LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
            BEGIN
                IF NEW.version <> coalesce((SELECT max(version) FROM beback_desk_files WHERE desk = NEW.desk AND name = NEW.name), 0) + 1 THEN
                    RAISE EXCEPTION 'beback: % of desk % is saved as the next version only', NEW.name, NEW.desk USING ERRCODE = 'BB001';
                END IF;
                NEW.saved_at := now();
                NEW.saved_by := session_user;
                RETURN NEW;
            END
            $fn$
            """,
            "DROP TRIGGER IF EXISTS beback_desk_file_guard ON beback_desk_files",
            "CREATE TRIGGER beback_desk_file_guard BEFORE INSERT ON beback_desk_files FOR EACH ROW EXECUTE FUNCTION beback_desk_file_guard()",
            "DROP TRIGGER IF EXISTS beback_desk_files_append_only ON beback_desk_files",
            "CREATE TRIGGER beback_desk_files_append_only BEFORE UPDATE OR DELETE ON beback_desk_files FOR EACH ROW EXECUTE FUNCTION beback_append_only()",
            "DROP TRIGGER IF EXISTS beback_desk_files_no_truncate ON beback_desk_files",
            "CREATE TRIGGER beback_desk_files_no_truncate BEFORE TRUNCATE ON beback_desk_files FOR EACH STATEMENT EXECUTE FUNCTION beback_append_only()",
            "ALTER TABLE beback_desk_files ENABLE ROW LEVEL SECURITY",
            "DROP POLICY IF EXISTS beback_read ON beback_desk_files",
            "CREATE POLICY beback_read ON beback_desk_files FOR SELECT USING (true)",
            // desk.conf, the scripts and the templates steer every rep's desk: the managers' role writes them (as it writes desk.journal).
            "DROP POLICY IF EXISTS beback_configure ON beback_desk_files",
            "CREATE POLICY beback_configure ON beback_desk_files FOR INSERT WITH CHECK (beback_check_write(desk, 'desk.journal'))",
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
            // An entry's journal row is checked by the append guard (under the row's lock) and, for a
            // migration's batch, once by the batch's set-wise check; a foreign key checked it again per row.
            // Journal rows are never deleted or truncated, so nothing else needed it.
            "ALTER TABLE beback_entries DROP CONSTRAINT IF EXISTS beback_entries_desk_journal_fkey",
            "DROP TRIGGER IF EXISTS beback_journals_no_truncate ON beback_journals",
            "CREATE TRIGGER beback_journals_no_truncate BEFORE TRUNCATE ON beback_journals FOR EACH STATEMENT EXECUTE FUNCTION beback_append_only()",
            "DROP TRIGGER IF EXISTS beback_journal_guard ON beback_journals",
            "CREATE TRIGGER beback_journal_guard BEFORE INSERT OR UPDATE OR DELETE ON beback_journals FOR EACH ROW EXECUTE FUNCTION beback_journal_guard()",
            """
            DO $do$ BEGIN
                IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'beback_desk') THEN
                    CREATE ROLE beback_desk NOLOGIN;
                END IF;
            EXCEPTION WHEN insufficient_privilege THEN
                RAISE NOTICE 'beback: cannot create the role beback_desk; grant access by hand';
            END $do$
            """,
            // Entries stored before the lead column: the lead read from the payload, once.
            """
            DO $do$ BEGIN
                IF EXISTS (SELECT 1 FROM beback_entries WHERE lead IS NULL) THEN
                    ALTER TABLE beback_entries DISABLE TRIGGER beback_entries_append_only;
                    UPDATE beback_entries SET lead = convert_from(payload, 'UTF8')::jsonb->>'lead' WHERE lead IS NULL;
                    ALTER TABLE beback_entries ENABLE TRIGGER beback_entries_append_only;
                END IF;
            END $do$
            """,
            // Journals stored before last_at: the latest time read from their entries, once.
            """
            DO $do$ BEGIN
                IF EXISTS (SELECT 1 FROM beback_journals WHERE last_at IS NULL AND last_seq > 0) THEN
                    ALTER TABLE beback_journals DISABLE TRIGGER beback_journal_guard;
                    UPDATE beback_journals j SET last_at = (
                        SELECT max((convert_from(e.payload, 'UTF8')::jsonb->>'at')::double precision) FROM beback_entries e
                        WHERE e.desk = j.desk AND e.journal = j.journal)
                    WHERE last_at IS NULL AND last_seq > 0;
                    ALTER TABLE beback_journals ENABLE TRIGGER beback_journal_guard;
                END IF;
            END $do$
            """
        ] + summaryPolicies + [
            "ALTER TABLE beback_entries ENABLE ROW LEVEL SECURITY",
            "ALTER TABLE beback_journals ENABLE ROW LEVEL SECURITY",
            // Every role that may read reads every row: the desk replays all journals (the pool, dealing, the team board).
            "DROP POLICY IF EXISTS beback_read ON beback_entries",
            "CREATE POLICY beback_read ON beback_entries FOR SELECT USING (true)",
            "DROP POLICY IF EXISTS beback_append ON beback_entries",
            "CREATE POLICY beback_append ON beback_entries FOR INSERT WITH CHECK (beback_check_write(desk, journal))",
            "DROP POLICY IF EXISTS beback_read ON beback_journals",
            "CREATE POLICY beback_read ON beback_journals FOR SELECT USING (true)",
            "DROP POLICY IF EXISTS beback_open ON beback_journals",
            "CREATE POLICY beback_open ON beback_journals FOR INSERT WITH CHECK (beback_check_write(desk, journal))",
            // An append locks its journal's row (SELECT ... FOR UPDATE): only rows of journals the role may write,
            // so nobody can hold another rep's row locked and stall his saves.
            "DROP POLICY IF EXISTS beback_lock ON beback_journals",
            "CREATE POLICY beback_lock ON beback_journals FOR UPDATE USING (beback_may_write(desk, journal, current_user))",
            "REVOKE ALL ON beback_schema, beback_desks, beback_journals, beback_rep_roles, beback_entries, beback_leads, beback_desk_files FROM PUBLIC",
            """
            DO $do$ BEGIN
                IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'beback_desk') THEN
                    REVOKE ALL ON beback_schema, beback_desks, beback_journals, beback_rep_roles, beback_entries, beback_leads, beback_desk_files FROM beback_desk;
                    GRANT SELECT, INSERT, UPDATE, DELETE ON beback_leads TO beback_desk;
                    GRANT SELECT, INSERT ON beback_desk_files TO beback_desk;
                    GRANT SELECT ON beback_schema, beback_desks, beback_rep_roles TO beback_desk;
                    GRANT SELECT, INSERT ON beback_journals, beback_entries TO beback_desk;
                    -- Only so that an append may lock its journal's row (SELECT ... FOR UPDATE); the guard
                    -- trigger refuses any update that is not an append's own.
                    GRANT UPDATE (last_seq) ON beback_journals TO beback_desk;
                END IF;
            END $do$
            """
        ]
}
