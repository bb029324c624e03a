#if canImport(Glibc)
    import Glibc
#endif
import BebackCodec
import BebackDomain
import Foundation

/// Reads the leads of one run of a snapshot (`DeskLoad.snapshotChunks`) from the journals a batch
/// of leads at a time: the batch's entries are sorted by where they lie and read in few large
/// `pread`s (neighbouring entries of a journal in one read of at most `window` bytes), each record
/// checked (framing, checksum) in file order and its payload kept; the leads are then handed out in
/// the run's order, each entry decoded once as its lead comes. One `pread` per entry was most of a full compaction's time.
/// An entry that cannot be read or decoded fails only its lead, when that lead is asked for, with
/// the error reading it alone gives (`JournalArchive.UnreadableEntry`: its journal and offset).
final class JournalBatchReader {
    private let archive: JournalArchive
    /// The run's leads (positions in id order), in the order they are asked for.
    private let positions: [Int]
    private let batchLeads: Int
    private let window: Int
    private let gap: Int
    /// The next lead of `positions` to hand out; the batch read holds `positions[batchStart..<batchEnd]`.
    private var next = 0
    private var batchStart = 0
    private var batchEnd = 0
    /// The batch's entries, lead after lead (each lead's in its own order), and where each lead's
    /// start: each entry's payload, checked, is copied into `arena` (a few megabytes, where the
    /// decoded entries would take several times that) and decoded when its lead is asked for.
    private var arena: [UInt8] = []
    private var payloads: [Range<Int>] = []
    private var locations: [EntryLocation] = []
    private var failures: [Int: any Error] = [:]
    private var leadStarts: [Int] = []
    private var buffer: [UInt8] = []
    /// Where `arena` and `buffer` came from and go back to when the reader is done (a core's
    /// buffers, kept from one share of the leads to the next).
    private let scratch: DeskSnapshot.ShareScratch?

    /// Bytes a record is read with beyond its offset when its length is not yet known (as `withPayload` does).
    static let recordGuess = 1_024

    init(
        archive: JournalArchive, positions: [Int], batchLeads: Int = 1_024, window: Int = 1 << 20, gap: Int = 8 << 10,
        scratch: DeskSnapshot.ShareScratch? = nil
    ) {
        self.scratch = scratch
        if let scratch {
            swap(&arena, &scratch.arena)
            swap(&buffer, &scratch.buffer)
        }
        self.archive = archive
        self.positions = positions
        self.batchLeads = max(1, batchLeads)
        self.window = max(window, Self.recordGuess)
        self.gap = gap
    }

    deinit {
        guard let scratch else { return }
        arena.removeAll(keepingCapacity: true)
        swap(&arena, &scratch.arena)
        swap(&buffer, &scratch.buffer)
    }

    /// The lead at `position` (the next one of the run) with its entries and summary, as
    /// `JournalArchive.snapshotLead` gives it.
    func snapshotLead(at position: Int) throws -> (events: [Event], summary: LeadSummary) {
        guard next < positions.count, positions[next] == position else {
            // Asked out of order (never by the writer): read it alone.
            return try archive.snapshotLead(at: position)
        }
        if next >= batchEnd { try readBatch(from: next) }
        let index = next - batchStart
        next += 1
        let slots = leadStarts[index]..<leadStarts[index + 1]
        var events: [Event] = []
        events.reserveCapacity(slots.count)
        try arena.withUnsafeBytes { arena in
            for slot in slots {
                if let failure = failures[slot] { throw failure }
                events.append(try archive.decodeEntry(UnsafeRawBufferPointer(rebasing: arena[payloads[slot]]), at: locations[slot]))
            }
        }
        return try archive.snapshotLead(at: position, events: events)
    }

