#if Postgres
    import BebackDomain
    import BebackStore
    import Foundation

    /// The leads of a desk opened from the summary table: each list line from its row, each lead's
    /// history read by the entries' lead index when the lead is shown (only the entries stored when the
    /// desk opened: later ones come by `poll` and are folded on top). Used on the desk's own thread.
    final class PostgresLeadArchive: LeadArchive, @unchecked Sendable {
        let rows: [PostgresLeadRow]
        let directory: [ArchivedLead]
        private let store: PostgresEventStore
        private let marks: [JournalName: UInt64]
        private let lock = NSLock()
        private var cache: [Int: LeadState] = [:]
        private var failures: [String] = []

        init(rows: [PostgresLeadRow], store: PostgresEventStore, marks: [JournalName: UInt64]) {
            self.rows = rows
            directory = rows.map(\.archived)
            self.store = store
            self.marks = marks
        }

        /// Where the next read in directory order would start, and how many leads it reads at once:
        /// one lead when the desk shows one, more and more when something walks every lead in order.
        private var nextInOrder = -1
        private var batch = 1

        func lead(at position: Int) -> LeadState? {
            lock.lock()
            defer { lock.unlock() }
            if let cached = cache[position] { return cached }
            batch = position == nextInOrder ? min(batch * 4, 2048) : 1
            let positions = (position..<min(position + batch, rows.count)).filter { cache[$0] == nil }
            nextInOrder = position + batch
            let ids = positions.map { rows[$0].lead }
            do {
                let events = try store.leadEntries(ids, within: marks)
                let folded = DeskState(replaying: events.map(\.event))
                for index in positions {
                    if let lead = folded.leads[LeadID(rows[index].lead)] { cache[index] = lead }
                }
            } catch {
                failures.append("lead \(rows[position].lead): \(error)")
                return nil
            }
            guard let lead = cache[position] else {
                failures.append("lead \(rows[position].lead): its entries do not fold to a lead")
                return nil
            }
            return lead
        }

        func summary(at position: Int) -> LeadSummary? { rows[position].summary }

        func nextFollowUp(at position: Int) -> FollowUp? { rows[position].isOpen ? rows[position].next : nil }

        var problems: [String] {
            lock.lock()
            defer { lock.unlock() }
            return failures
        }
    }

    extension PostgresEventStore {
        /// Opens the desk from the summary table (one rep's rows when `openFocus` names the rep, every
        /// row otherwise) without reading the entries; nil when the table is incomplete (an import not
        /// yet rebuilt) or `summaryOpen` is off: the desk then replays every entry.
        public func openDesk(appVersion: String) throws -> DeskLoad? {
            guard summaryOpen else { return nil }
            cursors = [:]
            problems = []
            ownEvents = []
            let desk = address.desk
            let focus = openFocus
            do {
                _ = link.wake.take()
                lastFullCheck = Date()
                let opened = try link.transaction(readOnly: true) { () throws(PostgresStoreError) -> ([JournalName: JournalCursor], [PostgresLeadRow])? in
                    let ready = try link.run("SELECT summarized FROM beback_desks WHERE desk = \(desk)").first
                    guard (try? ready?.decode(Bool.self)) == true else { return nil }
                    var cursors: [JournalName: JournalCursor] = [:]
                    for row in try link.run("SELECT journal, salt, header, last_seq, last_chain, last_end FROM beback_journals WHERE desk = \(desk)") {
                        guard let (name, salt, header, lastSequence, lastChain, lastEnd) = try? row.decode((String, Int64, String, Int64, Int64, Int64).self),
                            let journal = JournalName(fileName: name)
                        else { continue }
                        var cursor = JournalCursor(salt: UInt64(bitPattern: salt), header: Array((header + "\n").utf8))
                        cursor.lastSequence = UInt64(bitPattern: lastSequence)
                        cursor.nextPrevious = UInt64(bitPattern: lastChain)
                        cursor.end = Int(lastEnd)
                        cursors[journal] = cursor
                    }
                    return (cursors, try readSummaryRows(owner: focus))
                }
                outage = nil
                guard let (journals, rows) = opened else { return nil }
                cursors = journals
                let newest = rows.map(\.lastOrder).max() ?? 0
                latestOrder = max(latestOrder, UInt64(clamping: newest))
                let archive = PostgresLeadArchive(rows: rows, store: self, marks: journals.mapValues(\.lastSequence))
                let entries = journals.values.reduce(0) { $0 + Int($1.lastSequence) }
                let state = DeskState(
                    archive: archive, orphanEvents: [], unknownEventCount: 0, eventCount: entries,
                    lastEventAt: newest > 0 ? Date(timeIntervalSince1970: Double(newest) / 1000) : nil, revokedEvents: [])
                return DeskLoad(state: state, archive: archive)
            } catch {
                noteOutage(error)
                throw error
            }
        }
    }
#endif
