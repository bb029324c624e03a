import ArgumentParser
import BebackStore
import BebackText
import Foundation
#if Postgres
    import BebackPostgres
#endif

/// `beback rebuild --store URL`: replays every entry of a PostgreSQL desk, compares its lead summary
/// table (the query model the desk and `due` open from) with the replay row by row, and writes the
/// replay's rows in its place.
struct RebuildCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "rebuild",
        abstract: "Check a PostgreSQL desk's lead summary table against a full replay, and rebuild it.",
        discussion: """
            Run as the tables' owner. Every entry is replayed; each lead's summary row (owner, stage, next step, \
            touches, find keys) is compared with the replay, the differences are listed, and the table is rewritten \
            from the replay in one transaction, then read back and compared again. Exit status 1 when rows differed \
            (they are fixed), 2 when the rewritten table still differs.
            """)

    @Option(name: .long, help: ArgumentHelp("The PostgreSQL desk (default: $BEBACK_STORE).", valueName: "postgres://..."))
    var store: String?

    func run() throws {
        try reportingErrors {
            let environment = ProcessInfo.processInfo.environment
            guard let url = store ?? environment["BEBACK_STORE"].flatMap({ $0.isEmpty ? nil : $0 }),
                case .postgres(let url) = DeskStoreLocation(url)
            else {
                throw CLIError("rebuild: --store must name a PostgreSQL desk (postgres://...)")
            }
            #if Postgres
                let desk = try PostgresEventStore(address: PostgresDeskAddress(url))
                defer { desk.close() }
                let rebuilt = try desk.rebuildSummaries()
                for line in rebuilt.differences.prefix(50) { print(SafeText.sanitize(line)) }
                if rebuilt.differences.count > 50 { print("… and \(rebuilt.differences.count - 50) more") }
                if let line = rebuilt.remaining.first {
                    FileHandle.standardError.write(Data("beback: the rewritten summary table still differs from the replay: \(SafeText.sanitize(line))\n".utf8))
                    throw ExitCode(2)
                }
                print(
                    "checked \(rebuilt.leads) leads against a replay: \(rebuilt.differences.count) rows differed; the table was rebuilt and matches"
                )
                if !rebuilt.differences.isEmpty { throw ExitCode(1) }
            #else
                _ = url
                throw CLIError(DeskStoreFactory.notBuilt)
            #endif
        }
    }
}
