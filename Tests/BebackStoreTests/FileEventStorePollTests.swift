import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// Polls read only the bytes appended since the last look; what they give must be exactly what a
/// whole load gives for the same records (offsets, sequences, events), also across a half-written record.
@Suite("The file store's poll reads only the journal's new tail")
struct FileEventStorePollTests {
    @Test("entries another handle appends arrive with the offsets and sequences a full load gives them")
    func pollMatchesLoad() throws {
        let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("desk"))
        let writer = try FileEventStore(folder: folder)
        let reader = try FileEventStore(folder: folder)
        _ = try writer.append(try sampleEvents(count: 3), to: .rep("ann"))
        _ = try reader.load()
        var polled: [StoredEvent] = []
        for round in 0..<4 {
            _ = try writer.append(try sampleEvents(count: 2, start: 10 + round * 2), to: .rep("ann"))
            polled += try reader.poll()
            #expect(try reader.poll().isEmpty)
        }
        let whole = try FileEventStore(folder: folder).load().events.filter { $0.sequence > 3 }
        #expect(polled.count == 8)
        #expect(polled.map(\.offset) == whole.map(\.offset))
        #expect(polled.map(\.sequence) == whole.map(\.sequence))
        #expect(polled.map(\.event) == whole.map(\.event))
    }

    @Test("a record caught half-written is not delivered until it is complete, then exactly once")
    func halfWrittenTail() throws {
        let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("desk"))
        let writer = try FileEventStore(folder: folder)
        _ = try writer.append(try sampleEvents(count: 2), to: .rep("ann"))
        let path = folder.journalPath(.rep("ann"))
        let complete = try Data(contentsOf: URL(fileURLWithPath: path))
        _ = try writer.append(try sampleEvents(count: 1, start: 20), to: .rep("ann"))
        let withThird = try Data(contentsOf: URL(fileURLWithPath: path))

        // The reader sees the first two records, then the third cut in half, then whole.
        try complete.write(to: URL(fileURLWithPath: path))
        let reader = try FileEventStore(folder: folder)
        #expect(try reader.load().events.count == 2)
        let half = complete.count + (withThird.count - complete.count) / 2
        try withThird.prefix(half).write(to: URL(fileURLWithPath: path))
        #expect(try reader.poll().isEmpty)
        #expect(reader.readOnlyReason == nil)
        try withThird.write(to: URL(fileURLWithPath: path))
        let third = try reader.poll()
        #expect(third.count == 1)
        #expect(third.first?.offset == complete.count)
        #expect(try reader.poll().isEmpty)
    }

    @Test("damage in the new tail is reported with its file offset")
    func damageInTail() throws {
        let folder = try DeskFolder.create(at: Fixtures.temporaryFolder().appendingPathComponent("desk"))
        let writer = try FileEventStore(folder: folder)
        _ = try writer.append(try sampleEvents(count: 2), to: .rep("ann"))
        let reader = try FileEventStore(folder: folder)
        _ = try reader.load()
        let path = folder.journalPath(.rep("ann"))
        let before = try Data(contentsOf: URL(fileURLWithPath: path)).count
        _ = try writer.append(try sampleEvents(count: 3, start: 30), to: .rep("ann"))
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: path)))
        bytes[before + 60] ^= 0x20
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        _ = try reader.poll()
        #expect(reader.knownProblems.first?.problem.offset == before)
        #expect(reader.readOnlyReason(for: .rep("ann"))?.contains("offset \(before)") == true)
    }
}
