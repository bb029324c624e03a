import ArgumentParser
import BebackDomain
import BebackExchange
import BebackStore
import BebackText
import Foundation

/// Output formats of list commands.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case table, tsv, json
}

/// `beback due`: the leads due now, appointments first.
struct DueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "due",
        abstract: "List the leads whose follow-up is due: callbacks and appointments at their time, then overdue, then due.")

    @OptionGroup var desk: DeskOptions

    @Flag(name: .long, help: "Every rep's due leads (a manager's view).")
    var all = false

    @Option(name: .long, help: "Output format: table, tsv or json.")
    var format: ListFormat = .table

    func run() throws {
        try reportingErrors {
            let session = try desk.openSession(ownLeadsOnly: !all)
            if all { try session.viewer.requireTeamView("due --all") }
            let items = session.dueList(allReps: all)
            print(DueListFormatter(state: session.state, now: session.now, timeZone: session.deskTimeZone).render(items, format: format), terminator: "")
        }
    }
}

/// Writes a due list as a table for people, TSV for scripts, or JSON.
struct DueListFormatter {
    let state: DeskState
    let now: Date
    let timeZone: TimeZone

    func when(_ item: DueItem) -> String {
        when(item, time: HumanTime(timeZone: timeZone, now: now))
    }

    /// The "when" cell with a `HumanTime` made once for the whole list (making one builds a calendar).
    func when(_ item: DueItem, time: HumanTime) -> String {
        switch item.bucket {
        case .callback: return item.followUp.due < now ? "\(time.clock(item.followUp.due)) late" : "\(time.clock(item.followUp.due)) callback"
        case .appointment: return item.followUp.due < now ? "\(time.clock(item.followUp.due)) late" : "\(time.clock(item.followUp.due)) appt"
        case .overdue: return "overdue \(item.daysLate)d"
        case .due: return "due \(time.clock(item.followUp.due))"
        }
    }

    func render(_ items: [DueItem], format: ListFormat) -> String {
        switch format {
        case .table: return table(items)
        case .tsv: return tsv(items)
        case .json: return json(items)
        }
    }

    private func table(_ items: [DueItem]) -> String {
        let counts = Dictionary(grouping: items, by: \.bucket).mapValues(\.count)
        var out = DueBucket.countsText(counts) + "\n"
        guard !items.isEmpty else { return out + "nothing is due\n" }
        let columns = [("WHEN", 14), ("LEAD", 6), ("NAME", 22), ("COMPANY", 18), ("TOUCHES", 7), ("CHANNEL", 9), ("PURPOSE", 40)]
        out += columns.map { SafeText.fit($0.0, width: $0.1, pad: true) }.joined(separator: " ").trimmingCharacters(in: .whitespaces) + "\n"
        for item in items {
            guard let lead = state.leads.summary(item.lead) else { continue }
            let cells = [
                when(item), lead.id.rawValue, lead.name, lead.company, String(lead.touchCount),
                item.followUp.channel.label, item.followUp.purpose
            ]
            out +=
                zip(cells, columns).map { SafeText.fit($0, width: $1.1, pad: true) }.joined(separator: " ")
                .trimmingCharacters(in: .whitespaces) + "\n"
        }
        return out
    }

    private func tsv(_ items: [DueItem]) -> String {
        // Bytes, not a string: 32,000 lines at 100k leads, each cell appended where it lies.
        var out: [UInt8] = []
        out.reserveCapacity(items.count * 160 + 80)
        out.append(contentsOf: "when\tbucket\tlead\tname\tcompany\towner\ttouches\tchannel\tdue\tpurpose\n".utf8)
        let time = HumanTime(timeZone: timeZone, now: now)
        for item in items {
            guard let lead = state.leads.summary(item.lead) else { continue }
            Self.append(cell: when(item, time: time), to: &out)
            for cell in [
                item.bucket.name, lead.id.rawValue, lead.name, lead.company, lead.owner.rawValue, String(lead.touchCount),
                item.followUp.channel.rawValue
            ] {
                out.append(0x09)
                Self.append(cell: cell, to: &out)
            }
            out.append(0x09)
            time.appendISO(item.followUp.due, to: &out)
            out.append(0x09)
            Self.append(cell: item.followUp.purpose, to: &out)
            out.append(0x0A)
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Appends a cell as `SafeText.sanitize` shows it: printable ASCII as it is (most cells), the
    /// rest through the chokepoint.
    static func append(cell: String, to out: inout [UInt8]) {
        var text = cell
        let plain = text.withUTF8 { bytes -> Bool in
            for byte in bytes where byte < 0x20 || byte > 0x7E { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if !plain { out.append(contentsOf: SafeText.sanitize(cell).utf8) }
    }

    private func json(_ items: [DueItem]) -> String {
        let rows: [[String: Any]] = items.compactMap { item in
            guard let lead = state.leads.summary(item.lead) else { return nil }
            return [
                "lead": lead.id.rawValue, "name": lead.name, "company": lead.company,
                "owner": lead.owner.rawValue, "bucket": item.bucket.name, "due": LeadExportRow.timestamp(item.followUp.due),
                "daysLate": item.daysLate, "kind": item.followUp.kind.rawValue, "channel": item.followUp.channel.rawValue,
                "purpose": item.followUp.purpose, "touches": lead.touchCount, "reason": item.reason
            ]
        }
        let data = (try? JSONSerialization.data(withJSONObject: rows, options: [.prettyPrinted, .sortedKeys])) ?? Data("[]".utf8)
        return String(decoding: data, as: UTF8.self) + "\n"
    }
}
