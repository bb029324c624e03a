#if Postgres
    import BebackDomain
    import BebackStore
    import Foundation
    import PostgresNIO

    /// The summary table of a desk just migrated into the database, written share by share (a share
    /// of its leads at a time, so a floor's entries are never all in memory) and checked as it goes.
    extension PostgresEventStore {
        /// Starts a migrated desk's query model afresh: deletes its summary rows and tally, and creates the
        /// empty tables that `writeSummaryShare` fills and `finishSummaries` attaches as the desk's own
        /// partitions of `beback_leads` and `beback_rep_work` (`PostgresSummaryPartitionSchema`); any left by a
        /// migrate that died are dropped first. The desk stays marked incomplete until `finishSummaries`.
        /// Only the tables' owner may.
        public func clearSummaries() throws(PostgresStoreError) {
            let desk = address.desk
            let tables = try summaryPartitions()
            try link.transaction { () throws(PostgresStoreError) in
                try markUnsummarized()
                try link.run("DELETE FROM beback_leads WHERE desk = \(desk)")
                if boardSchema { try link.run("DELETE FROM beback_rep_work WHERE desk = \(desk)") }
                for (table, parent) in [(tables.leads, "beback_leads"), (tables.tally, "beback_rep_work")] {
                    try link.run("DROP TABLE IF EXISTS \(unescaped: table)")
                    try Self.createDeskTable(table, like: parent, desk: desk, on: link)
                }
            }
        }

        /// Creates `table` (quoted) as a desk's own partition of `parent` before it is attached: the
        /// parent's columns, defaults and checks, a check that every row is the desk's, and row-level
        /// security with no policy and no grant (only the tables' owner reads or writes it directly).
        static func createDeskTable(_ table: String, like parent: String, desk: String, on link: PostgresLink) throws(PostgresStoreError) {
            try link.run(
                """
                CREATE TABLE \(unescaped: table) (LIKE \(unescaped: parent) INCLUDING DEFAULTS INCLUDING CONSTRAINTS,
                    CONSTRAINT \(unescaped: parent)_desk CHECK (desk = \(unescaped: "'\(desk)'")))
                """)
            try link.run("ALTER TABLE \(unescaped: table) ENABLE ROW LEVEL SECURITY")
            try link.run("REVOKE ALL ON \(unescaped: table) FROM PUBLIC")
        }

        /// The role that owns the tables (`beback_entries`), as SQL names it.
        func tablesOwnerRole() throws(PostgresStoreError) -> String {
            let owner = try link.run("SELECT relowner::regrole::text FROM pg_class WHERE oid = 'beback_entries'::regclass").first
            guard let role = try? owner?.decode(String.self) else {
                throw .refused(address: address.description, detail: "cannot tell who owns beback_entries", sqlState: "?")
            }
            return role
        }

        /// The desk's own summary and tally partitions, quoted; refuses a desk name that cannot name one.
        func summaryPartitions() throws(PostgresStoreError) -> (leads: String, tally: String) {
            let desk = address.desk
            guard desk.range(of: "^[A-Za-z0-9_.-]{1,40}$", options: .regularExpression) != nil else {
                throw .migration("the desk name '\(desk)' cannot name a partition")
            }
            return (PostgresSummaryPartitionSchema.partition(desk: desk), PostgresSummaryPartitionSchema.tallyPartition(desk: desk))
        }

        /// Writes the rows a replay of some leads' entries gave into the desk's new summary table
        /// (`clearSummaries`) by COPY, in one transaction, then reads those leads' rows back and returns
        /// how they differ from the replay (empty when they do not). With `tally` (the touches of those
        /// leads, by rep and quarter hour), copies it into the desk's new tally table in the same
        /// transaction: shares hold different leads, so their tallies add up to the desk's
        /// (`indexSummaries(merging:)` adds them).
        public func writeSummaryShare(_ rows: [PostgresLeadRow], tally: WorkTally? = nil) throws(PostgresStoreError) -> [String] {
            let desk = address.desk
            let tables = try summaryPartitions()
            var trace = LoadTrace(link: link)
            try link.transaction { () throws(PostgresStoreError) in
                if !rows.isEmpty {
                    let data = PostgresLeadRow.copyRows(rows, desk: desk, board: boardSchema)
                    try link.copy(
                        into: PostgresSummaryPartitionSchema.partitionName(desk: desk), columns: PostgresLeadRow.copyColumns(board: boardSchema),
                        data: ByteBuffer(bytes: data))
                }
                if boardSchema, let tally {
                    try link.copy(
                        into: PostgresSummaryPartitionSchema.tallyPartitionName(desk: desk), columns: WorkTally.copyColumns,
                        data: ByteBuffer(bytes: tally.copyRows(desk: desk)))
                }
            }
            trace.done("summary rows: \(rows.count) written")
            let stored = try link.transaction(readOnly: true) { () throws(PostgresStoreError) in
                try readSummaryRows(owners: nil, leads: rows.map(\.lead), from: tables.leads)
            }
            trace.done("summary rows: read back")
            return Self.compare(expected: rows, actual: stored)
        }

        /// Builds the keys and indexes of the desk's new summary and tally tables (those of the partitioned
        /// tables, so the attach takes them as they are): once, after the last share, and while the entries
        /// may still be loading. `merging`: the tally was written in shares, whose slots are added up first.
        public func indexSummaries(merging: Bool) throws(PostgresStoreError) {
            let tally = try summaryPartitions().tally
            let saved = link.statementTimeout
            link.statementTimeout = .seconds(3600)
            defer { link.statementTimeout = saved }
            var trace = LoadTrace(link: link)
            try link.transaction { () throws(PostgresStoreError) in
                try link.run("SET LOCAL maintenance_work_mem = '256MB'")
                if merging {
                    try link.run(
                        """
                        WITH shares AS (DELETE FROM \(unescaped: tally) RETURNING *)
                        INSERT INTO \(unescaped: tally) (desk, rep, slot, touches, contacts, appointments, wins, last_at)
                        SELECT desk, rep, slot, sum(touches), sum(contacts), sum(appointments), sum(wins), max(last_at)
                        FROM shares GROUP BY desk, rep, slot
                        """)
                }
                for statement in PostgresSummaryPartitionSchema.indexes(desk: address.desk) {
                    try link.run(PostgresQuery(unsafeSQL: statement))
                }
            }
            trace.done("summary rows: keys and indexes built")
        }

        /// Folds a share of the leads from all their entries (in any order: sorted here by moving
        /// indices, not the entries), writes their rows and reads them back (`writeSummaryShare`); how
        /// many leads. Throws at the first row that differs from the fold.
        public func foldAndWrite(_ events: [StoredEvent]) throws(PostgresStoreError) -> Int {
            var trace = LoadTrace(link: link)
            let plan = Self.foldPlan(events)
            trace.done("summary rows: \(events.count) entries sorted into replay order\(plan.byLead ? ", lead by lead" : "")")
            let (rows, tally) = Self.summaryFold(events, plan: plan)
            trace.done("summary rows: \(rows.count) leads folded")
            if let difference = try writeSummaryShare(rows, tally: tally).first {
                throw .migration("the summary table at \(address) differs from a replay: \(difference)")
            }
            trace.done("summary rows written, read back and compared")
            return rows.count
        }

        /// The positions of the entries in replay order (`StoredEvent.replayOrder`), sorted by integer
        /// keys: each journal is ranked once, where the entries change journal, not compared by name at
        /// every step; the entries themselves are not copied.
        package static func replayOrder(of events: [StoredEvent]) -> [Int] {
            var ranks: [JournalName: Int] = [:]
            var previous: JournalName?
            for event in events where event.journal != previous {
                ranks[event.journal] = 0
                previous = event.journal
            }
            for (rank, journal) in ranks.keys.sorted().enumerated() { ranks[journal] = rank }
            var keys: [(order: UInt64, journal: Int, sequence: UInt64, index: Int)] = []
            keys.reserveCapacity(events.count)
            var current: (JournalName, Int)?
            for (index, event) in events.enumerated() {
                let rank: Int
                if let current, current.0 == event.journal {
                    rank = current.1
                } else {
                    rank = ranks[event.journal] ?? 0
                    current = (event.journal, rank)
                }
                keys.append((event.order, rank, event.sequence, index))
            }
            keys.sort { ($0.order, $0.journal, $0.sequence) < ($1.order, $1.journal, $1.sequence) }
            return keys.map(\.index)
        }

        /// The order a share of entries is folded in (`foldPlan`), and what one pass over them found.
        package struct SummaryFoldPlan {
            /// The positions of the entries in the order they are folded.
            package var order: [Int]
            /// Whether `order` goes lead by lead (each lead's entries in replay order), or is the
            /// replay order of the whole share (when an undo withdraws an entry of another lead).
            package var byLead: Bool
            /// Each lead's number, and by number its newest causal order (its greatest).
            var numbers: [LeadID: Int]
            var newest: [UInt64]
            var captures: Int
        }

        /// How to fold these entries (in any order). A lead's fold depends only on its own entries in
        /// replay order, unless an undo withdraws an entry of another lead: without one, the entries
        /// are folded lead by lead, each lead's sorted into replay order (a few entries each, mostly in
        /// order already, instead of a sort of the whole share), and a lead's state stays in the
        /// processor's cache while its entries are applied.
        package static func foldPlan(_ events: [StoredEvent]) -> SummaryFoldPlan {
            let (leads, byLead, order) = events.withUnsafeBufferPointer { events in
                let leads = LeadNumbers(events)
                let byLead = !leads.undoCrossesLeads(events)
                return (leads, byLead, byLead ? leads.byLead(events) : [])
            }
            return SummaryFoldPlan(
                order: byLead ? order : replayOrder(of: events), byLead: byLead, numbers: leads.numbers, newest: leads.newest,
                captures: leads.captures)
        }

        /// The summary rows (sorted by lead id) and the tally of touches that folding `events` as
        /// `plan` says gives: the same as `summaryRows(replaying:)` and `WorkTally(leads:)` of the fold
        /// of the entries sorted, without copying them into that order or the folded leads out of it.
        package static func summaryFold(_ events: [StoredEvent], plan: SummaryFoldPlan) -> (rows: [PostgresLeadRow], tally: WorkTally) {
            var state = DeskState()
            state.leads.reserveCapacity(plan.captures)
            events.withUnsafeBufferPointer { events in
                for index in plan.order { state.apply(events[index].event) }
            }
            var rows: [PostgresLeadRow] = []
            rows.reserveCapacity(state.leads.count)
            var tally = WorkTally()
            // The fold is read once and dropped: its leads are read where they lie, not copied out.
            var table = LeadTable()
            swap(&table, &state.leads)
            table.forEachResidentInPlace { lead in
                rows.append(PostgresLeadRow(lead, lastOrder: plan.numbers[lead.id].map { plan.newest[$0] } ?? 0))
                tally.add(lead)
            }
            rows.sort { $0.lead < $1.lead }
            return (rows, tally)
        }

        /// The leads of a share of entries, numbered in one pass (one hash lookup per entry, none for
        /// an entry of the same lead as the one before): each entry's lead and journal rank, each
        /// lead's newest causal order, how many captures, and what the undos withdraw.
        struct LeadNumbers {
            var numbers: [LeadID: Int] = [:]
            var leadOf: [Int]
            var rankOf: [Int]
            var newest: [UInt64] = []
            var captures = 0
            /// Each entry an undo withdraws, and the lead of the undo (-1: undos of several leads).
            var withdrawn: [EventID: Int] = [:]

            init(_ events: UnsafeBufferPointer<StoredEvent>) {
                leadOf = Array(repeating: 0, count: events.count)
                rankOf = Array(repeating: 0, count: events.count)
                var ranks: [JournalName: Int] = [:]
                var previous: JournalName?
                for index in events.indices where events[index].journal != previous {
                    ranks[events[index].journal] = 0
                    previous = events[index].journal
                }
                for (rank, journal) in ranks.keys.sorted().enumerated() { ranks[journal] = rank }
                var journal: (name: JournalName, rank: Int)?
                var last: (lead: LeadID, number: Int)?
                for index in events.indices {
                    if let current = journal, current.name == events[index].journal {
                        rankOf[index] = current.rank
                    } else {
                        let rank = ranks[events[index].journal] ?? 0
                        journal = (events[index].journal, rank)
                        rankOf[index] = rank
                    }
                    let number: Int
                    if let last, last.lead == events[index].event.lead {
                        number = last.number
                    } else {
                        number = Self.number(&numbers[events[index].event.lead, default: newest.count])
                        if number == newest.count { newest.append(0) }
                        last = (events[index].event.lead, number)
                    }
                    leadOf[index] = number
                    newest[number] = max(newest[number], events[index].order)
                    switch events[index].event.payload {
                    case .captured: captures += 1
                    case .revoked(let target, _): withdrawn[target] = withdrawn[target].map { $0 == number ? number : -1 } ?? number
                    default: break
                    }
                }
            }

            private static func number(_ value: inout Int) -> Int { value }

            /// Whether an undo withdraws an entry of another lead than its own (the fold then goes in
            /// replay order across leads: the withdrawn entry is skipped only after the undo).
            func undoCrossesLeads(_ events: UnsafeBufferPointer<StoredEvent>) -> Bool {
                guard !withdrawn.isEmpty else { return false }
                for index in events.indices {
                    if let lead = withdrawn[events[index].event.id], lead != leadOf[index] { return true }
                }
                return false
            }

            /// The positions of the entries lead by lead, each lead's in replay order (causal order,
            /// journal, sequence; then position, as the sort of the whole share keeps ties).
            func byLead(_ events: UnsafeBufferPointer<StoredEvent>) -> [Int] {
                var starts = [Int](repeating: 0, count: newest.count + 1)
                for lead in leadOf { starts[lead + 1] += 1 }
                for lead in newest.indices { starts[lead + 1] += starts[lead] }
                var order = [Int](repeating: 0, count: events.count)
                var next = starts
                for index in events.indices {
                    order[next[leadOf[index]]] = index
                    next[leadOf[index]] += 1
                }
                order.withUnsafeMutableBufferPointer { order in
                    for lead in newest.indices where starts[lead + 1] - starts[lead] > 1 {
                        var entries = UnsafeMutableBufferPointer(rebasing: order[starts[lead]..<starts[lead + 1]])
                        entries.sort { precedes($0, $1, in: events) }
                    }
                }
                return order
            }

            private func precedes(_ one: Int, _ other: Int, in events: UnsafeBufferPointer<StoredEvent>) -> Bool {
                if events[one].order != events[other].order { return events[one].order < events[other].order }
                if rankOf[one] != rankOf[other] { return rankOf[one] < rankOf[other] }
                if events[one].sequence != events[other].sequence { return events[one].sequence < events[other].sequence }
                return one < other
            }
        }

        /// After a migrate into this desk failed (its entries were rolled back): drops the desk's new summary
        /// and tally tables unless they were attached, and with `dropDesk` (the migrate created the desk)
        /// the desk itself when no journal of it is stored, so a failed migrate leaves nothing behind.
        public func discardLoad(dropDesk: Bool) throws(PostgresStoreError) {
            let desk = address.desk
            let tables = try summaryPartitions()
            try link.transaction { () throws(PostgresStoreError) in
                for table in [tables.leads, tables.tally] {
                    let attached = try link.run("SELECT relispartition FROM pg_class WHERE oid = to_regclass(\(table))").first
                    if (try? attached?.decode(Bool.self)) == false { try link.run("DROP TABLE \(unescaped: table)") }
                }
                if dropDesk {
                    try link.run(
                        """
                        DELETE FROM beback_desks d WHERE d.desk = \(desk)
                            AND NOT EXISTS (SELECT 1 FROM beback_journals j WHERE j.desk = d.desk)
                            AND NOT EXISTS (SELECT 1 FROM beback_leads l WHERE l.desk = d.desk)
                            AND NOT EXISTS (SELECT 1 FROM beback_rep_work w WHERE w.desk = d.desk)
                            AND NOT EXISTS (SELECT 1 FROM beback_desk_files f WHERE f.desk = d.desk)
                            AND NOT EXISTS (SELECT 1 FROM beback_rep_roles r WHERE r.desk = d.desk)
                        """)
                }
            }
        }

        /// Marks the summary table complete once the desk's new summary table holds exactly `count` rows:
        /// attaches it and the new tally table as the desk's partitions (building any index
        /// `indexSummaries` did not), each in a transaction of its own, then marks the desk summarized (until
        /// then desks replay its entries, whatever is attached).
        public func finishSummaries(count: Int) throws(PostgresStoreError) {
            let desk = address.desk
            let tables = try summaryPartitions()
            let saved = link.statementTimeout
            link.statementTimeout = .seconds(3600)
            defer { link.statementTimeout = saved }
            let held = try link.transaction(readOnly: true) { () throws(PostgresStoreError) in
                try link.run("SELECT count(*) FROM \(unescaped: tables.leads)").first
            }
            guard let held = try? held?.decode(Int64.self), held == Int64(count) else {
                throw .migration("the summary table holds other leads than a replay of the entries gives")
            }
            for (table, parent) in [(tables.leads, "beback_leads"), (tables.tally, "beback_rep_work")] {
                // An attach holds the default partition (other desks' rows, which their appends write) while it
                // checks that none of them is this desk's. The desks' table is locked first, as a schema-10
                // attach (which added a foreign key to it) had to: an attach that held the default partition
                // while it waited for another migrate (whose transaction holds the desks' table while it waits
                // for appends) deadlocked with them.
                do throws(PostgresStoreError) {
                    try link.transaction { () throws(PostgresStoreError) in
                        try link.run("LOCK TABLE beback_desks IN SHARE ROW EXCLUSIVE MODE")
                        try link.run("ALTER TABLE \(unescaped: parent) ATTACH PARTITION \(unescaped: table) FOR VALUES IN (\(unescaped: "'\(desk)'"))")
                    }
                } catch {
                    guard case .refused(_, let detail, "55P03") = error else { throw error }
                    throw .migration(
                        "the desk's summary rows could not be attached (\(detail)): other sessions held \(parent) longer than lock_timeout; the entries are stored, run 'beback rebuild' (or migrate again into a new desk)"
                    )
                }
            }
            // The board's columns and tally were written with the rows (schema 8 and later).
            _ = try link.transaction { () throws(PostgresStoreError) in
                try link.run("UPDATE beback_desks SET summarized = true\(unescaped: boardSchema ? ", boarded = true" : "") WHERE desk = \(desk)")
            }
        }
    }
#endif
