import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// Opens the desk for one rep as the rep's desk and `due` do: on the rep's and the pool's sections.
func open(_ folder: DeskFolder, for rep: RepName) throws -> DeskLoad {
    let store = try FileEventStore(folder: folder)
    store.openFocus = rep
    return try store.loadDesk(appVersion: "test")
}

/// What a rep's desk shows of a desk: the due entries, list lines and whole leads of the rep's and the pool's leads.
func ownView(_ state: DeskState, of rep: RepName) -> [String] {
    let owners: Set<RepName> = [rep, DeskConfig.poolOwner]
    let dues = state.leads.dueEntries().filter { owners.contains($0.owner) }.map { "\($0.id) \($0.owner) \($0.due.timeIntervalSince1970)" }.sorted()
    let own = state.leads.ids.sorted().filter { state.leads.summary($0).map { owners.contains($0.owner) } == true }
    return dues + own.map { "\(state.leads.summary($0).map { "\($0)" } ?? "")" } + own.map { "\(state.leads[$0].map { "\($0)" } ?? "missing")" }
}

@Suite("Snapshot sections: a rep's desk reads its own section and the pool's")
struct SnapshotSectionsTests {
    @Test("the writer's shares are the sections whole, a large one cut in even parts, in the file's order")
    func sharesFollowSections() {
        let owners: [RepName] = Array(repeating: "chen", count: 12) + Array(repeating: "ann", count: 5) + ["ben"]
        let plan = SnapshotSectionPlan(owners: owners)
        #expect(plan.ranges == [0..<5, 5..<6, 6..<18])
        #expect(plan.shares(maxLeads: 4) == [0..<2, 2..<5, 5..<6, 6..<10, 10..<14, 14..<18])
        #expect(plan.shares(maxLeads: 12) == plan.ranges)
        #expect(plan.shares(maxLeads: 1).count == owners.count)
        #expect(SnapshotSectionPlan(owners: []).shares(maxLeads: 4).isEmpty)
    }

    @Test("a rep's view opened on its sections equals the full replay's, after random work, refreshes and merges", arguments: 1...8)
    func ownViewEqualsFullReplay(seed: UInt64) throws {
        var random = SeededRandom(seed: seed &* 104_729)
        let desk = try GeneratedDesk(seed: seed)
        try desk.grow(steps: 120 + Int(random.next() % 80))
        try compact(desk.folder)
        for round in 0..<4 {
            try desk.grow(steps: 10 + Int(random.next() % 50))
            for rep in ["ann", "ben", "chen"] as [RepName] {
                let opened = try open(desk.folder, for: rep)
                let archive = try #require(opened.archive as? SnapshotArchive)
                #expect(opened.usedSnapshot && archive.holdsPartOfDesk, "seed \(seed) round \(round)")
                // Fewer leads in the directory than the desk holds: the other reps' sections were not read.
                #expect(archive.directory.count < archive.base.totalLeads, "seed \(seed) round \(round)")
                #expect(ownView(opened.state, of: rep) == ownView(try desk.fullReplay(), of: rep), "seed \(seed) round \(round) \(rep)")
                #expect(archive.problems.isEmpty)
            }
            try refresh(desk.folder, limit: random.next() % 2 == 0 ? 3 : nil)
        }
    }

