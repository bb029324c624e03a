#if Postgres
    import BebackDomain
    import BebackStore
    import Foundation
    import PostgresNIO

    /// desk.conf, the desk's call scripts and its message templates in the database (`beback_desk_files`), so a second host
    /// needs only the URL. Each save is a new version (who, when, the bytes), never an update: the
    /// table is append-only like the entries, and only the managers' role (or the owner) writes it.
    extension PostgresEventStore {
        /// Whether `name` is a file the desk keeps in the database (`KeptDeskFiles`).
        public static func isDeskFileName(_ name: String) -> Bool { KeptDeskFiles.isKept(name) }

        /// The newest version of every file the desk keeps (removed files left out), by name.
        public func deskFiles() throws(PostgresStoreError) -> [String: [UInt8]] {
            let desk = address.desk
            var files: [String: [UInt8]] = [:]
            let rows = try link.run(
                """
                SELECT DISTINCT ON (name) name, content IS NULL, coalesce(content, ''::bytea) FROM beback_desk_files
                WHERE desk = \(desk) ORDER BY name, version DESC
                """)
            for row in rows {
                guard let (name, removed, content) = try? row.decode((String, Bool, ByteBuffer).self) else { continue }
                if !removed { files[name] = Array(content.readableBytesView) }
            }
            return files
        }

        /// Every version of one file, oldest first: version, when, by which login, and whether it was removed.
        public func deskFileHistory(_ name: String) throws(PostgresStoreError) -> [(version: Int, savedAt: Date, savedBy: String, removed: Bool)] {
            let desk = address.desk
            var versions: [(version: Int, savedAt: Date, savedBy: String, removed: Bool)] = []
            for row in try link.run(
                """
                SELECT version, extract(epoch FROM saved_at)::float8, saved_by::text, content IS NULL FROM beback_desk_files
                WHERE desk = \(desk) AND name = \(name) ORDER BY version
                """)
            {
                guard let (version, at, by, removed) = try? row.decode((Int32, Double, String, Bool).self) else { continue }
                versions.append((Int(version), Date(timeIntervalSince1970: at), by, removed))
            }
            return versions
        }

        /// Saves a new version of `name` (nil: removes it) unless the newest version is the same;
        /// returns whether a version was written.
        @discardableResult
        public func saveDeskFile(_ name: String, _ content: [UInt8]?) throws(PostgresStoreError) -> Bool {
            guard Self.isDeskFileName(name) else {
                throw .refused(
                    address: address.description,
                    detail: "'\(name)' is not a file a desk keeps (desk.conf, scripts/NAME.script, templates/NAME.email or .text)", sqlState: "22023")
            }
            let desk = address.desk
            return try link.transaction { () throws(PostgresStoreError) -> Bool in
                try link.run("SELECT pg_advisory_xact_lock(hashtext('beback-files:' || \(desk)))")
                let newest = try link.run(
                    """
                    SELECT version, content IS NULL, coalesce(content, ''::bytea) FROM beback_desk_files
                    WHERE desk = \(desk) AND name = \(name) ORDER BY version DESC LIMIT 1
                    """
                ).first
                var version: Int32 = 1
                if let newest, let (last, removed, bytes) = try? newest.decode((Int32, Bool, ByteBuffer).self) {
                    if removed ? content == nil : content == Array(bytes.readableBytesView) { return false }
                    version = last + 1
                } else if content == nil {
                    return false
                }
                let payload = content.map { ByteBuffer(bytes: $0) }
                try link.run("INSERT INTO beback_desk_files (desk, name, version, content) VALUES (\(desk), \(name), \(version), \(payload))")
                return true
            }
        }
    }
#endif
