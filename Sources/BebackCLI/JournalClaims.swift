import BebackDomain
import BebackStore
import Foundation

/// Checks that each rep's journal holds only that rep's entries: a record in `rep-ann.journal`
/// written by anyone but ann was not made by ann's desk (a copied or forged file).
enum JournalClaims {
    /// One line per foreign record: file, offset, and whom it claims.
    static func problems(in folder: DeskFolder) throws -> [String] {
        let store = try FileEventStore(folder: folder)
        var problems: [String] = []
        for stored in try store.load().events {
            guard case .rep(let owner) = stored.journal, stored.event.actor != owner else { continue }
            problems.append(
                "\(folder.journalPath(stored.journal)): entry \(stored.event.id) at offset \(stored.offset) claims rep \(stored.event.actor), but the journal is \(owner)'s"
            )
        }
        return problems
    }
}
