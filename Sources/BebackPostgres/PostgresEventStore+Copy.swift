#if Postgres
    import BebackCodec
    import BebackDomain
    import BebackStore
    import Foundation
    import PostgresNIO

    /// The raw side of the PostgreSQL store, for `beback migrate` and `beback verify`: whole journals
    /// out as stored, and whole journals in as they are (same salt, sequence, chain and bytes).
    extension PostgresEventStore {
        /// Every journal's records as stored (for `migrate` and `verify`), in journal order.
        public func rawJournals() throws(PostgresStoreError) -> [RawJournal] {
            let journals = try link.transaction(readOnly: true) { () throws(PostgresStoreError) in try readJournals(after: [:]) }
            return journals.map { RawJournal(journal: $0.0.name, salt: $0.0.salt, created: $0.0.created, records: $0.1) }
        }

        /// Copies a journal's records as they are (same salt, sequence, chain and bytes) into an empty
        /// journal of this desk, in transactions of `batch` records; the database checks every link.
        public func importJournal(_ raw: RawJournal, batch: Int = 500) throws(PostgresStoreError) {
            var start = 0
            repeat {
                let slice = raw.records[start..<min(start + batch, raw.records.count)]
                try link.transaction { () throws(PostgresStoreError) in
                    let state = try lockJournal(raw.journal, creating: true, salt: raw.salt, created: raw.created)
                    if start == 0 && state.cursor.lastSequence != 0 {
                        throw .migration(
                            "\(address.location(of: raw.journal.fileName)) already holds \(state.cursor.lastSequence) entries; migrate into an empty desk")
                    }
                    guard state.header == raw.headerLine else {
                        throw .migration("\(address.location(of: raw.journal.fileName)) has another header than the journal being copied")
                    }
                    var cursor = state.cursor
                    var rows = EntryRows()
                    for record in slice {
                        let found = cursor.advance(over: record)
                        if let problem = found.first {
                            throw .migration("\(raw.journal.fileName): \(problem); nothing after it was copied")
                        }
                        let event: Event
                        do { event = try EventCodec.decode(record.payload) } catch {
                            throw .migration("\(raw.journal.fileName): record \(record.sequence) at offset \(record.offset) does not decode")
                        }
                        rows.add(record, chain: cursor.nextPrevious, event: event)
                    }
                    try insert(rows, into: raw.journal)
                }
                start += batch
            } while start < raw.records.count
        }
    }
#endif
