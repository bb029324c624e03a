import BebackCodec
import BebackDomain
import CBebackCRC
import Foundation

/// The fold of an indexed open, run on every core: the leads are shared out by their id, each share
/// folded lead by lead, each lead's records in replay order, and the shares put together. A lead's
/// entries all fall in one share, so only the undos reach across: they are gathered from every
/// journal first and each share is told of all of them (`DigestFold(revocations:)`).
struct IndexedFold {
    /// How many shares the leads are dealt into (one per core of the machines beback is built for).
    static let shares = 2

    /// The share a lead's records go to: leads whose id starts before "h" in the first, the others
    /// in the second. That halves beback's id alphabet (`LeadIDAlphabet`), and the shares' leads,
    /// each sorted, are then sorted when put one after the other. A non-ASCII id is judged by its
    /// composed form, as Swift compares and equates strings by it.
    static func share(of lead: LeadID) -> Int {
        let text = lead.rawValue
        let first = text.utf8.first ?? 0
        if first < 0x80, text.utf8.allSatisfy({ $0 < 0x80 }) { return first < shareSplit ? 0 : 1 }
        return (text.precomposedStringWithCanonicalMapping.utf8.first ?? 0) < shareSplit ? 0 : 1
    }

    /// The first byte of the second share's ids.
    private static let shareSplit = UInt8(ascii: "h")

