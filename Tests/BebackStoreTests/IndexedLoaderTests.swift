#if canImport(Glibc)
    import Glibc
#endif
import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("The indexed open: entry digests folded, leads read back from the journals when shown")
struct IndexedLoaderTests {
    @Test("an indexed open gives the same desk as replaying every entry whole, on generated desks", arguments: 1...12)
    func sameAsFullReplay(seed: UInt64) throws {
        let desk = try GeneratedDesk(seed: seed)
        try desk.grow(steps: 150 + Int(seed) * 20)
        let full = try FileEventStore(folder: desk.folder).loadEverything()
        let indexed = try FileEventStore(folder: desk.folder).loadIndexed()
        let archive = try #require(indexed.archive as? JournalArchive)
        #expect(indexed.problems.isEmpty && indexed.tornTails.isEmpty)
        #expect(indexed.replayedEntries == full.replayedEntries)
        #expect(indexed.marks == full.marks)
        #expect(indexed.lastKey == full.lastKey)
        #expect(archive.decodedCount == 0)
        // What lists need comes from the digests, and is what the whole leads say.
        #expect(indexed.state.leads.ids.sorted() == full.state.leads.ids.sorted())
        #expect(DueIndex(indexed.state).count == DueIndex(full.state).count)
        #expect(indexed.state.reps == full.state.reps)
        for id in full.state.leads.ids {
            let lead = try #require(full.state.leads[id])
            #expect(indexed.state.leads.summary(id) == lead.summary, "lead \(id)")
            #expect(indexed.state.leads.dueEntry(id)?.due == full.state.leads.dueEntry(id)?.due, "lead \(id)")
            #expect(indexed.state.leads.dueEntry(id)?.owner == full.state.leads.dueEntry(id)?.owner, "lead \(id)")
        }
        #expect(archive.decodedCount == 0, "summaries read two entries, never a whole lead")
        #expect(indexed.state == full.state)
        #expect(indexed.state.unknownEventCount == full.state.unknownEventCount)
        #expect(indexed.state.orphanEvents == full.state.orphanEvents)
        #expect(indexed.state.eventCount == full.state.eventCount)
        #expect(indexed.state.lastEventAt == full.state.lastEventAt)
        #expect(indexed.state.unknownEventCount > 0 || seed > 6)
        #expect(archive.problems.isEmpty)
        #expect(indexed.snapshot(appVersion: "test") == full.snapshot(appVersion: "test"))
        // Written lead by lead from the journals, the file is byte for byte the one a full replay writes.
        let streamed = try #require(try FileEventStore(folder: desk.folder).loadIndexed().snapshotChunks(appVersion: "test")).flatMap { $0 }
        #expect(streamed == (try full.snapshot(appVersion: "test")?.encoded()))
        // In blocks of a few hundred bytes (a large desk's are megabytes), the leads encoded in three runs
        // side by side (a large desk's, one per core), written piece by piece: the same file.
        let chunks = try #require(try FileEventStore(folder: desk.folder).loadIndexed().snapshotChunks(appVersion: "test", blockBytes: 300, runs: 3))
        #expect(chunks.count > 4)
        #expect(chunks.flatMap { $0 } == streamed)
        let file = SnapshotFile(desk.folder)
        try file.write(chunks: chunks)
        #expect(try file.read() == streamed)
    }

    /// A desk, and the lines of ann's journal (header first).
    func deskWithLines(seed: UInt64 = 5) throws -> (GeneratedDesk, String, [[UInt8]]) {
        let desk = try GeneratedDesk(seed: seed)
        try desk.grow(steps: 200)
        let path = desk.folder.journalPath(.rep("ann"))
        return (desk, path, try lines(of: path))
    }

    @Test("damage and a torn tail are found by an indexed open at the same offsets as by a full replay")
    func damageAsFullReplay() throws {
        let (desk, path, lines) = try deskWithLines()
        var bytes = lines.flatMap { $0 }
        let middle = lines[..<(lines.count / 2)].reduce(0) { $0 + $1.count }
        bytes[middle + 70] ^= 0x04
        bytes += Array(lines[3].prefix(40))
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let full = try FileEventStore(folder: desk.folder).loadEverything()
        let indexed = try FileEventStore(folder: desk.folder).loadIndexed()
        #expect(!full.problems.isEmpty && !full.tornTails.isEmpty)
        #expect(indexed.problems == full.problems)
        #expect(indexed.tornTails == full.tornTails)
        #expect(indexed.marks == nil, "a damaged desk is never snapshotted")
        #expect(indexed.state == full.state)
    }

