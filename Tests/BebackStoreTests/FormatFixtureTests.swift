import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// A copy of a committed fixture desk (Tests/BebackStoreTests/Fixtures/<name>) in a temporary folder.
func fixtureDesk(_ name: String) throws -> DeskFolder {
    let source = try #require(Bundle.module.url(forResource: "Fixtures", withExtension: nil)).appendingPathComponent(name)
    let target = Fixtures.temporaryFolder("fixture").appendingPathComponent(name)
    try FileManager.default.copyItem(at: source, to: target)
    return DeskFolder(target)
}

/// Journals of every format version this project has written or expects to meet must keep loading.
@Suite("Format fixtures: v1, a v2 from the future, and entries of unknown kinds")
struct FormatFixtureTests {
    @Test("the v1 fixture loads, verifies and compacts (65 entries, 6 leads, reps ann and ben)")
    func v1() throws {
        let folder = try fixtureDesk("v1")
        let report = try DeskVerifier.verify(folder)
        #expect(report.passed)
        #expect(report.records == 65)
        #expect(report.leads == 6)
        #expect(report.reps == ["ann", "ben"])
        let load = try FileEventStore(folder: folder).loadDesk(appVersion: "test")
        #expect(load.problems.isEmpty && load.tornTails.isEmpty)
        #expect(load.state == report.state)
        try compact(folder)
        let reopened = try FileEventStore(folder: folder).loadDesk(appVersion: "test")
        #expect(reopened.usedSnapshot)
        #expect(reopened.state == report.state)
    }

    @Test("a journal from a newer format opens read-only with a message; nothing writes to it")
    func newerFormat() throws {
        let folder = try fixtureDesk("v2-from-the-future")
        let path = folder.journalPath(.rep("ann"))
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        let store = try FileEventStore(folder: folder)
        let load = try store.loadDesk(appVersion: "test")
        #expect(load.problems.map(\.problem.kind) == [.newerVersion])
        #expect(store.readOnlyReason(for: .rep("ann"))?.contains("format 2 is newer than this build (1); opened read-only") == true)
        #expect(load.snapshot(appVersion: "test") == nil)
        #expect(throws: (any Error).self) { try store.append(try sampleEvents(count: 1), to: .rep("ann")) }
        #expect(throws: (any Error).self) { try JournalSalvage.salvage(path: path) }
        #expect(try Data(contentsOf: URL(fileURLWithPath: path)) == before)
    }

    @Test("entries of unknown kinds load (ignored by the fold), and survive compaction and salvage byte for byte")
    func unknownKinds() throws {
        let folder = try fixtureDesk("unknown-kinds")
        let path = folder.journalPath(.rep("ann"))
        let original = try BebackStoreTests.lines(of: path)
        let unknownPayloads = original.dropFirst().map { Array($0[JournalFormat.recordHeaderLength..<($0.count - 1)]) }
            .filter { String(decoding: $0, as: UTF8.self).contains("\"id\":\"fx-") }
        #expect(unknownPayloads.count == 3)

        // The same leads as v1's ann journal alone: the unknown entries change nothing the desk shows.
        let plain = try fixtureDesk("v1")
        try FileManager.default.removeItem(atPath: plain.journalPath(.rep("ben")))
        let expected = try FileEventStore(folder: plain).loadEverything().state
        let load = try FileEventStore(folder: folder).loadDesk(appVersion: "test")
        #expect(load.problems.isEmpty)
        #expect(load.state.unknownEventCount == 3)
        #expect(load.state.leads == expected.leads)

        try compact(folder)
        #expect(try BebackStoreTests.lines(of: path) == original)
        let reopened = try FileEventStore(folder: folder).loadDesk(appVersion: "test")
        #expect(reopened.usedSnapshot)
        #expect(reopened.state.unknownEventCount == 3)
        #expect(reopened.state == load.state)

        var damaged = original
        damaged[10][60] ^= 0x01
        try write(damaged, to: path)
        _ = try JournalSalvage.salvage(path: path)
        let salvaged = try BebackStoreTests.lines(of: path).dropFirst().map { Array($0[JournalFormat.recordHeaderLength..<($0.count - 1)]) }
        for payload in unknownPayloads { #expect(salvaged.contains(payload)) }
        #expect(try FileEventStore(folder: folder).loadDesk(appVersion: "test").state.unknownEventCount == 4)
    }

    @Test("an entry whose payload version is newer opens the desk read-only at that entry's offset; its bytes stay")
    func newerPayloadVersion() throws {
        let folder = try DeskFolder.create(at: Fixtures.temporaryFolder("payload").appendingPathComponent("desk"))
        _ = try FileEventStore(folder: folder).append(try sampleEvents(count: 2), to: .rep("ann"))
        let path = folder.journalPath(.rep("ann"))
        let payload = Array("{\"at\":1790000500,\"body\":{},\"by\":\"ann\",\"id\":\"v2-1\",\"kind\":\"note\",\"lead\":\"x\",\"v\":2}".utf8)
        let appended = try JournalWriter(path: path, name: "rep-ann.journal").append([payload])
        let store = try FileEventStore(folder: folder)
        let load = try store.loadDesk(appVersion: "test")
        #expect(load.problems.first?.problem.offset == appended.first?.offset)
        #expect(load.problems.first?.problem.detail.contains("payload version 2 is newer than this build reads (1)") == true)
        #expect(store.readOnlyReason(for: .rep("ann")) != nil)
        #expect(String(decoding: try Data(contentsOf: URL(fileURLWithPath: path)), as: UTF8.self).contains(String(decoding: payload, as: UTF8.self)))
    }
}
