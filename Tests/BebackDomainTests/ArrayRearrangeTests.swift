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
