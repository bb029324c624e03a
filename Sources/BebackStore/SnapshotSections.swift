import BebackCodec
import BebackDomain
import Foundation

/// How a snapshot's leads are laid out by owner: one section per owner (owners sorted), each
/// section's leads in id order. `order[k]` is the id-order index of the k-th lead in the file.
struct SnapshotSectionPlan {
    var owners: [RepName] = []
    /// Per section, its range in `order`.
    var ranges: [Range<Int>] = []
    var order: [Int] = []

    init(owners leadOwners: [RepName]) {
        var byOwner: [RepName: [Int]] = [:]
        for (index, owner) in leadOwners.enumerated() { byOwner[owner, default: []].append(index) }
        owners = byOwner.keys.sorted()
        order.reserveCapacity(leadOwners.count)
        for owner in owners {
            let start = order.count
            order += byOwner[owner] ?? []
            ranges.append(start..<order.count)
        }
    }

    /// The leads (ranges of `order`) cut into shares for the writer's cores: each section whole,
    /// unless it has more than `maxLeads` leads, then in even parts of at most that many. A section
    /// that is one share has its records' checksum taken as they are encoded (`EncodedLeads.wholeSum`).
    func shares(maxLeads: Int) -> [Range<Int>] {
        var shares: [Range<Int>] = []
        for range in ranges where !range.isEmpty {
            let parts = (range.count + max(1, maxLeads) - 1) / max(1, maxLeads)
            for part in 0..<parts {
                shares.append((range.lowerBound + range.count * part / parts)..<(range.lowerBound + range.count * (part + 1) / parts))
            }
        }
        return shares
    }
}

/// The summaries of runs of encoded leads laid end to end, read in place by position.
struct SummariesInRuns: Sendable {
    private let runs: [EncodedLeads]
    /// The run of each position, and where each run starts.
    private let runOf: [Int32]
    private let firsts: [Int]

    init(_ runs: [EncodedLeads]) {
        self.runs = runs
        var runOf: [Int32] = []
        var firsts: [Int] = []
        for (index, run) in runs.enumerated() {
            firsts.append(runOf.count)
            runOf.append(contentsOf: repeatElement(Int32(index), count: run.summaries.count))
        }
        self.runOf = runOf
        self.firsts = firsts
    }

    var count: Int { runOf.count }

    subscript(position: Int) -> LeadSummary {
        let run = Int(runOf[position])
        return runs[run].summaries[position - firsts[run]]
    }
}

/// One owner's part of a snapshot (format 6): its directory (its own string table, then per lead
/// id, due time, flags, list-line fields and where its record is) and its leads' records, each part
/// with its own checksum, so a rep's desk reads and checks only its own sections.
struct SnapshotSection: Sendable {
    var owner: RepName
    var leadCount: Int
    /// The directory's bytes, from the start of the data area.
    var directory: Range<Int>
    var directorySum: UInt64
    /// The records' bytes, from the start of the leads area.
    var leads: Range<Int>
    var leadsSum: UInt64
    /// In a delta: the leads of this owner's section in the snapshot below that the delta takes out.
    var left: [LeadID]
}

/// A block of the lead locator: every lead of the desk in id order, with its section and where its
/// record is, so a lead outside the sections a desk read (one a tail entry names) is found by its id.
struct SnapshotLocatorBlock: Sendable {
    var first: LeadID
    /// The block's bytes, from the start of the data area.
    var bytes: Range<Int>
    var sum: UInt64
    var count: Int
}

/// Where the locator says a lead's record is.
struct SnapshotLocated: Sendable {
    var section: Int
    /// From the start of the leads area.
    var record: Range<Int>
    var sum: UInt64
}

