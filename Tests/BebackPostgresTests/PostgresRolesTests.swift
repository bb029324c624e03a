import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing
#if Postgres
    import BebackPostgres
#endif

/// Two rep roles and one manager role on one desk of the test server, tried the way a hostile rep
/// would: through the store and with hand-written SQL on his own login.
@Suite("Database roles on PostgreSQL", .serialized, .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresRolesTests {
    #if Postgres
        /// A new desk with ann and ben (reps) and mia (manager) bound to roles of their own; the roles' names.
        func boundDesk() throws -> (address: PostgresDeskAddress, ann: String, ben: String, mia: String) {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL("roles"))
            let owner = try PostgresEventStore.create(at: address)
            defer { owner.close() }
            let suffix = address.desk.replacingOccurrences(of: "-", with: "_")
            let (ann, ben, mia) = ("ann_\(suffix)", "ben_\(suffix)", "mia_\(suffix)")
            for role in [ann, ben, mia] {
                let made = try PostgresTestServer.psql("CREATE ROLE \(role) LOGIN")
                try #require(made.status == 0, "\(made.errors)")
            }
            try owner.bind(.rep("ann"), toRole: ann)
            try owner.bind(.rep("ben"), toRole: ben)
            try owner.bind(.rep("mia"), toRole: mia)
            try owner.bind(.desk, toRole: mia)
            return (address, ann, ben, mia)
        }

        func store(_ address: PostgresDeskAddress, as role: String) throws -> PostgresEventStore {
            var address = address
            address.user = role
            return try PostgresEventStore(address: address)
        }

        func count(_ desk: String, _ journal: String) throws -> String {
            try PostgresTestServer.psql("SELECT count(*) FROM beback_entries WHERE desk = '\(desk)' AND journal = '\(journal)'")
                .output.trimmingCharacters(in: .whitespacesAndNewlines)
        }

        /// The SQL a hostile rep would write: the next entry of `journal`, with a right sequence, chain and offset.
        func forgedEntry(_ desk: String, _ journal: String, by actor: String, id: String) -> String {
            """
            INSERT INTO beback_entries (desk, journal, seq, len, crc, prev, chain, off, event_id, actor, payload)
            SELECT desk, journal, last_seq + 1, length(p), 0, last_chain, 9, last_end, '\(id)', '\(actor)', convert_to(p, 'UTF8')
            FROM beback_journals, (SELECT '{"id":"\(id)","by":"\(actor)"}'::text AS p) x
            WHERE desk = '\(desk)' AND journal = '\(journal)'
            """
        }

        @Test("a rep's role appends to its own journal and to no other, through the store or by hand")
        func repWritesOnlyHisJournal() throws {
            let (address, ann, ben, _) = try boundDesk()
            let desk = address.desk
            let annStore = try store(address, as: ann)
            let benStore = try store(address, as: ben)
            #expect(try annStore.append(try capturedEvents(rep: "ann", count: 2), to: .rep("ann")).map(\.sequence) == [1, 2])
            #expect(try benStore.append(try capturedEvents(rep: "ben", count: 1, start: 5), to: .rep("ben")).map(\.sequence) == [1])
            do {
                _ = try annStore.append(try capturedEvents(rep: "ben", count: 1, start: 9), to: .rep("ben"))
                Issue.record("ann's role wrote ben's journal")
            } catch let error as PostgresStoreError {
                #expect(error.description.contains("may not write rep-ben.journal"), "\(error)")
            }
            let byHand = try PostgresTestServer.psql(forgedEntry(desk, "rep-ben.journal", by: "ben", id: "forged1"), user: ann)
            #expect(byHand.status != 0 && byHand.errors.contains("may not write rep-ben.journal"), "\(byHand.errors)")
            // A rep with no role on a desk that binds roles: nobody but the owner opens his journal.
            let squat = try PostgresTestServer.psql(
                """
                INSERT INTO beback_journals (desk, journal, owner, salt, created, header, last_chain)
                VALUES ('\(desk)', 'rep-dan.journal', 'dan', 1, 1, 'beback-journal 1 0000000000000001 rep-dan.journal 1 00000001', 7)
                """, user: ann)
            #expect(squat.status != 0 && squat.errors.contains("may not write rep-dan.journal"), "\(squat.errors)")
            #expect(throws: PostgresStoreError.self) { _ = try annStore.append(try capturedEvents(rep: "dan", count: 1), to: .rep("dan")) }
            #expect(try count(desk, "rep-ben.journal") == "1")
            #expect(try count(desk, "rep-dan.journal") == "0")
            #expect(try annStore.connectedUserMayWrite(.rep("ann")))
            #expect(try !annStore.connectedUserMayWrite(.rep("ben")))
        }

        @Test("a rep's role cannot append to desk.journal, hold another rep's journal locked, move his sequence, or change any row")
        func repCannotRewrite() throws {
            let (address, ann, ben, _) = try boundDesk()
            let desk = address.desk
            _ = try store(address, as: ben).append(try capturedEvents(rep: "ben", count: 2), to: .rep("ben"))
            let annStore = try store(address, as: ann)
            #expect(throws: PostgresStoreError.self) { _ = try annStore.append(try capturedEvents(rep: "ann", count: 1), to: .desk) }
            #expect(try !annStore.connectedUserMayWrite(.desk))
            // The row lock an append takes: ann's role does not see ben's row to lock it, so his saves never wait on her.
            let lock = try PostgresTestServer.psql(
                "SELECT count(*) FROM (SELECT 1 FROM beback_journals WHERE desk = '\(desk)' AND journal = 'rep-ben.journal' FOR UPDATE) x", user: ann)
            #expect(lock.status == 0 && lock.output.hasPrefix("0"), "\(lock.output)\(lock.errors)")
            _ = try PostgresTestServer.psql(
                "UPDATE beback_journals SET last_seq = last_seq + 1 WHERE desk = '\(desk)' AND journal = 'rep-ben.journal'", user: ann)
            let sequence = try PostgresTestServer.psql("SELECT last_seq FROM beback_journals WHERE desk = '\(desk)' AND journal = 'rep-ben.journal'")
            #expect(sequence.output.hasPrefix("2"))
            for statement in [
                "UPDATE beback_entries SET actor = actor WHERE desk = '\(desk)'", "DELETE FROM beback_entries WHERE desk = '\(desk)'",
                "TRUNCATE beback_entries", "DELETE FROM beback_journals WHERE desk = '\(desk)'",
                "INSERT INTO beback_rep_roles (desk, rep, db_role) VALUES ('\(desk)', 'dan', '\(ann)')",
                "UPDATE beback_rep_roles SET db_role = '\(ann)' WHERE desk = '\(desk)'"
            ] {
                let refused = try PostgresTestServer.psql(statement, user: ann)
                #expect(refused.status != 0 && refused.errors.contains("permission denied"), "\(statement): \(refused.errors)")
            }
            #expect(try count(desk, "rep-ben.journal") == "2")
            let loaded = try annStore.load()
            #expect(loaded.problems.isEmpty)
            #expect(loaded.events.count == 2)
        }

        @Test("a rep's role cannot take the migration's path: the bulk setting changes nothing, the guard cannot be switched off")
        func repCannotBulkImport() throws {
            let (address, ann, _, _) = try boundDesk()
            let desk = address.desk
            _ = try store(address, as: ann).append(try capturedEvents(rep: "ann", count: 2), to: .rep("ann"))
            // An entry of her own journal with a sequence gap, with the setting the migration used to switch the guard by.
            let gap = forgedEntry(desk, "rep-ann.journal", by: "ann", id: "gap1").replacingOccurrences(of: "last_seq + 1", with: "last_seq + 5")
            let bulk = try PostgresTestServer.psql("SET beback.bulk = 'on'; \(gap)", user: ann)
            #expect(bulk.status != 0 && bulk.errors.contains("expects sequence 3, not 7"), "\(bulk.errors)")
            let off = try PostgresTestServer.psql("ALTER TABLE beback_entries DISABLE TRIGGER beback_entry_guard", user: ann)
            #expect(off.status != 0 && off.errors.contains("must be owner"), "\(off.errors)")
            #expect(try count(desk, "rep-ann.journal") == "2")
            // Even the owner's hand-written append, setting and all, is checked row by row outside the migration.
            let owners = try PostgresTestServer.psql("SET beback.bulk = 'on'; \(gap)")
            #expect(owners.status != 0 && owners.errors.contains("expects sequence 3, not 7"), "\(owners.errors)")
        }

        @Test("the manager's role appends to desk.journal, signed as the manager only, and not to a rep's journal")
        func managerAssigns() throws {
            let (address, ann, _, mia) = try boundDesk()
            let desk = address.desk
            let miaStore = try store(address, as: mia)
            #expect(try miaStore.connectedUserMayWrite(.desk))
            #expect(try miaStore.append(try capturedEvents(rep: "mia", count: 1), to: .desk).map(\.sequence) == [1])
            let signedAsAnn = try PostgresTestServer.psql(forgedEntry(desk, "desk.journal", by: "ann", id: "forged2"), user: mia)
            #expect(signedAsAnn.status != 0 && signedAsAnn.errors.contains("may not sign a desk.journal entry as ann"), "\(signedAsAnn.errors)")
            #expect(throws: PostgresStoreError.self) { _ = try miaStore.append(try capturedEvents(rep: "ann", count: 1), to: .rep("ann")) }
            #expect(try count(desk, "desk.journal") == "1")
            // Binding is the owner's: a rep's role cannot bind itself to another journal.
            #expect(throws: PostgresStoreError.self) { try store(address, as: ann).bind(.desk, toRole: ann) }
        }
    #endif
}
