@testable import BebackCLI
import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("The desk session: snapshot at quit, read-only banner")
struct DeskSessionSnapshotTests {
    let now = Fixtures.at("2026-11-23 10:42", "Europe/London")

    /// A demo desk written through the store.
    func desk(leads: Int) throws -> FileEventStore {
        let folder = try DeskFolder.create(at: Fixtures.temporaryFolder("session").appendingPathComponent("desk"))
        let store = try FileEventStore(folder: folder)
        for (rep, events) in DemoGenerator(leads: leads, seed: 3, now: now).events() {
            _ = try store.append(events.sorted { $0.at < $1.at }, to: .rep(rep))
        }
        return store
    }

    func session(_ folder: DeskFolder) throws -> DeskSession {
        let store = try FileEventStore(folder: folder)
        return try DeskSession(store: store, rep: "ann", clock: FixedClock(now), preloaded: try store.loadDesk(appVersion: BebackVersion.current))
    }

    @Test("a short replay writes no snapshot at quit")
    func shortReplay() throws {
        let store = try desk(leads: 20)
        let session = try session(store.folder)
        #expect(session.snapshotOnQuit == nil)
        session.writeSnapshotAtQuit()
        #expect(try SnapshotFile(store.folder).read() == nil)
    }

    @Test("a desk opened from its snapshot with 200 entries after it has a delta written in the background at quit; with fewer, nothing")
    func deltaAfterQuit() throws {
        let store = try desk(leads: 30)
        let folder = store.folder
        let loaded = try store.loadEverything()
        try SnapshotFile(folder).write(try #require(loaded.snapshot(appVersion: BebackVersion.current)).encoded())
        let lead = try #require(loaded.state.leads.values.filter { $0.profile.owner == "ann" }.map(\.id).min())
        func note(_ count: Int, from first: Int) throws {
            let events = (first..<(first + count)).map {
                Event(id: EventID("note-\($0)"), at: now.addingTimeInterval(Double($0)), actor: "ann", lead: lead, payload: .noted("called back"))
            }
            _ = try store.append(events, to: .rep("ann"))
        }
        try note(DeskSession.deltaAfterQuitThreshold - 1, from: 0)
        let few = try session(folder)
        #expect(few.snapshotOnQuit == nil)
        #expect(!few.wantsSnapshotAfterIndexedOpen)
        try note(1, from: DeskSession.deltaAfterQuitThreshold)
        let enough = try session(folder)
        #expect(enough.snapshotOnQuit == nil, "the whole desk is not rebuilt at quit")
        #expect(enough.wantsSnapshotAfterIndexedOpen)
    }

    @Test("a damaged snapshot is noted at open and rebuilt at quit; the next open uses it and equals a full replay")
    func damagedRebuiltAtQuit() throws {
        let store = try desk(leads: 30)
        let folder = store.folder
        let snapshot = try #require(try store.loadEverything().snapshot(appVersion: BebackVersion.current))
        var bytes = try snapshot.encoded()
        bytes[bytes.count - 5] ^= 0x10
        try SnapshotFile(folder).write(bytes)

        let first = try session(folder)
        #expect(first.loadNotes.first?.contains("snapshot ignored: damaged") == true)
        #expect(first.snapshotOnQuit != nil)
        first.writeSnapshotAtQuit()

        let second = try session(folder)
        #expect(second.loadNotes.isEmpty)
        #expect(second.snapshotOnQuit == nil)
        #expect(second.state == (try FileEventStore(folder: folder).loadEverything().state))
    }

    @Test("an indexed open (digests, leads read when shown) writes the snapshot at quit from the journals; the next open equals a full replay")
    func indexedOpenSnapshotAtQuit() throws {
        let store = try desk(leads: 30)
        let folder = store.folder
        try SnapshotFile(folder).write(Array("not a snapshot".utf8))
        let indexedStore = try FileEventStore(folder: folder)
        let first = try DeskSession(
            store: indexedStore, rep: "ann", clock: FixedClock(now),
            preloaded: try indexedStore.loadDesk(appVersion: BebackVersion.current, indexed: true))
        #expect(first.loadNotes.first?.contains("snapshot ignored") == true)
        #expect(first.snapshotOnQuit == nil, "nothing is built at open: that is what makes it fast")
        #expect(first.uncheckedJournals.contains(.rep("ann")), "the chain and whole entries are checked after the open")
        first.checkJournalsInBackground()
        indexedStore.waitForBackgroundChecks()
        var found: [LoadProblem] = []
        let unchecked = first.uncheckedJournals.count
        for _ in 0..<unchecked { found += first.checkNextUncheckedJournal() }
        #expect(first.uncheckedJournals.isEmpty && found.isEmpty, "each idle moment takes one finished check")
        first.writeSnapshotAtQuit()

        let second = try session(folder)
        #expect(second.loadNotes.isEmpty)
        #expect(second.uncheckedJournals.isEmpty == false, "opened from the snapshot written at quit")
        #expect(second.state == (try FileEventStore(folder: folder).loadEverything().state))
    }

    @Test("opened from a snapshot, the session checks the covered journals one at a time and turns read-only on damage")
    func idleCheck() throws {
        let store = try desk(leads: 30)
        let folder = store.folder
        let snapshot = try #require(try store.loadEverything().snapshot(appVersion: BebackVersion.current))
        try SnapshotFile(folder).write(try snapshot.encoded())
        let path = folder.journalPath(.rep("ann"))
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let secondLine = bytes.firstIndex(of: 0x0A)! + 1
        let thirdLine = bytes[secondLine...].firstIndex(of: 0x0A)! + 1
        bytes[thirdLine + 66] ^= 0x02
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let session = try session(folder)
        #expect(session.readOnlyReason == nil)
        #expect(session.uncheckedJournals.count >= 2)
        var found: [LoadProblem] = []
        while !session.uncheckedJournals.isEmpty, found.isEmpty { found = session.checkNextUncheckedJournal() }
        #expect(found.first?.problem.offset == thirdLine)
        #expect(session.readOnlyReason == "rep-ann.journal damaged at offset \(thirdLine) (corrupt record): run beback salvage")
        #expect(session.snapshotOnQuit == nil)
    }

    @Test("opened from a snapshot, damage the idle check finds in another rep's journal keeps this desk writable and is noted")
    func idleCheckOtherJournal() throws {
        let store = try desk(leads: 30)
        let folder = store.folder
        let snapshot = try #require(try store.loadEverything().snapshot(appVersion: BebackVersion.current))
        try SnapshotFile(folder).write(try snapshot.encoded())
        let path = folder.journalPath(.rep("ben"))
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let secondLine = bytes.firstIndex(of: 0x0A)! + 1
        bytes[secondLine + 66] ^= 0x02
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let session = try session(folder)
        var returned: [LoadProblem] = []
        while !session.uncheckedJournals.isEmpty { returned += session.checkNextUncheckedJournal() }
        #expect(returned.isEmpty, "not this desk's journal")
        #expect(session.readOnlyReason == nil)
        #expect(session.otherJournalNotes.first?.hasPrefix("rep-ben.journal damaged at offset \(secondLine)") == true)
    }

    @Test("opened from a snapshot, the first save into a journal it vouched for checks that journal whole: damage refuses the save")
    func saveChecksFirst() throws {
        let store = try desk(leads: 30)
        let folder = store.folder
        let snapshot = try #require(try store.loadEverything().snapshot(appVersion: BebackVersion.current))
        try SnapshotFile(folder).write(try snapshot.encoded())
        let path = folder.journalPath(.rep("ann"))
        let original = try Data(contentsOf: URL(fileURLWithPath: path))
        var bytes = Array(original)
        let secondLine = bytes.firstIndex(of: 0x0A)! + 1
        bytes[secondLine + 66] ^= 0x02
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let session = try session(folder)
        #expect(session.readOnlyReason == nil, "the snapshot covers the damage: open does not read it")
        let lead = try #require(session.state.leads.values.first { $0.profile.owner == "ann" }?.id)
        let note = try session.withIDs { try session.actions.event(.noted("checked first"), on: lead, state: session.state, at: now, ids: &$0) }
        #expect(throws: StoreError.readOnly("rep-ann.journal damaged at offset \(secondLine) (corrupt record): run beback salvage")) {
            try session.save([note])
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == Data(bytes), "nothing was appended")
        #expect(session.readOnlyReason?.contains("offset \(secondLine)") == true)
    }

