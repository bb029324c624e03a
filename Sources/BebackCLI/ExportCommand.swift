#if canImport(Glibc)
    import Glibc
#endif
import ArgumentParser
import BebackDomain
import BebackExchange
import BebackStore
import BebackText
import Foundation

/// The formats `beback export` writes.
enum ExportFormat: String, ExpressibleByArgument, CaseIterable {
    case csv, json, ics
}

/// `beback export`: the rep's leads as CSV or JSON, or their follow-ups as an iCalendar file.
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export leads (CSV for spreadsheets, JSON for scripts) or follow-ups (iCalendar for calendar apps).",
        discussion: """
            csv: one row per lead with its state and next follow-up, in columns `beback import` maps back; \
            a cell that a spreadsheet would run as a formula (starting with =, +, -, @, also after leading \
            spaces, or with a tab, carriage return or line feed) gets a leading apostrophe, which the \
            importer takes off again.
            json: the same as an array of objects, times in UTC (ISO 8601).
            ics: one event per lead for its next callback or appointment (RFC 5545, UTC times). The \
            event's UID comes from the lead id, so importing a newer export moves the event instead of \
            adding another; a lead whose plan ended is exported as a cancelled event. \
            Without --output the file goes to standard output (shown with control characters made \
            visible when that is a terminal).
            """)

    @OptionGroup var desk: DeskOptions

    @Option(help: "What to write: csv, json or ics.")
    var format: ExportFormat = .csv

    @Flag(help: "Every rep's leads (default: the leads of --rep).")
    var all = false

    @Option(name: .shortAndLong, help: ArgumentHelp("Write to this file (replaced whole) instead of standard output.", valueName: "file"))
    var output: String?

    func run() throws {
        try reportingErrors {
            if let output { try ImportCommand.checkFolder(of: output, what: "the export") }
            let session = try desk.openSession()
            if all { try session.viewer.requireTeamView("export --all") }
            let leads = session.state.leads(ownedBy: all ? nil : session.rep)
            let text: String
            let what: String
            do {
                switch format {
                case .csv:
                    text = try CSVExporter.export(leads)
                    what = Self.count(leads.count, "lead")
                case .json:
                    text = try JSONExporter.export(leads)
                    what = Self.count(leads.count, "lead")
                case .ics:
                    let events = FollowUpCalendar.events(for: leads)
                    let name = all ? "Beback follow-ups" : "Beback follow-ups (\(session.rep))"
                    text = ICSWriter(calendarName: name).write(events, stamp: session.now)
                    let cancelled = events.filter { $0.status == .cancelled }.count
                    what = Self.count(events.count - cancelled, "follow-up") + (cancelled > 0 ? " and \(Self.count(cancelled, "cancelled one"))" : "")
                }
            } catch {
                throw CLIError("\(error)")
            }
            guard let output else {
                if isatty(STDOUT_FILENO) == 1 {
                    print(SafeText.sanitizeLines(text).joined(separator: "\n"), terminator: "")
                } else {
                    FileHandle.standardOutput.write(Data(text.utf8))
                }
                return
            }
            do { try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic) } catch {
                throw CLIError(SafeText.sanitize("\(output): cannot write (\(ImportCommand.reason(error)))"))
            }
            let whose = all ? "every rep" : session.rep.rawValue
            print("exported \(what) of \(whose) to \(SafeText.sanitize(output)) (\(format.rawValue))")
        }
    }

    /// "1 lead", "100,000 leads".
    static func count(_ value: Int, _ noun: String) -> String { "\(ProgressReport.grouped(value)) \(noun)\(value == 1 ? "" : "s")" }
}
