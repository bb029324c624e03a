#if canImport(Glibc)
    import Glibc
#endif
import ArgumentParser
import BebackDomain
import BebackStore
import Foundation

/// `beback compact`: reads and checks every journal entry and writes the desk's snapshot, so the next
/// open reads the snapshot and only the entries written after it. The journals are not changed.
struct CompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Write a snapshot of the desk so it opens without replaying all history (the journals are not changed).",
        discussion: """
            Reads every journal from the start (the journals are the source of truth) and checks every \
            record whole (checksums, hash chain, each entry decoded), then writes DESK/snapshots/desk.snapshot \
            lead by lead: a temporary file, fsync, rename, fsync of the folder. A damaged or stale snapshot is \
            ignored when a desk opens, and a desk that opened without one starts 'beback compact --background' \
            as the rep quits. Refuses a damaged desk: run 'beback salvage' first.
            """)

    @OptionGroup var desk: DeskOptions

    @Flag(help: "Run as the desk does after a quit: at low priority, printing nothing, and not at all while another compaction of this desk runs.")
    var background = false

    func run() throws {
        try reportingErrors {
            var lock: Int32 = -1
            defer { if lock >= 0 { close(lock) } }
            if background {
                setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, 10)
                guard let held = Self.compactionLock(SnapshotFile(desk.folder)) else { return }
                lock = held
            }
            let store = try FileEventStore(folder: desk.folder)
            let started = DispatchTime.now().uptimeNanoseconds
            // Opened by digests, then every journal checked whole (chain, every entry decoded) before
            // a byte is written; the leads are then read and written one at a time.
            let load = try store.loadDesk(appVersion: BebackVersion.current, useSnapshot: false, indexed: true)
            let found = load.problems + (try store.checkNow(load.uncheckedJournals))
            if let problem = found.first {
                throw CLIError("\(problem); no snapshot was written: run 'beback salvage' first")
            }
            guard let bytes = try load.snapshotBytes(appVersion: BebackVersion.current) else {
                throw CLIError("\(desk.folder.root.path): the desk could not be read completely; no snapshot was written")
            }
            let file = SnapshotFile(desk.folder)
            try file.write(bytes)
            let millis = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
            if background { return }
            print(
                "compact: \(load.state.leads.count) leads, \(load.replayedEntries) entries → \(file.path) (\(bytes.count) bytes, \(millis) ms); journals untouched"
            )
        }
    }

    /// Takes the desk's compaction lock without waiting (snapshots/compact.lock); nil when another
    /// compaction holds it or it cannot be made. Held until the descriptor is closed (or the process ends).
    /// Opened read-only (a `flock` needs no write access), so the lock file the first rep made
    /// (0640, group-readable) serves every rep of the group; never through a symbolic link.
    static func compactionLock(_ file: SnapshotFile) -> Int32? {
        try? file.makeDirectory()
        let fd = open((file.directory as NSString).appendingPathComponent("compact.lock"), O_RDONLY | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0o640)
        guard fd >= 0 else { return nil }
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            close(fd)
            return nil
        }
        return fd
    }
}
