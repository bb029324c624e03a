#if Postgres
    import BebackCodec
    import BebackDomain
    import BebackStore
    import Foundation

    /// The first append of a connection took twice as long as the next ones (11 to 15 ms against 5 to
    /// 8): the server plans the append guard's and the summary rules' statements, and reads the desk's
    /// indexes, once per connection. A desk pays for that as it opens instead of at the rep's first save.
    extension PostgresEventStore {
        /// Appends one made-up lead (captured by `rep`, as a first save would) in a transaction that is
        /// rolled back: nothing is written, and its notification goes with it. Gives up at once when the
        /// desk is locked (a large import) or the append is refused; says nothing either way.
        public func prepareToAppend(to journal: JournalName, by rep: RepName) {
            guard problems.isEmpty, outage == nil else { return }
            let lead = LeadID("warm-up-\(UUID().uuidString.prefix(8).lowercased())")
            let event = Event(
                id: EventID("\(lead.rawValue)-1"), at: clock.now, actor: rep, lead: lead,
                payload: .captured(LeadProfile(name: "warm-up", owner: rep), wants: "", holdingBack: ""))
            let order = EntryOrder.next(at: event.at, after: latestOrder)
            guard let payload = try? EventCodec.encode(event, order: order) else { return }
            link.rolledBack { () throws(PostgresStoreError) in
                try link.run("SET LOCAL lock_timeout = '200ms'")
                _ = try appendInTransaction([event], payloads: [payload], orders: [order], leads: [lead.rawValue], to: journal, from: cursors[journal])
            }
        }
    }
#endif
