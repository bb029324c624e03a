import Synchronization

/// The lines `SafeText.wrap` last gave for a text at a width. The desk redraws every pane at each
/// key, and a lead's notes and call script wrap the same way until they change: wrapping them again
/// (sanitizing, splitting, measuring each character) was a sixth of a keystroke's time. A pure
/// function's results, so a hit is always right; the table is emptied when it grows past `limit`.
final class WrapCache: Sendable {
    private struct Key: Hashable {
        var text: String
        var width: Int
    }

    private let table = Mutex<[Key: [String]]>([:])
    let limit: Int

    init(limit: Int = 2048) {
        self.limit = limit
    }

    /// The lines for `text` at `width`, from the table or made by `wrap` and kept.
    func lines(_ text: String, width: Int, wrap: () -> [String]) -> [String] {
        let key = Key(text: text, width: width)
        if let known = table.withLock({ $0[key] }) { return known }
        let lines = wrap()
        table.withLock { table in
            if table.count >= limit { table.removeAll(keepingCapacity: true) }
            table[key] = lines
        }
        return lines
    }

    /// How many wrappings are kept (for tests).
    var count: Int { table.withLock { $0.count } }
}