    @Test("an entry the whole decoder refuses is refused at open, at its offset")
    func unreadableEntry() throws {
        let (desk, path, lines) = try deskWithLines()
        let offset = lines.reduce(0) { $0 + $1.count }
        let payload = #"{"at":1790000000,"body":{"outcome":"flying"},"by":"ann","id":"bad-1","kind":"touch","lead":"x","v":1}"#
        _ = try JournalWriter(path: path, name: JournalName.rep("ann").fileName).append([Array(payload.utf8)])
        let full = try FileEventStore(folder: desk.folder).loadEverything()
        let indexed = try FileEventStore(folder: desk.folder).loadIndexed()
        #expect(full.problems.map(\.problem.offset) == [offset])
        #expect(indexed.problems == full.problems)
    }

    @Test("what an indexed open does not read (the chain, bodies it does not need) is checked afterwards, with offsets")
    func checkedAfterwards() throws {
        let (desk, path, lines) = try deskWithLines()
        // A note whose text is a number: its digest reads fine, the whole entry does not.
        let noteOffset = lines.reduce(0) { $0 + $1.count }
        let note = #"{"at":1790000000,"body":{"text":5},"by":"ann","id":"bad-2","kind":"note","lead":"x","v":1}"#
        _ = try JournalWriter(path: path, name: JournalName.rep("ann").fileName).append([Array(note.utf8)])
        // Another journal's history edited with its checksum made right: only the chain shows it.
        let benPath = desk.folder.journalPath(.rep("ben"))
        var benLines = try BebackStoreTests.lines(of: benPath)
        let header = try #require(JournalScan.parseHeader(benLines[0].withUnsafeBytes { $0 }))
        let text = String(decoding: benLines[2], as: UTF8.self)
        let parts = text.split(separator: " ", maxSplits: 5)
        let payload = Array(String(parts[5].dropLast()).replacingOccurrences(of: "\"by\":\"ben\"", with: "\"by\":\"eve\"").utf8)
        benLines[2] = forged(sequence: UInt64(parts[1], radix: 16)!, previous: UInt64(parts[4], radix: 16)!, payload: payload, salt: header.salt)
        try write(benLines, to: benPath)
        let chainBreak = benLines[..<3].reduce(0) { $0 + $1.count }

        let store = try FileEventStore(folder: desk.folder)
        let indexed = try store.loadIndexed()
        #expect(indexed.problems.isEmpty, "the open reads digests and checksums only")
        #expect(indexed.uncheckedJournals.contains(.rep("ann")) && indexed.uncheckedJournals.contains(.rep("ben")))
        #expect(store.decodesOnCheck)
        store.checkInBackground(indexed.uncheckedJournals)
        let found = try indexed.uncheckedJournals.flatMap { try store.checkJournal($0) }
        #expect(found.contains { $0.journal == .rep("ann") && $0.problem.offset == noteOffset && $0.problem.detail.hasPrefix("unreadable entry") })
        #expect(found.contains { $0.journal == .rep("ben") && $0.problem.offset == chainBreak && $0.problem.kind == .chainBroken })
        #expect(found.count == 2)
        let full = try FileEventStore(folder: desk.folder).loadEverything()
        #expect(Set(full.problems.map(\.problem.offset)) == [noteOffset, chainBreak])
    }

