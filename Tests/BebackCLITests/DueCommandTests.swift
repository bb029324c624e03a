@testable import BebackCLI
import BebackDomain
import BebackTestSupport
import BebackText
import Foundation
import Testing

@Suite("The due list as TSV")
struct DueCommandTests {
    @Test("every cell goes through the sanitizing chokepoint: escapes, tabs and newlines never reach the output; CJK and emoji stay")
    func hostileCells() throws {
        var desk = DeskHarness()
        let captured = Fixtures.at("2026-11-20 10:00", "Europe/London")
        let names = ["Priya Raman", "\u{1B}[31mRED\u{1B}[0m\tTabbed\nNew line", "王小明 🎉", "Zoë Obi"]
        for name in names {
            _ = try desk.capture(Fixtures.profile(name: name), at: captured)
        }
        let now = Fixtures.at("2026-11-23 10:42", "Europe/London")
        let zone = try #require(TimeZone(identifier: "Europe/London"))
        let items = DueListBuilder(timeZone: zone).build(from: desk.state, at: now, rep: nil)
        try #require(items.count == names.count)
        let formatter = DueListFormatter(state: desk.state, now: now, timeZone: zone)
        let output = formatter.render(items, format: .tsv)
        let lines = output.split(separator: "\n", omittingEmptySubsequences: false)
        #expect(lines.count == names.count + 2 && lines.last == "")
        #expect(!output.contains("\u{1B}"))
        let time = HumanTime(timeZone: zone)
        for (line, item) in zip(lines.dropFirst(), items) {
            let cells = line.split(separator: "\t", omittingEmptySubsequences: false).map(String.init)
            let lead = try #require(desk.state.leads.summary(item.lead))
            #expect(
                cells
                    == [
                        formatter.when(item), item.bucket.name, lead.id.rawValue, lead.name, lead.company, lead.owner.rawValue,
                        String(lead.touchCount), item.followUp.channel.rawValue, time.iso(item.followUp.due),
                        item.followUp.purpose
                    ].map(SafeText.sanitize))
        }
        #expect(output.contains("王小明 🎉"))
        #expect(output.contains("^[[31mRED^[[0m^ITabbed^JNew line"))
    }
}
