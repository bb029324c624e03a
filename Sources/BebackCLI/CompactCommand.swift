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
            With a snapshot in place, writes only what changed since: DESK/snapshots/desk.delta holds the \
            leads changed since the snapshot (read from the journal entries written after it), and once it \
            passes a tenth of the desk's leads (at least 1,000) the two are merged into a new snapshot, \
            unchanged leads copied as they are. With --full, or without a usable snapshot, reads every \
            journal from the start (the journals are the source of truth) and checks every record whole \
            (checksums, hash chain, each entry decoded), then writes DESK/snapshots/desk.snapshot lead by \
            lead. Each file is written as a temporary file, fsynced, renamed, and the folder fsynced. A \
            damaged or stale snapshot is ignored when a desk opens, and a desk that opened without one, or \
            with many entries after it, starts 'beback compact --background' as the rep quits. Refuses a \
            damaged desk: run 'beback salvage' first.
            """)

    @OptionGroup var desk: DeskOptions

    @Flag(help: "Run as the desk does after a quit: at low priority, printing nothing, and not at all while another compaction of this desk runs.")
    var background = false

    @Flag(help: "Read every journal whole and write a new snapshot, instead of a delta of what changed since the last one.")
    var full = false

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
            // A delta goes on a snapshot this account's desk would open from (on a shared host: its
            // own, a manager's or root's); without a readable desk.conf, a full compaction.
            if !full, let config = try? DeskConfigFile.load(desk.folder) {
                let opened = try FileEventStore(folder: desk.folder)
                if config.trust == .sharedHost {
                    opened.trustedSnapshotWriters = Set([UnixAccounts.current.name, "root"] + config.managerAccounts)
                    _ = try SharedHostRules(config: config).distrust(opened)
                }
                if try refresh(opened, started: started) { return }
            }
            // Opened by digests, every record checked whole as it is digested (framing, checksum,
            // sequence, chain), before a byte is written; the leads are then read a batch at a time
            // and written out as they are encoded. Every entry is decoded once: the entries in force
            // by the writer (one that cannot be is reported as the check reports it, and nothing is
            // written), every other one by `checkRest`.
            let load = try store.loadDesk(appVersion: BebackVersion.current, useSnapshot: false, indexed: true, checkingWhole: true)
            let found = load.problems + (try store.checkRest(of: load))
            if let problem = found.first {
                throw CLIError("\(problem); no snapshot was written: run 'beback salvage' first")
            }
            let file = SnapshotFile(desk.folder)
            let written: Int?
            do {
                written = try load.writeSnapshot(to: file, appVersion: BebackVersion.current)
            } catch let unreadable as JournalArchive.UnreadableEntry {
                throw CLIError("\(unreadable.problem); no snapshot was written: run 'beback salvage' first")
            }
            guard let bytes = written else {
                throw CLIError("\(desk.folder.root.path): the desk could not be read completely; no snapshot was written")
            }
            // A delta left on the old snapshot names that one and would be ignored; it goes.
            try file.removeDelta()
            let millis = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
            if background { return }
            print(
                "compact: \(load.state.leads.count) leads, \(load.replayedEntries) entries → \(file.path) (\(bytes) bytes, \(millis) ms); journals untouched"
            )
        }
    }

    /// Brings the snapshot up to date from the desk opened on it (`SnapshotRefresh`); false when
    /// there is no snapshot this desk can open from, or the open found damage (a full compaction then
    /// says what).
    private func refresh(_ store: FileEventStore, started: UInt64) throws -> Bool {
        // No snapshot yet (a first compaction): straight to the full one, without replaying the
        // desk whole first. A snapshot the desk cannot open from falls back to a digest open.
        guard access(SnapshotFile(desk.folder).path, F_OK) == 0 else { return false }
        let load = try store.loadDesk(appVersion: BebackVersion.current, useSnapshot: true, indexed: true)
        guard load.usedSnapshot, load.problems.isEmpty,
            let outcome = try store.refreshSnapshot(load, appVersion: BebackVersion.current)
        else { return false }
        let millis = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
        if background { return true }
        let file = SnapshotFile(desk.folder)
        switch outcome {
        case .upToDate:
            print("compact: the snapshot in \(file.directory) is up to date (no entries since it); journals untouched")
        case .delta(let leads, let bytes):
            print(
                "compact: \(load.replayedEntries) entries since the snapshot, \(leads) leads changed → \(file.deltaPath) (\(bytes) bytes, \(millis) ms); journals untouched"
            )
        case .merged(let leads, let bytes):
            print("compact: snapshot and delta merged, \(leads) leads → \(file.path) (\(bytes) bytes, \(millis) ms); journals untouched")
        }
        return true
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
