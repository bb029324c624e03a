import ArgumentParser
import BebackStore
import BebackText
import Foundation
#if Postgres
    import BebackPostgres
#endif

/// `beback migrate --to URL|DIR`: copies a desk's journals, record for record, between the desk
/// folder's files and PostgreSQL, then reads the copy back and compares every record with its source.
struct MigrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a desk between journal files and PostgreSQL, verified record by record.",
        discussion: """
            The source is the desk the usual options name (--data DIR, or --store URL / $BEBACK_STORE / desk.conf's
            [store] url); the target is --to: a postgres:// URL (a new or empty desk there) or a new folder.
            Every record keeps its sequence, checksum, hash chain and bytes, so files rebuilt from the database are
            identical to the originals. A source with damage or an incomplete last record is refused: nothing is copied.
            desk.conf and the desk's scripts (scripts/*.script) move too: into the database as the desk's files
            (versioned; a host with only the URL uses them), and out of it into the new folder.
            """)

    @OptionGroup var desk: DeskOptions

    @Option(help: ArgumentHelp("Where to copy the desk: postgres://user@host/db?desk=NAME, or a folder that holds no desk yet.", valueName: "url|dir"))
    var to: String

    func run() throws {
        try reportingErrors {
            #if Postgres
                let config = try DeskConfigFile.load(desk.folder)
                let source = DeskStoreFactory.location(for: desk, config: config)
                let target = DeskStoreLocation(to)
                guard source != target else { throw CLIError("--to: the desk is already there") }
                let phases = MigratePhases()
                if case .folder(let folder) = source, case .postgres(let url) = target {
                    try Self.migrate(folder, into: url, phases: phases)
                    return
                }
                let journals = try Self.read(source)
                phases.done("read and check the source")
                try Self.write(journals, to: target)
                phases.done("copy")
                // The copy is read back as stored and compared with the source byte for byte (the source's
                // records were checked whole as they were read).
                let copy = try Self.read(target, checking: false)
                if let difference = FileJournalCopy.difference(journals, copy) {
                    throw CLIError("the copy at \(Self.describe(target)) differs from the source: \(difference)")
                }
                phases.done("read the copy back, compare")
                let records = journals.reduce(0) { $0 + $1.records.count }
                if case .postgres(let url) = target {
                    let store = try PostgresEventStore(address: PostgresDeskAddress(url))
                    defer { store.close() }
                    let rebuilt = try store.rebuildSummaries()
                    if let difference = rebuilt.remaining.first {
                        throw CLIError("the summary table at \(Self.describe(target)) differs from a replay: \(SafeText.sanitize(difference))")
                    }
                    print("built \(rebuilt.leads) lead summary rows; each matches a replay of the entries")
                    phases.done("summary rows: fold, write, read back, compare")
                }
                let carried = try Self.carryDeskFiles(from: source, to: target)
                if !carried.isEmpty { print("carried \(carried.joined(separator: ", "))") }
                print(
                    "copied \(records) records in \(journals.count) journals from \(Self.describe(source)) to \(Self.describe(target)); verified record by record"
                )
            #else
                throw CLIError(DeskStoreFactory.notBuilt)
            #endif
        }
    }

    #if Postgres
        /// With BEBACK_LOAD_TRACE set, each phase's wall time and the process's CPU time so far, on standard error.
        final class MigratePhases {
            private let tracing = ProcessInfo.processInfo.environment["BEBACK_LOAD_TRACE"] != nil
            private var last = DispatchTime.now().uptimeNanoseconds

            func done(_ phase: String) {
                guard tracing else { return }
                let now = DispatchTime.now().uptimeNanoseconds
                var usage = rusage()
                getrusage(RUSAGE_SELF.rawValue, &usage)
                let cpu = Double(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) + Double(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e6
                let line = "migrate: \(phase) " + String(format: "%.0f ms (process CPU so far %.2f s)\n", Double(now - last) / 1e6, cpu)
                FileHandle.standardError.write(Data(line.utf8))
                last = now
            }
        }

        /// How many entries' decoded events the summary fold holds at once: a bigger desk is folded in
        /// shares of its leads, each share's entries read again from the files. BEBACK_MIGRATE_SHARE sets
        /// it (tests make a small desk take the path a floor takes).
        static var entriesPerShare: Int {
            ProcessInfo.processInfo.environment["BEBACK_MIGRATE_SHARE"].flatMap { Int($0) }.map { max(1, $0) } ?? 1_500_000
        }

        /// A desk folder into a new or empty PostgreSQL desk, streamed journal by journal in one transaction:
        /// each journal is checked whole as it is read (a damaged desk, or one with entries in another rep's
        /// journal, fails the load, and nothing is stored), copied in batches, each checked by the database
        /// (`PostgresEventStore.loadPartition`); then the summary rows, folded from the entries a share of the
        /// leads at a time, written and read back. A desk this migrate created is dropped again when it fails.
        static func migrate(_ folder: DeskFolder, into url: String, phases: MigratePhases) throws {
            guard folder.exists else { throw StoreError.noDesk(folder.root.path) }
            let target = DeskStoreLocation.postgres(url: url)
            let names = try folder.journals()
            let bytes = names.reduce(0) { total, journal in
                total + ((try? FileManager.default.attributesOfItem(atPath: folder.journalPath(journal))[.size] as? Int) ?? 0)
            }
            let address = try PostgresDeskAddress(url)
            let existed =
                (try? PostgresEventStore(address: address)).map { store in
                    store.close()
                    return true
                } ?? false
            let store = try PostgresEventStore.create(at: address, allowExisting: true)
            defer { store.close() }
            guard try !store.holdsEntries() else {
                throw CLIError("\(store.address) already holds entries; migrate into a new or empty desk (?desk=NAME)")
            }
            do {
                try load(folder, names, bytes: bytes, into: store, url: url, phases: phases)
            } catch {
                try? store.discardLoad(dropDesk: !existed)
                throw error
            }
            let carried = try carryDeskFiles(from: .folder(folder), to: target)
            if !carried.isEmpty { print("carried \(carried.joined(separator: ", "))") }
        }

        /// How many bytes of journal the summary fold takes at once, decoded (about 256 bytes per entry).
        static var bytesPerShare: Int { entriesPerShare * 256 }

        /// The entries, then the summary rows, of `migrate`.
        private static func load(_ folder: DeskFolder, _ names: [JournalName], bytes: Int, into store: PostgresEventStore, url: String, phases: MigratePhases)
            throws
        {
            let shares = max(1, (bytes + bytesPerShare - 1) / bytesPerShare)
            let share: @Sendable (String) -> Int = { lead in
                var hash: UInt64 = 0xcbf2_9ce4_8422_2325
                for byte in lead.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
                return Int(hash % UInt64(shares))
            }
            let bar = ProgressBar(label: "migrate", total: bytes / 1024, unit: "kB")
            try store.clearSummaries()
            // One share (most desks): the rows are folded and written on the reading thread, through a
            // second connection, while the database still takes the last batches of entries.
            let folded = FoldedShare()
            let loaded: FolderImport.Loaded
            if shares == 1 {
                let other = SummaryConnection(try PostgresEventStore(address: PostgresDeskAddress(url)))
                defer { other.store.close() }
                loaded = try FolderImport.load(
                    folder, journals: names, into: store, keep: .all,
                    afterReading: { events in
                        try folded.set(other.store.foldAndWrite(events))
                        try other.store.indexSummaries(merging: false)
                    }
                ) { bar.update($0) }
            } else {
                loaded = try FolderImport.load(folder, journals: names, into: store, keep: .leads({ share($0) == 0 })) { bar.update($0) }
            }
            bar.finish()
            phases.done("copy: read and check each journal, COPY, then the database checks each batch (sequence, chain, authors, digest)")
            var kept = loaded.kept
            var leads = folded.leads
            for index in 0..<shares where shares > 1 {
                let events = index == 0 ? kept : try FolderImport.events(loaded.journals, keep: { share($0) == index })
                kept = []
                leads += try store.foldAndWrite(events)
            }
            if shares > 1 { try store.indexSummaries(merging: true) }
            try store.finishSummaries(count: leads)
            print("built \(leads) lead summary rows; each matches a replay of the entries")
            phases.done("summary rows: fold, write, read back, compare")
            let records = loaded.journals.reduce(0) { $0 + $1.records }
            print(
                "copied \(records) records in \(loaded.journals.count) journals from \(folder.root.path) to \(describe(.postgres(url: url))); verified record by record"
            )
        }

        /// The journals as stored; `checking`: a database's are loaded whole first (chain, checksums,
        /// decoding), as a source must be.
        static func read(_ location: DeskStoreLocation, checking: Bool = true) throws -> [RawJournal] {
            switch location {
            case .folder(let folder):
                guard folder.exists else { throw StoreError.noDesk(folder.root.path) }
                return try FileJournalCopy.read(folder)
            case .postgres(let url):
                let store = try PostgresEventStore(address: PostgresDeskAddress(url))
                defer { store.close() }
                if checking {
                    let loaded = try store.load()
                    if let problem = loaded.problems.first { throw CLIError("\(problem); nothing was copied") }
                }
                return try store.rawJournals()
            }
        }

        static func write(_ journals: [RawJournal], to location: DeskStoreLocation) throws {
            switch location {
            case .folder(let folder):
                _ = try FileJournalCopy.write(journals, to: folder.root)
            case .postgres(let url):
                let store = try PostgresEventStore.create(at: PostgresDeskAddress(url), allowExisting: true)
                defer { store.close() }
                guard try !store.holdsEntries() else {
                    throw CLIError("\(store.address) already holds entries; migrate into a new or empty desk (?desk=NAME)")
                }
                let bar = ProgressBar(label: "migrate", total: journals.reduce(0) { $0 + $1.records.count }, unit: "entries")
                var done = 0
                for journal in journals {
                    try store.importJournal(journal) { bar.update(done + $0) }
                    done += journal.records.count
                }
                bar.finish()
            }
        }

        /// Carries desk.conf, `scripts/*.script` and `templates/*.email|text` between the folder and the
        /// database; the names carried.
        static func carryDeskFiles(from source: DeskStoreLocation, to target: DeskStoreLocation) throws -> [String] {
            switch (source, target) {
            case (.folder(let folder), .postgres(let url)):
                var files: [(String, [UInt8])] = []
                if let bytes = FileManager.default.contents(atPath: folder.configFile.path) { files.append(("desk.conf", Array(bytes))) }
                for kept in KeptDeskFiles.folders {
                    let subfolder = folder.root.appendingPathComponent(kept, isDirectory: true)
                    for name in ((try? FileManager.default.contentsOfDirectory(atPath: subfolder.path)) ?? []).sorted()
                    where PostgresEventStore.isDeskFileName("\(kept)/\(name)") {
                        guard let bytes = FileManager.default.contents(atPath: subfolder.appendingPathComponent(name).path) else {
                            throw CLIError("\(subfolder.appendingPathComponent(name).path): cannot read it")
                        }
                        files.append(("\(kept)/\(name)", Array(bytes)))
                    }
                }
                let store = try PostgresEventStore(address: PostgresDeskAddress(url))
                defer { store.close() }
                for (name, bytes) in files { try store.saveDeskFile(name, bytes) }
                let stored = try store.deskFiles()
                for (name, bytes) in files where stored[name] != bytes {
                    throw CLIError("\(name) in \(describe(target)) differs from \(folder.root.path)/\(name) after copying")
                }
                return files.map(\.0)
            case (.postgres(let url), .folder(let folder)):
                let store = try PostgresEventStore(address: PostgresDeskAddress(url))
                defer { store.close() }
                let files = try store.deskFiles().sorted { $0.key < $1.key }
                for (name, bytes) in files {
                    let path = folder.root.appendingPathComponent(name)
                    if name.contains("/") {
                        try FileManager.default.createDirectory(at: path.deletingLastPathComponent(), withIntermediateDirectories: true)
                    }
                    guard !FileManager.default.fileExists(atPath: path.path),
                        FileManager.default.createFile(atPath: path.path, contents: Data(bytes), attributes: [.posixPermissions: 0o644])
                    else { throw CLIError("\(path.path): cannot create it") }
                }
                return files.map(\.key)
            default:
                return []
            }
        }

        /// The leads of the share folded on the reading thread.
        final class FoldedShare: @unchecked Sendable {
            private let lock = NSLock()
            private var count = 0
            func set(_ leads: Int) { lock.withLock { count = leads } }
            var leads: Int { lock.withLock { count } }
        }

        /// The second connection, used only by the reading thread once it has read every journal.
        final class SummaryConnection: @unchecked Sendable {
            let store: PostgresEventStore
            init(_ store: PostgresEventStore) { self.store = store }
        }

        static func describe(_ location: DeskStoreLocation) -> String {
            switch location {
            case .folder(let folder): return folder.root.path
            case .postgres(let url): return (try? PostgresDeskAddress(url).description) ?? PostgresDeskAddress.redacted(url)
            }
        }
    #endif
}