/// Writes a snapshot (format 6) from its encoded leads: the header line, then the body — 8 bytes
/// saying where the head ends, the head (string table, journal marks, counters, the section table,
/// where the leads area starts, the locator's block table, the do-not-contact leads), then the data
/// area: every section's directory, the locator's blocks, and the leads area (every record, section
/// after section). The header's checksum covers the head; the head holds the checksum of every
/// other part.
struct SnapshotAssembly {
    let appVersion: String
    let marks: [JournalMark]
    let lastKey: ReplayKey?
    let counters: DeskStateParts
    let delta: SnapshotDeltaBase?
    let plan: SnapshotSectionPlan
    let owners: [RepName]
    let leads: [EncodedLeads]

    /// Leads per locator block: a lead found by its id costs one read of about this many entries.
    static let locatorBlockLeads = 256

    func chunks() throws -> [[UInt8]] {
        try head(spills: nil) + leads.flatMap(\.blocks)
    }

    /// What comes before the leads area: the header line, the head and the data area. The
    /// sections' checksums are taken from the leads' blocks, or with `spills` (the leads written
    /// out: `SnapshotSpill`), read back from them.
    func head(spills: [SnapshotSpill.Segment]?) throws -> [[UInt8]] {
        // Per lead in file order: its summary, size, checksum and flag, and where its record starts.
        // (The summaries are read where they are: copying a hundred thousand of them, strings and
        // all, was a good part of this serial step.)
        let summaries = SummariesInRuns(leads), sizes = leads.flatMap(\.sizes), sums = leads.flatMap(\.sums)
        let listed = leads.flatMap(\.listed)
        let count = plan.order.count
        guard summaries.count == count else { throw SnapshotReadError(offset: 0, reason: "\(summaries.count) leads encoded of \(count)") }
        var starts: [Int] = []
        starts.reserveCapacity(count)
        var total = 0
        for size in sizes {
            starts.append(total)
            total += size
        }
        for k in 0..<count where summaries[k].owner != owners[plan.order[k]] {
            throw SnapshotReadError(offset: 0, reason: "lead \(summaries[k].id) is \(summaries[k].owner)'s, its directory says \(owners[plan.order[k]])'s")
        }
        // Each section's records' checksum, walking the blocks (a record never straddles two).
        var sectionSums: [UInt64] = []
        if let spills {
            // A section encoded as one share was summed as it was encoded; any other is read back
            // (on every core, a window at a time).
            var summed: [Range<Int>: UInt64] = [:]
            for share in leads { if let sum = share.wholeSum { summed[share.range] = sum } }
            let bytes = plan.ranges.map { range in
                range.isEmpty ? 0..<0 : starts[range.lowerBound]..<(starts[range.upperBound - 1] + sizes[range.upperBound - 1])
            }
            let unsummed = plan.ranges.indices.filter { summed[plan.ranges[$0]] == nil }
            let readBack = try Parallel.map(unsummed.count, scratch: { SnapshotSpill.Window() }) { index, window in
                try SnapshotSpill.checksum(spills, range: bytes[unsummed[index]], buffer: window.bytes)
            }
            var read = Dictionary(uniqueKeysWithValues: zip(unsummed, readBack))
            sectionSums = plan.ranges.indices.map { index in summed[plan.ranges[index]] ?? read.removeValue(forKey: index) ?? 0 }
        } else {
            var walker = BlockWalker(runs: leads)
            for range in plan.ranges {
                var sum = SnapshotChecksum()
                for k in range { walker.next(size: sizes[k]) { sum.update($0) } }
                sectionSums.append(sum.finish())
            }
        }
        // The sections' directories, then the locator's blocks, laid end to end in the data area.
        var data: [[UInt8]] = []
        var dataCount = 0
        var sections: [SnapshotSection] = []
        var sectionOf = [Int32](repeating: 0, count: count)
        for (index, range) in plan.ranges.enumerated() {
            for k in range { sectionOf[plan.order[k]] = Int32(index) }
        }
        // Each section's directory has its own string table: they are written on every core.
        let directories = try Parallel.map(plan.ranges.count) { [plan, starts] index in
            let range = plan.ranges[index]
            var out = SnapshotByteWriter()
            out.count(range.count)
            for k in range {
                let summary = summaries[k]
                out.string(summary.id.rawValue)
                let due = summary.isOpen ? summary.next?.due : nil
                out.bool(due != nil)
                if let due { out.date(due) }
                out.u8(listed[k] ? 1 : 0)
                out.string(summary.name)
                out.string(summary.company)
                out.count(summary.touchCount)
                out.bool(summary.isOpen)
                out.bool(summary.next != nil)
                if let next = summary.next {
                    out.date(next.due); out.enumCase(next.kind); out.enumCase(next.channel); out.string(next.purpose)
                }
                out.count(starts[k] - starts[range.lowerBound])
                out.count(sizes[k])
            }
            let bytes = try out.finished()
            return (bytes: bytes, sum: bytes.withUnsafeBytes { SnapshotChecksum.of($0) })
        }
        for (index, range) in plan.ranges.enumerated() {
            let (bytes, directorySum) = directories[index]
            let leadsStart = range.isEmpty ? (starts.isEmpty ? 0 : total) : starts[range.lowerBound]
            let leadsEnd = range.isEmpty ? leadsStart : starts[range.upperBound - 1] + sizes[range.upperBound - 1]
            sections.append(
                SnapshotSection(
                    owner: plan.owners[index], leadCount: range.count, directory: dataCount..<(dataCount + bytes.count),
                    directorySum: directorySum, leads: leadsStart..<leadsEnd,
                    leadsSum: sectionSums[index], left: delta?.left[plan.owners[index]] ?? []))
            dataCount += bytes.count
            data.append(bytes)
        }
        // Owners whose section of the snapshot below loses leads but who have none in the delta.
        for (owner, ids) in (delta?.left ?? [:]).sorted(by: { $0.key < $1.key }) where !plan.owners.contains(owner) && !ids.isEmpty {
            sections.append(
                SnapshotSection(
                    owner: owner, leadCount: 0, directory: dataCount..<dataCount,
                    directorySum: SnapshotChecksum.of(UnsafeRawBufferPointer(start: nil, count: 0)),
                    leads: total..<total, leadsSum: SnapshotChecksum.of(UnsafeRawBufferPointer(start: nil, count: 0)), left: ids))
        }
        var position = [Int](repeating: 0, count: count)
        for (k, index) in plan.order.enumerated() { position[index] = k }
        // The locator's blocks, each on its own, on every core.
        let locatorBlocks = (count + Self.locatorBlockLeads - 1) / Self.locatorBlockLeads
        let located = Parallel.pair { [position, sectionOf, starts] half in
            (locatorBlocks * half / 2..<locatorBlocks * (half + 1) / 2).map { block -> (bytes: [UInt8], first: LeadID, count: Int) in
                let start = block * Self.locatorBlockLeads, end = min(count, start + Self.locatorBlockLeads)
                var writer = SnapshotByteWriter()
                for index in start..<end {
                    let k = position[index]
                    let id = Array(summaries[k].id.rawValue.utf8)
                    writer.count(id.count)
                    writer.raw(id)
                    writer.count(Int(sectionOf[index]))
                    writer.count(starts[k])
                    writer.count(sizes[k])
                    writer.u64(sums[k])
                }
                return (writer.bytes, summaries[position[start]].id, end - start)
            }
        }
        var blocks: [SnapshotLocatorBlock] = []
        for (out, first, leadCount) in located.0 + located.1 {
            blocks.append(
                SnapshotLocatorBlock(
                    first: first, bytes: dataCount..<(dataCount + out.count), sum: out.withUnsafeBytes { SnapshotChecksum.of($0) }, count: leadCount))
            dataCount += out.count
            data.append(out)
        }
        let leadsArea = dataCount
        // The head.
        var head = SnapshotByteWriter()
        head.count(marks.count)
        for mark in marks {
            head.string(mark.journal.fileName)
            head.u64(mark.salt)
            head.int(mark.headerLength)
            head.int(mark.validEnd)
            head.u64(mark.lastSequence)
            head.int(mark.lastRecordOffset)
            head.u64(mark.chainHash)
            head.int(mark.recordCount)
        }
        head.bool(lastKey != nil)
        if let lastKey {
            head.date(lastKey.at)
            head.string(lastKey.journal.fileName)
            head.u64(lastKey.sequence)
        }
        head.int(counters.eventCount)
        head.int(counters.unknownEventCount)
        head.bool(counters.lastEventAt != nil)
        if let last = counters.lastEventAt { head.date(last) }
        head.count(counters.orphanEvents.count)
        for id in counters.orphanEvents { head.string(id.rawValue) }
        head.count(counters.revokedEvents.count)
        for id in counters.revokedEvents { head.string(id.rawValue) }
        if let delta {
            head.count(delta.removed.count)
            for id in delta.removed { head.string(id.rawValue) }
        }
        head.count(count)
        head.count(sections.count)
        for section in sections {
            head.string(section.owner.rawValue)
            head.count(section.leadCount)
            head.count(section.directory.lowerBound)
            head.count(section.directory.count)
            head.u64(section.directorySum)
            head.count(section.leads.lowerBound)
            head.count(section.leads.count)
            head.u64(section.leadsSum)
            if delta != nil {
                head.count(section.left.count)
                for id in section.left { head.string(id.rawValue) }
            }
        }
        head.count(leadsArea)
        head.count(blocks.count)
        for block in blocks {
            head.string(block.first.rawValue)
            head.count(block.bytes.lowerBound)
            head.count(block.bytes.count)
            head.u64(block.sum)
            head.count(block.count)
        }
        var onList: [LeadID] = []
        for index in 0..<count where listed[position[index]] { onList.append(summaries[position[index]].id) }
        head.count(onList.count)
        for id in onList { head.string(id.rawValue) }
        let headBytes = try head.finished()
        var prefix: [UInt8] = []
        prefix.reserveCapacity(8 + headBytes.count)
        withUnsafeBytes(of: UInt64(8 + headBytes.count).littleEndian) { prefix.append(contentsOf: $0) }
        prefix.append(contentsOf: headBytes)
        let bodyCount = prefix.count + dataCount + total
        let base = delta.map { " " + JournalFormat.hex($0.checksum, digits: 16) } ?? ""
        let sum = prefix.withUnsafeBytes { SnapshotChecksum.of($0) }
        let line =
            "\(delta == nil ? DeskSnapshot.magic : DeskSnapshot.deltaMagic) \(DeskSnapshot.formatVersion) \(appVersion) "
            + "\(JournalFormat.hex(SnapshotEventCoding.schemaFingerprint, digits: 16)) \(bodyCount) \(JournalFormat.hex(sum, digits: 16))\(base)\n"
        return [Array(line.utf8), prefix] + data
    }
}

/// Walks the records of encoded runs in order, block by block (a record never straddles two blocks).
private struct BlockWalker {
    let runs: [EncodedLeads]
    var run = 0, block = 0, offset = 0

    init(runs: [EncodedLeads]) { self.runs = runs }

    mutating func next(size: Int, _ body: (UnsafeRawBufferPointer) -> Void) {
        while run < runs.count, block >= runs[run].blocks.count || offset + size > runs[run].blocks[block].count {
            if block < runs[run].blocks.count {
                block += 1
            } else {
                run += 1
                block = 0
            }
            offset = 0
        }
        guard run < runs.count else { return }
        runs[run].blocks[block].withUnsafeBytes { body(UnsafeRawBufferPointer(rebasing: $0[offset..<(offset + size)])) }
        offset += size
    }
}