    @Test("before a snapshot, the check decodes only the entries the writer does not; the writer refuses one in force it cannot decode, at its offset")
    func eachEntryDecodedOnce() throws {
        let (desk, path, lines) = try deskWithLines()
        let lead = try #require(try FileEventStore(folder: desk.folder).loadEverything().state.leads(ownedBy: RepName("ann")).first?.id)
        // Two notes whose text is a number (their digests read fine, the whole entries do not):
        // one on a lead of the desk (in force, the writer's), one on no lead (the check's).
        let inForce = lines.reduce(0) { $0 + $1.count }
        let onLead = #"{"at":1900000000,"body":{"text":5},"by":"ann","id":"bad-3","kind":"note","lead":"\#(lead.rawValue)","v":1}"#
        let onNoLead = #"{"at":1900000001,"body":{"text":6},"by":"ann","id":"bad-4","kind":"note","lead":"x","v":1}"#
        _ = try JournalWriter(path: path, name: JournalName.rep("ann").fileName).append([Array(onLead.utf8), Array(onNoLead.utf8)])
        let orphan = inForce + (try BebackStoreTests.lines(of: path))[lines.count].count

        let store = try FileEventStore(folder: desk.folder)
        let indexed = try store.loadIndexed()
        #expect(indexed.problems.isEmpty)
        let decodedBySnapshot = try #require(indexed.entriesDecodedBySnapshot)
        let annInForce = try #require(decodedBySnapshot[.rep("ann")])
        #expect(annInForce == annInForce.sorted())
        #expect(annInForce.contains(UInt32(inForce)) && !annInForce.contains(UInt32(orphan)))
        let found = try store.checkNow(indexed.uncheckedJournals, decodedElsewhere: decodedBySnapshot)
        #expect(found.map(\.problem.offset) == [orphan], "the check decodes the entry on no lead, not the one in force")
        #expect(found.first?.problem.detail.hasPrefix("unreadable entry") == true)
        do {
            _ = try indexed.snapshotChunks(appVersion: "test")
            Issue.record("a snapshot was made past an unreadable entry")
        } catch let unreadable as JournalArchive.UnreadableEntry {
            #expect(unreadable.problem.journal == .rep("ann") && unreadable.problem.problem.offset == inForce)
            #expect(unreadable.problem.problem.detail.hasPrefix("unreadable entry"))
        }
        // Without the writer's share, the check decodes both, as a full replay reports them.
        let whole = try FileEventStore(folder: desk.folder)
        let reopened = try whole.loadIndexed()
        #expect(Set(try whole.checkNow(reopened.uncheckedJournals).map(\.problem.offset)) == [inForce, orphan])
        #expect(Set(try FileEventStore(folder: desk.folder).loadEverything().problems.map(\.problem.offset)) == [inForce, orphan])
    }

    @Test("a compaction's open checks every record as it digests it: a chain break at open, an entry on no lead by checkRest, nothing written")
    func checkedWholeAtOpen() throws {
        let (desk, path, lines) = try deskWithLines()
        // A note on no lead whose text is a number: its digest reads fine, the whole entry does not.
        let noteOffset = lines.reduce(0) { $0 + $1.count }
        let note = #"{"at":1790000000,"body":{"text":5},"by":"ann","id":"bad-2","kind":"note","lead":"x","v":1}"#
        _ = try JournalWriter(path: path, name: JournalName.rep("ann").fileName).append([Array(note.utf8)])
        // Ben's history edited with its checksum made right: only the chain shows it.
        let benPath = desk.folder.journalPath(.rep("ben"))
        var benLines = try BebackStoreTests.lines(of: benPath)
        let header = try #require(JournalScan.parseHeader(benLines[0].withUnsafeBytes { $0 }))
        let parts = String(decoding: benLines[2], as: UTF8.self).split(separator: " ", maxSplits: 5)
        let payload = Array(String(parts[5].dropLast()).replacingOccurrences(of: "\"by\":\"ben\"", with: "\"by\":\"eve\"").utf8)
        benLines[2] = forged(sequence: UInt64(parts[1], radix: 16)!, previous: UInt64(parts[4], radix: 16)!, payload: payload, salt: header.salt)
        try write(benLines, to: benPath)
        let chainBreak = benLines[..<3].reduce(0) { $0 + $1.count }

        let store = try FileEventStore(folder: desk.folder)
        let load = try store.loadIndexed(checkingWhole: true)
        #expect(load.uncheckedJournals.isEmpty, "nothing is left to read a second time")
        #expect(load.problems.map(\.journal) == [.rep("ben")])
        #expect(load.problems.first?.problem.offset == chainBreak && load.problems.first?.problem.kind == .chainBroken)
        #expect(load.marks == nil)
        let left = try #require(load.entriesLeftToDecode)
        #expect(left[.rep("ann")]?.contains(UInt32(noteOffset)) == true)
        let rest = try store.checkRest(of: load)
        #expect(rest.map(\.journal) == [.rep("ann")] && rest.map(\.problem.offset) == [noteOffset])
        #expect(rest.first?.problem.detail.hasPrefix("unreadable entry") == true)
        // What a full replay finds, at the same offsets.
        let full = try FileEventStore(folder: desk.folder).loadEverything()
        #expect(Set(full.problems.map(\.problem.offset)) == [noteOffset, chainBreak])
        let file = SnapshotFile(desk.folder)
        #expect(try load.writeSnapshot(to: file, appVersion: "test") == nil)
        #expect(access(file.path, F_OK) != 0 && file.leftovers().isEmpty)
    }

