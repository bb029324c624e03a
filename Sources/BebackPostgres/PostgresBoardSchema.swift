/// The manager's board on PostgreSQL (schema version 8), installed after `PostgresSchema`'s own
/// statements: what the board reads instead of the leads.
///
/// - `beback_leads` gains three columns, written with the rest of the row: `worked` (touched at or after
///   the next step's due time), `idle_since` (from when rule 10 counts the lead idle; NULL when it cannot
///   be) and `zone` (the lead's time zone, in which rule 10 counts working days).
/// - `beback_rep_work`: touches, contacts, appointments set and wins per rep (who recorded them) per
///   quarter hour (UTC: a day in any zone starts on one), and the latest touch's time in it. Each append
///   adds what it changed (its leads' touches folded before and after it) in the same transaction as its
///   entries and summary rows; `rebuild` rewrites it from a replay and compares it.
/// - `beback_desks.boarded`: the desk's board columns and tally are complete (set by `rebuild` and
///   `migrate`, and for a desk created with them); until then the board is worked out from the leads.
///
/// A role writes tally rows only in a transaction that appended an entry to the desk (its journal row
/// changed in this transaction), as it writes summary rows only of leads it appended to.
public enum PostgresBoardSchema {
    /// Row-level security on the tally: every role reads it; a role writes it only in a transaction
    /// that appended to the desk (`beback_tallies`).
    static let tallyPolicies: [String] = [
        "ALTER TABLE beback_rep_work ENABLE ROW LEVEL SECURITY",
        "DROP POLICY IF EXISTS beback_read ON beback_rep_work",
        "CREATE POLICY beback_read ON beback_rep_work FOR SELECT USING (true)",
        "DROP POLICY IF EXISTS beback_tally ON beback_rep_work",
        "CREATE POLICY beback_tally ON beback_rep_work FOR INSERT WITH CHECK (beback_tallies(desk))",
        "DROP POLICY IF EXISTS beback_retally ON beback_rep_work",
        "CREATE POLICY beback_retally ON beback_rep_work FOR UPDATE USING (beback_tallies(desk)) WITH CHECK (beback_tallies(desk))"
    ]

    public static let statements: [String] =
        [
            "ALTER TABLE beback_leads ADD COLUMN IF NOT EXISTS worked boolean",
            "ALTER TABLE beback_leads ADD COLUMN IF NOT EXISTS idle_since double precision",
            "ALTER TABLE beback_leads ADD COLUMN IF NOT EXISTS zone text",
            "ALTER TABLE beback_desks ADD COLUMN IF NOT EXISTS boarded boolean NOT NULL DEFAULT false",
            """
            CREATE TABLE IF NOT EXISTS beback_rep_work (
                desk text NOT NULL REFERENCES beback_desks (desk),
                rep text NOT NULL,
                slot bigint NOT NULL,
                touches integer NOT NULL,
                contacts integer NOT NULL,
                appointments integer NOT NULL,
                wins integer NOT NULL,
                last_at double precision NOT NULL,
                PRIMARY KEY (desk, rep, slot)
            )
            """,
            """
            CREATE OR REPLACE FUNCTION beback_tallies(p_desk text) RETURNS boolean
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
                SELECT pg_has_role(session_user, (SELECT relowner FROM pg_class WHERE oid = 'beback_entries'::regclass), 'MEMBER')
                    OR EXISTS (SELECT 1 FROM beback_journals WHERE desk = p_desk AND xmin = pg_current_xact_id()::xid)
            $fn$
            """
        ] + tallyPolicies + [
            "REVOKE ALL ON beback_rep_work FROM PUBLIC",
            """
            DO $do$ BEGIN
                IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'beback_desk') THEN
                    REVOKE ALL ON beback_rep_work FROM beback_desk;
                    GRANT SELECT, INSERT, UPDATE ON beback_rep_work TO beback_desk;
                END IF;
            END $do$
            """
        ]
}
