import BebackDomain
@testable import BebackStore
import Foundation
import Testing

@Suite("A floor's due index, made on two cores")
struct DueIndexOnTwoCoresTests {
    @Test("two halves made on two cores and merged give the index a single sort makes", arguments: [2, 1_000, .max])
    func twoCoresAsOneSort(splitAbove: Int) {
        let reps: [RepName] = ["ann", "ben", "cho", "dev", "pool"]
        let start = Date(timeIntervalSince1970: 1_790_000_000)
        // Many leads share a due time, so the order of ties (by id) is tested too.
        let entries: [(id: LeadID, owner: RepName, due: Date)] = (0..<3_000).map { (number: Int) in
            let id = LeadID(String(number * 7919 % 3_001, radix: 36))
            let due = start.addingTimeInterval(Double(number * 13 % 40) * 3_600)
            return (id: id, owner: reps[number * 31 % reps.count], due: due)
        }
        let built = DueIndex.onTwoCores(entries: entries, splitAbove: splitAbove)
        let single = DueIndex(entries: entries[...])
        #expect(built.count == entries.count)
        for rep in reps {
            #expect(built.leads(of: rep, dueBefore: .distantFuture) == single.leads(of: rep, dueBefore: .distantFuture), "\(rep)")
        }
    }
}
