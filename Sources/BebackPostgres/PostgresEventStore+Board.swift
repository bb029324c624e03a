#if Postgres
    import BebackCodec
    import BebackDomain
    import BebackStore
    import Foundation
    import PostgresNIO

    /// The manager's team screen as the database gives it: the board's figures per rep, each rep's
    /// touches per week, and the pool's open leads (folded from their entries).
    public struct PostgresTeamFigures: Sendable {
        public var figures: TeamBoardFigures
        /// Touches per week per rep (`TeamTrends.weeklyTouches`), oldest first, for every rep who recorded one.
        public var weekly: [RepName: [Int]]
        /// The pool's open leads.
        public var pool: [LeadState]
    }

    /// The board's part of the query model (`PostgresBoardSchema`): the summary rows' board columns and
    /// the per-rep tally of touches, written with each append, rebuilt and compared by `rebuild`, and
    /// read by GROUP BY for the board.
    extension PostgresEventStore {
        /// Installs the schema when the database's is older than this build's (the tables' owner only).
        func upgradeSchema() throws(PostgresStoreError) {
            try link.transaction { () throws(PostgresStoreError) in
                try link.run("SELECT pg_advisory_xact_lock(hashtext('beback-schema'))")
                let version = try link.run("SELECT coalesce(max(version), 0) FROM beback_schema").first
                guard ((try? version?.decode(Int32.self)) ?? 0) < Int32(PostgresSchema.version) else { return }
                for statement in PostgresSchema.statements { try link.run(PostgresQuery(unsafeSQL: statement)) }
            }
            boardSchema = true
        }

        /// The summary rows' upsert with the board's columns.
        func upsertSummariesWithBoard(_ c: LeadRowColumns) throws(PostgresStoreError) {
            let desk = address.desk
            try link.run(
                """
                INSERT INTO beback_leads (desk, lead, owner, stage, is_open, due, kind, channel, purpose, touches, name, company, phone_digits, last_order,
                                          worked, idle_since, zone)
                SELECT \(desk), r.lead, r.owner, r.stage, r.open, CASE WHEN r.kind <> '' THEN r.due END, nullif(r.kind, ''),
                       nullif(r.channel, ''), nullif(r.purpose, ''), r.touches, r.name, r.company, r.phones, r.ord,
                       r.worked, nullif(r.idle, 'NaN'::float8), r.zone
                FROM unnest(\(c.leads)::text[], \(c.owners)::text[], \(c.stages)::text[], \(c.open)::boolean[], \(c.dues)::float8[],
                            \(c.kinds)::text[], \(c.channels)::text[], \(c.purposes)::text[], \(c.touches)::integer[], \(c.names)::text[],
                            \(c.companies)::text[], \(c.phones)::text[], \(c.orders)::bigint[], \(c.worked)::boolean[], \(c.idleSince)::float8[],
                            \(c.zones)::text[])
                     AS r(lead, owner, stage, open, due, kind, channel, purpose, touches, name, company, phones, ord, worked, idle, zone)
                \(unescaped: Self.replacingSummaries),
                    worked = EXCLUDED.worked, idle_since = EXCLUDED.idle_since, zone = EXCLUDED.zone
                """)
        }

        /// The columns of tally rows, one array per column.
        private struct TallyColumns {
            var reps: [String] = [], slots: [Int64] = [], touches: [Int32] = [], contacts: [Int32] = []
            var appointments: [Int32] = [], wins: [Int32] = [], lastAt: [Double] = []

            init(_ counts: some Sequence<(key: WorkTally.Key, value: WorkTally.Counts)>) {
                for (key, count) in counts {
                    reps.append(key.rep.rawValue)
                    slots.append(key.slot)
                    touches.append(Int32(clamping: count.touches))
                    contacts.append(Int32(clamping: count.contacts))
                    appointments.append(Int32(clamping: count.appointments))
                    wins.append(Int32(clamping: count.wins))
                    lastAt.append(count.lastAt)
                }
            }
        }

        /// Adds an append's change to the tally (in the append's transaction), slots in one order so two
        /// appends never wait on each other in a circle.
        func addToTally(_ change: [WorkTally.Key: WorkTally.Counts]) throws(PostgresStoreError) {
            guard !change.isEmpty else { return }
            let desk = address.desk
            let c = TallyColumns(change.sorted { $0.key < $1.key })
            try link.run(
                """
                INSERT INTO beback_rep_work AS w (desk, rep, slot, touches, contacts, appointments, wins, last_at)
                SELECT \(desk), r.rep, r.slot, r.touches, r.contacts, r.appointments, r.wins, r.last_at
                FROM unnest(\(c.reps)::text[], \(c.slots)::bigint[], \(c.touches)::integer[], \(c.contacts)::integer[],
                            \(c.appointments)::integer[], \(c.wins)::integer[], \(c.lastAt)::float8[])
                     AS r(rep, slot, touches, contacts, appointments, wins, last_at)
                ON CONFLICT (desk, rep, slot) DO UPDATE SET touches = w.touches + EXCLUDED.touches, contacts = w.contacts + EXCLUDED.contacts,
                    appointments = w.appointments + EXCLUDED.appointments, wins = w.wins + EXCLUDED.wins,
                    last_at = greatest(w.last_at, EXCLUDED.last_at)
                """)
        }

        /// Writes `tally` in place of the desk's (inside `rebuild`'s transaction).
        func rewriteTally(_ tally: WorkTally) throws(PostgresStoreError) {
            let desk = address.desk
            try link.run("DELETE FROM beback_rep_work WHERE desk = \(desk)")
            let all = tally.slots
            var start = 0
            while start < all.count {
                let c = TallyColumns(all[start..<min(start + 10_000, all.count)])
                start += 10_000
                try link.run(
                    """
                    INSERT INTO beback_rep_work (desk, rep, slot, touches, contacts, appointments, wins, last_at)
                    SELECT \(desk), r.rep, r.slot, r.touches, r.contacts, r.appointments, r.wins, r.last_at
                    FROM unnest(\(c.reps)::text[], \(c.slots)::bigint[], \(c.touches)::integer[], \(c.contacts)::integer[],
                                \(c.appointments)::integer[], \(c.wins)::integer[], \(c.lastAt)::float8[])
                         AS r(rep, slot, touches, contacts, appointments, wins, last_at)
                    """)
            }
        }

        /// The tally the table holds (its slots where every count is zero left out).
        public func storedTally() throws(PostgresStoreError) -> WorkTally {
            let desk = address.desk
            let result = try link.run(
                """
                SELECT array_agg(rep), array_agg(slot), array_agg(touches), array_agg(contacts), array_agg(appointments), array_agg(wins),
                       array_agg(last_at)
                FROM beback_rep_work WHERE desk = \(desk)
                """)
            var tally = WorkTally()
            do {
                guard let row = result.first else { return tally }
                let (reps, slots, touches, contacts, appointments, wins, lastAt) = try row.decode(
                    ([String]?, [Int64]?, [Int32]?, [Int32]?, [Int32]?, [Int32]?, [Double]?).self)
                for index in (reps ?? []).indices {
                    let counts = WorkTally.Counts(
                        touches: Int(touches?[index] ?? 0), contacts: Int(contacts?[index] ?? 0), appointments: Int(appointments?[index] ?? 0),
                        wins: Int(wins?[index] ?? 0), lastAt: lastAt?[index] ?? 0)
                    if !counts.isZero { tally.counts[WorkTally.Key(rep: RepName(reps?[index] ?? ""), slot: slots?[index] ?? 0)] = counts }
                }
            } catch {
                throw .refused(address: address.description, detail: "cannot read the touch tally: \(error)", sqlState: "?")
            }
            return tally
        }

        /// The board columns each lead's row holds, by lead id (nil where a row predates them).
        public func storedBoardFacts() throws(PostgresStoreError) -> [String: LeadBoardFacts?] {
            let desk = address.desk
            let result = try link.run(
                """
                SELECT array_agg(lead), array_agg(coalesce(worked, false)), array_agg(coalesce(idle_since, 'NaN'::float8)),
                       array_agg(coalesce(zone, '')), array_agg(worked IS NOT NULL AND zone IS NOT NULL)
                FROM beback_leads WHERE desk = \(desk)
                """)
            var facts: [String: LeadBoardFacts?] = [:]
            do {
                guard let row = result.first else { return facts }
                let (leads, worked, idle, zones, present) = try row.decode(([String]?, [Bool]?, [Double]?, [String]?, [Bool]?).self)
                for index in (leads ?? []).indices {
                    guard present?[index] == true else {
                        facts[leads?[index] ?? ""] = .some(nil)
                        continue
                    }
                    let since = idle?[index] ?? .nan
                    facts[leads?[index] ?? ""] = LeadBoardFacts(
                        worked: worked?[index] ?? false, idleSince: since.isNaN ? nil : Date(timeIntervalSince1970: since), zone: zones?[index] ?? "")
                }
            } catch {
                throw .refused(address: address.description, detail: "cannot read the board's columns: \(error)", sqlState: "?")
            }
            return facts
        }

        /// How the board's columns and tally differ from a replay's (`expected` rows, `tally`), one line each.
        func boardDifferences(expected: [PostgresLeadRow], tally: WorkTally) throws(PostgresStoreError) -> [String] {
            let desk = address.desk
            let boarded = try link.run("SELECT boarded FROM beback_desks WHERE desk = \(desk)").first
            guard (try? boarded?.decode(Bool.self)) == true else {
                return ["the board's columns and touch tally were not built yet (a desk from before schema \(PostgresSchema.version), or an import)"]
            }
            var lines: [String] = []
            let facts = try storedBoardFacts()
            for row in expected {
                guard let stored = facts[row.lead] else { continue }
                if stored != row.board { lines.append("lead \(row.lead): board columns differ from a replay") }
            }
            lines += Self.compare(tally: tally, stored: try storedTally())
            return lines
        }

        /// The differences between a replay's tally and the table's, one line per rep and quarter hour.
        public static func compare(tally expected: WorkTally, stored: WorkTally) -> [String] {
            var lines: [String] = []
            for key in Set(expected.counts.keys).union(stored.counts.keys).sorted() {
                let want = expected.counts[key] ?? WorkTally.Counts(), have = stored.counts[key] ?? WorkTally.Counts()
                let when = ISO8601DateFormatter().string(from: Date(timeIntervalSince1970: Double(key.slot) * WorkTally.slotLength))
                if want.touches != have.touches || want.contacts != have.contacts || want.appointments != have.appointments || want.wins != have.wins {
                    lines.append(
                        "tally \(key.rep) at \(when): \(have.touches)/\(have.contacts)/\(have.appointments)/\(have.wins) touches/contacts/appointments/wins in the table, \(want.touches)/\(want.contacts)/\(want.appointments)/\(want.wins) in a replay"
                    )
                } else if have.lastAt < want.lastAt {
                    lines.append("tally \(key.rep) at \(when): its latest touch is earlier in the table than in a replay")
                }
            }
            return lines
        }

        /// The team's board figures for `period` (and each rep's touches over the `weeks` weeks to
        /// `period.now`), read by GROUP BY over the summary rows and the tally, and the pool's open leads;
        /// nil when the database cannot give them exactly (its board columns not built yet, a period that
        /// does not start on a quarter hour, a touch later than `now` in now's quarter hour): the caller
        /// then works them out from the leads.
        public func teamFigures(config: DeskConfig, period: TeamPeriod, weeks: Int = 8) throws(PostgresStoreError) -> PostgresTeamFigures? {
            guard boardSchema else { return nil }
            let slot = WorkTally.slotLength
            let thisWeek = TeamPeriod.startOfWeek(period.now, timeZone: period.timeZone)
            var calendar = Calendar(identifier: .gregorian)
            calendar.timeZone = period.timeZone
            let starts = (0..<max(1, weeks)).reversed().map { calendar.date(byAdding: .day, value: -7 * $0, to: thisWeek) ?? thisWeek }
            let bounds = [period.since] + starts
            guard bounds.allSatisfy({ $0.timeIntervalSince1970.truncatingRemainder(dividingBy: slot) == 0 }) else { return nil }
            let startOfToday = calendar.startOfDay(for: period.now)
            let endOfToday = calendar.date(byAdding: .day, value: 1, to: startOfToday) ?? period.now
            let now = period.now.timeIntervalSince1970
            let nowSlot = WorkTally.slot(of: period.now)
            let sinceSlot = Int64(period.since.timeIntervalSince1970 / slot)
            let weekSlots = starts.map { Int64($0.timeIntervalSince1970 / slot) }
            let weekColumns = weekSlots.indices.map { index in
                let end = index + 1 < weekSlots.count ? "slot < \(weekSlots[index + 1])" : "slot <= \(nowSlot)"
                return "coalesce(sum(touches) FILTER (WHERE slot >= \(weekSlots[index]) AND \(end)), 0)"
            }.joined(separator: ", ")
            let desk = address.desk
            let pool = DeskConfig.poolOwner.rawValue
            let exact = FollowUpKind.allCases.filter { $0.isExact && $0 != .appointment }.map(\.rawValue)
            let appointment = FollowUpKind.appointment.rawValue
            let policy = config.policy
            typealias Read = (calendar: PostgresQueryResult, work: PostgresQueryResult, pool: [String])
            let read = try link.transaction(readOnly: true) { () throws(PostgresStoreError) -> Read? in
                let ready = try link.run("SELECT summarized AND boarded FROM beback_desks WHERE desk = \(desk)").first
                guard (try? ready?.decode(Bool.self)) == true else { return nil }
                var zones: [String] = []
                for row in try link.run("SELECT DISTINCT zone FROM beback_leads WHERE desk = \(desk) AND idle_since IS NOT NULL") {
                    if let zone = try? row.decode(String?.self) { zones.append(zone) }
                }
                let cutoffs = zones.map { zone in
                    LeadBoardFacts.idleCutoff(policy: policy, zone: TimeZone(identifier: zone) ?? TimeZone(identifier: "UTC")!, now: period.now)
                        .timeIntervalSince1970
                }
                let sod = startOfToday.timeIntervalSince1970, eod = endOfToday.timeIntervalSince1970
                let calendarRows = try link.run(
                    """
                    SELECT l.owner, count(*), count(*) FILTER (WHERE l.is_open),
                           count(*) FILTER (WHERE l.is_open AND l.due >= \(sod) AND l.due < \(eod)),
                           count(*) FILTER (WHERE l.is_open AND l.due >= \(sod) AND l.due < \(eod) AND l.kind = \(appointment)),
                           count(*) FILTER (WHERE l.is_open AND l.due >= \(sod) AND l.due < \(eod) AND l.kind = ANY(\(exact)::text[])),
                           count(*) FILTER (WHERE l.is_open AND l.due < \(sod) AND NOT coalesce(l.worked, false)),
                           count(*) FILTER (WHERE l.is_open AND l.due < \(now) AND l.idle_since < c.cutoff)
                    FROM beback_leads l LEFT JOIN unnest(\(zones)::text[], \(cutoffs)::float8[]) AS c(zone, cutoff) ON c.zone = l.zone
                    WHERE l.desk = \(desk) GROUP BY l.owner
                    """)
                let workRows = try link.run(
                    """
                    SELECT rep, bool_or(touches > 0), bool_and(slot <> \(nowSlot) OR last_at <= \(now)),
                           coalesce(sum(touches) FILTER (WHERE slot >= \(sinceSlot) AND slot <= \(nowSlot)), 0),
                           coalesce(sum(contacts) FILTER (WHERE slot >= \(sinceSlot) AND slot <= \(nowSlot)), 0),
                           coalesce(sum(appointments) FILTER (WHERE slot >= \(sinceSlot) AND slot <= \(nowSlot)), 0),
                           coalesce(sum(wins) FILTER (WHERE slot >= \(sinceSlot) AND slot <= \(nowSlot)), 0),
                           ARRAY[\(unescaped: weekColumns)]::bigint[]
                    FROM beback_rep_work WHERE desk = \(desk) AND rep <> \(pool) GROUP BY rep
                    """)
                let poolRow = try link.run("SELECT array_agg(lead) FROM beback_leads WHERE desk = \(desk) AND owner = \(pool) AND is_open").first
                let poolLeads = (try? poolRow?.decode([String]?.self)) ?? nil
                return (calendarRows, workRows, poolLeads ?? [])
            }
            guard let read else { return nil }
            var figures = TeamBoardFigures(rows: [:], owners: [], actors: [], poolLeads: 0)
            var weekly: [RepName: [Int]] = [:]
            do {
                for row in read.calendar {
                    let (owner, all, open, dueToday, appointments, callbacks, overdue, idle) = try row.decode(
                        (String, Int64, Int64, Int64, Int64, Int64, Int64, Int64).self)
                    let rep = RepName(owner)
                    guard all > 0 else { continue }
                    figures.owners.insert(rep)
                    if rep == DeskConfig.poolOwner {
                        figures.poolLeads = Int(open)
                        continue
                    }
                    var board = figures.rows[rep] ?? BoardRow(rep: rep)
                    board.openLeads = Int(open)
                    board.dueToday = Int(dueToday)
                    board.appointmentsToday = Int(appointments)
                    board.callbacksToday = Int(callbacks)
                    board.overdue = Int(overdue)
                    board.idle = Int(idle)
                    figures.rows[rep] = board
                }
                for row in read.work {
                    let (name, ever, exactNow, touches, contacts, appointments, wins, weeks) = try row.decode(
                        (String, Bool, Bool, Int64, Int64, Int64, Int64, [Int64]).self)
                    // A touch later than `now` in now's quarter hour: the tally cannot say which touches count.
                    guard exactNow else { return nil }
                    let rep = RepName(name)
                    if ever { figures.actors.insert(rep) }
                    var board = figures.rows[rep] ?? BoardRow(rep: rep)
                    board.touches = Int(touches)
                    board.contacts = Int(contacts)
                    board.appointmentsSet = Int(appointments)
                    board.wins = Int(wins)
                    figures.rows[rep] = board
                    weekly[rep] = weeks.map { Int($0) }
                }
            } catch {
                throw .refused(address: address.description, detail: "cannot read the board's figures: \(error)", sqlState: "?")
            }
            let poolState = DeskState(replaying: try leadEntries(read.pool).map(\.event))
            let poolLeads = read.pool.compactMap { poolState.leads[LeadID($0)] }
            return PostgresTeamFigures(figures: figures, weekly: weekly, pool: poolLeads)
        }
    }
#endif