    @Test("damage in another rep's journal: this desk stays writable and is told in one line; that rep's desk is read-only and refuses saves")
    func otherRepsDamage() throws {
        let store = try desk(leads: 30)
        let folder = store.folder
        let path = folder.journalPath(.rep("ben"))
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        let secondLine = bytes.firstIndex(of: 0x0A)! + 1
        bytes[secondLine + 66] ^= 0x02
        try Data(bytes).write(to: URL(fileURLWithPath: path))

        let ann = try session(folder)
        #expect(ann.readOnlyReason == nil)
        #expect(ann.otherJournalNotes.count == 1)
        #expect(ann.otherJournalNotes.first?.hasPrefix("rep-ben.journal damaged at offset \(secondLine) (corrupt record): ben's saves are refused") == true)
        let lead = try #require(ann.state.leads.values.first { $0.profile.owner == "ann" }?.id)
        let note = try ann.withIDs { try ann.actions.event(.noted("still saving"), on: lead, state: ann.state, at: now, ids: &$0) }
        #expect(try ann.save([note]).count == 1)

        let benStore = try FileEventStore(folder: folder)
        let ben = try DeskSession(store: benStore, rep: "ben", clock: FixedClock(now), preloaded: try benStore.loadDesk(appVersion: BebackVersion.current))
        #expect(ben.readOnlyReason == "rep-ben.journal damaged at offset \(secondLine) (corrupt record): run beback salvage")
        #expect(ben.otherJournalNotes.isEmpty)
        let benLead = try #require(ben.state.leads.values.first { $0.profile.owner == "ben" }?.id)
        let benNote = try ben.withIDs { try ben.actions.event(.noted("refused"), on: benLead, state: ben.state, at: now, ids: &$0) }
        #expect(throws: StoreError.readOnly("rep-ben.journal damaged at offset \(secondLine) (corrupt record): run beback salvage")) {
            try ben.save([benNote])
        }
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: path))) == bytes, "nothing appended to ben's damaged journal")
    }

    @Test("the read-only banner names the journal, the offset and what to run; a newer format says to update")
    func banner() {
        let damaged = LoadProblem(
            journal: .rep("ann"), path: "/d/journals/rep-ann.journal",
            problem: JournalProblem(kind: .corruptRecord, offset: 4096, detail: "checksum mismatch; 80 bytes up to the next good record"))
        #expect(DeskSession.banner(for: damaged) == "rep-ann.journal damaged at offset 4096 (corrupt record): run beback salvage")
        let newer = LoadProblem(
            journal: .desk, path: "/d/journals/desk.journal",
            problem: JournalProblem(kind: .newerVersion, offset: 0, detail: "format 2 is newer than this build (1); opened read-only"))
        #expect(DeskSession.banner(for: newer).hasPrefix("desk.journal was written by a newer beback (format 2"))
        #expect(DeskSession.banner(for: newer).hasSuffix("update beback to change this desk"))
    }
}
