@testable import BebackDesk
import BebackDomain
import BebackCells
import BebackText
import BebackTestSupport
import Foundation
import Testing

/// Compares rendered screens with text snapshots in `__snapshots__`; `BEBACK_RECORD_SNAPSHOTS=1` re-records them.
enum Snapshot {
    static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent("__snapshots__")

    static func check(_ lines: [String], named name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let text = lines.joined(separator: "\n") + "\n"
        let file = folder.appendingPathComponent("\(name).txt")
        if ProcessInfo.processInfo.environment["BEBACK_RECORD_SNAPSHOTS"] == "1" {
            try? FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            try? text.write(to: file, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: file, encoding: .utf8) else {
            Issue.record("no snapshot \(file.lastPathComponent); record it with BEBACK_RECORD_SNAPSHOTS=1", sourceLocation: sourceLocation)
            return
        }
        #expect(
            text == expected, "snapshot \(name) differs; re-record with BEBACK_RECORD_SNAPSHOTS=1 if the change is intended", sourceLocation: sourceLocation)
    }
}

@Suite("Pane snapshots as text")
struct PaneSnapshotTests {
    func render(_ model: DeskModel, _ desk: DeskFixtures.Desk, width: Int, height: Int) -> [String] {
        DeskRenderer.render(model, context: desk.context(), width: width, height: height).buffer.lines()
    }

    @Test("80x24: due list beside the lead, script below", arguments: [(80, 24), (120, 40), (60, 15)])
    func sizes(width: Int, height: Int) throws {
        let desk = try DeskFixtures.desk()
        let lines = render(desk.model(), desk, width: width, height: height)
        Snapshot.check(lines, named: "desk-\(width)x\(height)")
        #expect(lines.count == height)
        #expect(lines[0].contains("Beback · ann · Mon 23 Nov 10:42"))
        #expect(lines.joined().contains("Priya Raman"))
    }

    @Test("the filter being typed is never covered by the last save's time")
    func filterAndSavedTime() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        model.lastSaved = desk.context().now
        _ = model.update(.key(.character("/")), context: desk.context())
        for character in "lima" { _ = model.update(.key(.character(character)), context: desk.context()) }
        // At every width the save time shows only where the whole filter text shows too.
        for width in 60...160 {
            let header = render(model, desk, width: width, height: 30)[0]
            #expect(!header.contains("saved") || header.contains("/ lima saved") == false && header.contains("/ lima"), "width \(width): \(header)")
        }
        #expect(render(model, desk, width: 160, height: 30)[0].contains("saved 10:42"))
    }

    @Test("a CJK and emoji name lines up: columns after it stay in place")
    func wideCharacters() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        _ = model.update(.key(.character("/")), context: desk.context())
        for character in "王" { _ = model.update(.key(.character(character)), context: desk.context()) }
        _ = model.update(.key(.enter), context: desk.context())
        let frame = DeskRenderer.render(model, context: desk.context(), width: 100, height: 30)
        Snapshot.check(frame.buffer.lines(), named: "desk-cjk-100x30")
        let row = try #require(frame.buffer.lines().first { $0.hasPrefix("│") && $0.contains("王小明") })
        #expect(row.contains("王小明 😀 Zoë"))
        // The due pane's right border stays in its column on the CJK row (wide characters take two cells).
        let borders = row.indices.filter { row[$0] == "│" }
        try #require(borders.count >= 2)
        let throughBorder = String(row[...borders[1]])
        #expect(SafeText.displayWidth(throughBorder) == 100 * 45 / 100)
    }

    @Test("a name with an escape sequence shows as visible characters and never reaches the screen raw")
    func hostileName() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        while model.selectedLead != desk.evil { _ = model.update(.key(.character("j")), context: desk.context()) }
        let lines = render(model, desk, width: 120, height: 40)
        Snapshot.check(lines, named: "desk-escape-120x40")
        let text = lines.joined(separator: "\n")
        #expect(text.contains("Evil^[[31mRed^[]0;pwned^G"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B || $0.value == 0x07 })
    }

    @Test("below 60x15 the desk says how large it needs to be")
    func tooSmall() throws {
        let desk = try DeskFixtures.desk()
        let lines = render(desk.model(), desk, width: 50, height: 10)
        #expect(lines[0] == "Beback needs at least 60x15;")
        #expect(lines[1] == "this terminal is 50x10.")
    }

    @Test("the voicemail form over the desk, pre-filled")
    func voicemailForm() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        _ = model.update(.key(.character("2")), context: desk.context())
        let frame = DeskRenderer.render(model, context: desk.context(), width: 80, height: 24)
        Snapshot.check(frame.buffer.lines(), named: "form-voicemail-80x24")
        let text = frame.buffer.lines().joined(separator: "\n")
        #expect(text.contains("Voicemail · Priya Raman"))
        #expect(text.contains("2026-11-24 10:42"))
        #expect(frame.cursor != nil)
    }

    @Test("the help overlay lists every binding from the key table")
    func help() throws {
        let desk = try DeskFixtures.desk()
        var model = desk.model()
        _ = model.update(.key(.character("?")), context: desk.context())
        let text = render(model, desk, width: 120, height: 40).joined(separator: "\n")
        for binding in KeyBindings.all {
            #expect(text.contains(binding.help), "help lacks \(binding.help)")
        }
    }

    @Test("the script pane reminds the rep of the last call from the lead's own journal")
    func scriptFacts() throws {
        let desk = try DeskFixtures.desk()
        let lines = render(desk.model(), desk, width: 120, height: 40)
        let text = lines.joined(separator: "\n")
        #expect(PaneText.unwrapped(lines, fromColumn: 84).contains("We last spoke on Mon 16 Nov, 7 days ago."))
        #expect(text.contains("review it with Tom"))
        #expect(text.contains("more than we planned"))
    }
}
