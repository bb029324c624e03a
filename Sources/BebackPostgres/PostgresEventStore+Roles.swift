#if Postgres
    import BebackDomain
    import BebackStore
    import PostgresNIO

    /// Who may write which journal of a PostgreSQL desk: the bindings of `beback_rep_roles` (rep → database
    /// role; `*desk` → the managers' role), as `beback_may_write` in the schema reads them.
    extension PostgresEventStore {
        /// The binding key of a journal: the rep's name, or `*desk` for `desk.journal`.
        static func bindingKey(_ journal: JournalName) -> String {
            if case .rep(let rep) = journal { return rep.rawValue }
            return "*desk"
        }

        /// The database user this store is connected as (`current_user`).
        public func connectedUser() throws(PostgresStoreError) -> String {
            let row = try link.run("SELECT current_user::text").first
            return (try? row?.decode(String.self)) ?? address.user
        }

        /// Whether the connected user may write `journal` (always true on a desk that binds no role).
        public func connectedUserMayWrite(_ journal: JournalName) throws(PostgresStoreError) -> Bool {
            let desk = address.desk
            let name = journal.fileName
            let row = try link.run("SELECT beback_may_write(\(desk), \(name), current_user)").first
            return (try? row?.decode(Bool.self)) ?? false
        }

        /// The database role bound to `journal`, if any.
        public func boundRole(of journal: JournalName) throws(PostgresStoreError) -> String? {
            let desk = address.desk
            let key = Self.bindingKey(journal)
            let row = try link.run("SELECT db_role::text FROM beback_rep_roles WHERE desk = \(desk) AND rep = \(key)").first
            return try? row?.decode(String.self)
        }

        /// Binds `journal` to the database role `role` (replacing an earlier binding) and makes the role a
        /// member of `beback_desk`. Only the tables' owner (or a superuser) may; the role must exist.
        public func bind(_ journal: JournalName, toRole role: String) throws(PostgresStoreError) {
            guard role.range(of: "^[A-Za-z_][A-Za-z0-9_]{0,62}$", options: .regularExpression) != nil else {
                throw .refused(
                    address: address.description, detail: "'\(role)' is not a database role name this command takes (letters, digits, '_')", sqlState: "42602")
            }
            let desk = address.desk
            let key = Self.bindingKey(journal)
            try link.transaction { () throws(PostgresStoreError) in
                guard try link.run("SELECT 1 FROM pg_roles WHERE rolname = \(role)").count == 1 else {
                    throw .refused(
                        address: address.description, detail: "no database role '\(role)'; create it first: CREATE ROLE \(role) LOGIN PASSWORD '...'",
                        sqlState: "42704")
                }
                try link.run(
                    """
                    INSERT INTO beback_rep_roles (desk, rep, db_role) VALUES (\(desk), \(key), \(role))
                    ON CONFLICT (desk, rep) DO UPDATE SET db_role = EXCLUDED.db_role
                    """)
                try link.run(PostgresQuery(unsafeSQL: "GRANT beback_desk TO \"\(role)\""))
            }
        }
    }
#endif
