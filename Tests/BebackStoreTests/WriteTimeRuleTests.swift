import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("The time sanity of new entries")
struct WriteTimeRuleTests {
    func event(at text: String, seed: UInt64) -> Event {
        var ids = SeededIDGenerator(seed: seed)
        return Event(id: ids.newEventID(), at: Fixtures.at(text), actor: "ann", lead: LeadID("lead1"), payload: .noted("x"))
    }

    func store(machineNow: String) throws -> FileEventStore {
        let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("desk"))
        let store = try FileEventStore(folder: folder)
        let now = Fixtures.at(machineNow)
        store.writeTimeRule = WriteTimeRule(machineNow: { now })
        return store
    }

    @Test("an entry more than 5 minutes ahead of the machine's clock is refused and nothing is written")
    func ahead() throws {
        let store = try store(machineNow: "2026-11-23 10:00")
        #expect(try store.append([event(at: "2026-11-23 10:04", seed: 1)], to: .rep("ann")).count == 1)
        let path = store.folder.journalPath(.rep("ann"))
        let size = try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int
        #expect(
            throws: StoreError.refused(
                "\(path): an entry at 3000-01-01 10:00 is more than 5 minutes ahead of this machine's clock (2026-11-23 10:00); nothing was saved")
        ) {
            try store.append([event(at: "3000-01-01 10:00", seed: 2)], to: .rep("ann"))
        }
        #expect(try FileManager.default.attributesOfItem(atPath: path)[.size] as? Int == size)
    }

    @Test("an entry earlier than its journal's last entry is refused, also within one batch; later and equal times pass")
    func backwards() throws {
        let store = try store(machineNow: "2026-11-23 12:00")
        _ = try store.append([event(at: "2026-11-23 10:00", seed: 1)], to: .rep("ann"))
        let path = store.folder.journalPath(.rep("ann"))
        #expect(
            throws: StoreError.refused("\(path): an entry at 1900-01-01 10:00 is earlier than the journal's last entry (2026-11-23 10:00); nothing was saved")
        ) {
            try store.append([event(at: "1900-01-01 10:00", seed: 2)], to: .rep("ann"))
        }
        // Another writer (a second process) appended meanwhile: the check reads the file, not a memory of it.
        _ = try FileEventStore(folder: store.folder).append([event(at: "2026-11-23 11:00", seed: 3)], to: .rep("ann"))
        #expect(throws: StoreError.self) { try store.append([event(at: "2026-11-23 10:30", seed: 4)], to: .rep("ann")) }
        #expect(throws: StoreError.self) {
            try store.append([event(at: "2026-11-23 11:30", seed: 5), event(at: "2026-11-23 11:10", seed: 6)], to: .rep("ann"))
        }
        #expect(try store.append([event(at: "2026-11-23 11:00", seed: 7), event(at: "2026-11-23 11:05", seed: 8)], to: .rep("ann")).count == 2)
        // Another journal has its own last entry.
        #expect(try store.append([event(at: "2026-11-23 09:00", seed: 9)], to: .rep("ben")).count == 1)
    }

    @Test("history written down (an imported export) keeps its own past times, but not a time ahead of the clock")
    func history() throws {
        let store = try store(machineNow: "2026-11-23 12:00")
        _ = try store.append([event(at: "2026-11-23 11:00", seed: 1)], to: .rep("ann"))
        let past = [event(at: "2026-10-01 10:00", seed: 2), event(at: "2026-09-01 10:00", seed: 3)]
        #expect(throws: StoreError.self) { try store.append(past, to: .rep("ann")) }
        let stored = try store.appendHistory(past, to: .rep("ann"))
        #expect(stored.map(\.event.at) == past.map(\.at))
        // Ordered after the journal's last entry all the same.
        #expect(stored.allSatisfy { $0.order > UInt64(Fixtures.at("2026-11-23 11:00").timeIntervalSince1970 * 1000) })
        #expect(throws: StoreError.self) { try store.appendHistory([event(at: "3000-01-01 10:00", seed: 4)], to: .rep("ann")) }
    }
}
