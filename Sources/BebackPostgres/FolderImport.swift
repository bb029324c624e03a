#if Postgres
    import BebackCodec
    import BebackDomain
    import BebackStore
    import Foundation

    /// A desk folder's journals streamed into a PostgreSQL desk, journal by journal (`beback migrate`):
    /// a second thread reads each journal, checks it whole (framing, checksums, chain, header, no torn
    /// tail, every entry's envelope as it is encoded, and in a rep's journal only the rep's entries) and encodes its
    /// batches while the database takes the one before into the desk's own partition
    /// (`PostgresEventStore.loadPartition`: indexed, checked and attached once all are in). A journal that
    /// fails its check fails the load, and the load is one transaction: nothing of the desk is stored.
    /// At most two batches wait between the threads, so memory stays that of a journal and two batches,
    /// however big the desk.
    public enum FolderImport {
        /// Which leads' entries `load` decodes whole and hands back (for the summary rows).
        public enum Keep: Sendable {
            case all
            case leads(@Sendable (String) -> Bool)
        }

        /// What `load` copied: each journal as its check found it, and the entries kept.
        public struct Loaded: Sendable {
            public var journals: [FileJournalCopy.CheckedJournal]
            public var kept: [StoredEvent]
        }

        /// Copies the folder's journals into `store` (an empty desk), in batches of `batch` records, and
        /// returns them as checked with the entries of the leads `keep` names, decoded (in no particular
        /// order). With `afterReading`, those entries go to it instead, on the decoding thread as soon as
        /// the last journal is decoded, while the database still takes the last batches (the summary rows
        /// are folded and written then); `load` returns once both are done, rethrowing its error first.
        /// `progress` gets the kilobytes of journal copied so far.
        ///
        /// Three threads share the work: one reads and checks each journal and encodes its batches, one
        /// decodes the entries kept (the same journal, handed over once encoded), and this one sends the
        /// batches. An error on any of them stops the others, and nothing is stored.
        public static func load(
            _ folder: DeskFolder, journals names: [JournalName], into store: PostgresEventStore, batch: Int = 50_000, keep: Keep,
            afterReading: (@Sendable ([StoredEvent]) throws -> Void)? = nil, progress: (Int) -> Void
        ) throws -> Loaded {
            let queue = HandoffQueue<JournalImportBatch>(limit: 2)
            let read = HandoffQueue<ReadJournal>(limit: 2)
            let kept = KeptEvents()
            let checked = CheckedJournals()
            let after = AfterReading()
            let desk = store.address.desk
            let reader = Thread {
                do {
                    for journal in names {
                        let (journal, scan, data) = try FileJournalCopy.checkedScan(folder, journal)
                        try stream(journal, scan: scan, data: data, desk: desk, batch: batch) { next in try queue.put(next) }
                        checked.append(journal)
                        try read.put(ReadJournal(checked: journal, scan: scan, data: data))
                    }
                    queue.finish(nil)
                    read.finish(nil)
                } catch {
                    queue.finish(error)
                    read.finish(error)
                }
            }
            let decoder = Thread {
                do {
                    while let next = try read.take() { try decode(next, keep: keep, into: kept) }
                    if let afterReading {
                        let events = kept.take()
                        try afterReading(events)
                    }
                    after.finish(nil)
                } catch {
                    queue.abort(error)
                    read.cancel()
                    after.finish(error)
                }
            }
            for thread in [reader, decoder] {
                thread.stackSize = 4 << 20
                thread.start()
            }
            var finished = 0
            var current = 0
            do {
                try store.loadPartition { add in
                    while let next = try queue.take() {
                        try add(next)
                        if next.isFirst {
                            finished += current
                            current = 0
                        }
                        current = max(current, next.end)
                        progress((finished + current) / 1024)
                    }
                }
            } catch {
                queue.cancel()
                read.cancel()
                _ = after.wait()
                throw error
            }
            if let error = after.wait() { throw error }
            return Loaded(journals: checked.all, kept: kept.events)
        }

        /// A journal read again and checked, handed from the encoding thread to the decoding one.
        struct ReadJournal: @unchecked Sendable {
            var checked: FileJournalCopy.CheckedJournal
            var scan: JournalScan
            var data: Data
        }

        /// Decodes the entries of a journal's kept leads.
        static func decode(_ read: ReadJournal, keep: Keep, into kept: KeptEvents) throws {
            let journal = read.checked.journal
            var events: [StoredEvent] = []
            try read.data.withUnsafeBytes { file in
                for record in read.scan.records {
                    switch keep {
                    case .all:
                        events.append(try decoded(record, in: file, journal: journal))
                    case .leads(let wanted):
                        let envelope = try JournalImportBatch.envelope(of: record, in: file, journal: journal)
                        if wanted(envelope.lead) { events.append(try decoded(record, in: file, journal: journal)) }
                    }
                }
            }
            kept.append(contentsOf: events)
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

        /// Encodes a checked journal in batches and hands them to `put`; throws before its last batch when
        /// a rep's journal holds entries by someone else (`FileJournalCopy.foreignEntries`).
        static func stream(
            _ checked: FileJournalCopy.CheckedJournal, scan: JournalScan, data: Data, desk: String, batch: Int,
            put: (JournalImportBatch) throws -> Void
        ) throws {
            guard !scan.records.isEmpty else {
                try put(JournalImportBatch.empty(journal: checked.journal, salt: checked.salt, created: checked.created))
                return
            }
            let owner: String? = if case .rep(let rep) = checked.journal { rep.rawValue } else { nil }
            var foreign: [String] = []
            try data.withUnsafeBytes { file in
                var start = 0
                while start < scan.records.count {
                    let slice = scan.records[start..<min(start + batch, scan.records.count)]
                    let encoded = try JournalImportBatch.encode(
                        journal: checked.journal, salt: checked.salt, created: checked.created, desk: desk, file: file, records: slice,
                        isFirst: start == 0
                    ) { record in
                        let envelope = try JournalImportBatch.envelope(of: record, in: file, journal: checked.journal)
                        if let owner, envelope.actor != owner {
                            foreign.append("\(checked.journal.fileName): entry \(envelope.id) at offset \(record.offset) is by \(envelope.actor)")
                        }
                        return envelope
                    }
                    // A rep's journal with another's entries fails the load once the journal is read (nothing is stored).
                    if !foreign.isEmpty && slice.endIndex == scan.records.count { throw FileJournalCopy.foreignEntries(foreign) }
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

    /// The journals the reading thread checked, in order.
    final class CheckedJournals: @unchecked Sendable {
        private let lock = NSLock()
        private var journals: [FileJournalCopy.CheckedJournal] = []

        func append(_ journal: FileJournalCopy.CheckedJournal) { lock.withLock { journals.append(journal) } }
        var all: [FileJournalCopy.CheckedJournal] { lock.withLock { journals } }
    }

    /// Decoded entries collected on the reading thread, taken by the importing one once it finished.
    final class KeptEvents: @unchecked Sendable {
        private let lock = NSLock()
        private var stored: [StoredEvent] = []

        func append(_ event: StoredEvent) { lock.withLock { stored.append(event) } }
        func append(contentsOf events: [StoredEvent]) { lock.withLock { stored += events } }
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
            if !finished { failure = error is HandoffCancelled ? nil : error }
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

    /// Thrown to a thread whose partner gave up (not an error of its own).
    struct HandoffCancelled: Error {}

    /// Items (batches, journals) handed from one thread to the next, at most `limit` waiting.
    final class HandoffQueue<Item>: @unchecked Sendable {
        private let condition = NSCondition()
        private var waiting: [Item] = []
        private let limit: Int
        private var finished = false
        private var failure: (any Error)?
        private var cancelled = false

        init(limit: Int) { self.limit = limit }

        /// Waits for room; throws when the taker gave up.
        func put(_ item: Item) throws {
            condition.lock()
            defer { condition.unlock() }
            while waiting.count >= limit && !cancelled { condition.wait() }
            if cancelled { throw HandoffCancelled() }
            waiting.append(item)
            condition.broadcast()
        }

        /// The next item, nil after the last; rethrows the giver's error.
        func take() throws -> Item? {
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

        /// No more items; `error` (other than a cancellation) goes to the taker after the waiting items.
        func finish(_ error: (any Error)?) {
            condition.lock()
            if !finished && !(error is HandoffCancelled) { failure = error }
            finished = true
            condition.broadcast()
            condition.unlock()
        }

        /// Fails at once: the waiting items are dropped, the taker gets `error`, the giver's next put throws.
        func abort(_ error: any Error) {
            condition.lock()
            if !(error is HandoffCancelled) { failure = error }
            finished = true
            cancelled = true
            waiting = []
            condition.broadcast()
            condition.unlock()
        }

        /// The taker gave up: the giver's next put throws.
        func cancel() {
            condition.lock()
            cancelled = true
            waiting = []
            condition.broadcast()
            condition.unlock()
        }
    }
#endif
