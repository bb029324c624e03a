#if Postgres
    import BebackCodec
    import BebackDomain
    import BebackStore
    import Foundation

    /// A desk folder's journals streamed into a PostgreSQL desk, journal by journal (`beback migrate`):
    /// a second thread reads each journal again, checks it is the one `FileJournalCopy.check` passed,
    /// and encodes its batches while the database inserts and checks the one before. At most two
    /// batches wait between them, so memory stays that of a journal and two batches, however big the desk.
    public enum FolderImport {
        /// Which leads' entries `load` decodes whole and hands back (for the summary rows).
        public enum Keep: Sendable {
            case all
            case leads(@Sendable (String) -> Bool)
        }

        /// Copies the checked journals into `store` (an empty desk), in batches of `batch` records, and
        /// returns the entries of the leads `keep` names, decoded (in no particular order). With
        /// `afterReading`, those entries go to it instead, on the reading thread as soon as the last
        /// journal is read, while the database still takes the last batches (the summary rows are
        /// folded and written then); `load` returns once both are done, rethrowing its error first.
        public static func load(
            _ journals: [FileJournalCopy.CheckedJournal], into store: PostgresEventStore, batch: Int = 50_000, keep: Keep,
            afterReading: (@Sendable ([StoredEvent]) throws -> Void)? = nil, progress: (Int) -> Void
        ) throws -> [StoredEvent] {
            let queue = BatchQueue(limit: 2)
            let kept = KeptEvents()
            let after = AfterReading()
            let desk = store.address.desk
            let producer = Thread {
                do {
                    for checked in journals {
                        try stream(checked, desk: desk, batch: batch, keep: keep, into: kept) { next in try queue.put(next) }
                    }
                    queue.finish(nil)
                    if let afterReading {
                        let events = kept.take()
                        try afterReading(events)
                    }
                    after.finish(nil)
                } catch {
                    queue.finish(error)
                    after.finish(error)
                }
            }
            producer.stackSize = 4 << 20
            producer.start()
            var done = 0
            do {
                while let next = try queue.take() {
                    try store.importBatch(next)
                    done += next.count
                    progress(done)
                }
            } catch {
                queue.cancel()
                _ = after.wait()
                throw error
            }
            if let error = after.wait() { throw error }
            return kept.events
        }

        /// The entries of the leads `keep` names, read again from the checked journals and decoded.
        public static func events(_ journals: [FileJournalCopy.CheckedJournal], keep: @escaping @Sendable (String) -> Bool) throws -> [StoredEvent] {
            let kept = KeptEvents()
            for checked in journals {
                let (scan, data) = try verified(checked)
                try data.withUnsafeBytes { file in
                    for record in scan.records {
                        let envelope = try JournalImportBatch.envelope(of: record, in: file, journal: checked.journal)
                        if keep(envelope.lead) { kept.append(try decoded(record, in: file, journal: checked.journal)) }
                    }
                }
            }
            return kept.events
        }

        /// Reads a journal again and hands its batches to `put`.
        static func stream(
            _ checked: FileJournalCopy.CheckedJournal, desk: String, batch: Int, keep: Keep, into kept: KeptEvents,
            put: (JournalImportBatch) throws -> Void
        ) throws {
            let (scan, data) = try verified(checked)
            guard !scan.records.isEmpty else {
                try put(JournalImportBatch.empty(journal: checked.journal, salt: checked.salt, created: checked.created))
                return
            }
            try data.withUnsafeBytes { file in
                var start = 0
                while start < scan.records.count {
                    let slice = scan.records[start..<min(start + batch, scan.records.count)]
                    let encoded = try JournalImportBatch.encode(
                        journal: checked.journal, salt: checked.salt, created: checked.created, desk: desk, file: file, records: slice,
                        isFirst: start == 0
                    ) { record in
                        switch keep {
                        case .all:
                            let stored = try decoded(record, in: file, journal: checked.journal)
                            kept.append(stored)
                            let event = stored.event
                            return EntryEnvelope(
                                id: event.id.rawValue, actor: event.actor.rawValue, lead: event.lead.rawValue,
                                at: event.at.timeIntervalSince1970, order: stored.order)
                        case .leads(let wanted):
                            let envelope = try JournalImportBatch.envelope(of: record, in: file, journal: checked.journal)
                            if wanted(envelope.lead) { kept.append(try decoded(record, in: file, journal: checked.journal)) }
                            return envelope
                        }
                    }
                    try put(encoded)
                    start = slice.endIndex
                }
            }
        }

        /// A journal read again: the same records as when it was checked (a desk written to since is refused).
        static func verified(_ checked: FileJournalCopy.CheckedJournal) throws -> (JournalScan, Data) {
            let (scan, data) = try FileJournalCopy.scanned(checked.path, checked.journal)
            guard scan.records.count == checked.records, scan.validEnd == checked.end, scan.nextPrevious == checked.lastChain,
                scan.header?.salt == checked.salt
            else {
                throw PostgresStoreError.migration(
                    "\(checked.path): changed while it was being copied; stop every desk on it and migrate again into a new desk")
            }
            return (scan, data)
        }

        static func decoded(_ record: ScannedRecord, in file: UnsafeRawBufferPointer, journal: JournalName) throws -> StoredEvent {
            do {
                let (event, order) = try EventCodec.decodeStamped(UnsafeRawBufferPointer(rebasing: file[record.payload]))
                return StoredEvent(event: event, journal: journal, sequence: record.sequence, offset: record.offset, order: order)
            } catch {
                throw PostgresStoreError.migration("\(journal.fileName): record \(record.sequence) at offset \(record.offset) does not decode")
            }
        }
    }

    /// Decoded entries collected on the reading thread, taken by the importing one once it finished.
    final class KeptEvents: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [StoredEvent] = []

        func append(_ event: StoredEvent) { lock.withLock { stored.append(event) } }
        var events: [StoredEvent] { lock.withLock { stored } }

        /// The events, leaving none here (so they are held once).
        func take() -> [StoredEvent] {
            lock.withLock {
                defer { stored = [] }
                return stored
            }
        }
    }

    /// When the reading thread is done with everything (the summary rows too), and its error.
    final class AfterReading: @unchecked Sendable {
        private let condition = NSCondition()
        private var finished = false
        private var failure: (any Error)?

        func finish(_ error: (any Error)?) {
            condition.lock()
            if !finished { failure = error is BatchQueue.Cancelled ? nil : error }
            finished = true
            condition.broadcast()
            condition.unlock()
        }

        /// Waits for `finish`; its error.
        func wait() -> (any Error)? {
            condition.lock()
            defer { condition.unlock() }
            while !finished { condition.wait() }
            return failure
        }
    }

    /// Batches handed from the reading thread to the importing one, at most `limit` waiting.
    final class BatchQueue: @unchecked Sendable {
        private let condition = NSCondition()
        private var waiting: [JournalImportBatch] = []
        private let limit: Int
        private var finished = false
        private var failure: (any Error)?
        private var cancelled = false

        init(limit: Int) { self.limit = limit }

        struct Cancelled: Error {}

        /// Waits for room; throws when the importer gave up.
        func put(_ batch: JournalImportBatch) throws {
            condition.lock()
            defer { condition.unlock() }
            while waiting.count >= limit && !cancelled { condition.wait() }
            if cancelled { throw Cancelled() }
            waiting.append(batch)
            condition.broadcast()
        }

        /// The next batch, nil after the last; rethrows the reader's error.
        func take() throws -> JournalImportBatch? {
            condition.lock()
            defer { condition.unlock() }
            while waiting.isEmpty && !finished { condition.wait() }
            if !waiting.isEmpty {
                let next = waiting.removeFirst()
                condition.broadcast()
                return next
            }
            if let failure { throw failure }
            return nil
        }

        func finish(_ error: (any Error)?) {
            condition.lock()
            finished = true
            if !(error is Cancelled) { failure = error }
            condition.broadcast()
            condition.unlock()
        }

        func cancel() {
            condition.lock()
            cancelled = true
            waiting = []
            condition.broadcast()
            condition.unlock()
        }
    }
#endif
