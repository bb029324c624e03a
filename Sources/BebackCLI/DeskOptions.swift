import ArgumentParser
import BebackDomain
import BebackStore
import Foundation
#if Postgres
    import BebackPostgres
#endif

/// The options every desk command shares: which desk, which rep, what time it is.
struct DeskOptions: ParsableArguments {
    @Option(name: .long, help: ArgumentHelp("The desk folder (default: $BEBACK_DATA, else ./.demo-desk).", valueName: "dir"))
    var data: String?

    @Option(
        name: .long,
        help: ArgumentHelp(
            "Where the journals live: a postgres://user@host/db?desk=NAME URL (default: $BEBACK_STORE, else desk.conf's [store] url, else the desk folder's files).",
            valueName: "url"))
    var store: String?

    @Option(name: .long, help: ArgumentHelp("The rep at the keyboard (default: $BEBACK_REP, else your login name).", valueName: "name"))
    var rep: String?

    @Option(name: .long, help: ArgumentHelp("Fix the clock, e.g. '2026-11-23 10:42' (default: $BEBACK_NOW, else now).", valueName: "instant"))
    var at: String?

    @Flag(name: .long, help: "Open as the desk's manager: every rep's calendar, audits, reclaim and assignment (desk.conf must list you as manager).")
    var manager = false

    var environment: [String: String] { ProcessInfo.processInfo.environment }

    var deskPath: String { data ?? environment["BEBACK_DATA"].flatMap { $0.isEmpty ? nil : $0 } ?? ".demo-desk" }

    var folder: DeskFolder { DeskFolder(path: deskPath) }

    func repName() throws -> RepName {
        let text = rep ?? environment["BEBACK_REP"].flatMap { $0.isEmpty ? nil : $0 } ?? environment["USER"] ?? environment["LOGNAME"] ?? "rep"
        let name = RepName(text)
        guard name.isValid else { throw CLIError("--rep: '\(text)' is not a usable rep name (letters, digits, '-', '_', '.'; at most 32)") }
        guard name != DeskConfig.poolOwner else { throw CLIError("--rep: '\(text)' is the shared pool's name, not a rep") }
        return name
    }

    var deskTimeZone: TimeZone { TimeZone.current }

    /// What fixed the clock (`--at` or `BEBACK_NOW`), or nil when it is the machine's.
    var fixedClockSource: String? {
        if at != nil { return "--at" }
        if let now = environment["BEBACK_NOW"], !now.isEmpty { return "BEBACK_NOW" }
        return nil
    }

    /// On a shared-host desk, the rep is the login (`SharedHostIdentity`); nil on other desks.
    func sharedHostRep(config: DeskConfig) throws -> RepName? {
        guard config.trust == .sharedHost else { return nil }
        let requested = (rep ?? environment["BEBACK_REP"].flatMap { $0.isEmpty ? nil : $0 }).map { RepName($0) }
        let login = UnixAccounts.current
        return try SharedHostIdentity.rep(login: login.name, isRoot: login.isRoot, requested: requested, config: config)
    }

    func clock() throws -> any Clock {
        guard let text = at ?? environment["BEBACK_NOW"].flatMap({ $0.isEmpty ? nil : $0 }) else { return SystemClock() }
        guard let date = InstantParser(timeZone: deskTimeZone, now: Date()).parse(text) else {
            throw CLIError("--at: cannot read '\(text)' as a time (try '2026-11-23 10:42')")
        }
        return FixedClock(date)
    }

