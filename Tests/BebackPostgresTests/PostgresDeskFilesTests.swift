import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing
#if Postgres
    import BebackPostgres
#endif

/// desk.conf and scripts kept in the database: versioned, append-only, written by the managers only.
@Suite("Desk files on PostgreSQL", .serialized, .enabled(if: PostgresTestServer.isAvailable, Comment(rawValue: PostgresTestServer.unavailableReason)))
struct PostgresDeskFilesTests {
    #if Postgres
        @Test("each change of a desk file is a new version; the same bytes again write none; a removal is a version too")
        func versions() throws {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL("files"))
            let store = try PostgresEventStore.create(at: address)
            defer { store.close() }
            #expect(try store.deskFiles().isEmpty)
            #expect(try store.saveDeskFile("desk.conf", Array("[team]\nann = rep\n".utf8)))
            #expect(try !store.saveDeskFile("desk.conf", Array("[team]\nann = rep\n".utf8)))
            #expect(try store.saveDeskFile("desk.conf", Array("[team]\nann = rep\nmia = manager\n".utf8)))
            #expect(try store.saveDeskFile("scripts/first.script", Array("Hello {name}\n".utf8)))
            #expect(
                try store.deskFiles() == ["desk.conf": Array("[team]\nann = rep\nmia = manager\n".utf8), "scripts/first.script": Array("Hello {name}\n".utf8)])
            #expect(try store.saveDeskFile("scripts/first.script", nil))
            #expect(try store.deskFiles().keys.sorted() == ["desk.conf"])
            #expect(try store.deskFileHistory("desk.conf").map(\.version) == [1, 2])
            #expect(try store.deskFileHistory("scripts/first.script").map(\.removed) == [false, true])
            #expect(throws: PostgresStoreError.self) { try store.saveDeskFile("../etc/passwd", [1]) }
            let rewrite = try PostgresTestServer.psql("UPDATE beback_desk_files SET content = 'x' WHERE desk = '\(address.desk)'")
            #expect(rewrite.status != 0 && rewrite.errors.contains("append-only"), "\(rewrite.errors)")
            let skip = try PostgresTestServer.psql(
                "INSERT INTO beback_desk_files (desk, name, version, content) VALUES ('\(address.desk)', 'desk.conf', 7, 'x')")
            #expect(skip.status != 0 && skip.errors.contains("next version"), "\(skip.errors)")
        }

        @Test("on a desk that binds roles, a rep's role reads the desk files but cannot change them; the managers' role can")
        func onlyManagersWrite() throws {
            let address = try PostgresDeskAddress(PostgresTestServer.freshDeskURL("files-roles"))
            let owner = try PostgresEventStore.create(at: address)
            defer { owner.close() }
            let suffix = address.desk.replacingOccurrences(of: "-", with: "_")
            let (ann, mia) = ("ann_\(suffix)", "mia_\(suffix)")
            for role in [ann, mia] { try #require(try PostgresTestServer.psql("CREATE ROLE \(role) LOGIN").status == 0) }
            try owner.bind(.rep("ann"), toRole: ann)
            try owner.bind(.desk, toRole: mia)
            try owner.saveDeskFile("desk.conf", Array("[team]\nann = rep\n".utf8))
            func store(_ role: String) throws -> PostgresEventStore {
                var address = address
                address.user = role
                return try PostgresEventStore(address: address)
            }
            let annStore = try store(ann)
            defer { annStore.close() }
            #expect(try annStore.deskFiles()["desk.conf"] == Array("[team]\nann = rep\n".utf8))
            #expect(throws: PostgresStoreError.self) { try annStore.saveDeskFile("desk.conf", Array("[team]\nann = manager\n".utf8)) }
            let miaStore = try store(mia)
            defer { miaStore.close() }
            #expect(try miaStore.saveDeskFile("desk.conf", Array("[team]\nann = rep\nmia = manager\n".utf8)))
            #expect(try owner.deskFileHistory("desk.conf").map(\.savedBy) == [address.user, mia])
        }
    #endif
}
