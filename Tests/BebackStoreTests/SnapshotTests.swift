import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// Writes the desk's snapshot as `beback compact` does (from a full replay).
@discardableResult
func compact(
    _ folder: DeskFolder, appVersion: String = "test",
    afterStep: (CompactionStep) throws -> Void = { _ in }
) throws -> DeskSnapshot {
    let load = try FileEventStore(folder: folder).loadEverything()
    let snapshot = try #require(load.snapshot(appVersion: appVersion))
    try SnapshotFile(folder).write(try snapshot.encoded(), afterStep: afterStep)
    return snapshot
}

/// Opens the desk as the desk does (snapshot first).
func open(_ folder: DeskFolder, appVersion: String = "test") throws -> DeskLoad {
    try FileEventStore(folder: folder).loadDesk(appVersion: appVersion)
}

@Suite("Snapshots: a cache of the folded desk that never disagrees with the journals")
struct SnapshotTests {
    @Test("snapshot round trip equals a full replay, on generated desks", arguments: 1...12)
    func roundTrip(seed: UInt64) throws {
        let desk = try GeneratedDesk(seed: seed)
        try desk.grow(steps: 150 + Int(seed) * 20)
        let written = try compact(desk.folder)
        let bytes = try #require(try SnapshotFile(desk.folder).read())
        let decoded = try bytes.withUnsafeBytes { try DeskSnapshot.decode($0, appVersion: "test") }
        #expect(decoded == written)
        let opened = try open(desk.folder)
        #expect(opened.usedSnapshot)
        #expect(opened.replayedEntries == 0)
        #expect(opened.notes.isEmpty)
        #expect(opened.state == (try desk.fullReplay()))
        #expect(opened.state == desk.state)
        #expect(opened.state.unknownEventCount > 0 || seed > 6)
    }

    @Test("a session record (no lead) is no orphan in a replay, the indexed open or the snapshot, before and after compaction")
    func sessionRecord() throws {
        let desk = try GeneratedDesk(seed: 5)
        try desk.grow(steps: 60)
        try desk.recordSession()
        try desk.grow(steps: 20)
        #expect(desk.state.orphanEvents.isEmpty)
        #expect(try desk.fullReplay() == desk.state)
        let indexed = try open(desk.folder)
        #expect(indexed.state == desk.state)
        #expect(indexed.state.orphanEvents.isEmpty)
        try compact(desk.folder)
        let opened = try open(desk.folder)
        #expect(opened.usedSnapshot)
        #expect(opened.state == desk.state)
        #expect(opened.state.orphanEvents.isEmpty)
    }

    @Test("a lifted do-not-contact entry (dnc-lifted) survives the snapshot and the indexed open")
    func liftedEntry() throws {
        let desk = try GeneratedDesk(seed: 4)
        try desk.grow(steps: 120)
        let lead = try #require(desk.state.leads.values.filter { !$0.isClosed && !$0.profile.contact.phones.isEmpty }.map(\.id).min())
        try desk.markAndLift(lead)
        #expect(desk.state.leads[lead]?.liftedContacts.isEmpty == false)
        #expect(try desk.fullReplay() == desk.state)
        try compact(desk.folder)
        let opened = try open(desk.folder)
        #expect(opened.usedSnapshot)
        #expect(opened.state == desk.state)
        #expect(opened.state.leads[lead]?.liftedContacts == desk.state.leads[lead]?.liftedContacts)
    }

    @Test("a channel block (channel-block) survives the snapshot and the indexed open")
    func channelBlock() throws {
        let desk = try GeneratedDesk(seed: 6)
        try desk.grow(steps: 120)
        let candidates = desk.state.leads.values.filter { !$0.isClosed && !$0.profile.contact.phones.isEmpty && $0.profile.contact.email != nil }
        let lead = try #require(candidates.map(\.id).min())
        try desk.block([.phone, .text], on: lead)
        #expect(desk.state.leads[lead]?.blockedChannels == [.phone, .text])
        #expect(try desk.fullReplay() == desk.state)
        #expect(try FileEventStore(folder: desk.folder).loadDesk(appVersion: "test").state == desk.state)
        try compact(desk.folder)
        let opened = try open(desk.folder)
        #expect(opened.usedSnapshot)
        #expect(opened.state == desk.state)
        #expect(opened.state.leads[lead]?.blockedChannels == [.phone, .text])
    }

