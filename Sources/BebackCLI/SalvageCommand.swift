import ArgumentParser
import BebackDomain
import BebackStore
import Foundation

/// `beback salvage`: copies every valid record of a damaged journal into a new journal, keeping the original.
struct SalvageCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "salvage",
        abstract: "Copy every valid record of a damaged journal into a new journal; the original is kept, never deleted.",
        discussion: """
            With no JOURNAL, every journal of the desk with damage is salvaged. A JOURNAL is a file name \
            in DESK/journals (rep-ann.journal) or a path. Records keep their bytes exactly (entries from a \
            newer beback included), get new sequence numbers and a new hash chain, and a last record of \
            kind 'salvaged' lists the skipped offsets and byte counts. The original stays beside it as \
            <journal>.damaged-<unix time>. Prints one line per journal.
            """)

    @OptionGroup var desk: DeskOptions

    @Argument(help: ArgumentHelp("Journals to salvage (default: every damaged one).", valueName: "journal"))
    var journals: [String] = []

    func run() throws {
        try reportingErrors {
            guard desk.folder.exists else { throw StoreError.noDesk(desk.folder.root.path) }
            for refused in desk.folder.refusedJournalFiles() {
                FileHandle.standardError.write(Data("beback: note: \(refused)\n".utf8))
            }
            let paths: [String]
            if journals.isEmpty {
                let report = try DeskVerifier.verify(desk.folder)
                let damaged = Set(report.problems.map(\.path))
                paths = try desk.folder.journals().map(desk.folder.journalPath).filter(damaged.contains)
                if paths.isEmpty { print("salvage: no damaged journal in \(desk.folder.journalsDirectory.path); nothing changed") }
            } else {
                paths = journals.map { $0.contains("/") ? $0 : desk.folder.journalsDirectory.appendingPathComponent($0).path }
            }
            for path in paths {
                guard FileManager.default.fileExists(atPath: path) else { throw CLIError("\(path): no such journal") }
                print(try JournalSalvage.salvage(path: path, at: try desk.clock().now))
            }
            if !paths.isEmpty { SnapshotFile(desk.folder).remove() }
        }
    }
}
