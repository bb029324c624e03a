#if canImport(Glibc)
    import Glibc
#endif
import BebackTestSupport
import Foundation
import Testing

/// What one rep can do to `journals/` through the real binary: a garbage journal, a damaged one, a
/// link (dangling or to a file outside the desk). Each blocks at most its own rep and is reported
/// in one line; nothing is fatal to every command. And `snapshots/` lets every rep of the group compact.
@Suite("Desk hygiene, end to end: one bad journal blocks only its rep, links refused, snapshots/ shared")
struct DeskHygieneTests {
    static let at = "2026-11-23 10:42"

    func demoDesk() throws -> String {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let made = try BebackProcess.run(["demo", "--data", path, "--leads", "30", "--seed", "5", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        return path
    }

    func emptyDesk() throws -> String {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let made = try BebackProcess.run(["init", "--data", path])
        try #require(made.status == 0, "\(made.stderr)")
        return path
    }

    func lines(_ text: String) -> [String] { text.split(separator: "\n").map(String.init) }

    @Test("a garbage rep-x.journal and ben's damaged journal: ann keeps saving (told in one line each), ben is refused naming file and offset, verify fails")
    func oneBadJournalBlocksOnlyItsRep() throws {
        let desk = try demoDesk()
        try Data("garbage\nmore garbage here\n".utf8).write(to: URL(fileURLWithPath: "\(desk)/journals/rep-x.journal"))
        let benPath = "\(desk)/journals/rep-ben.journal"
        var ben = try Array(Data(contentsOf: URL(fileURLWithPath: benPath)))
        let starts = [0] + ben.indices.filter { ben[$0] == 0x0A }.map { $0 + 1 }
        let offset = starts[5]
        ben[offset + 70] ^= 0x01
        try Data(ben).write(to: URL(fileURLWithPath: benPath))

        let added = try BebackProcess.run(["add", "--data", desk, "--rep", "ann", "--name", "Still Saving", "--phone", "+44 20 7946 0099"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(added.stdout.hasPrefix("saved lead "))
        let notes = lines(added.stderr)
        #expect(notes.count == 2, "\(added.stderr)")
        #expect(notes.contains { $0.hasPrefix("beback: note: rep-ben.journal damaged at offset \(offset) (corrupt record): ben's saves are refused") })
        #expect(notes.contains { $0.hasPrefix("beback: note: rep-x.journal damaged at offset 0 (bad header)") })
        #expect(try BebackProcess.run(["due", "--data", desk, "--rep", "chen", "--at", Self.at]).status == 0)

        let refused = try BebackProcess.run(["add", "--data", desk, "--rep", "ben", "--name", "Refused", "--phone", "+44 20 7946 0098"])
        #expect(refused.status == 1)
        // One line refuses ben's save; the other is the note about rep-x.journal that every command gives.
        #expect(
            lines(refused.stderr).filter { $0.contains("rep-ben.journal") }
                == ["beback: the desk is read-only: rep-ben.journal damaged at offset \(offset) (corrupt record): run beback salvage"])
        #expect(lines(refused.stderr).count == 2, "\(refused.stderr)")
        #expect(Array(try Data(contentsOf: URL(fileURLWithPath: benPath))) == ben)

        let verify = try BebackProcess.run(["verify", "--data", desk])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("rep-ben.journal: corrupt record at offset \(offset)"))
        #expect(verify.stderr.contains("rep-x.journal: bad header at offset 0"))
    }

    @Test("links in journals/: reported in one line each and skipped by every command; a write through one is refused and the outside file untouched")
    func linksRefused() throws {
        let desk = try emptyDesk()
        let outside = Fixtures.temporaryFolder("outside").appendingPathComponent("victim.txt").path
        try Data("hello\n".utf8).write(to: URL(fileURLWithPath: outside))
        try FileManager.default.createSymbolicLink(atPath: "\(desk)/journals/rep-yan.journal", withDestinationPath: "/nonexistent/beback")
        try FileManager.default.createSymbolicLink(atPath: "\(desk)/journals/rep-zed.journal", withDestinationPath: outside)
        let expectedNotes = [
            "beback: note: \(desk)/journals/rep-yan.journal: a symbolic link to /nonexistent/beback, not a journal file: skipped (beback never follows links in journals/)",
            "beback: note: \(desk)/journals/rep-zed.journal: a symbolic link to \(outside), not a journal file: skipped (beback never follows links in journals/)"
        ]

        let added = try BebackProcess.run(["add", "--data", desk, "--rep", "ann", "--name", "Still Saving", "--phone", "+44 20 7946 0099"])
        #expect(added.status == 0, "\(added.stderr)")
        #expect(lines(added.stderr) == expectedNotes)
        for command in [["due"], ["show", "zzzzz"], ["export"], ["compact"]] {
            let result = try BebackProcess.run(command + ["--data", desk, "--rep", "ann"])
            #expect(!result.stderr.contains("open failed"), "\(command): \(result.stderr)")
            #expect(command == ["show", "zzzzz"] ? result.status == 1 : result.status == 0, "\(command): \(result.stderr)")
        }
        let salvage = try BebackProcess.run(["salvage", "--data", desk])
        #expect(salvage.status == 0, "\(salvage.stderr)")
        #expect(lines(salvage.stderr) == expectedNotes)

        let through = try BebackProcess.run(["add", "--data", desk, "--rep", "zed", "--name", "Planted", "--phone", "+44 20 7946 0097"])
        #expect(through.status == 1)
        #expect(
            lines(through.stderr).last
                == "beback: \(desk)/journals/rep-zed.journal: a symbolic link, not a journal file: refused (beback never follows links in journals/); nothing was saved"
        )
        #expect(try String(contentsOfFile: outside, encoding: .utf8) == "hello\n")
        #expect(try FileManager.default.contentsOfDirectory(atPath: "\(desk)/journals").filter { $0.contains(".broken-") }.isEmpty)

        let verify = try BebackProcess.run(["verify", "--data", desk])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("\(desk)/journals/rep-yan.journal: a symbolic link to /nonexistent/beback"))
        #expect(verify.stderr.contains("\(desk)/journals/rep-zed.journal: a symbolic link to \(outside)"))
        #expect(verify.stdout.contains("verify: FAILED (2 problem(s))"))
    }

    @Test("snapshots/ is made 02770 whatever the umask, so every rep of the group can compact (it was 02750)")
    func snapshotFolderShared() throws {
        let desk = try demoDesk()
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/bin/sh")
        process.arguments = ["-c", "umask 022; exec \"$0\" compact --data \"$1\"", BebackProcess.binary, desk]
        try process.run()
        process.waitUntilExit()
        #expect(process.terminationStatus == 0)
        var info = stat()
        #expect(stat("\(desk)/snapshots", &info) == 0)
        #expect(String(info.st_mode & 0o7777, radix: 8) == "2770")
        #expect(stat("\(desk)/snapshots/desk.snapshot", &info) == 0)
    }
}