    var folds: [DigestFold]
    /// Each share's leads and their places in id order (taken from its fold while the shares
    /// still run side by side).
    private var shareLeads: [[DigestedLead]]
    private var shareOrders: [[Int32]]
    /// Each share's `JournalArchive.directory(of:places:)`, in id order.
    private var directories: [[ArchivedLead]]
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
        let lists = (0..<shares).map { share in ShareRecords(digested.map { $0.records[share] }) }
        for index in digested.indices { digested[index].records = [] }
        let journals = digested.map { Journal(leads: $0.leads, counts: $0.leadEntryCounts, shares: $0.leadShares, strings: $0.strings) }
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
        return IndexedFold(
            folds: shares.map(\.fold), shareLeads: shares.map(\.leads), shareOrders: shares.map(\.idOrder),
            directories: shares.map(\.directory), last: last)
    }

    /// What the shares need of each journal besides its records.
    struct Journal: Sendable {
        var leads: [LeadID]
        var counts: [UInt32]
        var shares: [UInt8]
        var strings: [String]
    }

    /// One share's records of each journal, handed to the share's fold alone, which lets each
    /// journal's go as soon as they are dealt into runs (the floor's records are not held twice).
    final class ShareRecords: @unchecked Sendable {
        private(set) var records: [[DigestedRecord]]

        init(_ records: [[DigestedRecord]]) { self.records = records }

        /// The records of `journal`, no longer held here.
        func take(_ journal: Int) -> [DigestedRecord] {
            var taken: [DigestedRecord] = []
            swap(&taken, &records[journal])
            return taken
        }
    }

    struct Share: @unchecked Sendable {
        var fold: DigestFold
        var leads: [DigestedLead]
        var idOrder: [Int32]
        var directory: [ArchivedLead]
        var last: (at: Date, location: EntryLocation)?
    }

    /// Folds one share lead by lead: its records are dealt into one run per lead, each run put in
    /// replay order (time, then journal, then offset) and folded. Leads do not touch each other in
    /// the fold (undos across leads are known beforehand), so this gives what folding every record
    /// in replay order gives, with each lead's facts in cache while its run is folded.
    private static func foldShare(
        _ share: Int, lists: ShareRecords, journals: [Journal],
        revocations: [EventID: (at: Date, location: EntryLocation)], reader: JournalArchive
    ) -> Share {
        var fold = DigestFold(revocations: revocations)
        fold.reserveLeads(journals.reduce(0) { $0 + $1.leads.count } / shares + 16)
        var slots: [[Int32]] = []
        for journal in journals {
            var journalSlots = [Int32](repeating: -1, count: journal.leads.count)
            for (local, lead) in journal.leads.enumerated() where journal.shares[local] == share {
                let slot = fold.slot(for: lead)
                journalSlots[local] = Int32(slot)
                fold.expect(Int(journal.counts[local]), entriesFor: slot)
            }
            slots.append(journalSlots)
        }
        // Every record of the share in one list (each journal's let go as it is copied; a record's
        // lead bits now say its journal: the run says the lead), and where each lead's run of
        // records is in it: `order` holds, lead after lead, the records' places in `records`.
        // A lead's run is as long as the entries the fold was told to expect for it.
        let runLengths = fold.expectedEntries
        var runStarts = [Int](repeating: 0, count: runLengths.count + 1)
        for slot in runLengths.indices { runStarts[slot + 1] = runStarts[slot] + runLengths[slot] }
        let total = runStarts[runLengths.count]
        var filled = Array(runStarts.dropLast())
        var records: [DigestedRecord] = []
        records.reserveCapacity(total)
        var order = [UInt32](repeating: 0, count: total)
        order.withUnsafeMutableBufferPointer { order in
            filled.withUnsafeMutableBufferPointer { filled in
                for journal in lists.records.indices {
                    let list = lists.take(journal)
                    slots[journal].withUnsafeBufferPointer { journalSlots in
                        for record in list {
                            let slot = Int(journalSlots[Int(record.lead)])
                            let place = filled[slot]
                            guard place < order.count else { preconditionFailure("more records for a lead than its count") }
                            order[place] = UInt32(records.count)
                            filled[slot] = place + 1
                            records.append(record.inJournal(journal))
                        }
                    }
                }
            }
        }
        filled = []
        var last: (at: Double, location: EntryLocation)?
        var run: [DigestedRecord] = []
        // The records of a run lie all over `records`: each is asked for well before it is needed.
        let prefetchDistance = 16
        for slot in runLengths.indices {
            run.removeAll(keepingCapacity: true)
            records.withUnsafeBufferPointer { records in
                order.withUnsafeBufferPointer { order in
                    for position in runStarts[slot]..<runStarts[slot + 1] {
                        if position + prefetchDistance < order.count {
                            beback_prefetch(records.baseAddress! + Int(order[position + prefetchDistance]))
                        }
                        run.append(records[Int(order[position])])
                    }
                }
            }
            Self.putInReplayOrder(&run)
            for record in run {
                let journal = Int(record.lead)
                let location = JournalArchive.location(journal: journal, offset: Int(record.offset))
                let effect = record.kind.hasText ? record.effect(strings: journals[journal].strings) : record.effect(strings: [])
                fold.apply(
                    at: Date(timeIntervalSince1970: record.at), effect: effect, slot: slot, location: location, tag: record.tag,
                    id: { reader.digest(at: location)?.id ?? EventID("") }, reread: { reader.digest(at: $0) })
            }
            if let end = run.last {
                let location = JournalArchive.location(journal: Int(end.lead), offset: Int(end.offset))
                if last.map({ ($0.at, $0.location) < (end.at, location) }) ?? true { last = (end.at, location) }
            }
        }
        let (leads, idOrder) = fold.takeLeads()
        return Share(
            fold: fold, leads: leads, idOrder: idOrder, directory: JournalArchive.directory(of: leads, places: idOrder),
            last: last.map { (Date(timeIntervalSince1970: $0.at), $0.location) })
    }

    /// Sorts one lead's run (records placed with their journal) by time, journal and offset: an
    /// insertion sort, as a run is short and nearly always in order already.
    static func putInReplayOrder(_ run: inout [DigestedRecord]) {
        run.withUnsafeMutableBufferPointer { run in
            guard run.count > 1 else { return }
            for index in 1..<run.count {
                let moving = run[index]
                var position = index
                while position > 0, moving.precedesInReplay(run[position - 1]) {
                    run[position] = run[position - 1]
                    position -= 1
                }
                if position != index { run[position] = moving }
            }
        }
    }

    // MARK: The shares put together

    var eventCount: Int { folds.reduce(0) { $0 + $1.eventCount } }
    var unknownEventCount: Int { folds.reduce(0) { $0 + $1.unknownEventCount } }
    var revokedEvents: Set<EventID> { folds.reduce(into: Set<EventID>()) { $0.formUnion($1.revokedEvents) } }
    /// Orphaned entries in replay order, as one fold would have listed them.
    var orphanEvents: [EventID] {
        folds.flatMap(\.orphans).sorted { ($0.at, $0.location) < ($1.at, $1.location) }.map(\.id)
    }

    /// Every share's leads (each share's list as it is: a floor's leads are not copied into one),
    /// with their places in id order counted across the lists, and what the archive's directory
    /// lists of them. The shares split the ids in order (`share(of:)`), so their orders are put one
    /// after the other (and the whole sorted again, should that not come out in order).
    mutating func takeLeads() -> (shares: [[DigestedLead]], places: [Int32], directory: [ArchivedLead]) {
        var lists: [[DigestedLead]] = [], orders: [[Int32]] = [], directories: [[ArchivedLead]] = []
        swap(&lists, &shareLeads)
        swap(&orders, &shareOrders)
        swap(&directories, &self.directories)
        let total = lists.reduce(0) { $0 + $1.count }
        var places: [Int32] = [], directory: [ArchivedLead] = []
        places.reserveCapacity(total)
        directory.reserveCapacity(total)
        var start: Int32 = 0
        for share in lists.indices {
            places.append(contentsOf: orders[share].lazy.map { $0 + start })
            directory.append(contentsOf: directories[share])
            directories[share] = []
            start += Int32(lists[share].count)
        }
        let sorted = directory.withUnsafeBufferPointer { leads in leads.indices.dropFirst().allSatisfy { leads[$0 - 1].id < leads[$0].id } }
        if !sorted {
            let all = lists.flatMap { $0 }
            all.withUnsafeBufferPointer { leads in places.sort { leads[Int($0)].id < leads[Int($1)].id } }
            directory = JournalArchive.directory(of: all, places: places)
        }
        return (lists, places, directory)
    }
}