    @Test("a desk opened from a snapshot decodes a lead only when it is used", arguments: [1, 3, 5] as [UInt64])
    func lazyLeads(seed: UInt64) throws {
        let desk = try GeneratedDesk(seed: seed)
        try desk.grow(steps: 300)
        try compact(desk.folder)
        let opened = try open(desk.folder)
        let archive = try #require(opened.archive as? SnapshotArchive)
        #expect(opened.usedSnapshot && opened.replayedEntries == 0)
        #expect(archive.decodedCount == 0)
        let index = DueIndex(opened.state)
        #expect(archive.decodedCount == 0)
        #expect(index.count == DueIndex(desk.state).count)
        #expect(opened.state.reps == desk.state.reps)
        #expect(archive.decodedCount == 0)
        let some = try #require(desk.state.leads.ids.sorted().first)
        #expect(opened.state.leads[some] == desk.state.leads[some])
        #expect(archive.decodedCount == 1)
        // The directory's summaries and next follow-ups are what the decoded leads say.
        for id in desk.state.leads.ids {
            let lead = try #require(desk.state.leads[id])
            #expect(opened.state.leads.summary(id) == lead.summary)
            #expect(opened.state.leads.nextFollowUp(id) == (lead.isClosed || lead.doNotContact ? nil : lead.next))
        }
        #expect(archive.decodedCount == 1)
        #expect(opened.state == desk.state)
        #expect(archive.decodedCount == desk.state.leads.count)
        #expect(archive.problems.isEmpty)
    }

    @Test("a lead the snapshot cannot give back (checksum right, bytes wrong) is reported, never made up")
    func unreadableLead() throws {
        let desk = try GeneratedDesk(seed: 8)
        try desk.grow(steps: 200)
        let snapshot = try compact(desk.folder)
        let parts = snapshot.parts
        let first = try #require(desk.state.leads.ids.sorted().first)
        // The writer puts a wrong byte in the first lead's own string table and checksums it, as a bug would.
        let bytes = try DeskSnapshot.encoded(
            appVersion: "test", marks: snapshot.marks, lastKey: snapshot.lastKey, counters: parts, delta: nil,
            owners: parts.leadSummaries.map(\.owner)
        ) { index in
            var record = SnapshotByteWriter()
            record.count(parts.leadEvents[index].count)
            for event in parts.leadEvents[index] { try SnapshotEventCoding.write(event, to: &record) }
            var encoded = try record.finished()
            if parts.leadSummaries[index].id == first { encoded[8] = 0x7F }
            return .encoded(encoded, parts.leadSummaries[index], onDoNotContactList: false)
        }
        try SnapshotFile(desk.folder).write(bytes)
        let opened = try open(desk.folder)
        let archive = try #require(opened.archive as? SnapshotArchive)
        #expect(opened.usedSnapshot)
        #expect(opened.state.leads[first] == nil)
        #expect(archive.problems.count == 1)
        #expect(archive.problems.first?.contains("lead \(first)") == true)
    }

