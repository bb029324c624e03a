import BebackDomain
import Foundation

/// The fold of an indexed open, run on every core: the leads are shared out by their id, each share
/// folded from its own records in replay order (`ReplayMerge`), and the shares put together. A lead's
/// entries all fall in one share, so only the undos reach across: they are gathered from every
/// journal first and each share is told of all of them (`DigestFold(revocations:)`).
struct IndexedFold {
    /// How many shares the leads are dealt into (one per core of the machines beback is built for).
    static let shares = 2

    /// The share a lead's records go to.
    static func share(of lead: LeadID) -> Int {
        var text = lead.rawValue
        return text.withUTF8 { bytes in
            var hash: UInt32 = 2_166_136_261
            for byte in bytes { hash = (hash ^ UInt32(byte)) &* 16_777_619 }
            return Int(hash >> 16) % shares
        }
    }

    var folds: [DigestFold]
    /// The last entry in replay order: its time and location.
    var last: (at: Date, location: EntryLocation)?

    /// Folds the digested journals; their records are let go as they are folded.
    static func run(_ digested: inout [DigestedJournal], reader: JournalArchive) throws -> IndexedFold {
        var undos: [EventID: (at: Date, location: EntryLocation)] = [:]
        for (journal, digest) in digested.enumerated() {
            for undo in digest.undos {
                let key = (Date(timeIntervalSince1970: undo.at), JournalArchive.location(journal: journal, offset: undo.offset))
                if let known = undos[undo.target], (known.at, known.location) <= key { continue }
                undos[undo.target] = key
            }
        }
        let lists = (0..<shares).map { share in digested.map { $0.records[share] } }
        for index in digested.indices { digested[index].records = [] }
        let journals = digested.map { Journal(leads: $0.leads, counts: $0.leadEntryCounts, strings: $0.strings) }
        let revocations = undos
        let shares = try Parallel.map(shares) { share in
            foldShare(share, lists: lists[share], journals: journals, revocations: revocations, reader: reader)
        }
        var last: (at: Date, location: EntryLocation)?
        for share in shares {
            guard let end = share.last else { continue }
            if let known = last, (known.at, known.location) >= (end.at, end.location) { continue }
            last = end
        }
        return IndexedFold(folds: shares.map(\.fold), last: last)
    }

    /// What the shares need of each journal besides its records.
    struct Journal: Sendable {
        var leads: [LeadID]
        var counts: [UInt32]
        var strings: [String]
    }

    struct Share: @unchecked Sendable {
        var fold: DigestFold
        var last: (at: Date, location: EntryLocation)?
    }

    private static func foldShare(_ share: Int, lists: [[DigestedRecord]], journals: [Journal],
                                  revocations: [EventID: (at: Date, location: EntryLocation)], reader: JournalArchive) -> Share {
        var fold = DigestFold(revocations: revocations)
        var slots: [[Int]] = []
        for journal in journals {
            var journalSlots = [Int](repeating: -1, count: journal.leads.count)
            for (local, lead) in journal.leads.enumerated() where Self.share(of: lead) == share {
                journalSlots[local] = fold.slot(for: lead)
                fold.expect(Int(journal.counts[local]), entriesFor: journalSlots[local])
            }
            slots.append(journalSlots)
        }
        var merge = ReplayMerge(lists)
        var last: (at: Date, location: EntryLocation)?
        while let (journal, record) = merge.nextWithList() {
            let location = JournalArchive.location(journal: journal, offset: Int(record.offset))
            let at = Date(timeIntervalSince1970: record.at)
            fold.apply(at: at, effect: record.effect(strings: journals[journal].strings),
                       slot: slots[journal][Int(record.lead)], location: location, tag: record.tag,
                       id: { reader.digest(at: location)?.id ?? EventID("") }, reread: { reader.digest(at: $0) })
            last = (at, location)
        }
        return Share(fold: fold, last: last)
    }

    // MARK: The shares put together

    var eventCount: Int { folds.reduce(0) { $0 + $1.eventCount } }
    var unknownEventCount: Int { folds.reduce(0) { $0 + $1.unknownEventCount } }
    var lastEventAt: Date? { folds.compactMap(\.lastEventAt).max() }
    var revokedEvents: Set<EventID> { folds.reduce(into: Set<EventID>()) { $0.formUnion($1.revokedEvents) } }
    /// Orphaned entries in replay order, as one fold would have listed them.
    var orphanEvents: [EventID] {
        folds.flatMap(\.orphans).sorted { ($0.at, $0.location) < ($1.at, $1.location) }.map(\.id)
    }

    /// Every share's leads, sorted by id.
    mutating func takeLeads() -> [DigestedLead] {
        // Each share's leads come sorted: merged, not sorted again (no second copy of the floor).
        var merged: [DigestedLead] = []
        for index in folds.indices {
            let share = folds[index].takeLeads()
            let before = merged
            merged = []
            merged.reserveCapacity(before.count + share.count)
            var left = 0, right = 0
            while left < before.count || right < share.count {
                if right == share.count || (left < before.count && before[left].id < share[right].id) {
                    merged.append(before[left])
                    left += 1
                } else {
                    merged.append(share[right])
                    right += 1
                }
            }
        }
        return merged
    }
}
