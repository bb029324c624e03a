#if Postgres
    import Foundation

    /// Summary rows as a binary COPY sends them: a migrated desk's new summary table is filled this way
    /// (`PostgresEventStore.writeSummaryShare`), each field as the row-by-row insert would store it.
    extension PostgresLeadRow {
        /// The columns `copyRows` writes, in order (the board's three last, with `board`).
        static func copyColumns(board: Bool) -> [String] {
            let columns = [
                "desk", "lead", "owner", "stage", "is_open", "due", "kind", "channel", "purpose", "touches", "name", "company", "phone_digits",
                "last_order"
            ]
            return board ? columns + ["worked", "idle_since", "zone"] : columns
        }

        /// The rows in COPY's binary format: no next step is NULL due, kind, channel and purpose (an empty
        /// channel or purpose is NULL too); no board facts are `worked` false, NULL idle time and zone ''.
        static func copyRows(_ rows: [PostgresLeadRow], desk: String, board: Bool) -> [UInt8] {
            var writer = CopyBinaryWriter(capacity: rows.count * (board ? 220 : 180))
            func optional(_ text: String) {
                if text.isEmpty { writer.null() } else { writer.text(text) }
            }
            for row in rows {
                writer.row(fields: board ? 17 : 14)
                writer.text(desk)
                writer.text(row.lead)
                writer.text(row.owner)
                writer.text(row.stage)
                writer.bool(row.isOpen)
                if row.kind.isEmpty { writer.null() } else { writer.float8(row.due) }
                optional(row.kind)
                optional(row.channel)
                optional(row.purpose)
                writer.int32(row.touches)
                writer.text(row.name)
                writer.text(row.company)
                writer.text(row.phoneDigits)
                writer.int64(row.lastOrder)
                if board {
                    writer.bool(row.board?.worked ?? false)
                    if let idle = row.board?.idleSince { writer.float8(idle.timeIntervalSince1970) } else { writer.null() }
                    writer.text(row.board?.zone ?? "")
                }
            }
            return writer.finish()
        }
    }
#endif
