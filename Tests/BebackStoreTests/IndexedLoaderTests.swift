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
    }
}
