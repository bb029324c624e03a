#if Postgres
    import BebackCodec
    import BebackDomain
    import BebackStore
    import Foundation
    import PostgresNIO

    /// The desk's events in PostgreSQL: one append-only table of journal entries per database, each
    /// entry the same record a journal file holds (sequence, CRC-32C, hash chain, payload), so a desk
    /// moves between files and the database record for record. An append is one transaction and returns
    /// only after COMMIT. Other desks' entries arrive through LISTEN/NOTIFY (and a check every few
    /// seconds, in case a notification was missed). When the server goes away the store turns read-only
    /// with the reason, and each `poll` retries the connection; nothing is reported saved that was not committed.
    public final class PostgresEventStore: EventStore {
        public let address: PostgresDeskAddress
        let link: PostgresLink
        let clock: any Clock
        var cursors: [JournalName: JournalCursor] = [:]
        /// Told, from the COPY thread, how many entries of a large append (an import) went to the
        /// server so far: a command shows it as a progress bar.
        public var appendProgress: (@Sendable (Int) -> Void)?
        var ownEvents: Set<EventID> = []
        /// The latest causal order (`EntryOrder`) among the entries this store has read or written.
        var latestOrder: UInt64 = 0
        var problems: [LoadProblem] = []
        /// Why the server is out of reach, while it is.
        var outage: String?
        private var lastReconnectAttempt = Date.distantPast
        var lastFullCheck = Date.distantPast
        /// Without a notification, `poll` still looks this often.
        public var checkInterval: TimeInterval = 5
        /// Whether the database has the board's columns and tally (`PostgresBoardSchema`): appends write them.
        var boardSchema = false
        /// Whether this login may make temporary tables (a large append copies its rows through one); nil: not asked yet.
        var mayMakeTemporaryTables: Bool?
        /// Whether this login owns the tables (a large append copies straight into the entries); nil: not asked yet.
        var ownsTheTables: Bool?
        /// The summary table a large append staged on a connection of its own, until it is attached
        /// (`PostgresEventStore+OwnPartitions`).
        var stagedSummaries: String?
        /// Whether `openDesk` reads the summary table (off: every open replays the entries).
        public var summaryOpen = true
        /// The rep whose summary rows alone `openDesk` reads, with the pool's (a rep's `due`, a rep's
        /// desk on a desk that lists its team); nil: every row.
        public var openFocus: RepName?
        /// How many reads of leads' entries went through the store's own connection (the desk's
        /// thread: reads the rep waits for), since the store was opened.
        public internal(set) var leadReadsOnDeskThread = 0
        /// While the server is away, `poll` tries to reconnect after this long, doubling up to `maximumReconnectInterval`
        /// (so a desk whose network drops packets is not frozen in connection attempts).
        public var reconnectInterval: TimeInterval = 1
        public var maximumReconnectInterval: TimeInterval = 8
        private var reconnectDelay: TimeInterval = 0
        /// When the rep last pressed a key: the desk's work on another thread (the find index's pass
        /// over every lead) waits for a pause in the typing between its reads.
        let activity = DeskActivity()

        public func keyPressed() { activity.keyPressed() }
        public var keyActivity: DeskActivity? { activity }

        /// Opens an existing desk (`PostgresStoreError.noDesk` when the database does not hold it).
        public init(address: PostgresDeskAddress, clock: any Clock = SystemClock()) throws(PostgresStoreError) {
            self.address = address
            self.clock = clock
            link = PostgresLink(address: address)
            let rows = try link.run("SELECT to_regclass('beback_entries') IS NOT NULL, to_regclass('beback_rep_work') IS NOT NULL")
            guard let row = rows.first, let (tables, board) = try? row.decode((Bool, Bool).self), tables else {
                throw .noDesk(address: address.description)
            }
            boardSchema = board
            let desks = try link.run("SELECT 1 FROM beback_desks WHERE desk = \(address.desk)")
            guard desks.count == 1 else { throw .noDesk(address: address.description) }
        }

        /// Installs the tables (when missing or older) and creates the desk; refuses a desk that exists unless `allowExisting`.
        @discardableResult
        public static func create(at address: PostgresDeskAddress, allowExisting: Bool = false) throws(PostgresStoreError) -> PostgresEventStore {
            let link = PostgresLink(address: address)
            defer { link.close() }
            try link.transaction { () throws(PostgresStoreError) in
                try link.run("SELECT pg_advisory_xact_lock(hashtext('beback-schema'))")
                var installed = false
                if (try? link.run("SELECT to_regclass('beback_schema') IS NOT NULL").first?.decode(Bool.self)) == true {
                    let version = try link.run("SELECT coalesce(max(version), 0) FROM beback_schema").first
                    installed = ((try? version?.decode(Int32.self)) ?? 0) >= Int32(PostgresSchema.version)
                }
                if !installed {
                    for statement in PostgresSchema.statements { try link.run(PostgresQuery(unsafeSQL: statement)) }
                }
                let inserted = try link.run(
                    "INSERT INTO beback_desks (desk, summarized, boarded) VALUES (\(address.desk), true, true) ON CONFLICT (desk) DO NOTHING")
                if inserted.metadata.rows == 0 && !allowExisting {
                    throw .refused(address: address.description, detail: "the desk '\(address.desk)' exists already; it was left untouched", sqlState: "23505")
                }
            }
            return try PostgresEventStore(address: address)
        }

        public var readOnlyReason: String? {
            if let problem = problems.first { return problem.description }
            if let outage { return "\(outage); retrying, nothing is saved until it is back" }
            return nil
        }

        public func append(_ events: [Event], to journal: JournalName) throws -> [StoredEvent] {
            if let problem = problems.first { throw StoreError.readOnly(problem.description) }
            guard !events.isEmpty else { return [] }
            var trace = LoadTrace(link: link)
            // Ordered after every entry this store has seen (the journals as loaded and polled).
            var latest = latestOrder
            let orders = events.map { event -> UInt64 in
                latest = EntryOrder.next(at: event.at, after: latest)
                return latest
            }
            let payloads: [[UInt8]]
            switch Self.encode(events, orders: orders) {
            case .success(let encoded): payloads = encoded
            case .failure(let failure):
                throw StoreError.badPayload(
                    path: address.location(of: journal.fileName), offset: 0,
                    detail: "cannot encode \(events[failure.index].payload.kind): \(failure.error)")
            }
            for payload in payloads where payload.count > JournalFormat.maxPayloadLength {
                throw StoreError.badPayload(
                    path: address.location(of: journal.fileName), offset: 0, detail: "entry of \(payload.count) bytes is over the limit")
            }
            var leads: [String] = []
            var seen: Set<LeadID> = []
            // A session record concerns no lead: it has no summary row.
            for event in events where event.lead != SessionRecord.lead && seen.insert(event.lead).inserted { leads.append(event.lead.rawValue) }
            trace.done("append: \(events.count) entries encoded, their \(leads.count) leads listed")
            let written: Appended
            do {
                // The entries and their leads' summary rows commit together, or neither does. From the
                // journal's end as this store last saw it (no lock or read first: the append guard checks
                // sequence and chain under the journal's lock, and refuses when another process appended
                // since); when it did, once more from the end the locked row gives.
                let known = cursors[journal]
                do {
                    written = try link.transaction { () throws(PostgresStoreError) in
                        try appendInTransaction(events, payloads: payloads, orders: orders, leads: leads, to: journal, from: known)
                    }
                } catch .refused(_, _, let sqlState) where known != nil && (sqlState == "BB001" || sqlState == "BB002") {
                    dropStagedSummaries()
                    written = try link.transaction { () throws(PostgresStoreError) in
                        try appendInTransaction(events, payloads: payloads, orders: orders, leads: leads, to: journal, from: nil)
                    }
                }
            } catch {
                dropStagedSummaries()
                noteOutage(error)
                if case .unreachable(let address, let detail) = error { throw PostgresStoreError.unsaved(address: address, detail: detail) }
                throw error
            }
            outage = nil
            trace.done("append: committed")
            if let end = written.end {
                // Nobody else's entry came between: the next poll starts after these.
                cursors[journal] = end
            } else {
                for event in events { ownEvents.insert(event.id) }
            }
            latestOrder = max(latestOrder, orders.last ?? 0)
            if let stored = written.stored { return stored }
            return zip(zip(events, written.records), orders).map { pair, order in
                StoredEvent(event: pair.0, journal: journal, sequence: pair.1.sequence, offset: pair.1.offset, order: order)
            }
        }

        /// An entry that could not be encoded: its place in the append, and why.
        struct EncodingFailure: Error {
            let index: Int
            let error: any Error
        }

        /// The entries encoded with their orders, a large append's on both cores; or the first that
        /// cannot be encoded.
        static func encode(_ events: [Event], orders: [UInt64]) -> Result<[[UInt8]], EncodingFailure> {
            let parts = events.count >= rowsByCopyAtLeast ? 2 : 1
            var payloads = [[UInt8]](repeating: [], count: events.count)
            let failures = EncodingFailures(parts: parts)
            payloads.withUnsafeMutableBufferPointer { buffer in
                nonisolated(unsafe) let encoded = buffer
                DispatchQueue.concurrentPerform(iterations: parts) { part in
                    for index in (part * events.count / parts)..<((part + 1) * events.count / parts) {
                        do { encoded[index] = try EventCodec.encode(events[index], order: orders[index]) } catch {
                            failures.set(part, EncodingFailure(index: index, error: error))
                            return
                        }
                    }
                }
            }
            if let first = failures.first { return .failure(first) }
            return .success(payloads)
        }

        /// Each part's failure, set from its own thread.
        final class EncodingFailures: @unchecked Sendable {
            private let lock = NSLock()
            private var byPart: [EncodingFailure?]
            init(parts: Int) { byPart = Array(repeating: nil, count: parts) }
            func set(_ part: Int, _ failure: EncodingFailure) { lock.withLock { byPart[part] = failure } }
            var first: EncodingFailure? { lock.withLock { byPart.compactMap { $0 }.first } }
        }

        /// What an append wrote: its records, and the journal's cursor after them when the append
        /// started from the end this store had seen (nil when it had not seen the journal's end).
        struct Appended {
            var records: [RawJournalRecord]
            var end: JournalCursor?
            /// The entries as stored, when the append made them already (a large one, for its fold).
            var stored: [StoredEvent]? = nil
        }

        /// In the append's transaction: inserts the records after `known` (the journal's end as this
        /// store saw it; nil: locks the journal's row and reads its end), reading in the same statement
        /// the entries of `leads` stored before, then writes those leads' summary rows, folded from
        /// those entries and the new ones. A large append goes by COPY instead (`appendByCopy`).
        func appendInTransaction(
            _ events: [Event], payloads: [[UInt8]], orders: [UInt64], leads: [String], to journal: JournalName, from known: JournalCursor?
        ) throws(PostgresStoreError) -> Appended {
            try lockLeads(leads)
            let start: JournalCursor
            var seenEnd = known != nil
            if let known {
                start = known
            } else {
                start = try lockJournal(journal, creating: true).cursor
                if let seen = cursors[journal], seen.lastSequence == start.lastSequence, seen.nextPrevious == start.nextPrevious { seenEnd = true }
            }
            if events.count >= Self.rowsByCopyAtLeast, try temporaryTablesAllowed() {
                return try appendByCopy(events, payloads: payloads, orders: orders, leads: leads, to: journal, from: start, seenEnd: seenEnd)
            }
            var cursor = start
            var rows = EntryRows()
            rows.reserveCapacity(events.count)
            var records: [RawJournalRecord] = []
            records.reserveCapacity(events.count)
            for (event, payload) in zip(events, payloads) {
                let record = cursor.append(payload: payload)
                rows.add(record, chain: cursor.nextPrevious, event: event)
                records.append(record)
            }
            var added: [StoredEvent] = []
            added.reserveCapacity(events.count)
            for ((event, record), order) in zip(zip(events, records), orders) {
                added.append(StoredEvent(event: event, journal: journal, sequence: record.sequence, offset: record.offset, order: order))
            }
            let earlier = try insert(rows, into: journal, readingEntriesOf: leads)
            try writeSummaries(
                Self.summaryChange(of: leads, replaying: (earlier + added).sorted(by: StoredEvent.replayOrder), earlier: earlier, board: boardSchema))
            return Appended(records: records, end: seenEnd ? cursor : nil)
        }

        /// Takes each lead's lock for the rest of the transaction (in one order, so two appends never
        /// wait on each other in a circle). Two journals can hold entries of one lead (a rep's touch, a
        /// manager's reassignment in desk.journal): without it, two appends at the same moment would each
        /// fold the lead's summary without the other's entry, and the later commit would leave a stale
        /// row. With it, the second waits, and its next statement (a fresh snapshot under READ COMMITTED)
        /// reads the first one's entries.
        func lockLeads(_ leads: [String]) throws(PostgresStoreError) {
            let desk = address.desk
            // An append of many leads (an import) takes the whole desk instead: a lock per lead would
            // overflow the server's lock table, which holds some thousands. Every other append holds the
            // desk's lock shared, so it waits for such an append, or the append for it.
            let deskKey = "beback-desk:\(desk)"
            if leads.count > Self.leadLocksAtMost {
                _ = try link.run("SELECT pg_advisory_xact_lock(hashtextextended(\(deskKey), 0))")
                return
            }
            _ = try link.run("SELECT pg_advisory_xact_lock_shared(hashtextextended(\(deskKey), 0))")
            // An append of no lead (a session record) takes the desk's lock alone: it still waits for an
            // import, before it holds any table (a first import attaches partitions of its own).
            guard !leads.isEmpty else { return }
            _ = try link.run(
                """
                SELECT pg_advisory_xact_lock(key) FROM (
                    SELECT DISTINCT hashtextextended(\(desk) || '/' || lead, 0) AS key FROM unnest(\(leads)::text[]) AS lead ORDER BY key) AS keys
                """)
        }

        /// The columns of entries to insert, one array per column (one statement for a whole batch).
        struct EntryRows {
            var sequences: [Int64] = [], lengths: [Int32] = [], checksums: [Int64] = [], previous: [Int64] = []
            var chains: [Int64] = [], offsets: [Int64] = [], eventIDs: [String] = [], actors: [String] = []
            /// The encoded entries, shared with the records (not copied).
            var payloads: [[UInt8]] = []
            var leads: [String] = []
            /// The latest `at` among the entries, in whole seconds (the journal row's `last_at`).
            var latestAt = -Double.infinity

            /// Room for `count` rows in each column.
            mutating func reserveCapacity(_ count: Int) {
                sequences.reserveCapacity(count)
                lengths.reserveCapacity(count)
                checksums.reserveCapacity(count)
                previous.reserveCapacity(count)
                chains.reserveCapacity(count)
                offsets.reserveCapacity(count)
                eventIDs.reserveCapacity(count)
                actors.reserveCapacity(count)
                payloads.reserveCapacity(count)
                leads.reserveCapacity(count)
            }

            mutating func add(_ record: RawJournalRecord, chain: UInt64, event: Event) {
                latestAt = max(latestAt, event.at.timeIntervalSince1970.rounded(.down))
                sequences.append(Int64(bitPattern: record.sequence))
                lengths.append(Int32(record.payload.count))
                checksums.append(Int64(record.checksum))
                previous.append(Int64(bitPattern: record.previous))
                chains.append(Int64(bitPattern: chain))
                offsets.append(Int64(record.offset))
                eventIDs.append(event.id.rawValue)
                actors.append(event.actor.rawValue)
                leads.append(event.lead.rawValue)
                payloads.append(record.payload)
            }
        }

        /// Inserts records in their order; the database checks each one's sequence, chain link, offset and
        /// author. In the same statement (one round trip), reads the entries of `leads` stored before these.
        /// (A large append goes by COPY instead: `startInsertByCopy`.)
        func insert(_ rows: EntryRows, into journal: JournalName, readingEntriesOf leads: [String]) throws(PostgresStoreError) -> [StoredEvent] {
            guard !rows.sequences.isEmpty else { return [] }
            let desk = address.desk
            let name = journal.fileName
            // A data-modifying WITH runs to completion whether or not the query reads it; the query sees
            // the rows as they were before the statement (the new ones are added by the caller).
            let result = try link.run(
                """
                WITH appended AS (
                    INSERT INTO beback_entries (desk, journal, seq, len, crc, prev, chain, off, event_id, actor, payload)
                    SELECT \(desk), \(name), r.seq, r.len, r.crc, r.prev, r.chain, r.off, r.event_id, r.actor, r.payload
                    FROM unnest(\(rows.sequences)::bigint[], \(rows.lengths)::integer[], \(rows.checksums)::bigint[], \(rows.previous)::bigint[],
                                \(rows.chains)::bigint[], \(rows.offsets)::bigint[], \(rows.eventIDs)::text[], \(rows.actors)::text[],
                                \(rows.payloads.map { ByteBuffer(bytes: $0) })::bytea[]) WITH ORDINALITY AS r(seq, len, crc, prev, chain, off, event_id, actor, payload, position)
                    ORDER BY r.position
                    RETURNING 1)
                SELECT journal, seq, off, payload FROM beback_entries WHERE desk = \(desk) AND lead = ANY(\(leads)::text[])
                """)
            return try storedEvents(result, leads: leads, within: nil)
        }

        /// Creates the journal's row when missing, locks it, and returns where it ends.
        func lockJournal(_ journal: JournalName, creating: Bool, salt: UInt64? = nil, created: Date? = nil) throws(PostgresStoreError) -> (
            cursor: JournalCursor, header: [UInt8]
        ) {
            let desk = address.desk
            let name = journal.fileName
            if creating {
                let salt = salt ?? UInt64.random(in: 1...UInt64.max)
                let created = created ?? clock.now
                let header = JournalFormat.header(salt: salt, name: name, created: created)
                let owner: String? = if case .rep(let rep) = journal { rep.rawValue } else { nil }
                let headerText = String(decoding: header.dropLast(), as: UTF8.self)
                let saltValue = Int64(bitPattern: salt)
                let createdValue = Int64(created.timeIntervalSince1970)
                let chain = Int64(bitPattern: ChainHash.hash(header))
                try link.run(
                    """
                    INSERT INTO beback_journals (desk, journal, owner, salt, created, header, last_chain)
                    VALUES (\(desk), \(name), \(owner), \(saltValue), \(createdValue), \(headerText), \(chain))
                    ON CONFLICT (desk, journal) DO NOTHING
                    """)
            }
            let rows = try link.run(
                """
                SELECT salt, header, last_seq, last_chain, last_end FROM beback_journals
                WHERE desk = \(desk) AND journal = \(name) FOR UPDATE
                """)
            guard let row = rows.first else { throw .noDesk(address: address.description) }
            do {
                let (salt, header, lastSequence, lastChain, lastEnd) = try row.decode((Int64, String, Int64, Int64, Int64).self)
                let headerLine = Array((header + "\n").utf8)
                var cursor = JournalCursor(salt: UInt64(bitPattern: salt), header: headerLine)
                cursor.lastSequence = UInt64(bitPattern: lastSequence)
                cursor.nextPrevious = UInt64(bitPattern: lastChain)
                cursor.end = Int(lastEnd)
                return (cursor, headerLine)
            } catch {
                throw .refused(address: address.description, detail: "cannot read the journal row of \(name): \(error)", sqlState: "?")
            }
        }

        public func load() throws -> LoadResult {
            cursors = [:]
            problems = []
            ownEvents = []
            do {
                // Lower the flag before reading: a notification that comes while we read is for an entry we may not see.
                _ = link.wake.take()
                lastFullCheck = Date()
                let journals = try link.transaction(readOnly: true) { () throws(PostgresStoreError) in try readJournals(after: [:]) }
                outage = nil
                var result = LoadResult()
                for (journal, records) in journals {
                    let (events, found) = accept(records, in: journal.name, header: journal.header)
                    result.events += events
                    result.problems += found
                }
                problems = result.problems
                result.events.sort(by: StoredEvent.replayOrder)
                latestOrder = max(latestOrder, result.events.last?.order ?? 0)
                return result
            } catch {
                noteOutage(error)
                throw error
            }
        }

        /// Another session's NOTIFY for the desk came since the last poll (this connection's own appends
        /// notify it too; they are not news).
        public var hasNews: Bool { outage == nil && link.wake.hasNews }

        public func poll() throws -> [StoredEvent] {
            let now = Date()
            if outage != nil {
                guard now.timeIntervalSince(lastReconnectAttempt) >= reconnectDelay else { return [] }
                lastReconnectAttempt = now
                do { try link.connect() } catch {
                    reconnectDelay = min(maximumReconnectInterval, max(reconnectInterval, reconnectDelay * 2))
                    return []
                }
                outage = nil
            }
            let woken = link.wake.take()
            guard woken || now.timeIntervalSince(lastFullCheck) >= checkInterval else { return [] }
            lastFullCheck = now
            do {
                let known = cursors.mapValues(\.lastSequence)
                let journals = try link.transaction(readOnly: true) { () throws(PostgresStoreError) in try readJournals(after: known) }
                var fresh: [StoredEvent] = []
                for (journal, records) in journals {
                    let (events, found) = accept(records, in: journal.name, header: journal.header)
                    problems += found
                    fresh += events.filter { ownEvents.remove($0.event.id) == nil }
                }
                fresh.sort(by: StoredEvent.replayOrder)
                latestOrder = max(latestOrder, fresh.last?.order ?? 0)
                return fresh
            } catch {
                // The desk keeps running read-only; the next polls retry.
                noteOutage(error)
                if error.isOutage { return [] }
                throw error
            }
        }

        /// Closes the connection (the store reconnects on the next call).
        public func close() { link.close() }

        // MARK: Reading

        struct JournalRow {
            var name: JournalName
            var salt: UInt64
            var created: Date
            var header: [UInt8]
            var lastSequence: UInt64
        }

        /// The journals of the desk and their records after the sequences given (all records of a journal not listed).
        func readJournals(after known: [JournalName: UInt64]) throws(PostgresStoreError) -> [(JournalRow, [RawJournalRecord])] {
            let desk = address.desk
            var journals: [JournalRow] = []
            for row in try link.run("SELECT journal, salt, created, header, last_seq FROM beback_journals WHERE desk = \(desk) ORDER BY journal") {
                do {
                    let (name, salt, created, header, lastSequence) = try row.decode((String, Int64, Int64, String, Int64).self)
                    guard let journal = JournalName(fileName: name) else { continue }
                    journals.append(
                        JournalRow(
                            name: journal, salt: UInt64(bitPattern: salt), created: Date(timeIntervalSince1970: Double(created)),
                            header: Array((header + "\n").utf8), lastSequence: UInt64(bitPattern: lastSequence)))
                } catch {
                    throw .refused(address: address.description, detail: "cannot read a journal row: \(error)", sqlState: "?")
                }
            }
            var result: [(JournalRow, [RawJournalRecord])] = []
            for journal in journals {
                let after = known[journal.name] ?? 0
                guard journal.lastSequence > after || known[journal.name] == nil else { continue }
                let name = journal.name.fileName
                let from = Int64(bitPattern: after)
                var records: [RawJournalRecord] = []
                for row in try link.run(
                    """
                    SELECT seq, crc, prev, off, payload FROM beback_entries
                    WHERE desk = \(desk) AND journal = \(name) AND seq > \(from) ORDER BY seq
                    """)
                {
                    do {
                        let (sequence, checksum, previous, offset, payload) = try row.decode((Int64, Int64, Int64, Int64, ByteBuffer).self)
                        records.append(
                            RawJournalRecord(
                                sequence: UInt64(bitPattern: sequence), previous: UInt64(bitPattern: previous),
                                checksum: UInt32(truncatingIfNeeded: checksum), offset: Int(offset),
                                payload: Array(payload.readableBytesView)))
                    } catch {
                        throw .refused(address: address.description, detail: "cannot read an entry of \(name): \(error)", sqlState: "?")
                    }
                }
                result.append((journal, records))
            }
            return result
        }

        /// Checks records against the journal's cursor and decodes them.
        private func accept(_ records: [RawJournalRecord], in journal: JournalName, header: [UInt8]) -> ([StoredEvent], [LoadProblem]) {
            let location = address.location(of: journal.fileName)
            var events: [StoredEvent] = []
            var found: [LoadProblem] = []
            var cursor: JournalCursor
            if let known = cursors[journal] {
                cursor = known
            } else if let salt = saltOf(header: header) {
                cursor = JournalCursor(salt: salt, header: header)
            } else {
                cursor = JournalCursor(salt: 0, header: header)
                found.append(
                    LoadProblem.found(
                        in: journal, at: location, JournalProblem.found(.badHeader, at: 0, "the journal's header line is not one this build writes")))
            }
            for record in records {
                found += cursor.advance(over: record).map { LoadProblem.found(in: journal, at: location, $0) }
                do {
                    let (event, order) = try record.payload.withUnsafeBytes { try EventCodec.decodeStamped($0) }
                    events.append(StoredEvent(event: event, journal: journal, sequence: record.sequence, offset: record.offset, order: order))
                } catch {
                    found.append(
                        LoadProblem.found(
                            in: journal, at: location,
                            JournalProblem.found(.corruptRecord, at: record.offset, "unreadable entry \(record.sequence)")))
                }
            }
            cursors[journal] = cursor
            return (events, found)
        }

        /// The salt of a header line, when the line is one this build writes.
        private func saltOf(header: [UInt8]) -> UInt64? {
            let fields = String(decoding: header.dropLast(), as: UTF8.self).split(separator: " ").map(String.init)
            guard fields.count == 6, let salt = UInt64(fields[2], radix: 16), let created = Int64(fields[4]) else { return nil }
            let rebuilt = JournalFormat.header(salt: salt, name: fields[3], created: Date(timeIntervalSince1970: Double(created)))
            return rebuilt == header ? salt : nil
        }

        func noteOutage(_ error: any Error) {
            guard let error = error as? PostgresStoreError, error.isOutage else { return }
            if outage == nil { reconnectDelay = reconnectInterval }
            outage = "PostgreSQL at \(address.host):\(address.port) is unreachable"
            lastReconnectAttempt = Date()
        }
    }
#endif
