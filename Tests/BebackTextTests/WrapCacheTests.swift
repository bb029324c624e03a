@testable import BebackText
import Testing

@Suite("Wrapped lines kept between frames")
struct WrapCacheTests {
    @Test("a kept wrapping is the one made for that text and width, never another's")
    func keyedByTextAndWidth() {
        let cache = WrapCache(limit: 10)
        var made = 0
        let first = cache.lines("alpha beta gamma", width: 5) {
            made += 1; return ["one"]
        }
        let again = cache.lines("alpha beta gamma", width: 5) {
            made += 1; return ["two"]
        }
        let wider = cache.lines("alpha beta gamma", width: 6) {
            made += 1; return ["three"]
        }
        let other = cache.lines("alpha beta gammA", width: 5) {
            made += 1; return ["four"]
        }
        #expect(first == ["one"] && again == ["one"] && wider == ["three"] && other == ["four"])
        #expect(made == 3)
    }

    @Test("the table is emptied when it reaches its limit, and keeps working")
    func emptiedAtLimit() {
        let cache = WrapCache(limit: 4)
        for index in 0..<4 { _ = cache.lines("text \(index)", width: 10) { ["\(index)"] } }
        #expect(cache.count == 4)
        _ = cache.lines("text 4", width: 10) { ["4"] }
        #expect(cache.count == 1)
        var made = false
        #expect(
            cache.lines("text 0", width: 10) {
                made = true; return ["0 again"]
            } == ["0 again"])
        #expect(made)
    }

    @Test("wrap through the table gives what wrapping afresh gives, hostile and wide text included")
    func wrapUnchanged() {
        let texts = [
            "", "one two three four five six seven", "王小明 说 你好 🎉🎉 ok", "\u{1B}[31mred\u{1B}[0m and\tmore\nnext line", String(repeating: "x", count: 50)
        ]
        for text in texts {
            for width in [1, 2, 7, 20] {
                let first = SafeText.wrap(text, width: width)
                let second = SafeText.wrap(text, width: width)
                #expect(first == second)
                #expect(first.allSatisfy { SafeText.columns(ofSanitized: $0) <= width }, "\(text) at \(width): \(first)")
                #expect(!first.joined().contains("\u{1B}"))
            }
        }
    }
}
