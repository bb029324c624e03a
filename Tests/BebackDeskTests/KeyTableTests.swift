@testable import BebackDesk
import BebackCells
import Foundation
import Testing

@Suite("The key table is the one source of keys, help, the key bar and the README")
struct KeyTableTests {
    enum Toy: Equatable, Sendable { case a, b, c, d, hidden }

    let toy = KeyTable<Toy>([
        KeyBinding(.c, keys: [.character("c")], label: "c", short: "third", help: "c help", group: "One", bar: 3),
        KeyBinding(.a, keys: [.character("a")], label: "a", short: "same", help: "a help", group: "One", bar: 1),
        KeyBinding(.b, keys: [.character("b"), .down], label: "b", short: "same", help: "b help", group: "Two", bar: 1),
        KeyBinding(.hidden, keys: [.character("h")], label: "h", short: "never", help: "only in help", group: "Two"),
        KeyBinding(.d, keys: [.control("d")], label: "^D", help: "d help", group: "Two", bar: 2)
    ])

    @Test("the bar is ordered by priority, neighbours with one word share an entry, help-only keys stay off")
    func barParts() {
        #expect(toy.barParts() == ["a/b same", "^D", "c third"])
        #expect(toy.barParts { $0.group == "Two" } == ["b same", "^D"])
    }

    @Test("lookups and help come from the same rows")
    func lookups() {
        #expect(toy.action(for: .down) == .b)
        #expect(toy.action(for: .character("z")) == nil)
        #expect(toy.label(for: .d) == "^D")
        #expect(toy.helpLines.map(\.text) == ["One", "  c     c help", "  a     a help", "Two", "  b     b help", "  h     only in help", "  ^D    d help"])
        #expect(toy.markdown.contains("| `b` `↓` | Two | b help |"))
    }

    @Test("every entry of the desk's bars is a binding's label and word from the table")
    func deskBarFromTable() {
        for focus in DeskPane.allCases {
            for part in KeyBar.parts(focus: focus) where !part.hasSuffix(" outcome") {
                let labels = part.split(separator: " ", maxSplits: 1).first.map { $0.split(separator: "/").map(String.init) } ?? []
                for label in labels {
                    let binding = KeyBindings.all.first { $0.label == label }
                    #expect(binding != nil, "\(part): no binding labelled \(label)")
                    if let binding { #expect(part.hasSuffix(binding.short), "\(part) does not end with \(binding.short)") }
                }
            }
        }
    }

    @Test("the README's key tables are the tables in the code (BEBACK_RECORD_SNAPSHOTS=1 rewrites them)")
    func readme() throws {
        let readme = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("README.md")
        var text = try String(contentsOf: readme, encoding: .utf8)
        let record = ProcessInfo.processInfo.environment["BEBACK_RECORD_SNAPSHOTS"] == "1"
        for (name, table) in [("desk", KeyBindings.table.markdown + "\n"), ("manager", ManagerKeyBindings.table.markdown + "\n")] {
            let begin = "<!-- keys:\(name) (generated from the key table; KeyTableTests checks it) -->\n", end = "<!-- /keys:\(name) -->"
            guard let start = text.range(of: begin), let stop = text.range(of: end, range: start.upperBound..<text.endIndex) else {
                Issue.record("README.md has no \(begin) ... \(end) section")
                continue
            }
            let written = String(text[start.upperBound..<stop.lowerBound])
            if record {
                text.replaceSubrange(start.upperBound..<stop.lowerBound, with: table)
            } else {
                #expect(written == table, "README's \(name) key table differs from the code; expected:\n\(table)")
            }
        }
        if record { try text.write(to: readme, atomically: true, encoding: .utf8) }
    }
}
