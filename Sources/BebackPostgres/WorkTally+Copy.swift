#if Postgres
    import BebackDomain

    /// The board's tally as a binary COPY sends it: a migrated desk's new tally table is filled this way
    /// (`PostgresEventStore.writeSummaryShare`), slots where every count is zero left out, as an append leaves them.
    extension WorkTally {
        static let copyColumns = ["desk", "rep", "slot", "touches", "contacts", "appointments", "wins", "last_at"]

        /// The slots where some count is not zero, in key order (as the table holds them).
        var slots: [(key: Key, value: Counts)] { counts.filter { !$0.value.isZero }.sorted { $0.key < $1.key } }

        /// The tally's slots in COPY's binary format, in key order.
        func copyRows(desk: String) -> [UInt8] {
            var writer = CopyBinaryWriter(capacity: slots.count * 90)
            for (key, count) in slots {
                writer.row(fields: 8)
                writer.text(desk)
                writer.text(key.rep.rawValue)
                writer.int64(key.slot)
                writer.int32(Int32(clamping: count.touches))
                writer.int32(Int32(clamping: count.contacts))
                writer.int32(Int32(clamping: count.appointments))
                writer.int32(Int32(clamping: count.wins))
                writer.float8(count.lastAt)
            }
            return writer.finish()
        }
    }
#endif
