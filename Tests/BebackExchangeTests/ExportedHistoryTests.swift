import BebackDomain
import Foundation
import Testing

@testable import BebackExchange

@Suite("The export's compact cells: history, notes, agreement")
struct ExportedHistoryTests {
    /// Pieces that make up hostile parts: the cell's own separators and escapes, line breaks, spaces at
    /// the ends, a terminal escape, a bidi override, CJK and emoji.
    static let pieces = [
        "|", " | ", "\\", "\\n", "\\|", "\n", "\r\n", "\r", " ", "  ", "a", "漢字", "🙂", "\u{1B}[31m", "\u{202E}", "\"", ",", "=1+1", "x=y", "\u{301}",
        "e\u{301}", ""
    ]

    /// A small generator (SplitMix64), so every run checks the same cases and a failure can be replayed.
    struct Seeded {
        var state: UInt64
        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }
        mutating func text() -> String {
            (0..<Int(next() % 6)).map { _ in ExportedHistoryTests.pieces[Int(next() % UInt64(ExportedHistoryTests.pieces.count))] }.joined()
        }
    }

    @Test("any parts, written as entries of a cell, read back byte for byte (2,000 random cells)")
    func partsRoundTrip() {
        var random = Seeded(state: 22)
        for _ in 0..<2000 {
            let entries = (0..<Int(1 + random.next() % 4)).map { _ in (0..<Int(1 + random.next() % 5)).map { _ in random.text() } }
            let cell = ExportCell.cell(entries)
            // An entry of one empty part is an empty line, which a cell leaves out.
            let expected = entries.filter { $0 != [""] }
            #expect(ExportCell.entries(cell) == expected, "\(entries)")
            #expect(!cell.unicodeScalars.contains("\r"))
        }
    }

    @Test("a written entry is readable: parts joined by ' | ', separators and line breaks escaped")
    func shape() {
        #expect(ExportCell.entry(["2026-11-24T10:42:00Z", "phone", "reached", "a | b\nc\\d"]) == "2026-11-24T10:42:00Z | phone | reached | a \\| b\\nc\\\\d")
        #expect(ExportCell.entries("a | b\r\nc | d") == [["a", "b"], ["c", "d"]])
        #expect(ExportCell.parts("x | \\q") == ["x", "\\q"])
    }

    @Test("timestamps read back as the export writes them; anything else is nil")
    func timestamps() {
        for seconds in stride(from: -2_000_000_000.0, to: 4_000_000_000, by: 7_654_321) {
            let date = Date(timeIntervalSince1970: seconds)
            #expect(ExportCell.timestamp(LeadExportRow.timestamp(date)) == date)
        }
        #expect(ExportCell.timestamp("2026-02-30 10:00") == nil)
        #expect(ExportCell.timestamp("2026-13-01T10:00:00Z") == nil)
        #expect(ExportCell.timestamp("2026-11-24T10:42:00") == nil)
    }

    @Test("a lead's history is written and read back whole; a broken entry is left out with a warning")
    func history() throws {
        let at = Date(timeIntervalSince1970: 1_795_000_000)
        var history = ExportedHistory()
        history.capturedAt = at
        history.touches = [
            .init(
                at: at.addingTimeInterval(60),
                touch: Touch(channel: .phone, outcome: .reached, note: " padded | note\n", number: "+44 20 7946 0999", durationSeconds: 95)),
            .init(at: at.addingTimeInterval(120), touch: Touch(channel: .email, outcome: .lost, note: "", lostReason: .price))
        ]
        history.notes = [.init(at: at, text: "line one\r\nline two \\ ")]
        history.agreement = Agreement(callbackAt: at.addingTimeInterval(86_400), number: "+44 1", subject: "the quote", customerAction: "", madeAt: at)
        history.objections = [Objection(id: "o1", category: .price, words: "too | dear", answer: "", status: .recurring, loggedAt: at)]
        history.decisionProcess = DecisionProcess(otherDeciders: "Tom", reviewTime: "a week")
        history.feedback = Feedback(comfort: "unsure")
        let cells: [ImportField: String] = [
            .captured: LeadExportRow.timestamp(at), .history: history.historyCell, .noteLog: history.notesCell, .agreement: history.agreementCell,
            .objections: history.objectionsCell, .decisionProcess: history.decisionCell, .feedback: history.feedbackCell
        ]
        var warnings: [String] = []
        let read = ExportedHistory.read({ cells[$0] }, warnings: &warnings)
        #expect(read == history)
        #expect(warnings.isEmpty)

        let broken: [ImportField: String] = [.history: "yesterday | phone | reached | x\n2026-11-24T10:42:00Z | phone | shouted | y"]
        let partial = ExportedHistory.read({ broken[$0] }, warnings: &warnings)
        #expect(partial.touches.isEmpty)
        #expect(warnings.count == 2)
        #expect(warnings.first?.contains("history entry 1") == true)
    }
}
