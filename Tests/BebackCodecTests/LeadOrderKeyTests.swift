@testable import BebackCodec
import BebackDomain
import BebackTestSupport
import Testing

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
