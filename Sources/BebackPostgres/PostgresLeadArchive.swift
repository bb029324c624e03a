#if Postgres
    import BebackDomain
    import BebackStore
    import Foundation
    import PostgresNIO

    /// The leads of a desk opened from the summary table: each list line from its row, each lead's
    /// history read by the entries' lead index when the lead is shown (only the entries stored when the
    /// desk opened: later ones come by `poll` and are folded on top).
    ///
    /// Opened for one rep (`focus`: the rep and the pool), the rows are only theirs (the owner index);
    /// any other lead (one an entry after the open names) is read by its id (`leadOutside`), the find
    /// index reads the others in batches (`forEachLeadOutside`), and the desk-wide do-not-contact list
    /// asks the table which other leads may be on it (`doNotContactLeads`).
    ///
    /// The store's connection belongs to the desk's thread, so only that thread reads through it; a
    /// read from any other thread (the leads read ahead of the selection, the find index's pass over
    /// every lead) goes through the archive's own second connection, opened on first use. No lock is
    /// held while a read waits for the server: a key never waits for a background read.
    final class PostgresLeadArchive: LeadArchive, @unchecked Sendable {
        let rows: [PostgresLeadRow]
        let directory: [ArchivedLead]
        private let store: PostgresEventStore
        private let marks: [JournalName: UInt64]
        /// Guards `cache`, `failures` and `window` (never held during a read).
        private let lock = NSLock()
        private var cache: [Int: LeadState] = [:]
        private var failures: [String] = []
        /// The second connection, for reads off the desk's thread, one at a time.
        private let reader: PostgresLink
        private let readerLock = NSLock()
        /// The leads of the last batch a pass over every lead read (not kept beyond the next batch).
        private var window: [Int: LeadState] = [:]
        /// The thread that opened the desk: the one whose reads use the store's connection.
        private let deskThread: Thread
        /// The desk's list as positions, and each listed position's place in it (`listOrder`).
        private var listed: [Int] = []
        private var listedPlace: [Int: Int] = [:]
        /// The owners whose rows `rows` holds (nil: every row).
        let focus: [RepName]?
        /// Leads found outside the directory, by id (nil: looked for, not there); guarded by `lock`.
        private var outside: [LeadID: LeadState?] = [:]

        /// How many listed neighbours a read the desk waits for takes along: a few above, more below
        /// (the rep moves down the list).
        static let neighboursBefore = 2
        static let neighboursAfter = 6

        /// How many leads one read of a pass over every lead asks for.
        static let passBatch = 500

        init(rows: [PostgresLeadRow], store: PostgresEventStore, marks: [JournalName: UInt64], focus: [RepName]? = nil) {
            self.rows = rows
            self.focus = focus
            directory = rows.map(\.archived)
            self.store = store
            self.marks = marks
            reader = PostgresLink(address: store.address, listening: false)
            deskThread = Thread.current
        }

        deinit { reader.close() }

        /// The leads at these positions folded from their entries (those stored when the desk opened),
        /// through the store's connection on the desk's thread, the archive's own elsewhere.
        private func read(_ positions: [Int]) throws(PostgresStoreError) -> [Int: LeadState] {
            let folded = try fold(positions.map { rows[$0].lead })
            var found: [Int: LeadState] = [:]
            for position in positions {
                if let lead = folded.leads[LeadID(rows[position].lead)] { found[position] = lead }
            }
            return found
        }

        /// The leads with these ids folded from their entries stored when the desk opened (in one read).
        private func fold(_ ids: [String]) throws(PostgresStoreError) -> DeskState {
            let events: [StoredEvent]
            if Thread.current == deskThread {
                events = try store.leadEntries(ids, within: marks)
            } else {
                readerLock.lock()
                defer { readerLock.unlock() }
                events = try store.leadEntries(ids, within: marks, through: reader)
            }
            return DeskState(replaying: events.map(\.event))
        }

        /// One query through the connection this thread may use.
        private func query(_ query: PostgresQuery) throws(PostgresStoreError) -> PostgresQueryResult {
            if Thread.current == deskThread { return try store.link.run(query) }
            readerLock.lock()
            defer { readerLock.unlock() }
            return try reader.run(query)
        }

        /// The ids a query's one row of `array_agg(lead)` holds, sorted as lead ids sort.
        private func leadIDs(_ sql: PostgresQuery) throws(PostgresStoreError) -> [LeadID] {
            let result = try query(sql)
            do {
                guard let row = result.first else { return [] }
                return (try row.decode([String]?.self) ?? []).map { LeadID($0) }.sorted()
            } catch {
                throw .refused(address: store.address.description, detail: "cannot read the leads' ids: \(error)", sqlState: "?")
            }
        }

        var holdsPartOfDesk: Bool { focus != nil }

        /// Whether the directory lists `id` (it is sorted by id).
        private func isListed(_ id: LeadID) -> Bool {
            var low = 0, high = directory.count
            while low < high {
                let middle = (low + high) / 2
                if directory[middle].id < id { low = middle + 1 } else { high = middle }
            }
            return low < directory.count && directory[low].id == id
        }

        /// Reads these leads outside the directory in one read and keeps them (those not found: nil).
        private func readOutside(_ ids: [LeadID]) -> [LeadID: LeadState?] {
            let folded: DeskState
            do { folded = try fold(ids.map(\.rawValue)) } catch {
                lock.withLock { failures.append("lead \(ids.first?.rawValue ?? "?"): \(error)") }
                return [:]
            }
            var found: [LeadID: LeadState?] = [:]
            for id in ids { found[id] = .some(folded.leads[id]) }
            lock.withLock { outside.merge(found) { kept, _ in kept } }
            return found
        }

        func leadOutside(_ id: LeadID) -> LeadState? {
            guard holdsPartOfDesk else { return nil }
            if let found = lock.withLock({ outside[id] }) { return found }
            return readOutside([id])[id] ?? nil
        }

        func forEachLeadOutside(skipping skip: (LeadID) -> Bool, _ body: (LeadState) -> Void) {
            guard holdsPartOfDesk else { return }
            let desk = store.address.desk
            let all: [LeadID]
            do { all = try leadIDs("SELECT array_agg(lead) FROM beback_leads WHERE desk = \(desk)") } catch {
                lock.withLock { failures.append("the desk's other leads: \(error)") }
                return
            }
            let wanted = all.filter { !isListed($0) && !skip($0) }
            var start = 0
            while start < wanted.count {
                let batch = Array(wanted[start..<min(start + Self.passBatch, wanted.count)])
                start += batch.count
                // Off the desk's thread, each batch waits for a pause in the typing (as `transientLead`).
                if Thread.current != deskThread { store.activity.waitForQuiet(atMost: 1) }
                let kept = lock.withLock { batch.map { outside[$0] } }
                let missing = zip(batch, kept).filter { $0.1 == nil }.map(\.0)
                let folded: DeskState
                do { folded = try fold(missing.map(\.rawValue)) } catch {
                    lock.withLock { failures.append("lead \(batch[0].rawValue): \(error)") }
                    return
                }
                for (id, known) in zip(batch, kept) {
                    if let lead = known ?? folded.leads[id] { body(lead) }
                }
            }
        }

        /// The leads of the whole desk that may be on the do-not-contact list: closed and not lost
        /// (a lead asked not to be contacted stays at that stage), those outside the directory read
        /// now in one go and kept, so the list's reads of them by id wait for nothing.
        var doNotContactLeads: [LeadID] {
            guard holdsPartOfDesk else { return [] }
            let desk = store.address.desk
            let lost = LeadStage.lost.rawValue
            let ids: [LeadID]
            do {
                ids = try leadIDs("SELECT array_agg(lead) FROM beback_leads WHERE desk = \(desk) AND NOT is_open AND stage <> \(lost)")
            } catch {
                lock.withLock { failures.append("the do-not-contact leads: \(error)") }
                return []
            }
            let unread = lock.withLock { ids.filter { outside[$0] == nil && !isListed($0) } }
            var start = 0
            while start < unread.count {
                let batch = Array(unread[start..<min(start + Self.passBatch, unread.count)])
                start += batch.count
                _ = readOutside(batch)
            }
            return ids
        }

        func lead(at position: Int) -> LeadState? {
            // A lead not read yet: its listed neighbours not read yet come in the same round trip.
            let batch: [Int]? = lock.withLock {
                guard cache[position] == nil else { return nil }
                guard let place = listedPlace[position] else { return [position] }
                let around = listed[max(0, place - Self.neighboursBefore)..<min(listed.count, place + Self.neighboursAfter + 1)]
                return [position] + around.filter { $0 != position && cache[$0] == nil }
            }
            guard let batch else { return lock.withLock { cache[position] } }
            let found: [Int: LeadState]
            do { found = try read(batch) } catch {
                lock.withLock { failures.append("lead \(rows[position].lead): \(error)") }
                return nil
            }
            return lock.withLock {
                cache.merge(found) { kept, _ in kept }
                guard let lead = cache[position] else {
                    failures.append("lead \(rows[position].lead): its entries do not fold to a lead")
                    return nil
                }
                return lead
            }
        }

        func listOrder(_ positions: [Int]) {
            var places: [Int: Int] = [:]
            places.reserveCapacity(positions.count)
            for (place, position) in positions.enumerated() where places[position] == nil { places[position] = place }
            lock.withLock {
                listed = positions
                listedPlace = places
            }
        }

        /// Reads these leads whole and keeps them (one query), off the desk's thread: the leads the
        /// desk is about to show, so the key that shows one finds it read.
        func readAhead(_ positions: [Int]) {
            let missing = lock.withLock { positions.filter { cache[$0] == nil } }
            var start = 0
            while start < missing.count {
                let chunk = Array(missing[start..<min(start + Self.passBatch, missing.count)])
                start += chunk.count
                guard let found = try? read(chunk) else { return }
                lock.withLock { cache.merge(found) { kept, _ in kept } }
            }
        }

        /// A pass over every lead (the find index) reads them in batches in position order, through
        /// the archive's own connection, and keeps only the current batch.
        func transientLead(at position: Int) -> LeadState? {
            if let lead = lock.withLock({ cache[position] ?? window[position] }) { return lead }
            // Off the desk's thread, each batch waits for a pause in the typing (a second at most), so
            // the reads and the server's work for them do not share the cores with the rep's keys and saves.
            if Thread.current != deskThread { store.activity.waitForQuiet(atMost: 1) }
            let batch = Array(position..<min(position + Self.passBatch, rows.count))
            do {
                let found = try read(batch)
                lock.withLock { window = found }
                guard let lead = found[position] else {
                    lock.withLock { failures.append("lead \(rows[position].lead): its entries do not fold to a lead") }
                    return nil
                }
                return lead
            } catch {
                lock.withLock { failures.append("lead \(rows[position].lead): \(error)") }
                return nil
            }
        }

        var readsOverNetwork: Bool { true }

        func summary(at position: Int) -> LeadSummary? { rows[position].summary }

        func nextFollowUp(at position: Int) -> FollowUp? { rows[position].isOpen ? rows[position].next : nil }

        var problems: [String] { lock.withLock { failures } }
    }

    extension PostgresEventStore {
        /// Opens the desk from the summary table (the rep's and the pool's rows when `openFocus` names
        /// the rep, every row otherwise) without reading the entries; nil when the table is incomplete (an import not
        /// yet rebuilt) or `summaryOpen` is off: the desk then replays every entry.
        public func openDesk(appVersion: String) throws -> DeskLoad? {
            guard summaryOpen else { return nil }
            cursors = [:]
            problems = []
            ownEvents = []
            let desk = address.desk
            let focus = openFocus.map { [$0, DeskConfig.poolOwner] }
            do {
                _ = link.wake.take()
                lastFullCheck = Date()
                let opened = try link.transaction(readOnly: true) {
                    () throws(PostgresStoreError) -> ([JournalName: JournalCursor], [PostgresLeadRow], Double?)? in
                    let ready = try link.run("SELECT summarized FROM beback_desks WHERE desk = \(desk)").first
                    guard (try? ready?.decode(Bool.self)) == true else { return nil }
                    var cursors: [JournalName: JournalCursor] = [:]
                    var lastAt: Double?
                    for row in try link.run(
                        "SELECT journal, salt, header, last_seq, last_chain, last_end, last_at FROM beback_journals WHERE desk = \(desk)")
                    {
                        guard
                            let (name, salt, header, lastSequence, lastChain, lastEnd, at) = try? row.decode(
                                (String, Int64, String, Int64, Int64, Int64, Double?).self),
                            let journal = JournalName(fileName: name)
                        else { continue }
                        if let at, lastAt.map({ at > $0 }) ?? true { lastAt = at }
                        var cursor = JournalCursor(salt: UInt64(bitPattern: salt), header: Array((header + "\n").utf8))
                        cursor.lastSequence = UInt64(bitPattern: lastSequence)
                        cursor.nextPrevious = UInt64(bitPattern: lastChain)
                        cursor.end = Int(lastEnd)
                        cursors[journal] = cursor
                    }
                    return (cursors, try readSummaryRows(owners: focus), lastAt)
                }
                outage = nil
                guard let (journals, rows, lastAt) = opened else { return nil }
                cursors = journals
                let newest = rows.map(\.lastOrder).max() ?? 0
                latestOrder = max(latestOrder, UInt64(clamping: newest))
                let archive = PostgresLeadArchive(rows: rows, store: self, marks: journals.mapValues(\.lastSequence), focus: focus)
                let entries = journals.values.reduce(0) { $0 + Int($1.lastSequence) }
                let state = DeskState(
                    archive: archive, orphanEvents: [], unknownEventCount: 0, eventCount: entries,
                    lastEventAt: lastAt.map { Date(timeIntervalSince1970: $0) }, revokedEvents: [])
                return DeskLoad(state: state, archive: archive)
            } catch {
                noteOutage(error)
                throw error
            }
        }
    }
#endif
