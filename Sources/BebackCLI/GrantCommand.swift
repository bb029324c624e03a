import ArgumentParser
import BebackDomain
import BebackStore
import Foundation
#if Postgres
    import BebackPostgres
#endif

/// `beback grant ROLE --rep NAME` / `--manager`: binds a rep's journal (or `desk.journal`, the
/// managers') of a PostgreSQL desk to a database role. The first binding turns the desk's role checks
/// on: from then on each journal is written only by members of its bound role.
struct GrantCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "grant",
        abstract: "Bind a rep (or the managers) of a PostgreSQL desk to a database role.",
        discussion: """
            Run as the tables' owner. The role must exist (CREATE ROLE ann LOGIN PASSWORD '...'); it is made a member of \
            beback_desk (read and append). Once a desk binds one role, every journal needs one: a rep's journal is written \
            only by members of the rep's role, desk.journal only by members of the managers' role, and beback refuses \
            --rep and --manager that the connected database user does not hold.
            """)

    @Argument(help: "The database role.")
    var role: String

    @Option(name: .long, help: ArgumentHelp("The rep whose journal the role writes.", valueName: "name"))
    var rep: String?

    @Flag(name: .long, help: "Bind the managers' role instead: its members write desk.journal (assign, reclaim) and may use --manager.")
    var manager = false

    @Option(name: .long, help: ArgumentHelp("The PostgreSQL desk (default: $BEBACK_STORE).", valueName: "postgres://..."))
    var store: String?

    func validate() throws {
        guard (rep != nil) != manager else { throw ValidationError("give exactly one of --rep NAME and --manager") }
    }

    func run() throws {
        try reportingErrors {
            let environment = ProcessInfo.processInfo.environment
            guard let url = store ?? environment["BEBACK_STORE"].flatMap({ $0.isEmpty ? nil : $0 }),
                case .postgres(let url) = DeskStoreLocation(url)
            else {
                throw CLIError("grant: --store must name a PostgreSQL desk (postgres://...)")
            }
            let journal: JournalName
            if let rep {
                let name = RepName(rep)
                guard name.isValid, name != DeskConfig.poolOwner else { throw CLIError("--rep: '\(rep)' is not a usable rep name") }
                journal = .rep(name)
            } else {
                journal = .desk
            }
            #if Postgres
                let desk = try PostgresEventStore(address: PostgresDeskAddress(url))
                defer { desk.close() }
                try desk.bind(journal, toRole: role)
                let what = rep.map { "rep \($0)'s journal" } ?? "desk.journal and --manager"
                print("bound \(what) on desk \(desk.address.desk) to database role \(role)")
            #else
                _ = (url, journal)
                throw CLIError(DeskStoreFactory.notBuilt)
            #endif
        }
    }
}
