@testable import BebackDomain
import BebackTestSupport
import Testing

@Suite("Rearranging an array by places, moving each element once")
struct ArrayRearrangeTests {
    @Test("the element at i is the one that was at places[i], for random orders and sizes")
    func rearranges() {
        var random = SeededRandom(seed: 3)
        for size in [0, 1, 2, 3, 10, 257] {
            for _ in 0..<5 {
                let original = (0..<size).map { "lead-\($0)-\(random.next() % 1000)" }
                var places = (0..<Int32(size)).map { $0 }
                for index in places.indices.reversed() where index > 0 {
                    places.swapAt(index, Int(random.next() % UInt64(index + 1)))
                }
                var moved = original
                moved.rearrange(taking: places)
                #expect(moved == places.map { original[Int($0)] }, "size \(size)")
            }
        }
    }
}

@Suite("Leads put in id order by number keys")
struct LeadOrderKeyTests {
    @Test("number keys order short ASCII ids as strings order them; other ids get none and are sorted as strings")
    func keysOrderAsStrings() {
        var random = SeededRandom(seed: 21)
        let alphabet = Array("023456789abcdefghjkmnpqrstuvwxyz-_.AZ~".utf8)
        var ids: [LeadID] = (0..<600).map { _ in
            LeadID(String(decoding: (0..<Int(random.next() % 9)).map { _ in alphabet[Int(random.next() % UInt64(alphabet.count))] }, as: UTF8.self))
        }
        ids += ["a", "a0", "a00", "ab", "abcdefgh", "abcdefg"]
        for one in ids {
            for other in ids.prefix(80) {
                guard let left = DigestFold.orderKey(one), let right = DigestFold.orderKey(other) else { continue }
                #expect((left < right) == (one < other), "\(one) \(other)")
            }
        }
        #expect(DigestFold.orderKey("abcdefghi") == nil, "nine bytes do not fit")
        #expect(DigestFold.orderKey("é") == nil)
    }
}
