/// A rep's large append (an import) on PostgreSQL, checked as a set (schema version 9), installed
/// after the board's statements.
///
/// The rep's session copies the rows into a temporary table and calls `beback_append_copied`, which
/// runs as the tables' owner (SECURITY DEFINER) and checks, in one pass over the whole set, everything
/// the per-row guard checks: the session's login may write the journal (and, for `desk.journal`, sign
/// as each author), each row continues the one before it (the first the journal's row, locked), its
/// length is its payload's, its payload is JSON whose `id` and `by` are the row's, and a rep's journal
/// holds only the rep's entries. It then inserts the rows with the guard passed over (the trigger's
/// WHEN clause, `unlessVouched`), their lead read from the payload and `saved_by` the session's login,
/// and moves the journal's row once.
///
/// Every login may call it (it checks the login itself). Only code running as the owner on behalf of
/// another login is vouched for: the setting `beback.bulk`
/// alone changes nothing for a rep's own statements (current_user is then the session's login), nor for
/// the owner's own (current_user is session_user), which the guard still checks row by row.
public enum PostgresCopiedAppendSchema {
    /// The WHEN clause of the guard and of the statement trigger: they run unless the rows come from
    /// `beback_append_copied` (the owner's role on behalf of another login, with `beback.bulk` on).
    /// Written inline, without a function call, because it is evaluated for every row.
    public static let unlessVouched = """
        WHEN (coalesce(current_setting('beback.bulk', true), '') <> 'on' OR current_user = session_user
              OR NOT has_table_privilege(current_user, 'beback_entries', 'TRIGGER'))
        """

    /// The temporary table a large append copies its rows into (one transaction; dropped at its commit).
    public static let temporaryTable = "beback_appending"

    public static let statements: [String] = [
        """
        CREATE OR REPLACE FUNCTION beback_append_copied(p_desk text, p_journal text) RETURNS bigint
        LANGUAGE plpgsql SECURITY DEFINER SET search_path FROM CURRENT AS $fn$
        DECLARE
            j record;
            bad record;
            last record;
            added bigint;
        BEGIN
            SELECT owner, last_seq, last_chain, last_end INTO j FROM beback_journals
             WHERE desk = p_desk AND journal = p_journal FOR UPDATE;
            IF NOT FOUND THEN
                RAISE EXCEPTION 'beback: desk % has no journal %', p_desk, p_journal USING ERRCODE = 'foreign_key_violation';
            END IF;
            IF NOT beback_may_write(p_desk, p_journal, session_user) THEN
                RAISE EXCEPTION 'beback: database user % may not write % of desk %', session_user, p_journal, p_desk
                    USING ERRCODE = 'insufficient_privilege';
            END IF;
            SELECT x.seq, x.why, x.n INTO bad FROM (
                SELECT a.seq, row_number() OVER w AS n, CASE
                    WHEN a.seq IS DISTINCT FROM j.last_seq + row_number() OVER w THEN 'sequence'
                    WHEN a.prev IS DISTINCT FROM coalesce(lag(a.chain) OVER w, j.last_chain) THEN 'chain'
                    WHEN a.off IS DISTINCT FROM coalesce(lag(a.off + 56 + a.len) OVER w, j.last_end) THEN 'offset'
                    WHEN a.len IS DISTINCT FROM octet_length(a.payload) OR a.chain IS NULL OR a.crc IS NULL THEN 'length'
                    WHEN d.doc->>'id' IS DISTINCT FROM a.event_id OR d.doc->>'by' IS DISTINCT FROM a.actor THEN 'columns'
                    WHEN j.owner IS NOT NULL AND a.actor <> j.owner THEN 'author'
                    WHEN j.owner IS NULL AND NOT beback_may_write(p_desk, 'rep-' || a.actor || '.journal', session_user) THEN 'signer'
                END AS why
                FROM pg_temp.beback_appending a, LATERAL (SELECT convert_from(a.payload, 'UTF8')::jsonb AS doc) d
                WINDOW w AS (ORDER BY a.seq)) x
            WHERE x.why IS NOT NULL ORDER BY x.n LIMIT 1;
            IF FOUND THEN
                IF bad.why IN ('sequence', 'offset') THEN
                    RAISE EXCEPTION 'beback: % of desk % expects sequence %, not % (or its offset)', p_journal, p_desk, j.last_seq + bad.n, bad.seq
                        USING ERRCODE = 'BB001';
                ELSIF bad.why = 'chain' THEN
                    RAISE EXCEPTION 'beback: entry % does not follow the last entry of % (hash chain)', bad.seq, p_journal USING ERRCODE = 'BB002';
                ELSIF bad.why = 'author' THEN
                    RAISE EXCEPTION 'beback: entry % by another author cannot go in %''s journal', bad.seq, j.owner USING ERRCODE = 'BB004';
                ELSIF bad.why = 'signer' THEN
                    RAISE EXCEPTION 'beback: database user % may not sign entry % of desk.journal', session_user, bad.seq
                        USING ERRCODE = 'insufficient_privilege';
                ELSE
                    RAISE EXCEPTION 'beback: entry % of % is not as its columns say (%)', bad.seq, p_journal, bad.why USING ERRCODE = 'BB003';
                END IF;
            END IF;
            PERFORM set_config('beback.bulk', 'on', true);
            INSERT INTO beback_entries (desk, journal, seq, len, crc, prev, chain, off, event_id, actor, lead, payload)
            SELECT p_desk, p_journal, a.seq, a.len, a.crc, a.prev, a.chain, a.off, a.event_id, a.actor,
                   convert_from(a.payload, 'UTF8')::jsonb->>'lead', a.payload
            FROM pg_temp.beback_appending a ORDER BY a.seq;
            GET DIAGNOSTICS added = ROW_COUNT;
            IF added > 0 THEN
                SELECT a.seq, a.chain, a.off + 56 + a.len AS ends INTO last FROM pg_temp.beback_appending a ORDER BY a.seq DESC LIMIT 1;
                UPDATE beback_journals SET last_seq = last.seq, last_chain = last.chain, last_end = last.ends,
                       last_at = greatest(last_at, (SELECT max((convert_from(a.payload, 'UTF8')::jsonb->>'at')::double precision)
                                                    FROM pg_temp.beback_appending a))
                 WHERE desk = p_desk AND journal = p_journal;
                PERFORM pg_notify('beback:' || p_desk, p_journal || ' ' || last.seq);
            END IF;
            PERFORM set_config('beback.bulk', 'off', true);
            RETURN added;
        END
        $fn$
        """
    ]
}
