import BebackDomain
import BebackStore
#if Postgres
    import BebackPostgres
#endif

/// On a PostgreSQL desk that binds reps to database roles, the rep at the keyboard is the database
/// user: `--rep` must name a rep whose role the connected user is a member of, and `--manager` needs
/// membership of the managers' role. A desk that binds no role (and a desk folder) is left as it is.
enum PostgresRoleCheck {
    static func require(_ store: any EventStore, rep: RepName, asManager: Bool) throws {
        #if Postgres
            guard let store = store as? PostgresEventStore else { return }
            let desk = store.address.desk
            if try !store.connectedUserMayWrite(.rep(rep)) {
                let user = try store.connectedUser()
                let bound =
                    try store.boundRole(of: .rep(rep)).map { "its role is \($0)" } ?? "it has no database role; bind one with 'beback grant ROLE --rep \(rep)'"
                throw CLIError("--rep \(rep): database user \(user) may not act as \(rep) on desk \(desk) (\(bound))")
            }
            if asManager, try !store.connectedUserMayWrite(.desk) {
                let user = try store.connectedUser()
                let bound =
                    try store.boundRole(of: .desk).map { "the managers' role is \($0)" }
                    ?? "no managers' role is bound; bind one with 'beback grant ROLE --manager'"
                throw CLIError("--manager: database user \(user) is not a manager of desk \(desk) (\(bound))")
            }
        #else
            _ = (store, rep, asManager)
        #endif
    }
}
