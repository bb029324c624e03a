#if canImport(Glibc)
    import Glibc
#endif
import BebackDomain
import BebackStore
import BebackTestSupport
import Foundation
import Testing

/// Damage, salvage, verify and compact through the real binary, and the read-only desk in a terminal.
@Suite("Journal recovery, end to end", .enabled(if: Tmux.isAvailable, "tmux is missing: run make test, which installs it"))
struct JournalRecoveryTests {
    static let at = "2026-11-23 10:42"

    func demoDesk(leads: Int = 40) throws -> String {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let made = try BebackProcess.run(["demo", "--data", path, "--leads", String(leads), "--seed", "5", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        return path
    }

    /// Flips one byte inside the payload of the journal's `line`th record; returns that record's offset.
    func damage(_ journal: String, line: Int) throws -> Int {
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: journal)))
        let starts = [0] + bytes.indices.filter { bytes[$0] == 0x0A }.map { $0 + 1 }
        let offset = starts[line]
        bytes[offset + 70] ^= 0x01
        try Data(bytes).write(to: URL(fileURLWithPath: journal))
        return offset
    }

    @Test("mid-file damage: the desk opens read-only with a banner naming the file, the offset and salvage; salvage fixes it")
    func readOnlyBannerThenSalvage() throws {
        let path = try demoDesk()
        let journal = "\(path)/journals/rep-ann.journal"
        let offset = try damage(journal, line: 5)
        let command = "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' --data '\(path)' --rep ann --at '\(Self.at)'"
        let terminal = try Tmux(command: command, width: 120, height: 35)
        try terminal.waitFor("the read-only banner") {
            $0.contains("READ-ONLY: rep-ann.journal damaged at offset \(offset) (corrupt record): run beback salvage")
        }
        try terminal.send("2")
        try terminal.waitFor("an outcome refused") { $0.contains("read-only: rep-ann.journal damaged at offset \(offset)") }
        try terminal.send("q")
        try terminal.waitFor("the desk to quit") { $0.contains("[exited 0]") }

        let verify = try BebackProcess.run(["verify", "--data", path])
        #expect(verify.status == 1)
        #expect(verify.stderr.contains("rep-ann.journal: corrupt record at offset \(offset)"))

        let salvage = try BebackProcess.run(["salvage", "--data", path, "--at", Self.at])
        #expect(salvage.status == 0, "\(salvage.stderr)")
        let lines = salvage.stdout.split(separator: "\n")
        #expect(lines.count == 1)
        #expect(lines.first?.hasPrefix("rep-ann.journal: kept ") == true)
        #expect(lines.first?.contains("skipped 1 damaged span (") == true)
        #expect(lines.first?.contains(" bytes at \(offset))") == true)
        let kept = try FileManager.default.contentsOfDirectory(atPath: "\(path)/journals").filter { $0.hasPrefix("rep-ann.journal.damaged-") }
        #expect(kept.count == 1)
        #expect(try BebackProcess.run(["verify", "--data", path]).status == 0)

        let reopened = try Tmux(command: command, width: 120, height: 35)
        let screen = try reopened.waitFor("the desk, writable again") { $0.contains("Beback · ann") && $0.contains("due now") }
        #expect(!screen.contains("READ-ONLY"))
    }

    @Test("an entry in force that cannot be decoded whole: compact, first or full, names its journal and offset and writes no snapshot")
    func compactRefusesAnUnreadableEntry() throws {
        let path = try demoDesk()
        let folder = DeskFolder(path: path)
        let lead = try #require(try FileEventStore(folder: folder).loadEverything().state.leads(ownedBy: RepName("ann")).first?.id)
        let journal = folder.journalPath(.rep("ann"))
        let offset = try #require(try FileManager.default.attributesOfItem(atPath: journal)[.size] as? Int)
        // A note on ann's lead whose text is a number: its framing, checksum and digest are good.
        let note = #"{"at":1900000000,"body":{"text":5},"by":"ann","id":"bad-9","kind":"note","lead":"\#(lead.rawValue)","v":1}"#
        _ = try JournalWriter(path: journal, name: JournalName.rep("ann").fileName).append([Array(note.utf8)])
        for arguments in [["compact"], ["compact", "--full"]] {
            let compact = try BebackProcess.run(arguments + ["--data", path])
            #expect(compact.status != 0)
            #expect(compact.stderr.contains("rep-ann.journal: corrupt record at offset \(offset): unreadable entry"), "\(compact.stderr)")
            #expect(compact.stderr.contains("no snapshot was written"))
            #expect(!FileManager.default.fileExists(atPath: "\(path)/snapshots/desk.snapshot"))
        }
    }

    @Test("damage under a snapshot in the rep's own journal: the desk opens from the snapshot, then its idle check shows the read-only banner")
    func damageUnderSnapshotInTerminal() throws {
        let path = try demoDesk()
        #expect(try BebackProcess.run(["compact", "--data", path]).status == 0)
        let offset = try damage("\(path)/journals/rep-ann.journal", line: 4)
        let command = "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' --data '\(path)' --rep ann --at '\(Self.at)'"
        let terminal = try Tmux(command: command, width: 120, height: 35)
        try terminal.waitFor("the read-only banner after the idle check", seconds: 20) {
            $0.contains("READ-ONLY: rep-ann.journal damaged at offset \(offset) (corrupt record): run beback salvage")
        }
        try terminal.send("q")
        try terminal.waitFor("the desk to quit") { $0.contains("[exited 0]") }
    }

    @Test("compact --background (what a desk starts after a quit) prints nothing, writes the snapshot, and stands aside while another compaction runs")
    func backgroundCompaction() throws {
        let path = try demoDesk()
        let snapshot = "\(path)/snapshots/desk.snapshot"
        try FileManager.default.createDirectory(atPath: "\(path)/snapshots", withIntermediateDirectories: true)
        let lock = open("\(path)/snapshots/compact.lock", O_RDWR | O_CREAT | O_CLOEXEC, 0o640)
        try #require(lock >= 0 && flock(lock, LOCK_EX | LOCK_NB) == 0)
        let standAside = try BebackProcess.run(["compact", "--background", "--data", path])
        #expect(standAside.status == 0 && standAside.stdout.isEmpty && standAside.stderr.isEmpty)
        #expect(!FileManager.default.fileExists(atPath: snapshot), "another compaction holds the lock: nothing written")
        close(lock)
        let written = try BebackProcess.run(["compact", "--background", "--data", path])
        #expect(written.status == 0 && written.stdout.isEmpty, "\(written.stderr)")
        #expect(FileManager.default.fileExists(atPath: snapshot))
        #expect(try BebackProcess.run(["verify", "--data", path]).stdout.contains("snapshot: ok, equals a full replay"))
    }

    @Test("compact writes a snapshot; the due list is the same with and without it; verify checks it against a full replay")
    func compactKeepsTheDueList() throws {
        let path = try demoDesk(leads: 80)
        let due = ["due", "--data", path, "--rep", "ann", "--format", "tsv", "--at", Self.at]
        let before = try BebackProcess.run(due)
        let compact = try BebackProcess.run(["compact", "--data", path])
        #expect(compact.status == 0, "\(compact.stderr)")
        #expect(compact.stdout.contains("compact: 80 leads"))
        #expect(FileManager.default.fileExists(atPath: "\(path)/snapshots/desk.snapshot"))
        #expect(try BebackProcess.run(due).stdout == before.stdout)
        let verify = try BebackProcess.run(["verify", "--data", path])
        #expect(verify.stdout.contains("snapshot: ok, equals a full replay (0 entries written after it)"))

        let lead = String(before.stdout.split(separator: "\n")[1].split(separator: "\t")[2])
        let logged = try BebackProcess.run(["log", lead, "--outcome", "voicemail", "--data", path, "--rep", "ann", "--at", "2026-11-23 11:00"])
        #expect(logged.status == 0, "\(logged.stderr)")
        #expect(try BebackProcess.run(["verify", "--data", path]).stdout.contains("snapshot: ok, equals a full replay (2 entries written after it)"))

        // A damaged snapshot is only a cache: ignored with a note, the answers unchanged.
        let snapshot = "\(path)/snapshots/desk.snapshot"
        var bytes = try Array(Data(contentsOf: URL(fileURLWithPath: snapshot)))
        bytes[bytes.count / 2] ^= 0xFF
        try Data(bytes).write(to: URL(fileURLWithPath: snapshot))
        let after = try BebackProcess.run(["verify", "--data", path])
        #expect(after.status == 0)
        // Each part of the snapshot has its own checksum: the damaged one is named with its offset.
        #expect(after.stdout.contains("snapshot: snapshot ignored: damaged ("))
        #expect(after.stdout.contains("checksum mismatch"))
    }

    @Test("compact with a snapshot in place writes a delta of the changed leads; --full writes a new snapshot and drops the delta")
    func compactWritesADelta() throws {
        let path = try demoDesk(leads: 80)
        let due = ["due", "--data", path, "--rep", "ann", "--format", "tsv", "--at", Self.at]
        #expect(try BebackProcess.run(["compact", "--data", path]).stdout.contains("compact: 80 leads"))
        let snapshot = try Data(contentsOf: URL(fileURLWithPath: "\(path)/snapshots/desk.snapshot"))
        #expect(try BebackProcess.run(["compact", "--data", path]).stdout.contains("is up to date"))
        let lead = String(try BebackProcess.run(due).stdout.split(separator: "\n")[1].split(separator: "\t")[2])
        let logged = try BebackProcess.run(["log", lead, "--outcome", "voicemail", "--data", path, "--rep", "ann", "--at", "2026-11-23 11:00"])
        #expect(logged.status == 0, "\(logged.stderr)")
        let before = try BebackProcess.run(due).stdout
        let refreshed = try BebackProcess.run(["compact", "--data", path])
        #expect(refreshed.status == 0, "\(refreshed.stderr)")
        #expect(refreshed.stdout.contains("2 entries since the snapshot, 1 leads changed"), "\(refreshed.stdout)")
        #expect(FileManager.default.fileExists(atPath: "\(path)/snapshots/desk.delta"))
        #expect(try Data(contentsOf: URL(fileURLWithPath: "\(path)/snapshots/desk.snapshot")) == snapshot)
        #expect(try BebackProcess.run(due).stdout == before)
        #expect(try BebackProcess.run(["verify", "--data", path]).stdout.contains("snapshot: ok, equals a full replay (0 entries written after it)"))

        let full = try BebackProcess.run(["compact", "--full", "--data", path])
        #expect(full.stdout.contains("compact: 80 leads"), "\(full.stdout)")
        #expect(!FileManager.default.fileExists(atPath: "\(path)/snapshots/desk.delta"))
        #expect(try BebackProcess.run(due).stdout == before)
    }

    @Test("verify reports a journal begun after the snapshot, known only to the delta, when it is gone")
    func missingJournalOfTheDelta() throws {
        let path = try demoDesk(leads: 20)
        #expect(try BebackProcess.run(["compact", "--data", path]).status == 0)
        let conf = try String(contentsOfFile: "\(path)/desk.conf", encoding: .utf8)
        try conf.replacingOccurrences(of: "chen = rep\n", with: "chen = rep\ndan = rep\n").write(toFile: "\(path)/desk.conf", atomically: true, encoding: .utf8)
        let added = try BebackProcess.run(["add", "--data", path, "--rep", "dan", "--name", "Dora Quist", "--phone", "+44 20 7946 0077", "--at", Self.at])
        #expect(added.status == 0, "\(added.stderr)")
        let refreshed = try BebackProcess.run(["compact", "--data", path])
        #expect(refreshed.stdout.contains("1 leads changed"), "\(refreshed.stdout)")
        #expect(try BebackProcess.run(["verify", "--data", path]).status == 0)
        try FileManager.default.removeItem(atPath: "\(path)/journals/rep-dan.journal")
        let verify = try BebackProcess.run(["verify", "--data", path])
        #expect(verify.status == 1, "\(verify.stdout)")
        #expect(verify.stderr.contains("rep-dan.journal is missing: the snapshot's delta covers 2 records of it"), "\(verify.stderr)")
    }

    @Test("a snapshot written after a batch of more entries than milliseconds in its second equals a full replay")
    func snapshotAfterALargeBatch() throws {
        let path = try demoDesk(leads: 10)
        // 600 leads imported at one instant: 1,200 entries, whose places in replay order run a second past it.
        let rows = (0..<600).map { "Batch Lead \($0),+1 555 01\(String(format: "%05d", $0))" }
        let csv = Fixtures.temporaryFolder().appendingPathComponent("batch.csv")
        try ("Name,Phone\n" + rows.joined(separator: "\n") + "\n").write(to: csv, atomically: true, encoding: .utf8)
        let imported = try BebackProcess.run(["import", csv.path, "--data", path, "--rep", "ann", "--at", "2026-11-23 12:00"])
        #expect(imported.status == 0, "\(imported.stderr)")
        #expect(try BebackProcess.run(["compact", "--full", "--data", path]).status == 0)
        let verify = try BebackProcess.run(["verify", "--data", path])
        #expect(verify.stdout.contains("snapshot: ok, equals a full replay"), "\(verify.stdout)")
        #expect(verify.stdout.contains("last 2026-11-23 12:00"), "\(verify.stdout)")
    }

    @Test("salvage with nothing damaged changes nothing and says so; --help explains it")
    func salvageNothing() throws {
        let path = try demoDesk(leads: 10)
        let result = try BebackProcess.run(["salvage", "--data", path])
        #expect(result.status == 0)
        #expect(result.stdout.contains("salvage: no damaged journal"))
        let help = try BebackProcess.run(["salvage", "--help"])
        #expect(help.stdout.contains("never deleted"))
        #expect(try BebackProcess.run(["compact", "--help"]).stdout.contains("snapshot"))
    }
}
