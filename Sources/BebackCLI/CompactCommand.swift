import ArgumentParser
import BebackDomain
import BebackStore
import Foundation

/// `beback compact`: replays every journal and writes the desk's snapshot, so the next open reads the
/// snapshot and only the entries written after it. The journals are not changed.
struct CompactCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compact",
        abstract: "Write a snapshot of the desk so it opens without replaying all history (the journals are not changed).",
        discussion: """
        Replays every journal from the start (the journals are the source of truth), then writes \
        DESK/snapshots/desk.snapshot: a temporary file, fsync, rename, fsync of the folder. A damaged or \
        stale snapshot is ignored when a desk opens, and the desk also writes one when the rep quits \
        after an open that replayed many entries. Refuses a damaged desk: run 'beback salvage' first.
        """)

    @OptionGroup var desk: DeskOptions

    func run() throws {
        try reportingErrors {
            let store = try FileEventStore(folder: desk.folder)
            let started = DispatchTime.now().uptimeNanoseconds
            let load = try store.loadEverything()
            if let problem = load.problems.first {
                throw CLIError("\(problem); no snapshot was written: run 'beback salvage' first")
            }
            guard let snapshot = load.snapshot(appVersion: BebackVersion.current) else {
                throw CLIError("\(desk.folder.root.path): the desk could not be read completely; no snapshot was written")
            }
            let bytes = try snapshot.encoded()
            let file = SnapshotFile(desk.folder)
            try file.write(bytes)
            let millis = (DispatchTime.now().uptimeNanoseconds - started) / 1_000_000
            print("compact: \(load.state.leads.count) leads, \(load.replayedEntries) entries → \(file.path) (\(bytes.count) bytes, \(millis) ms); journals untouched")
        }
    }
}