    /// Opens the desk for this rep.
    /// `ownLeadsOnly`: a store with a query model (PostgreSQL) or a snapshot in sections (files) reads
    /// only this rep's leads and the pool's (a rep's `due`).
    /// `ownSections`: a rep's desk on a desk that lists its team (a rep sees only their own leads
    /// and the pool's) opens on those sections of the snapshot, or those summary rows on PostgreSQL;
    /// any other lead is read by its id.
    /// `clockRuns`: a clock fixed by `--at` starts there and runs on (`desk --clock-runs`).
    func openSession(ownLeadsOnly: Bool = false, ownSections: Bool = false, clockRuns: Bool = false) throws -> DeskSession {
        let started = DispatchTime.now().uptimeNanoseconds
        defer {
            if ProcessInfo.processInfo.environment["BEBACK_LOAD_TRACE"] != nil {
                FileHandle.standardError.write(Data("session: open in \((DispatchTime.now().uptimeNanoseconds - started) / 1_000_000) ms\n".utf8))
            }
        }
        var clock = try clock()
        if clockRuns, let fixed = clock as? FixedClock { clock = RunningClock(start: fixed.now) }
        var config = try DeskConfigFile.load(folder)
        let store = try DeskStoreFactory.open(DeskStoreFactory.location(for: self, config: config), clock: clock)
        // A desk in PostgreSQL keeps desk.conf, its scripts and templates there: a host with only the URL
        // uses them (a desk.conf in the folder, when there is one, still wins on this host).
        var storedScripts: [ScriptSource]?
        var storedTemplates: [ScriptSource]?
        #if Postgres
            if let database = store as? PostgresEventStore {
                let files = try database.deskFiles()
                if !FileManager.default.fileExists(atPath: folder.configFile.path), let stored = files["desk.conf"] {
                    config = try DeskConfigFile.parse(stored, label: "\(database.address)/desk.conf")
                }
                func stored(in folder: String) -> [ScriptSource]? {
                    let kept = files.filter { $0.key.hasPrefix(folder + "/") }.sorted { $0.key < $1.key }
                    guard !kept.isEmpty else { return nil }
                    return kept.map { name, bytes in
                        ScriptSource(
                            name: String(name.dropFirst(folder.count + 1)), path: "\(database.address)/\(name)",
                            text: String(decoding: bytes, as: UTF8.self), origin: .desk)
                    }
                }
                storedScripts = stored(in: "scripts")
                storedTemplates = stored(in: "templates")
            }
        #endif
        let rep = try sharedHostRep(config: config) ?? repName()
        try PostgresRoleCheck.require(store, rep: rep, asManager: manager)
        let access = try DeskAccess.resolve(rep, config: config, asManager: manager)
        var trustAlerts: [String] = []
        if let files = store as? FileEventStore {
            let rules = SharedHostRules(config: config)
            trustAlerts = try rules.distrust(files)
            if !config.fixedClock { files.writeTimeRule = WriteTimeRule() }
            files.lockWaitSeconds = Double(config.lockWaitSeconds)
            // A rep's `due` reads only the rep's and the pool's sections of the snapshot.
            if !manager, ownLeadsOnly || (ownSections && !access.open) { files.openFocus = rep }
            if config.trust == .sharedHost {
                files.trustedSnapshotWriters = Set([UnixAccounts.current.name, "root"] + config.managerAccounts)
            }
            files.onLockWait = { holder in FileHandle.standardError.write(Data("beback: waiting for \(holder) to finish saving…\n".utf8)) }
        }
        #if Postgres
            // The same rule on PostgreSQL: the rep's and the pool's summary rows (the owner index).
            if !manager, ownLeadsOnly || (ownSections && !access.open), let database = store as? PostgresEventStore { database.openFocus = rep }
        #endif
        // A file desk opens from its snapshot when it has a usable one; PostgreSQL from its summary table.
        let loaded = try store.openDesk(appVersion: BebackVersion.current)
        let session = try DeskSession(
            store: store, rep: rep, clock: clock, policy: config.policy,
            deskTimeZone: config.timeZoneID.flatMap(TimeZone.init(identifier:)) ?? deskTimeZone, preloaded: loaded)
        if let warning = store.fileSystemWarning { FileHandle.standardError.write(Data("beback: \(warning)\n".utf8)) }
        for alert in trustAlerts { FileHandle.standardError.write(Data("beback: \(alert)\n".utf8)) }
        // Why the snapshot was not used (stale, or written by an account this desk does not trust).
        for note in loaded?.notes ?? [] { FileHandle.standardError.write(Data("beback: note: \(note)\n".utf8)) }
        session.trustAlerts = trustAlerts
        session.storedScripts = storedScripts
        session.storedTemplates = storedTemplates
        session.config = config
        session.access = access
        // Another rep's damaged journal, or a link in journals/: one line each, and the command goes on.
        for note in session.otherJournalNotes { FileHandle.standardError.write(Data("beback: note: \(note)\n".utf8)) }
        if config.trust == .sharedHost, let fixed = fixedClockSource {
            session.writeRefusal = "\(fixed): on a shared-host desk entries carry the machine's time; \(fixed) is refused for writes (it works for looking)"
        }
        ProcessLifetime.keepUntilExit(session)
        return session
    }

    /// Parses a time the rep typed for a lead (in the lead's own time zone).
    func instant(_ text: String, field: String, zone: TimeZone, now: Date) throws -> Date {
        guard let date = InstantParser(timeZone: zone, now: now).parse(text) else {
            throw CLIError("\(field): cannot read '\(text)' as a time (try '2026-11-25 15:00', 'tomorrow 10:00' or '+2d')")
        }
        return date
    }
}