    @Test("a lead reassigned from ann to ben after the snapshot (in the tail, then in a delta) shows on ben's desk and not ann's")
    func reassignedAfterTheSnapshot() throws {
        let desk = try GeneratedDesk(seed: 5)
        try desk.grow(steps: 150)
        try compact(desk.folder)
        let replay = try desk.fullReplay()
        let lead = try #require(replay.leads.ids.sorted().first { replay.leads.summary($0)?.owner == "ann" && replay.leads[$0]?.isClosed == false })
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try desk.store.append([Event(id: EventID("test-reassign-1"), at: at, actor: "ann", lead: lead, payload: .reassigned(to: "ben"))], to: .rep("ann"))
        for step in ["tail", "delta"] {
            let ben = try open(desk.folder, for: "ben"), ann = try open(desk.folder, for: "ann")
            #expect(ben.usedSnapshot && ann.usedSnapshot, "\(step)")
            #expect(ben.state.leads.summary(lead)?.owner == "ben", "\(step)")
            #expect(ben.state.leads.dueEntries().contains { $0.id == lead && $0.owner == "ben" } == (replay.leads.nextFollowUp(lead) != nil), "\(step)")
            #expect(!ann.state.leads.dueEntries().contains { $0.id == lead && $0.owner == "ann" }, "\(step)")
            #expect(ann.state.leads.summary(lead).map { $0.owner != "ann" } ?? true, "\(step)")
            #expect(ownView(ben.state, of: "ben") == ownView(try desk.fullReplay(), of: "ben"), "\(step)")
            #expect(ownView(ann.state, of: "ann") == ownView(try desk.fullReplay(), of: "ann"), "\(step)")
            if step == "tail" {
                guard case .delta(let leads, _) = try #require(try refresh(desk.folder)) else {
                    Issue.record("one entry since the snapshot makes a delta")
                    return
                }
                #expect(leads == 1)
            }
        }
    }

    @Test("a rep's desk on its sections still knows the whole desk's do-not-contact list, and finds every lead")
    func doNotContactAndFindAcrossSections() throws {
        let desk = try GeneratedDesk(seed: 4)
        try desk.grow(steps: 150)
        let before = try desk.fullReplay()
        let lead = try #require(before.leads.ids.sorted().first { before.leads.summary($0)?.owner == "ben" && before.leads[$0]?.isClosed == false })
        var profile = try #require(before.leads[lead]).profile
        profile.contact = ContactPoints(phones: [PhoneNumber("+1 555 0100 777")], email: "only-this-lead@example.com")
        let at = Date(timeIntervalSince1970: 1_800_000_000)
        _ = try desk.store.append(
            [
                Event(id: EventID("test-dnc-1"), at: at, actor: "ben", lead: lead, payload: .profileUpdated(profile)),
                Event(id: EventID("test-dnc-2"), at: at, actor: "ben", lead: lead, payload: .touched(Touch(channel: .phone, outcome: .doNotContact)))
            ], to: .rep("ben"))
        try compact(desk.folder)
        let full = try desk.fullReplay()
        let ann = try open(desk.folder, for: "ann")
        let archive = try #require(ann.archive as? SnapshotArchive)
        #expect(archive.holdsPartOfDesk && !archive.directory.contains { $0.id == lead })
        let list = DoNotContactList(state: ann.state)
        #expect(list.count == DoNotContactList(state: full).count)
        #expect(list.match(ContactPoints(phones: [PhoneNumber("+1 555 0100 777")]))?.holder == lead)
        // The find index reads every lead of the desk, those of the other sections by their ids.
        let finder = LeadFinder(table: ann.state.leads)
        #expect(finder.count == full.leads.count)
        #expect(finder.find("only-this-lead").leads == [lead])
        #expect(archive.problems.isEmpty)
    }

    @Test("a damaged section of another rep does not stop ann's desk; a whole open refuses it and names the part and its offset")
    func damagedSectionOfAnotherRep() throws {
        let desk = try GeneratedDesk(seed: 3)
        try desk.grow(steps: 200)
        try compact(desk.folder)
        let file = SnapshotFile(desk.folder)
        let layout = try SnapshotLayout(path: file.path, appVersion: "test")
        let ben = try #require(layout.sections.first { $0.owner == "ben" && $0.leads.count > 2 })
        var bytes = try #require(try file.read())
        let headerLine = try #require(bytes.firstIndex(of: 0x0A)) + 1
        let offset = layout.leadsOffset + ben.leads.lowerBound
        bytes[headerLine + offset + 1] ^= 0xFF
        try file.write(bytes)

        let ann = try open(desk.folder, for: "ann")
        #expect(ann.usedSnapshot, "\(ann.notes)")
        #expect(ann.notes.isEmpty)
        #expect(ownView(ann.state, of: "ann") == ownView(try desk.fullReplay(), of: "ann"))
        let whole = try open(desk.folder)
        #expect(!whole.usedSnapshot)
        #expect(whole.notes.contains { $0.contains("ben's leads: checksum mismatch at byte \(offset)") }, "\(whole.notes)")
        #expect(whole.state == (try desk.fullReplay()))
        // Ben's own desk refuses it too, and replays the journals.
        #expect(!(try open(desk.folder, for: "ben")).usedSnapshot)
    }

    @Test("a snapshot of the format before sections still opens whole, and the next refresh writes the current format", arguments: [1, 6] as [UInt64])
    func legacySnapshot(seed: UInt64) throws {
        let desk = try GeneratedDesk(seed: seed)
        try desk.grow(steps: 160)
        let load = try FileEventStore(folder: desk.folder).loadEverything()
        let snapshot = try #require(load.snapshot(appVersion: "test"))
        let file = SnapshotFile(desk.folder)
        try file.write(try LegacySnapshotWriter.encoded(snapshot))
        #expect(try format(of: file) == 5)
        let opened = try open(desk.folder)
        #expect(opened.usedSnapshot, "\(opened.notes)")
        #expect(opened.state == (try desk.fullReplay()))
        // A rep's open reads it whole too (it has no sections).
        let ann = try open(desk.folder, for: "ann")
        let annArchive = try #require(ann.archive as? SnapshotArchive)
        #expect(ann.usedSnapshot && !annArchive.holdsPartOfDesk)
        #expect(ann.state == (try desk.fullReplay()))
        try desk.grow(steps: 30)
        #expect(try open(desk.folder).state == (try desk.fullReplay()))
        guard case .merged = try #require(try refresh(desk.folder)) else {
            Issue.record("a refresh on a snapshot of the old format must write a whole new one")
            return
        }
        #expect(try format(of: file) == DeskSnapshot.formatVersion)
        let reopened = try open(desk.folder)
        #expect(reopened.usedSnapshot && reopened.replayedEntries == 0)
        #expect(reopened.state == (try desk.fullReplay()))
    }

    private func format(of file: SnapshotFile) throws -> Int? {
        let bytes = try #require(try file.read())
        let line = String(decoding: bytes.prefix { $0 != 0x0A }, as: UTF8.self).split(separator: " ")
        return line.count > 1 ? Int(line[1]) : nil
    }
}
