@testable import BebackDesk
import BebackDomain
import BebackCells
import Testing

@Suite("The key table")
struct KeyBindingsTests {
    @Test("digits 1-9 and 0 record the ten outcomes in dialer order")
    func digits() {
        let expected: [(Character, Disposition)] = [
            ("1", .reached), ("2", .voicemail), ("3", .noAnswer), ("4", .busy), ("5", .badNumber),
            ("6", .notNow), ("7", .appointment), ("8", .won), ("9", .lost), ("0", .doNotContact)
        ]
        for (key, disposition) in expected {
            #expect(KeyBindings.action(for: .character(key)) == .outcome(disposition))
        }
    }

    @Test("arrows and vi keys move; Tab changes pane; ? helps; q quits")
    func movement() {
        #expect(KeyBindings.action(for: .down) == .moveDown)
        #expect(KeyBindings.action(for: .character("j")) == .moveDown)
        #expect(KeyBindings.action(for: .up) == .moveUp)
        #expect(KeyBindings.action(for: .character("k")) == .moveUp)
        #expect(KeyBindings.action(for: .character("g")) == .top)
        #expect(KeyBindings.action(for: .character("G")) == .bottom)
        #expect(KeyBindings.action(for: .pageDown) == .pageDown)
        #expect(KeyBindings.action(for: .tab) == .nextPane)
        #expect(KeyBindings.action(for: .enter) == .work)
        #expect(KeyBindings.action(for: .character("?")) == .help)
        #expect(KeyBindings.action(for: .character("q")) == .quit)
        #expect(KeyBindings.action(for: .character("Z")) == nil)
    }

    @Test("no key is bound twice, and every binding has help text")
    func unique() {
        var seen: [Key] = []
        for binding in KeyBindings.all {
            #expect(!binding.help.isEmpty)
            for key in binding.keys {
                #expect(!seen.contains(key), "\(key) bound twice")
                seen.append(key)
            }
        }
    }
}
