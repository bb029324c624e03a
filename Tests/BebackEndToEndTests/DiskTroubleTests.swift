import BebackTestSupport
import Foundation
import Testing

/// Mounting a folder read-only over itself (`mount --bind -o ro`) and making a file immutable
/// (`chattr +i`): the only ways to refuse writes to root, which the tests run as (chmod stops nothing).
enum DiskRefusal {
    @discardableResult
    static func run(_ tool: String, _ arguments: [String]) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        guard (try? process.run()) != nil else { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }

    static func mountReadOnly(_ path: String) -> Bool { run("/usr/bin/mount", ["--bind", "-o", "ro", path, path]) == 0 }
    static func unmount(_ path: String) { run("/usr/bin/umount", [path]) }
    static func immutable(_ path: String, _ on: Bool) -> Bool { run("/usr/bin/chattr", [on ? "+i" : "-i", path]) == 0 }

    /// Whether this machine lets the tests do both (root with mount rights, a file system with chattr).
    static let isAvailable: Bool = {
        let folder = Fixtures.temporaryFolder("refusal-probe")
        let file = folder.appendingPathComponent("probe").path
        _ = FileManager.default.createFile(atPath: file, contents: Data())
        defer { try? FileManager.default.removeItem(at: folder) }
        guard mountReadOnly(folder.path) else { return false }
        let refused = !FileManager.default.createFile(atPath: folder.appendingPathComponent("x").path, contents: Data())
        unmount(folder.path)
        guard immutable(file, true) else { return false }
        let blocked = FileHandle(forWritingAtPath: file) == nil
        _ = immutable(file, false)
        return refused && blocked
    }()
}

@Suite(
    "Disk trouble end to end: a read-only desk folder, a journal that refuses writes",
    .enabled(if: Tmux.isAvailable && DiskRefusal.isAvailable, "needs tmux, and root with mount and chattr"), .serialized)
struct DiskTroubleTests {
    static let at = "2026-11-23 10:42"

    func demoDesk() throws -> (path: String, due: [String]) {
        let path = Fixtures.temporaryFolder().appendingPathComponent("desk").path
        let made = try BebackProcess.run(["demo", "--data", path, "--leads", "30", "--seed", "5", "--at", Self.at])
        try #require(made.status == 0, "\(made.stderr)")
        let due = try BebackProcess.run(["due", "--data", path, "--rep", "ann", "--format", "tsv", "--at", Self.at])
        return (path, due.stdout.split(separator: "\n").dropFirst().map { String($0.split(separator: "\t")[2]) })
    }

    func deskCommand(_ path: String) -> String {
        "env TZ=Europe/London LANG=C.UTF-8 '\(BebackProcess.binary)' --data '\(path)' --rep ann --at '\(Self.at)'"
    }

    @Test("on a read-only mount: log refuses in one line naming the folder, verify passes, the desk opens with a READ-ONLY banner")
    func readOnlyMount() throws {
        let (path, due) = try demoDesk()
        try #require(!due.isEmpty)
        let journal = "\(path)/journals/rep-ann.journal"
        let before = try Data(contentsOf: URL(fileURLWithPath: journal))
        try #require(DiskRefusal.mountReadOnly(path))
        defer { DiskRefusal.unmount(path) }

        let log = try BebackProcess.run(["log", due[0], "--outcome", "no-answer", "--data", path, "--rep", "ann", "--at", Self.at])
        #expect(log.status != 0)
        #expect(log.stderr.split(separator: "\n").count == 1, "\(log.stderr)")
        #expect(log.stderr.contains("read-only") && log.stderr.contains("Read-only file system") && log.stderr.contains("\(path)/journals"))
        let verify = try BebackProcess.run(["verify", "--data", path])
        #expect(verify.status == 0, "\(verify.stderr)")

        let terminal = try Tmux(command: deskCommand(path), width: 140, height: 30)
        try terminal.waitFor("the read-only banner") { $0.contains("READ-ONLY") && $0.contains("Read-only file system") }
        try terminal.send("2")
        try terminal.waitFor("the outcome refused") { $0.contains("read-only:") }
        try terminal.send("q")
        try terminal.waitFor("the desk quits") { $0.contains("[exited 0]") }
        #expect(try Data(contentsOf: URL(fileURLWithPath: journal)) == before)
    }

    @Test("a journal made immutable while the desk is open: the save fails with a message naming it, and the desk turns read-only")
    func journalRefusesMidSession() throws {
        let (path, due) = try demoDesk()
        try #require(!due.isEmpty)
        let journal = "\(path)/journals/rep-ann.journal"
        let terminal = try Tmux(command: deskCommand(path), width: 140, height: 30)
        try terminal.waitFor("the desk") { $0.contains("Beback · ann") && $0.contains("Due ") }
        try #require(DiskRefusal.immutable(journal, true))
        defer { _ = DiskRefusal.immutable(journal, false) }
        try terminal.send("2")
        try terminal.waitFor("the voicemail form") { $0.contains("Voicemail ·") }
        try terminal.send("Enter")
        let screen = try terminal.waitFor("the refusal and the banner") {
            $0.contains("READ-ONLY") && $0.contains("NOT saved: ") && $0.contains("Operation not permitted")
        }
        #expect(screen.contains("rep-ann.journal: open failed: Operation not permitted"))
        #expect(!screen.contains("saved: voicemail"))
        // The form stays open with what was in it, so nothing typed is lost; Esc closes it.
        #expect(screen.contains("Voicemail ·"), "the form is put back after the failed save")
        try terminal.send("Escape")
        try terminal.waitFor("the form closed") { !$0.contains("Voicemail ·") }
        try terminal.send("q")
        try terminal.waitFor("the desk quits") { $0.contains("[exited 0]") }
    }
}