    @Test("a compaction's open leaves to checkRest exactly the entries no lead holds; the writer refuses one in force at its offset, writing nothing")
    func checkedWholeEachEntryOnce() throws {
        let (desk, path, lines) = try deskWithLines()
        let lead = try #require(try FileEventStore(folder: desk.folder).loadEverything().state.leads(ownedBy: RepName("ann")).first?.id)
        let inForce = lines.reduce(0) { $0 + $1.count }
        let onLead = #"{"at":1900000000,"body":{"text":5},"by":"ann","id":"bad-3","kind":"note","lead":"\#(lead.rawValue)","v":1}"#
        let onNoLead = #"{"at":1900000001,"body":{"text":6},"by":"ann","id":"bad-4","kind":"note","lead":"x","v":1}"#
        _ = try JournalWriter(path: path, name: JournalName.rep("ann").fileName).append([Array(onLead.utf8), Array(onNoLead.utf8)])
        let orphan = inForce + (try BebackStoreTests.lines(of: path))[lines.count].count

        let store = try FileEventStore(folder: desk.folder)
        let load = try store.loadIndexed(checkingWhole: true)
        #expect(load.problems.isEmpty)
        let left = try #require(load.entriesLeftToDecode)
        let taken = try #require(load.entriesDecodedBySnapshot)
        // Every record of every journal is the writer's or the check's, never both.
        for journal in try desk.folder.journals() {
            let records = JournalScan.scan(try Posix.readFile(desk.folder.journalPath(journal))).records.map { UInt32($0.offset) }
            let mine = left[journal] ?? [], writers = taken[journal] ?? []
            #expect(mine == mine.sorted() && Set(mine).isDisjoint(with: writers), "\(journal.fileName)")
            #expect((mine + writers).sorted() == records, "\(journal.fileName)")
        }
        #expect(left[.rep("ann")]?.contains(UInt32(orphan)) == true && left[.rep("ann")]?.contains(UInt32(inForce)) == false)
        #expect(try store.checkRest(of: load).map(\.problem.offset) == [orphan])
        let file = SnapshotFile(desk.folder)
        do {
            _ = try load.writeSnapshot(to: file, appVersion: "test")
            Issue.record("a snapshot was written past an unreadable entry")
        } catch let unreadable as JournalArchive.UnreadableEntry {
            #expect(unreadable.problem.journal == .rep("ann") && unreadable.problem.problem.offset == inForce)
            #expect(unreadable.problem.problem.detail.hasPrefix("unreadable entry"))
        }
        #expect(access(file.path, F_OK) != 0 && file.leftovers().isEmpty, "nothing is written")
    }

    @Test("a compaction's open and spilled writer give the snapshot a full replay gives, byte for byte", arguments: [2, 7, 11] as [UInt64])
    func checkedWholeSameSnapshot(seed: UInt64) throws {
        let desk = try GeneratedDesk(seed: seed)
        try desk.grow(steps: 300)
        let expected = try #require(try FileEventStore(folder: desk.folder).loadEverything().snapshot(appVersion: "test")?.encoded())
        let file = SnapshotFile(desk.folder)
        // Sections whole (their checksums taken as they are encoded) or cut into shares of a few
        // leads (read back), on one core or several.
        for (blockBytes, runs, shareLeads) in [(DeskSnapshot.leadBlockBytes, nil, nil), (300, 3, nil), (1, 1, nil), (300, 2, 7), (500, 3, 1)]
            as [(Int, Int?, Int?)]
        {
            let store = try FileEventStore(folder: desk.folder)
            let load = try store.loadIndexed(checkingWhole: true)
            #expect(load.problems.isEmpty && load.uncheckedJournals.isEmpty)
            #expect(try store.checkRest(of: load).isEmpty)
            file.remove()
            #expect(try load.writeSnapshot(to: file, appVersion: "test", blockBytes: blockBytes, runs: runs, shareLeads: shareLeads) == expected.count)
            #expect(try file.read() == expected, "blocks of \(blockBytes), \(runs ?? 0) runs, shares of \(shareLeads ?? 0)")
            #expect(try load.snapshotChunks(appVersion: "test", blockBytes: blockBytes, runs: runs, shareLeads: shareLeads)?.flatMap { $0 } == expected)
            #expect(file.leftovers().isEmpty)
        }
    }