    @Test("a lead changed after opening from a snapshot leaves the archive and folds on", arguments: [2, 4] as [UInt64])
    func lazyLeadsChange(seed: UInt64) throws {
        let desk = try GeneratedDesk(seed: seed)
        try desk.grow(steps: 200)
        try compact(desk.folder)
        try desk.grow(steps: 40)
        let opened = try open(desk.folder)
        #expect(opened.usedSnapshot && opened.replayedEntries > 0)
        #expect(try #require(opened.archive as? SnapshotArchive).decodedCount < desk.state.leads.count)
        #expect(opened.state == (try desk.fullReplay()))
        #expect(
            DueIndex(opened.state).leads(of: nil, dueBefore: .distantFuture).sorted() == DueIndex(desk.state).leads(of: nil, dueBefore: .distantFuture).sorted()
        )
    }

    @Test("entries written after the snapshot are replayed on top of it", arguments: [3, 7, 11] as [UInt64])
    func tails(seed: UInt64) throws {
        let desk = try GeneratedDesk(seed: seed)
        try desk.grow(steps: 200)
        try compact(desk.folder)
        let before = desk.written
        try desk.grow(steps: 60)
        let opened = try open(desk.folder)
        #expect(opened.usedSnapshot)
        #expect(opened.replayedEntries == desk.written - before)
        #expect(opened.state == (try desk.fullReplay()))
        // The store continues from the tails: another process's entry arrives by poll, nothing twice.
        let store = FileEventStore(unchecked: desk.folder)
        _ = try store.loadDesk(appVersion: "test")
        #expect(try store.poll().isEmpty)
        try desk.grow(steps: 5)
        #expect(try store.poll().count > 0)
    }

    @Test("a snapshot of the opened desk (snapshot plus tails) is itself exact")
    func snapshotOfSnapshot() throws {
        let desk = try GeneratedDesk(seed: 21)
        try desk.grow(steps: 120)
        try compact(desk.folder)
        try desk.grow(steps: 40)
        let opened = try open(desk.folder)
        let second = try #require(opened.snapshot(appVersion: "test"))
        try SnapshotFile(desk.folder).write(try second.encoded())
        try desk.grow(steps: 30)
        let reopened = try open(desk.folder)
        #expect(reopened.usedSnapshot)
        #expect(reopened.state == (try desk.fullReplay()))
    }

    @Test("a damaged snapshot is ignored with a note; the desk equals a full replay", arguments: ["flip", "truncate", "header", "empty"])
    func damaged(how: String) throws {
        let desk = try GeneratedDesk(seed: 5)
        try desk.grow(steps: 150)
        try compact(desk.folder)
        let path = SnapshotFile(desk.folder).path
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        switch how {
        case "flip": bytes[bytes.count / 2] ^= 0x04
        case "truncate": bytes.removeLast(bytes.count / 3)
        case "header": bytes[3] = UInt8(ascii: "X")
        default: bytes = []
        }
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        let opened = try open(desk.folder)
        #expect(!opened.usedSnapshot)
        #expect(opened.notes.first?.contains("snapshot ignored: damaged") == true, "\(opened.notes)")
        #expect(opened.state == (try desk.fullReplay()))
    }

    @Test("a stale snapshot is ignored with a note saying why", arguments: StaleCase.allCases)
    func stale(kind: StaleCase) throws {
        let desk = try GeneratedDesk(seed: 9)
        try desk.grow(steps: 150)
        try compact(desk.folder)
        let journal = desk.folder.journalPath(.rep("ann"))
        var appVersion = "test"
        switch kind {
        case .olderEntryArrives:
            // A writer that never read the desk (an older build, or a process that opened before the
            // entries the snapshot holds) writes an entry that sorts before the snapshot's last one.
            let journals = try desk.folder.journals()
            let lastKey = try #require(try FileEventStore(folder: desk.folder).loadEverything().lastKey)
            let earlier = try #require(journals.first { $0 != lastKey.journal })
            _ = try FileEventStore(folder: desk.folder).append(
                [
                    Event(
                        id: "late-1", at: Date(timeIntervalSince1970: 1_790_000_000), actor: "ann",
                        lead: "nobody", payload: .noted("late"))
                ], to: earlier)
        case .journalShortened:
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: journal)))
            try Data(bytes.prefix(bytes.count - 10)).write(to: URL(fileURLWithPath: journal))
        case .journalReplaced:
            // Salvage writes a new journal (new salt, new chain) with the same records.
            let bytes = try Array(Data(contentsOf: URL(fileURLWithPath: journal)))
            var damaged = bytes
            damaged[bytes.count / 2] ^= 0x01
            try Data(damaged).write(to: URL(fileURLWithPath: journal))
            _ = try JournalSalvage.salvage(path: journal)
        case .lastRecordRewritten:
            var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: journal)))
            let lastLine = bytes.dropLast().lastIndex(of: 0x0A)! + 1
            bytes[lastLine + 20] = bytes[lastLine + 20] == UInt8(ascii: "0") ? UInt8(ascii: "1") : UInt8(ascii: "0")
            try Data(bytes).write(to: URL(fileURLWithPath: journal))
        case .journalRemoved:
            try FileManager.default.removeItem(atPath: journal)
        case .otherAppVersion:
            appVersion = "9.9.9"
        }
        let opened = try open(desk.folder, appVersion: appVersion)
        #expect(!opened.usedSnapshot)
        #expect(opened.notes.first?.hasPrefix("snapshot ignored: ") == true, "\(opened.notes)")
        #expect(opened.state == (try FileEventStore(folder: desk.folder).loadEverything().state))
    }

    enum StaleCase: String, CaseIterable, Sendable {
        case olderEntryArrives, journalShortened, journalReplaced, lastRecordRewritten, journalRemoved, otherAppVersion
    }

    @Test(
        "damage in records the snapshot covers is not read at open; the journal check finds it with its offset and stops writes to that journal only",
        arguments: [false, true])
    func damageUnderTheSnapshot(checkedInBackground: Bool) throws {
        let desk = try GeneratedDesk(seed: 23)
        try desk.grow(steps: 120)
        try compact(desk.folder)
        let path = desk.folder.journalPath(.rep("ben"))
        var lines = try BebackStoreTests.lines(of: path)
        lines[3][62] ^= 0x01
        try write(lines, to: path)
        let offset = lines[..<3].reduce(0) { $0 + $1.count }

        let store = try FileEventStore(folder: desk.folder)
        let opened = try store.loadDesk(appVersion: "test")
        #expect(opened.usedSnapshot)
        #expect(opened.problems.isEmpty)
        #expect(opened.uncheckedJournals.contains(.rep("ben")))
        #expect(try store.checkJournal(.rep("ann")).isEmpty)
        // As the desk does at open: the journal is checked on another thread, and the check takes that result.
        if checkedInBackground { store.checkInBackground(.rep("ben")) }
        let found = try store.checkJournal(.rep("ben"))
        #expect(found.map(\.problem.offset) == [offset])
        #expect(found.first?.problem.kind == .corruptRecord)
        #expect(store.readOnlyReason(for: .rep("ben"))?.contains("offset \(offset)") == true)
        #expect(store.readOnlyReason == nil, "ben's damage does not refuse every write")
        #expect(throws: (any Error).self) { try store.append(try sampleEvents(rep: "ben", count: 1, start: 70), to: .rep("ben")) }
        #expect(try store.append(try sampleEvents(count: 1, start: 71), to: .rep("ann")).count == 1, "ann still saves")
        #expect(try store.checkJournal(.rep("ben")).isEmpty, "found once, not twice")
    }

    @Test("a journal created after the snapshot is read whole")
    func newJournal() throws {
        let desk = try GeneratedDesk(seed: 13)
        try desk.grow(steps: 100)
        try compact(desk.folder)
        var profile = Fixtures.profile(name: "Dana New", owner: "dana")
        profile.company = "New Co"
        let later = Date(timeIntervalSince1970: 1_900_000_000)
        var ids = SeededIDGenerator(seed: 99)
        let events = try LeadActions(rep: "dana").capture(profile, wants: "", holdingBack: "", state: desk.state, at: later, ids: &ids)
        _ = try desk.store.append(events, to: .rep("dana"))
        let opened = try open(desk.folder)
        #expect(opened.usedSnapshot)
        #expect(opened.replayedEntries == events.count)
        #expect(opened.state == (try desk.fullReplay()))
    }

    @Test("unknown kinds survive compaction: the journal bytes are untouched and still counted")
    func unknownKindsSurvive() throws {
        let desk = try GeneratedDesk(seed: 17)
        try desk.grow(steps: 80)
        try desk.writeUnknownKind(rep: "ann", lead: "zzzzz")
        let journal = desk.folder.journalPath(.rep("ann"))
        let before = try Data(contentsOf: URL(fileURLWithPath: journal))
        try compact(desk.folder)
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before)
        let opened = try open(desk.folder)
        #expect(opened.usedSnapshot)
        #expect(opened.state.unknownEventCount == desk.state.unknownEventCount)
        #expect(opened.state.unknownEventCount >= 1)
        #expect(String(decoding: before, as: UTF8.self).contains("\"kind\":\"lead-score\""))
    }
}

extension FileEventStore {
    convenience init(unchecked folder: DeskFolder) {
        try! self.init(folder: folder)
    }
}
