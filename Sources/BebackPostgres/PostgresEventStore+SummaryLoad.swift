#if Postgres
    import BebackDomain
    import BebackStore
    import Foundation
    import PostgresNIO

    /// The summary table of a desk just migrated into the database, written share by share (a share
    /// of its leads at a time, so a floor's entries are never all in memory) and checked as it goes.
    extension PostgresEventStore {
        /// Deletes the desk's summary rows (the desk stays marked incomplete until `finishSummaries`).
        public func clearSummaries() throws(PostgresStoreError) {
            let desk = address.desk
            try link.transaction { () throws(PostgresStoreError) in
                try markUnsummarized()
                try link.run("DELETE FROM beback_leads WHERE desk = \(desk)")
                if boardSchema { try link.run("DELETE FROM beback_rep_work WHERE desk = \(desk)") }
            }
        }

        /// Writes the rows a replay of some leads' entries gave, in one transaction, then reads those
        /// leads' rows back and returns how they differ from the replay (empty when they do not).
        /// With `tally` (the touches of those leads, by rep and quarter hour), adds it to the desk's tally
        /// in the same transaction: shares hold different leads, so their tallies add up to the desk's.
        public func writeSummaryShare(_ rows: [PostgresLeadRow], tally: WorkTally? = nil) throws(PostgresStoreError) -> [String] {
            try link.transaction { () throws(PostgresStoreError) in
                var start = 0
                while start < rows.count {
                    try upsertSummaries(Array(rows[start..<min(start + 10_000, rows.count)]))
                    start += 10_000
                }
                if boardSchema, let tally {
                    let counts = tally.counts.filter { !$0.value.isZero }.sorted { $0.key < $1.key }
                    start = 0
                    while start < counts.count {
                        try addToTally(Dictionary(uniqueKeysWithValues: counts[start..<min(start + 10_000, counts.count)].map { ($0.key, $0.value) }))
                        start += 10_000
                    }
                }
            }
            let stored = try link.transaction(readOnly: true) { () throws(PostgresStoreError) in
                try readSummaryRows(owners: nil, leads: rows.map(\.lead))
            }
            return Self.compare(expected: rows, actual: stored)
        }

        /// Folds a share of the leads from all their entries (in any order: sorted here by moving
        /// indices, not the entries), writes their rows and reads them back (`writeSummaryShare`); how
        /// many leads. Throws at the first row that differs from the fold.
        public func foldAndWrite(_ events: [StoredEvent]) throws(PostgresStoreError) -> Int {
            var trace = LoadTrace(link: link)
            let ordered = Self.replayOrdered(events)
            trace.done("summary rows: \(events.count) entries sorted into replay order")
            let state = DeskState(replaying: ordered.map(\.event))
            let rows = Self.summaryRows(of: state, replaying: ordered)
            let tally = WorkTally(leads: state.leads.values)
            trace.done("summary rows: \(rows.count) leads folded")
            if let difference = try writeSummaryShare(rows, tally: tally).first {
                throw .migration("the summary table at \(address) differs from a replay: \(difference)")
            }
            trace.done("summary rows written, read back and compared")
            return rows.count
        }

        /// The entries in replay order (`StoredEvent.replayOrder`), sorted by integer keys: each journal
        /// is ranked once, where the entries change journal, not compared by name at every step.
        static func replayOrdered(_ events: [StoredEvent]) -> [StoredEvent] {
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
            return keys.map { events[$0.index] }
        }

        /// Marks the summary table complete once it holds exactly `count` rows for the desk.
        public func finishSummaries(count: Int) throws(PostgresStoreError) {
            let desk = address.desk
            try link.transaction { () throws(PostgresStoreError) in
                let held = try link.run("SELECT count(*) FROM beback_leads WHERE desk = \(desk)").first
                guard let held = try? held?.decode(Int64.self), held == Int64(count) else {
                    throw .migration("the summary table holds other leads than a replay of the entries gives")
                }
                // The board's columns and tally were written with the rows (schema 8 and later).
                try link.run("UPDATE beback_desks SET summarized = true\(unescaped: boardSchema ? ", boarded = true" : "") WHERE desk = \(desk)")
            }
        }
    }
#endif