    @Test("the writer's batch reader gives each lead as reading it alone does, however the batches and reads are cut")
    func batchReaderAsAlone() throws {
        let (desk, path, _) = try deskWithLines(seed: 8)
        let full = try FileEventStore(folder: desk.folder).loadEverything()
        // A note longer than a record is first read with: read again alone.
        let lead = try #require(full.state.leads(ownedBy: RepName("ann")).first?.id)
        let long = String(repeating: "long ", count: 600)
        let note = #"{"at":1900000000,"body":{"text":"\#(long)"},"by":"ann","id":"long-1","kind":"note","lead":"\#(lead.rawValue)","v":1}"#
        _ = try JournalWriter(path: path, name: JournalName.rep("ann").fileName).append([Array(note.utf8)])
        let load = try FileEventStore(folder: desk.folder).loadIndexed()
        let archive = try #require(load.archive as? JournalArchive)
        var positions = Array(archive.directory.indices)
        positions.reverse()
        for (batch, window, gap) in [(1_024, 1 << 20, 8 << 10), (3, 2_000, 300), (1, 1_024, 0), (50, 1 << 16, 1 << 16)] {
            let reader = JournalBatchReader(archive: archive, positions: positions, batchLeads: batch, window: window, gap: gap)
            for position in positions {
                let read = try reader.snapshotLead(at: position)
                let alone = try archive.snapshotLead(at: position)
                #expect(read.events == alone.events && read.summary == alone.summary, "batch \(batch) window \(window) gap \(gap)")
            }
        }
        let position = try #require(archive.directory.firstIndex { $0.id == lead })
        #expect(try archive.snapshotLead(at: position).events.contains { $0.id == EventID("long-1") })
    }

    @Test("a journal whose writer holds its lock is read instead of mapped: the open gives the same desk, and lets every lock go")
    func writerBusyDuringOpen() throws {
        let (desk, path, _) = try deskWithLines(seed: 6)
        let full = try FileEventStore(folder: desk.folder).loadEverything()
        let writer = open(path + ".lock", O_RDWR)
        defer { close(writer) }
        #expect(flock(writer, LOCK_EX | LOCK_NB) == 0)
        let busy = try FileEventStore(folder: desk.folder).loadIndexed()
        #expect(busy.state == full.state)
        #expect(busy.marks == full.marks)
        flock(writer, LOCK_UN)
        let free = try FileEventStore(folder: desk.folder).loadIndexed()
        #expect(free.state == full.state)
        // Every journal's lock is free again once the open is done: a writer takes each at once.
        for journal in try desk.folder.journals() {
            let fd = open(desk.folder.journalPath(journal) + ".lock", O_RDWR)
            defer { close(fd) }
            #expect(flock(fd, LOCK_EX | LOCK_NB) == 0, "\(journal.fileName)")
            flock(fd, LOCK_UN)
        }
    }

    @Test("an undo written in another journal before the entry it withdraws (clocks apart) is honoured as a full replay does")
    func undoBeforeItsEntry() throws {
        let (desk, _, _) = try deskWithLines(seed: 8)
        let lead = try #require(desk.state.leads.values.first { $0.profile.owner == "ann" && !$0.isClosed })
        let late = Date(timeIntervalSince1970: 1_800_000_000)
        let target = Event(
            id: "late-1", at: late, actor: "ann", lead: lead.id,
            payload: .scheduled(FollowUp(due: late.addingTimeInterval(86_400), kind: .manual, channel: .phone, purpose: "call")!))
        let undo = Event(id: "undo-1", at: late.addingTimeInterval(-60), actor: "ben", lead: lead.id, payload: .revoked("late-1", reason: "undo"))
        // An undo filed under another lead (folded on another core) withdraws an entry all the same.
        let other = try #require(desk.state.leads.values.first { IndexedFold.share(of: $0.id) != IndexedFold.share(of: lead.id) && !$0.isClosed })
        let otherTarget = Event(id: "late-2", at: late, actor: "ann", lead: other.id, payload: .noted("withdrawn before it was written"))
        let crossUndo = Event(id: "undo-2", at: late.addingTimeInterval(-30), actor: "ben", lead: lead.id, payload: .revoked("late-2", reason: "undo"))
        _ = try desk.store.append([target, otherTarget], to: .rep("ann"))
        // Written by a process that had not read ann's entries: only the clocks order the two.
        _ = try FileEventStore(folder: desk.folder).append([undo, crossUndo], to: .rep("ben"))
        let full = try FileEventStore(folder: desk.folder).loadEverything()
        let indexed = try FileEventStore(folder: desk.folder).loadIndexed()
        #expect(indexed.state.leads.summary(lead.id) == full.state.leads[lead.id]?.summary)
        #expect(indexed.state.leads.dueEntry(lead.id)?.due == full.state.leads.dueEntry(lead.id)?.due)
        #expect(full.state.leads[lead.id]?.events.contains { $0.id == "late-1" } == false)
        #expect(full.state.leads[other.id]?.notes.contains { $0.event == "late-2" } == false)
        #expect(indexed.state.leads[other.id] == full.state.leads[other.id])
        #expect(indexed.state == full.state)
    }

