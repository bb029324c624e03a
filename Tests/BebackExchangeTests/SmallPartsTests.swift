import BebackExchange
import CSV
import Foundation
import Testing

@Suite("The dial command, progress words and the reject file")
struct SmallPartsTests {
    @Test("the dial command splits its template like a shell and puts only digits and + in the number")
    func dialCommand() throws {
        let command = try DialCommand(template: "softphone tel:{number}")
        #expect(command.arguments(for: "+44 (20) 7946-0003") == ["softphone", "tel:+442079460003"])
        #expect(command.arguments(for: "$(rm -rf ~); 555") == ["softphone", "tel:555"])
        #expect(command.arguments(for: "n/a") == nil)
        let quoted = try DialCommand(template: "\"/opt/My Phone/dial\" --call '{number}' --quiet")
        #expect(quoted.arguments(for: "0044 1") == ["/opt/My Phone/dial", "--call", "+441", "--quiet"])
        #expect(try DialCommand(template: "dial").arguments(for: "123") == ["dial", "123"])
        #expect(try DialCommand(template: "xdg-open {tel}").arguments(for: "+44 20 7946 0003") == ["xdg-open", "tel:+442079460003"])
        #expect(throws: ExchangeError.self) { try DialCommand(template: "  ") }
        #expect(throws: ExchangeError.self) { try DialCommand(template: "dial 'oops") }
    }

    @Test("the progress bar shows the share, the rate and the time left")
    func progress() {
        let report = ProgressReport(done: 50_000, total: 100_000, elapsed: 2)
        #expect(report.bar(width: 10) == "[#####·····]  50%  50,000/100,000 lines  25,000/s  2s left")
        #expect(report.line == "50,000/100,000 lines (50%), 25,000/s, 2s left")
        #expect(ProgressReport(done: 0, total: 10, elapsed: 0).line == "0/10 lines (0%), 0/s, time left unknown")
        #expect(ProgressReport(done: 1, total: 200, elapsed: 1).line.hasSuffix("3m19s left"))
        #expect(ProgressReport.grouped(1_234_567) == "1,234,567")
    }

    @Test("the reject file: line and reason first, then the record as read, neutralised; the CSV library reads it back")
    func rejectFile() throws {
        let text = try RejectFile.contents(
            header: ["Name", "Phone"],
            rejects: [
                RowRejection(line: 9, reason: "no phone or email to reach them", cells: ["=cmd()", ""]),
                RowRejection(line: 3, reason: "impossible date '2026-02-30' in follow-up", cells: ["Ann, \"A\"", "x"])
            ])
        let reader = try CSVReader(string: text, hasHeaderRow: true)
        #expect(reader.headerRow == ["Line", "Reason", "Name", "Phone"])
        #expect(reader.next() == ["3", "impossible date '2026-02-30' in follow-up", "Ann, \"A\"", "x"])
        #expect(reader.next() == ["9", "no phone or email to reach them", "'=cmd()", ""])
        #expect(RejectFile.defaultPath(for: "/tmp/in/leads.csv") == "/tmp/in/leads.rejects.csv")
    }

    @Test("the CSV writer quotes as RFC 4180 says: the same text as CSV.swift's writer, and its reader gets every cell back")
    func csvWriter() throws {
        let rows = [
            ["plain", "with,comma", "with \"quotes\"", "line\nbreak", "crlf\r\nbreak", "", "semi;colon", "ünï😀"],
            ["\"", ",", "\r", "a\"\"b", " spaced ", "\u{1B}[2J", "x", "y"]
        ]
        let ours = CSVTextWriter.write(rows)
        let stream = OutputStream.toMemory()
        let writer = try CSVWriter(stream: stream, newline: .crlf)
        for row in rows { try writer.write(row: row) }
        stream.close()
        let library = String(decoding: try #require(stream.property(forKey: .dataWrittenToMemoryStreamKey) as? Data), as: UTF8.self)
        #expect(ours == library + "\r\n")
        let reader = try CSVReader(string: ours)
        #expect(reader.next() == rows[0])
        #expect(reader.next() == rows[1])
        #expect(reader.next() == nil)
    }

    @Test("decoding: a byte-order mark is dropped, UTF-8 kept, anything else read as Latin-1 with a warning")
    func decoding() {
        #expect(DecodedText(bytes: Data([0xEF, 0xBB, 0xBF, 0x61])) == DecodedText(text: "a", encoding: .utf8WithBOM))
        #expect(DecodedText(bytes: Data("é".utf8)).text == "é")
        var stray = Data("Name\nJörg Weiß\nZoë\n".utf8)
        stray.append(contentsOf: [0x4A, 0xF6, 0x72, 0x67, 0x0A])
        stray.append(contentsOf: Data("Chloé\n".utf8))
        let mostlyUTF8 = DecodedText(bytes: stray)
        #expect(mostlyUTF8.encoding == .utf8)
        #expect(mostlyUTF8.text == "Name\nJörg Weiß\nZoë\nJ\u{FFFD}rg\nChloé\n")
        #expect(mostlyUTF8.warnings.count == 1)
        #expect(mostlyUTF8.warnings.first?.contains("(line 4)") == true)
        let latin = DecodedText(bytes: Data([0x61, 0x0A, 0x43, 0x61, 0x66, 0xE9]))
        #expect(latin.text == "a\nCafé")
        #expect(latin.encoding == .latin1)
        #expect(latin.warnings.first?.contains("first at line 2") == true)
    }
}
