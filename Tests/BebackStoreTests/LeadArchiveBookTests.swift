import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("The leads an archive keeps once decoded")
struct LeadArchiveBookTests {
    func history(_ name: String = "Priya Raman") throws -> (LeadID, [Event]) {
        var desk = DeskHarness()
        let lead = try desk.capture(Fixtures.profile(name: name), at: Fixtures.at("2026-11-20 10:00", "Europe/London"))
        return (lead, desk.events)
    }

    @Test("a lead is decoded once and then kept; one that cannot be read is noted and not kept")
    func decodedOnce() throws {
        let book = LeadArchiveBook()
        let (lead, events) = try history()
        var reads = 0
        let first = book.lead(at: 3, id: lead) {
            reads += 1; return events
        }
        let second = book.lead(at: 3, id: lead) {
            reads += 1; return []
        }
        #expect(first != nil && first == second && reads == 1)
        #expect(book.decodedCount == 1)
        struct Broken: Error {}
        #expect(book.lead(at: 4, id: "other") { throw Broken() } == nil)
        #expect(book.lead(at: 5, id: "wrong-id") { events } == nil)
        #expect(book.problems.count == 2 && book.decodedCount == 1)
    }

    @Test("threads reading the same leads at once all get the one kept")
    func concurrentReaders() throws {
        let book = LeadArchiveBook()
        let leads = try (0..<8).map { try history("Lead \($0)") }
        let results = Results()
        DispatchQueue.concurrentPerform(iterations: 64) { index in
            let (lead, events) = leads[index % leads.count]
            if let read = book.lead(at: index % leads.count, id: lead, events: { events }) { results.add(index % leads.count, read) }
        }
        #expect(book.decodedCount == leads.count)
        for position in leads.indices {
            let seen = results.all(position)
            #expect(seen.count == 8)
            #expect(seen.allSatisfy { $0 == book.lead(at: position, id: leads[position].0) { [] } })
        }
    }

    final class Results: @unchecked Sendable {
        private let lock = NSLock()
        private var byPosition: [Int: [LeadState]] = [:]
        func add(_ position: Int, _ lead: LeadState) { lock.withLock { byPosition[position, default: []].append(lead) } }
        func all(_ position: Int) -> [LeadState] { lock.withLock { byPosition[position] ?? [] } }
    }
}
