import BebackDomain
@testable import BebackStore
import BebackTestSupport
import Foundation
import Testing

@Suite("Replay merge: journals merged into replay order as a sort of every entry would")
struct ReplayMergeTests {
    private static let journals: [JournalName] = [.desk, .rep("ann"), .rep("ben"), .rep("chen")].sorted()

    /// Per journal, entries in sequence order with times that mostly rise, sometimes fall back and often tie.
    private static func lists(seed: UInt64) -> [[StoredEvent]] {
        var random = SplitMix(seed: seed)
        return journals.map { journal in
            var at = 1_790_000_000.0
            return (0..<Int(random.next() % 40)).map { index in
                switch random.next() % 10 {
                case 0: at -= Double(random.next() % 50)
                case 1, 2, 3: break
                default: at += Double(random.next() % 30)
                }
                let event = Event(
                    id: EventID("e\(journal)\(index)"), at: Date(timeIntervalSince1970: at), actor: "ann",
                    lead: LeadID("l\(index % 5)"), payload: .noted("n"))
                return StoredEvent(event: event, journal: journal, sequence: UInt64(index + 1), offset: 100 * index)
            }
        }
    }

    @Test("the merge equals the sort by time, journal and sequence", arguments: 1...40)
    func equalsSort(seed: UInt64) {
        let lists = Self.lists(seed: seed)
        let sorted = lists.flatMap { $0 }.sorted(by: StoredEvent.replayOrder)
        #expect(ReplayMerge.merged(lists) == sorted)
    }

    @Test("empty journals and no journals merge to what is there")
    func empties() {
        #expect(ReplayMerge<StoredEvent>.merged([]).isEmpty)
        #expect(ReplayMerge<StoredEvent>.merged([[], []]).isEmpty)
        let one = Self.lists(seed: 9)[1]
        #expect(ReplayMerge.merged([[], one, []]) == one.sorted(by: StoredEvent.replayOrder))
    }
}
