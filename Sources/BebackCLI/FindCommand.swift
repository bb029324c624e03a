import ArgumentParser
import BebackDomain
import BebackExchange
import BebackText
import Foundation

/// `beback find`: any lead the rep may see, by name, company, email, id, phone (typed in any
/// format) or the words of its notes and objections, whether it is due or not.
struct FindCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find",
        abstract: "Find any lead by name, company, email, id, phone number (any format) or the text of its notes and objections.",
        discussion:
            "A phone number matches on its last \(LeadFinder.minimumPhoneDigits) or more digits, whatever the spaces, brackets, country code or leading 0. A rep finds their own leads and the pool; a manager (--manager) every lead."
    )

    @OptionGroup var desk: DeskOptions

    @Argument(help: "What to look for.") var text: String = ""

    @Option(name: .long, help: "Output format: table, tsv or json.")
    var format: ListFormat = .table

    @Option(name: .long, help: "At most this many leads (0: all).")
    var limit: Int = 100

    /// For the benchmark: a file of queries, one a line; prints the index's build time and each
    /// query's wall and CPU time (milliseconds, TSV) instead of leads.
    @Option(name: .customLong("time-queries"), help: ArgumentHelp(visibility: .hidden))
    var timeQueries: String?

    func validate() throws {
        if timeQueries == nil, text.trimmingCharacters(in: .whitespaces).isEmpty {
            throw ValidationError("find: give the text to look for (a name, company, email, id, phone number or words of a note)")
        }
        if limit < 0 { throw ValidationError("--limit: \(limit) is not a count (0 means all)") }
    }

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession()
            let viewer = session.viewer
            let started = DispatchTime.now().uptimeNanoseconds
            let finder = LeadFinder(table: session.state.leads)
            let visible: (RepName) -> Bool = { viewer.canSeeCalendar(of: $0) }
            if let timeQueries {
                return try time(queries: timeQueries, finder: finder, builtIn: DispatchTime.now().uptimeNanoseconds - started, visible: visible)
            }
            let found = finder.find(text, limit: limit == 0 ? Int.max : limit, visible: visible)
            let formatter = FoundLeadsFormatter(now: session.now, timeZone: session.deskTimeZone)
            print(formatter.render(found, format: format), terminator: "")
        }
    }

    private func time(queries path: String, finder: LeadFinder, builtIn nanoseconds: UInt64, visible: (RepName) -> Bool) throws {
        guard let contents = FileManager.default.contents(atPath: path) else { throw CLIError("--time-queries: cannot read \(path)") }
        var out = "build\t\(Double(nanoseconds) / 1e6)\t\(finder.count)\n"
        for query in String(decoding: contents, as: UTF8.self).split(separator: "\n") where !query.isEmpty {
            let started = DispatchTime.now().uptimeNanoseconds
            let startedCPU = ThreadCPUClock.nanoseconds()
            let found = finder.find(String(query), limit: 100, visible: visible)
            let elapsed = Double(DispatchTime.now().uptimeNanoseconds - started) / 1e6
            out += "query\t\(elapsed)\t\(found.total)\t\(Double(ThreadCPUClock.nanoseconds() - startedCPU) / 1e6)\n"
        }
        print(out, terminator: "")
    }
}

/// Writes found leads as a table for people, TSV for scripts, or JSON (times in RFC 3339, UTC);
/// every text through the sanitizing chokepoint.
struct FoundLeadsFormatter {
    let now: Date
    let timeZone: TimeZone

    func render(_ found: LeadFinder.Found, format: ListFormat) -> String {
        switch format {
        case .table: return table(found)
        case .tsv: return tsv(found)
        case .json: return json(found)
        }
    }

    /// "Tue 24 Nov 10:42 · phone · the purpose", or why nothing is planned.
    func nextText(_ hit: LeadFinder.Hit, time: HumanTime) -> String {
        guard let next = hit.next else { return "nothing planned" }
        return "\(time.dayAndClock(next.due)) · \(next.channel.label) · \(next.purpose)"
    }

    private func table(_ found: LeadFinder.Found) -> String {
        guard !found.hits.isEmpty else { return "no lead matches\n" }
        let time = HumanTime(timeZone: timeZone, now: now)
        let columns = [("LEAD", 6), ("NAME", 22), ("COMPANY", 18), ("OWNER", 8), ("STAGE", 14), ("NEXT", 60)]
        var out = columns.map { SafeText.fit($0.0, width: $0.1, pad: true) }.joined(separator: " ").trimmingCharacters(in: .whitespaces) + "\n"
        for hit in found.hits {
            let cells = [hit.id.rawValue, hit.name, hit.company, hit.owner.rawValue, hit.stage.rawValue, nextText(hit, time: time)]
            out += zip(cells, columns).map { SafeText.fit($0, width: $1.1, pad: true) }.joined(separator: " ").trimmingCharacters(in: .whitespaces) + "\n"
        }
        if found.more { out += "… more leads match (type more, or --limit 0)\n" }
        return out
    }

    private func tsv(_ found: LeadFinder.Found) -> String {
        var out: [UInt8] = Array("lead\tname\tcompany\towner\tstage\tdue\tkind\tchannel\tpurpose\n".utf8)
        let time = HumanTime(timeZone: timeZone, now: now)
        for hit in found.hits {
            var first = true
            for cell in [hit.id.rawValue, hit.name, hit.company, hit.owner.rawValue, hit.stage.rawValue] {
                if !first { out.append(0x09) }
                first = false
                DueListFormatter.append(cell: cell, to: &out)
            }
            out.append(0x09)
            if let next = hit.next { time.appendISO(next.due, to: &out) }
            for cell in [hit.next?.kind.rawValue ?? "", hit.next?.channel.rawValue ?? "", hit.next?.purpose ?? ""] {
                out.append(0x09)
                DueListFormatter.append(cell: cell, to: &out)
            }
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
    }

    private func json(_ found: LeadFinder.Found) -> String {
        let rows: [[String: Any]] = found.hits.map { hit in
            var row: [String: Any] = [
                "lead": hit.id.rawValue, "name": SafeText.sanitize(hit.name), "company": SafeText.sanitize(hit.company),
                "owner": SafeText.sanitize(hit.owner.rawValue), "stage": hit.stage.rawValue
            ]
            if let next = hit.next {
                row["next"] = [
                    "due": LeadExportRow.timestamp(next.due), "kind": next.kind.rawValue, "channel": next.channel.rawValue,
                    "purpose": SafeText.sanitize(next.purpose)
                ]
            } else {
                row["next"] = NSNull()
            }
            return row
        }
        let object: [String: Any] = ["total": found.total, "more": found.more, "leads": rows]
        let data = (try? JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])) ?? Data("{}".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