    @Test("the shares split lead ids in order: every id of the first sorts before every id of the second, and equal ids share")
    func sharesSplitInOrder() {
        var ids = SeededIDGenerator(seed: 4)
        var leads = (0..<400).map { _ in ids.newLeadID { _ in false } }
        // Ids beback would not write, but a journal may hold: Swift holds each pair equal.
        leads += ["é1", "e\u{301}1", "a;", "a\u{37E}", "Ωmega", "ℌx", "", "Z", "h", "g~", "\u{1F600}"]
        let first = leads.filter { IndexedFold.share(of: $0) == 0 }, second = leads.filter { IndexedFold.share(of: $0) == 1 }
        #expect(first.count > 150 && second.count > 150, "beback's ids fall about evenly")
        for low in first { for high in second { #expect(low < high, "\(low) before \(high)") } }
        for (one, other) in [("é1", "e\u{301}1"), ("a;", "a\u{37E}")] as [(LeadID, LeadID)] {
            #expect(one == other)
            #expect(IndexedFold.share(of: one) == IndexedFold.share(of: other))
        }
    }

    @Test("a lead's run is put in replay order: time, then journal, then offset")
    func runInReplayOrder() {
        var random = SeededRandom(seed: 9)
        for _ in 0..<50 {
            var run = (0..<Int(random.next() % 30)).map { _ in
                DigestedRecord(at: Double(random.next() % 5), value: 0, offset: Int(random.next() % 1000), lead: 0, tag: 0, kind: .other)
                    .inJournal(Int(random.next() % 3))
            }
            let expected = run.sorted { ($0.at, $0.lead, $0.offset) < ($1.at, $1.lead, $1.offset) }
            IndexedFold.putInReplayOrder(&run)
            #expect(run.map { [$0.at, Double($0.lead), Double($0.offset)] } == expected.map { [$0.at, Double($0.lead), Double($0.offset)] })
        }
    }

    @Test("two spellings Swift holds equal are one lead, in one journal and across journals, as a full replay has it")
    func equalSpellingsAreOneLead() throws {
        let (desk, _, _) = try deskWithLines(seed: 6)
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        let profile = LeadProfile(name: "Two Spellings", company: "Accents Ltd", owner: "ann")
        let capture = Event(id: "sp-1", at: at, actor: "ann", lead: "x;", payload: .captured(profile, wants: "chairs", holdingBack: ""))
        let touch = Event(
            id: "sp-2", at: at.addingTimeInterval(60), actor: "ann", lead: "x\u{37E}", payload: .touched(Touch(channel: .phone, outcome: .voicemail, note: "")))
        let plan = Event(
            id: "sp-3", at: at.addingTimeInterval(120), actor: "ben", lead: "x\u{37E}",
            payload: .scheduled(FollowUp(due: at.addingTimeInterval(86_400), kind: .manual, channel: .phone, purpose: "call back")!))
        _ = try desk.store.append([capture, touch], to: .rep("ann"))
        _ = try desk.store.append([plan], to: .rep("ben"))
        let full = try FileEventStore(folder: desk.folder).loadEverything()
        let indexed = try FileEventStore(folder: desk.folder).loadIndexed()
        #expect(full.state.leads["x;"]?.touchCount == 1)
        #expect(indexed.state.leads.summary("x;") == full.state.leads["x;"]?.summary)
        #expect(indexed.state.leads.dueEntry("x;")?.due == at.addingTimeInterval(86_400))
        #expect(indexed.state == full.state)
    }
}
