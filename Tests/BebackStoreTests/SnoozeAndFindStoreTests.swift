import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("A snooze through the store, and the find index over leads still on disk")
struct SnoozeAndFindStoreTests {
    /// A generated desk with one open lead snoozed; the lead.
    func snoozedDesk() throws -> (GeneratedDesk, LeadID) {
        let desk = try GeneratedDesk(seed: 5)
        try desk.grow(steps: 150)
        let lead = try #require(desk.state.leads.values.filter { !$0.isClosed && !$0.doNotContact && $0.next != nil }.map(\.id).min())
        try desk.snooze(lead)
        #expect(desk.state.leads[lead]?.snoozedFrom != nil)
        return (desk, lead)
    }

    @Test("a snoozed entry survives a full replay, the snapshot and the indexed open, with the moved due time")
    func survives() throws {
        let (desk, lead) = try snoozedDesk()
        #expect(try desk.fullReplay() == desk.state)
        let indexed = try FileEventStore(folder: desk.folder).loadIndexed()
        #expect(indexed.state.leads.dueEntry(lead)?.due == desk.state.leads[lead]?.next?.due)
        #expect(indexed.state.leads[lead] == desk.state.leads[lead])
        try compact(desk.folder)
        let opened = try open(desk.folder)
        #expect(opened.usedSnapshot)
        #expect(opened.state == desk.state)
        #expect(opened.state.leads[lead]?.snoozedFrom == desk.state.leads[lead]?.snoozedFrom)
    }

    @Test("the find index over a desk opened from its snapshot finds every lead by name and keeps none of them decoded")
    func findOverTheArchive() throws {
        let (desk, lead) = try snoozedDesk()
        try compact(desk.folder)
        let opened = try open(desk.folder)
        let archive = try #require(opened.archive as? SnapshotArchive)
        let finder = LeadFinder(table: opened.state.leads)
        #expect(finder.count == desk.state.leads.count)
        #expect(archive.decodedCount == 0, "the index reads each lead once and keeps none")
        let name = try #require(desk.state.leads[lead]?.profile.name)
        #expect(finder.find(name).leads.contains(lead))
        #expect(finder.find(name).hits.first { $0.id == lead }?.next?.due == desk.state.leads[lead]?.next?.due)
    }
}