    /// Reads and checks every entry of the leads from `start` on (`batchLeads` of them).
    private func readBatch(from start: Int) throws {
        batchStart = start
        batchEnd = min(positions.count, start + batchLeads)
        arena.removeAll(keepingCapacity: true)
        failures.removeAll(keepingCapacity: true)
        leadStarts.removeAll(keepingCapacity: true)
        locations.removeAll(keepingCapacity: true)
        var wanted: [(location: EntryLocation, slot: Int32)] = []
        for position in positions[batchStart..<batchEnd] {
            leadStarts.append(wanted.count)
            for location in archive.entryLocations(at: position) {
                wanted.append((location, Int32(wanted.count)))
                locations.append(location)
            }
        }
        leadStarts.append(wanted.count)
        payloads = Array(repeating: 0..<0, count: wanted.count)
        wanted.sort { $0.location < $1.location }
        var first = 0
        while first < wanted.count {
            let journal = wanted[first].location >> 40
            let from = Int(wanted[first].location & JournalArchive.offsetMask)
            var last = first
            while last + 1 < wanted.count, wanted[last + 1].location >> 40 == journal {
                let offset = Int(wanted[last + 1].location & JournalArchive.offsetMask)
                guard offset - Int(wanted[last].location & JournalArchive.offsetMask) <= gap, offset + Self.recordGuess - from <= window else { break }
                last += 1
            }
            let through = Int(wanted[last].location & JournalArchive.offsetMask) + Self.recordGuess
            let count = try archive.read(journal: Int(journal), offset: from, count: through - from, into: &buffer)
            buffer.withUnsafeBytes { bytes in
                let bytes = UnsafeRawBufferPointer(rebasing: bytes[0..<count])
                for want in wanted[first...last] {
                    let offset = Int(want.location & JournalArchive.offsetMask) - from
                    do {
                        let start = arena.count
                        if let payload = try archive.checkedPayload(in: bytes, at: offset, location: want.location) {
                            arena.append(contentsOf: UnsafeRawBufferPointer(rebasing: bytes[payload]))
                        } else {
                            // A record longer than it was read with: read alone.
                            arena.append(contentsOf: try archive.payloadAlone(at: want.location))
                        }
                        payloads[Int(want.slot)] = start..<arena.count
                    } catch {
                        failures[Int(want.slot)] = error
                    }
                }
            }
            first = last + 1
        }
    }
}

extension JournalArchive {
    /// Reads the records of `journal` at `offsets` (sorted), neighbours in one `pread`, checks each
    /// (framing, checksum) and decodes its entry whole; returns what could not be, at each offset,
    /// as a journal's check reports it (an unreadable entry, a record no longer there).
    func decodeEach(_ journal: JournalName, offsets: [UInt32], window: Int = 1 << 20, gap: Int = 8 << 10) throws -> [JournalProblem] {
        guard let index = journalIndex(journal) else { return [] }
        var problems: [JournalProblem] = []
        var buffer: [UInt8] = []
        var first = 0
        while first < offsets.count {
            let from = Int(offsets[first])
            var last = first
            while last + 1 < offsets.count, Int(offsets[last + 1]) - Int(offsets[last]) <= gap,
                Int(offsets[last + 1]) + JournalBatchReader.recordGuess - from <= window
            {
                last += 1
            }
            let count = try read(journal: index, offset: from, count: Int(offsets[last]) + JournalBatchReader.recordGuess - from, into: &buffer)
            buffer.withUnsafeBytes { bytes in
                let bytes = UnsafeRawBufferPointer(rebasing: bytes[0..<count])
                for offset in offsets[first...last] {
                    do {
                        _ = try wholeEntry(in: bytes, at: Int(offset) - from, location: Self.location(journal: index, offset: Int(offset)))
                    } catch let unreadable as UnreadableEntry {
                        problems.append(unreadable.problem.problem)
                    } catch {
                        problems.append(JournalProblem(kind: .corruptRecord, offset: Int(offset), detail: "\(error)"))
                    }
                }
            }
            first = last + 1
        }
        return problems
    }
}
