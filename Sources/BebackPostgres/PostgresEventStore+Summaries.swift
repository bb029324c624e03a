#if Postgres
    import BebackCodec
    import BebackDomain
    import BebackStore
    import Foundation
    import PostgresNIO

    /// What `rebuild` (and `migrate`) found when it compared the summary table with a full replay.
    public struct SummaryRebuild: Sendable {
        /// Leads the replay gives.
        public var leads: Int
        /// Rows that differed from the replay before the rebuild, one line each (missing, extra, which fields).
        public var differences: [String]
        /// Rows that still differ after the rebuild (read back): empty unless the database lost a write.
        public var remaining: [String]
    }

    /// The query model: `beback_leads` holds one row per lead, written in the same transaction as
    /// every append that touches the lead (the lead's entries, found by the entries' lead index, are
    /// folded exactly as a full replay folds them), and rebuilt from the entries by `rebuild`.
    extension PostgresEventStore {
        /// The entries of these leads (those stored by the journal sequences in `within`, when given), in replay order.
        /// Read through `other` (another connection, for a thread other than the desk's) when given.
        func leadEntries(_ leads: [String], within: [JournalName: UInt64]? = nil, through other: PostgresLink? = nil) throws(PostgresStoreError)
            -> [StoredEvent]
        {
            let desk = address.desk
            if other == nil { leadReadsOnDeskThread += 1 }
            let result = try (other ?? link).run("SELECT journal, seq, off, payload FROM beback_entries WHERE desk = \(desk) AND lead = ANY(\(leads)::text[])")
            return try storedEvents(result, leads: leads, within: within)
        }

        /// Decodes rows of (journal, seq, off, payload) into entries, in replay order.
        func storedEvents(_ result: PostgresQueryResult, leads: [String], within: [JournalName: UInt64]?) throws(PostgresStoreError) -> [StoredEvent] {
            var events: [StoredEvent] = []
            for row in result {
                do {
                    let (name, sequence, offset, payload) = try row.decode((String, Int64, Int64, ByteBuffer).self)
                    guard let journal = JournalName(fileName: name) else { continue }
                    if let within, UInt64(bitPattern: sequence) > within[journal] ?? 0 { continue }
                    let bytes = Array(payload.readableBytesView)
                    let (event, order) = try bytes.withUnsafeBytes { try EventCodec.decodeStamped($0) }
                    events.append(StoredEvent(event: event, journal: journal, sequence: UInt64(bitPattern: sequence), offset: Int(offset), order: order))
                } catch {
                    throw .refused(address: address.description, detail: "cannot read an entry of lead \(leads.first ?? "?"): \(error)", sqlState: "?")
                }
            }
            events.sort(by: StoredEvent.replayOrder)
            return events
        }

        /// The summary rows a replay of `events` gives, sorted by lead id.
        public static func summaryRows(replaying events: [StoredEvent]) -> [PostgresLeadRow] {
            summaryRows(of: DeskState(replaying: events.map(\.event)), replaying: events)
        }

        /// The summary rows of `state`, the fold of `events`, sorted by lead id.
        static func summaryRows(of state: DeskState, replaying events: [StoredEvent]) -> [PostgresLeadRow] {
            let orders = lastOrders(of: events)
            return state.leads.all.map { PostgresLeadRow($0.value, lastOrder: orders[$0.key] ?? 0) }.sorted { $0.lead < $1.lead }
        }

        /// The greatest causal order among each lead's entries (one hash lookup per entry).
        static func lastOrders(of events: [StoredEvent]) -> [LeadID: UInt64] {
            var orders: [LeadID: UInt64] = [:]
            for index in events.indices { raise(&orders[events[index].event.lead, default: 0], to: events[index].order) }
            return orders
        }

        private static func raise(_ value: inout UInt64, to other: UInt64) { value = max(value, other) }

        /// What an append changes in the query model: the summary rows of its leads, the leads an undo
        /// removed, and what it adds to the per-rep tally of touches.
        package struct SummaryChange: Sendable {
            package var rows: [PostgresLeadRow]
            package var gone: [String]
            package var tally: [WorkTally.Key: WorkTally.Counts]
        }

        /// The rows of these leads as a replay of `entries` (every entry of those leads, in replay order)
        /// gives them, and the leads an undo removed; with `earlier` (those leads' entries stored before
        /// the append) and `board`, what the append changed in the per-rep tally of touches.
        package static func summaryChange(of leads: [String], replaying entries: [StoredEvent], earlier: [StoredEvent]?, board: Bool) -> SummaryChange {
            var state = DeskState()
            state.leads.reserveCapacity(leads.count)
            for entry in entries { state.apply(entry.event) }
            let rows = Self.summaryRows(of: state, replaying: entries)
            let kept = Set(rows.map(\.lead))
            var tally: [WorkTally.Key: WorkTally.Counts] = [:]
            if board, let earlier {
                let before = WorkTally(leads: DeskState(replaying: earlier.map(\.event)).leads.values)
                tally = WorkTally.change(from: before, to: WorkTally(leads: state.leads.values))
            }
            return SummaryChange(rows: rows, gone: leads.filter { !kept.contains($0) }, tally: tally)
        }

        /// What an append changes in the query model when none of its leads had an entry before (an
        /// import of new leads): folded as a migrate folds (`summaryFold`: lead by lead, the leads read
        /// where they lie), the same rows `summaryChange` gives, the whole tally added.
        package static func newLeadsChange(of leads: [String], replaying entries: [StoredEvent], board: Bool) -> SummaryChange {
            let (rows, tally) = summaryFold(entries, plan: foldPlan(entries))
            // Rows are of distinct leads among `leads`: as many means every one.
            let gone: [String]
            if rows.count == leads.count {
                gone = []
            } else {
                let kept = Set(rows.map(\.lead))
                gone = leads.filter { !kept.contains($0) }
            }
            return SummaryChange(rows: rows, gone: gone, tally: board ? WorkTally.change(from: WorkTally(), to: tally) : [:])
        }

        /// Writes an append's change to the query model, inside the append's transaction.
        func writeSummaries(_ change: SummaryChange) throws(PostgresStoreError) {
            try upsertSummaries(change.rows)
            if boardSchema { try addToTally(change.tally) }
            if !change.gone.isEmpty {
                let desk = address.desk
                try link.run("DELETE FROM beback_leads WHERE desk = \(desk) AND lead = ANY(\(change.gone)::text[])")
            }
        }

        /// Writes these rows in place of the leads' rows of `beback_leads`.
        func upsertSummaries(_ rows: [PostgresLeadRow]) throws(PostgresStoreError) {
            guard !rows.isEmpty else { return }
            if rows.count >= Self.rowsByCopyAtLeast, try temporaryTablesAllowed() { return try upsertSummariesByCopy(rows) }
            let desk = address.desk
            let c = LeadRowColumns(rows)
            if boardSchema { return try upsertSummariesWithBoard(c) }
            try link.run(
                """
                INSERT INTO beback_leads (desk, lead, owner, stage, is_open, due, kind, channel, purpose, touches, name, company, phone_digits, last_order)
                SELECT \(desk), r.lead, r.owner, r.stage, r.open, CASE WHEN r.kind <> '' THEN r.due END, nullif(r.kind, ''),
                       nullif(r.channel, ''), nullif(r.purpose, ''), r.touches, r.name, r.company, r.phones, r.ord
                FROM unnest(\(c.leads)::text[], \(c.owners)::text[], \(c.stages)::text[], \(c.open)::boolean[], \(c.dues)::float8[],
                            \(c.kinds)::text[], \(c.channels)::text[], \(c.purposes)::text[], \(c.touches)::integer[], \(c.names)::text[],
                            \(c.companies)::text[], \(c.phones)::text[], \(c.orders)::bigint[])
                     AS r(lead, owner, stage, open, due, kind, channel, purpose, touches, name, company, phones, ord)
                \(unescaped: Self.replacingSummaries)
                """)
        }

        /// A large append's summary rows (an import's): copied into a temporary table dropped at the
        /// commit, then written from there in one statement, as `upsertSummaries` writes them (the same
        /// row-level security applies). Sending them as thirteen arrays cost more than the insert.
        func upsertSummariesByCopy(_ rows: [PostgresLeadRow]) throws(PostgresStoreError) {
            let columns = PostgresLeadRow.copyColumns(board: boardSchema)
            try link.run(
                """
                CREATE TEMPORARY TABLE beback_summaries_in (
                    desk text, lead text, owner text, stage text, is_open boolean, due float8, kind text, channel text, purpose text,
                    touches integer, name text, company text, phone_digits text, last_order bigint, worked boolean, idle_since float8, zone text
                ) ON COMMIT DROP
                """)
            try link.copy(
                into: "beback_summaries_in", columns: columns, data: ByteBuffer(bytes: PostgresLeadRow.copyRows(rows, desk: address.desk, board: boardSchema)))
            let list = columns.joined(separator: ", ")
            let board = boardSchema ? ", worked = EXCLUDED.worked, idle_since = EXCLUDED.idle_since, zone = EXCLUDED.zone" : ""
            let usual = link.statementTimeout
            link.statementTimeout = usual + .milliseconds(Int64(rows.count / 20))
            defer { link.statementTimeout = usual }
            try link.run(
                PostgresQuery(unsafeSQL: "INSERT INTO beback_leads (\(list)) SELECT \(list) FROM beback_summaries_in \(Self.replacingSummaries)\(board)"))
            try link.run("DROP TABLE beback_summaries_in")
        }

        /// How an insert of summary rows replaces a lead's row the table holds.
        static let replacingSummaries = """
            ON CONFLICT (desk, lead) DO UPDATE SET owner = EXCLUDED.owner, stage = EXCLUDED.stage, is_open = EXCLUDED.is_open,
                due = EXCLUDED.due, kind = EXCLUDED.kind, channel = EXCLUDED.channel, purpose = EXCLUDED.purpose,
                touches = EXCLUDED.touches, name = EXCLUDED.name, company = EXCLUDED.company,
                phone_digits = EXCLUDED.phone_digits, last_order = EXCLUDED.last_order
            """

        /// The summary rows the table holds: those of these owners, or every one (sorted by lead id).
        public func summaryRows(owners: [RepName]? = nil) throws(PostgresStoreError) -> [PostgresLeadRow] {
            try link.transaction(readOnly: true) { () throws(PostgresStoreError) in try readSummaryRows(owners: owners) }
        }

        /// The columns of the summary rows, one array per column in one result row: decoding 13 arrays
        /// costs a fraction of decoding as many cells row by row (a floor's open spent most of its time there).
        static let columnArrays = """
            array_agg(lead), array_agg(owner), array_agg(stage), array_agg(is_open), array_agg(coalesce(due, 0)),
            array_agg(coalesce(kind, '')), array_agg(coalesce(channel, '')), array_agg(coalesce(purpose, '')), array_agg(touches),
            array_agg(name), array_agg(company), array_agg(phone_digits), array_agg(last_order)
            """

        /// The summary rows of these leads, or of these owners, or every one (sorted by lead id); `from`
        /// another table than `beback_leads` (a migrated desk's summary table before it is attached).
        func readSummaryRows(owners: [RepName]?, leads: [String]? = nil, from table: String = "beback_leads") throws(PostgresStoreError)
            -> [PostgresLeadRow]
        {
            let desk = address.desk
            let query: PostgresQuery
            if let leads {
                query = """
                    SELECT \(unescaped: Self.columnArrays)
                    FROM \(unescaped: table) WHERE desk = \(desk) AND lead = ANY(\(leads)::text[])
                    """
            } else if let owners {
                let names = owners.map(\.rawValue)
                query = """
                    SELECT \(unescaped: Self.columnArrays)
                    FROM \(unescaped: table) WHERE desk = \(desk) AND owner = ANY(\(names)::text[])
                    """
            } else {
                query = """
                    SELECT \(unescaped: Self.columnArrays) FROM \(unescaped: table) WHERE desk = \(desk)
                    """
            }
            var rows: [PostgresLeadRow] = []
            do {
                guard let row = try link.run(query).first else { return [] }
                var cells = row.makeIterator()
                func next<Column: PostgresArrayDecodable>(_: Column.Type) throws -> [Column] where Column._DecodableType == Column {
                    guard let cell = cells.next() else { throw PostgresStoreError.migration("the summary rows came back with too few columns") }
                    return try cell.decode([Column]?.self) ?? []
                }
                let leads = try next(String.self), owners = try next(String.self), stages = try next(String.self)
                let open = try next(Bool.self), dues = try next(Double.self), kinds = try next(String.self)
                let channels = try next(String.self), purposes = try next(String.self), touches = try next(Int32.self)
                let names = try next(String.self), companies = try next(String.self), phones = try next(String.self)
                let orders = try next(Int64.self)
                let count = leads.count
                guard
                    [
                        owners.count, stages.count, open.count, dues.count, kinds.count, channels.count, purposes.count, touches.count, names.count,
                        companies.count, phones.count, orders.count
                    ].allSatisfy({ $0 == count })
                else { throw PostgresStoreError.migration("the summary rows' columns came back of different lengths") }
                rows.reserveCapacity(count)
                for index in 0..<count {
                    rows.append(
                        PostgresLeadRow(
                            lead: leads[index], owner: owners[index], stage: stages[index], isOpen: open[index], due: dues[index],
                            kind: kinds[index], channel: channels[index], purpose: purposes[index], touches: touches[index],
                            name: names[index], company: companies[index], phoneDigits: phones[index], lastOrder: orders[index]))
                }
            } catch let error as PostgresStoreError {
                throw error
            } catch {
                throw .refused(address: address.description, detail: "cannot read the summary rows: \(error)", sqlState: "?")
            }
            // Sorted as lead ids sort (bytes), whatever the database's collation.
            var sorted = true
            for index in rows.indices.dropFirst() where !(rows[index - 1].lead < rows[index].lead) {
                sorted = false
                break
            }
            if !sorted { rows.sort { $0.lead < $1.lead } }
            return rows
        }

        /// The differences between the rows a replay gives and the rows the table holds, one line each.
        public static func compare(expected: [PostgresLeadRow], actual: [PostgresLeadRow]) -> [String] {
            var lines: [String] = []
            var stored = Dictionary(actual.map { ($0.lead, $0) }, uniquingKeysWith: { first, _ in first })
            for row in expected {
                guard let found = stored.removeValue(forKey: row.lead) else {
                    lines.append("lead \(row.lead): no summary row")
                    continue
                }
                let fields = row.differences(from: found)
                if !fields.isEmpty { lines.append("lead \(row.lead): \(fields.joined(separator: ", ")) differ from a replay") }
            }
            for lead in stored.keys.sorted() { lines.append("lead \(lead): a summary row without a lead in the entries") }
            return lines
        }

        /// Replays every entry, compares the summary table with the replay row by row, writes the
        /// replay's rows in place of the table's (one transaction), and reads them back to compare again.
        /// Only the tables' owner may (other roles write only the rows of leads they append to).
        /// `replaying`, when given, is every entry of the desk in replay order, known to be the ones the
        /// database holds (a migration that just compared the copy record by record): they are not read again.
        public func rebuildSummaries(replaying known: [StoredEvent]? = nil) throws -> SummaryRebuild {
            try upgradeSchema()
            // A migrate that died after its entries were stored left its summary tables unattached: they go.
            try discardLoad(dropDesk: false)
            let events: [StoredEvent]
            if let known {
                events = known
            } else {
                let loaded = try load()
                if let problem = loaded.problems.first {
                    throw PostgresStoreError.migration("\(problem); the summary table is rebuilt only from an undamaged desk (run 'beback verify')")
                }
                events = loaded.events
            }
            let state = DeskState(replaying: events.map(\.event))
            let expected = Self.summaryRows(of: state, replaying: events)
            let tally = WorkTally(leads: state.leads.values)
            let differences = Self.compare(expected: expected, actual: try summaryRows()) + (try boardDifferences(expected: expected, tally: tally))
            let desk = address.desk
            try link.transaction { () throws(PostgresStoreError) in
                try link.run("DELETE FROM beback_leads WHERE desk = \(desk)")
                var start = 0
                while start < expected.count {
                    try upsertSummaries(Array(expected[start..<min(start + 10_000, expected.count)]))
                    start += 10_000
                }
                try rewriteTally(tally)
                try link.run("UPDATE beback_desks SET summarized = true, boarded = true WHERE desk = \(desk)")
            }
            let remaining = Self.compare(expected: expected, actual: try summaryRows()) + (try boardDifferences(expected: expected, tally: tally))
            return SummaryRebuild(leads: expected.count, differences: differences, remaining: remaining)
        }

        /// Marks the desk's summary table incomplete (an import writes entries without it), so desks
        /// replay the entries until `rebuildSummaries` ran.
        func markUnsummarized() throws(PostgresStoreError) {
            let desk = address.desk
            try link.run("UPDATE beback_desks SET summarized = false WHERE desk = \(desk) AND summarized")
        }
    }
#endif
