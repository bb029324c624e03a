import ArgumentParser
import BebackDomain
import BebackExchange
import BebackStore
import BebackText
import Foundation

extension DuplicatePolicy: ExpressibleByArgument {}

/// `beback import`: brings leads in from a spreadsheet or CRM export (CSV) or a phone's contacts
/// (vCard), with a printed column mapping, duplicates merged or skipped, and a reject file.
struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import leads from a CSV file (spreadsheet or CRM export) or a vCard file (phone contacts).",
        discussion: """
            CSV: RFC 4180 quoting and quoted line breaks, CRLF or LF, a UTF-8 byte-order mark, comma, \
            semicolon or tab (detected); a stray non-UTF-8 byte is replaced on its line (reported), a file \
            that is not UTF-8 at all is read as Latin-1 (Windows-1252) with a warning. Exports of \
            \(ImportSource.known.map(\.name).joined(separator: ", ")) are recognised from their header \
            row; other columns are mapped from their header names (First Name, Phone, Mobile, E-mail, \
            Company, Lead Source, Lead Status, Description, Owner, Time Zone, ...). The mapping is printed \
            first. --map COLUMN=FIELD maps the rest (FIELD ignore drops a column); --preset NAME keeps the \
            --map and --owner-map of this import for the next one. Fields: \(ColumnOverride.fieldList).

            vCard (.vcf, 2.1, 3.0 or 4.0): FN or N, TEL (TYPE or X-ABLabel; a fax becomes a note), EMAIL, \
            ORG, NOTE, TZ; quoted-printable and CHARSET are decoded.

            A Beback export (export --format csv) comes back whole: stage, next step (due, kind, channel, \
            purpose) or why nothing is planned, and, for a manager's import, the History, Notes, \
            Objections, Agreement, Decision Process, Feedback and Delivered columns at their own times; a \
            rep's import takes the leads fresh and counts the histories left out.

            Phones are matched as E.164 with desk.conf's [desk] country for numbers written without +; a \
            cell may hold several numbers or emails (', ', ' ::: ', ';'). A record with the same phone or \
            email as a lead on the desk, or an earlier record, is a duplicate: skipped, or with \
            --duplicates merge its new details are added to that lead. Owners are matched to reps by \
            name, desk.conf's email= and aka=, or --owner-map; an unknown owner gives the lead to you \
            (the pool, for a manager) with a warning. Only a record with no name or no way to reach the \
            person is rejected; a bad optional field is left out with a warning. Both are written to the \
            reject file with their line numbers. On a desk whose desk.conf lists the team, a rep imports \
            only into their own calendar or the pool; a manager (--manager) imports for anyone on the \
            team. Nothing is written with --dry-run. The exit status is 0 when the import ran, rejects or not.
            """)

    @OptionGroup var desk: DeskOptions

    @Argument(help: ArgumentHelp("The file to import: .csv or .vcf.", valueName: "file"))
    var file: String

    @Flag(name: .customLong("dry-run"), help: "Show the mapping and what would be imported; write nothing (no journal entry, no reject file).")
    var dryRun = false

    @Option(
        name: .customLong("map"), parsing: .singleValue,
        help: ArgumentHelp("Map a column to a field, e.g. --map 'Cell Number=mobile' (repeat; FIELD 'ignore' drops the column).", valueName: "column=field"))
    var map: [String] = []

    @Option(
        name: .customLong("owner-map"), parsing: .singleValue,
        help: ArgumentHelp("Give a CRM owner's leads to a rep, e.g. --owner-map 'Ann Walker=ann' (repeat).", valueName: "name=rep"))
    var ownerMap: [String] = []

    @Option(
        help: ArgumentHelp(
            "Use the --map and --owner-map saved under this name on the desk, and save this import's into it (presets/NAME.import).",
            valueName: "name"))
    var preset: String?

    @Option(help: ArgumentHelp("What to do with a duplicate of a lead already on the desk or earlier in the file: merge or skip.", valueName: "policy"))
    var duplicates: DuplicatePolicy = .skip

    @Option(help: ArgumentHelp("Where to write the reject file (default: FILE.rejects.csv beside the file).", valueName: "path"))
    var rejects: String?

    @Option(help: ArgumentHelp("The time zone of leads whose record names none (default: the desk's).", valueName: "zone"))
    var tz: String?

    func run() throws {
        try reportingErrors {
            var map = self.map
            var ownerMap = self.ownerMap
            let presetFile = try preset.map { try ImportPreset.path(desk: desk.deskPath, name: $0) }
            if let presetFile, let saved = try ImportPreset.read(presetFile) {
                map = saved.maps + map
                ownerMap = saved.owners + ownerMap
            }
            let owners = try ownerMap.map { text in
                do { return try OwnerDirectory.parseMapping(text) } catch { throw CLIError(SafeText.sanitize("\(error)")) }
            }
            let overrides = try map.map { text in
                do { return try ColumnOverride(parsing: text) } catch { throw CLIError(SafeText.sanitize("\(error)")) }
            }
            let bytes = try Self.read(file)
            let reader: LeadFileReader
            do { reader = try LeadFileReader(name: file, bytes: bytes, overrides: overrides) } catch {
                throw CLIError(SafeText.sanitize("\(file): \(error)"))
            }
            let session = try desk.openSession()
            let importer = session.rep
            let zone = tz ?? session.deskTimeZone.identifier
            guard TimeZone(identifier: zone) != nil else { throw CLIError("--tz: unknown time zone '\(zone)' (use a name such as Europe/London)") }
            if !dryRun, let reason = session.readOnlyReason { throw CLIError("the desk is read-only: \(reason)") }
            let rejectPath = rejects ?? RejectFile.defaultPath(for: file)
            if !dryRun { try Self.checkFolder(of: rejectPath, what: "the reject file") }

            for warning in reader.warnings { FileHandle.standardError.write(Data("beback: warning: \(SafeText.sanitize(file)): \(warning)\n".utf8)) }
            print("mapping of \(SafeText.sanitize(file)) (\(reader.summary)):")
            for line in reader.mapping.describe() { print(line) }

            let started = Date()
            var validator = LeadRowValidator(defaultOwner: importer, defaultTimeZone: zone, now: session.now)
            validator.owners = Self.owners(session)
            validator.keepsHistory = session.viewer.open || session.viewer.isManager
            let fallback = session.viewer.isManager ? DeskConfig.poolOwner : importer
            validator.ownerDirectory = OwnerDirectory(
                members: session.config.members, knownReps: Array(Set(session.state.leads.values.map(\.profile.owner))) + [importer],
                ownerMap: Dictionary(owners, uniquingKeysWith: { _, last in last }), fallback: fallback, openDesk: !session.config.listsTeam)
            validator.phones = PhoneNormalizer(country: session.config.country)
            validator.oldActivityDays = session.policy.idleReclaimDays
            var planner = ImportPlanner(state: session.state, policy: duplicates, validator: validator)
            planner.reserveCapacity(reader.totalLines)
            let progress = ProgressBar(label: "import:", total: reader.totalLines)
            // Records are checked on every core, and sorted into the plan in file order on this thread.
            ParallelImportRead.run(reader, into: &planner) { progress.update($0) }
            progress.update(reader.totalLines)
            var plan = planner.finish()
            plan.rejects += reader.unreadable
            let readTime = Date().timeIntervalSince(started)

            let actions = LeadActions(engine: CadenceEngine(policy: session.policy), rep: importer)
            var events = session.withIDs { ids in
                ImportEvents(plan: plan, actions: actions, state: session.state, at: session.now, ids: &ids)
            }
            plan.rejects += events.refused
            // One batch, in the importer's own journal: a journal holds only what its rep wrote (the leads'
            // owners are in the entries), so verify, the team's permissions and PostgreSQL all agree.
            // Taken out of the plan's events, and the drafts let go, so that a large import holds one copy.
            let batch = events.takeBatch()
            var summary = ImportSummary(
                file: file, plan: plan, events: events, dryRun: dryRun, policy: duplicates,
                rejectPath: rejectPath, readSeconds: readTime)
            let rejectHeader = reader.rejectHeader
            let unsaved = plan.rejects + plan.warnings
            plan = ImportPlan()
            if dryRun {
                progress.finish()
                summary.print()
                return
            }
            if let presetFile {
                do { try ImportPreset.write(ImportPreset(maps: map, owners: ownerMap), to: presetFile) } catch {
                    throw CLIError(SafeText.sanitize("\(presetFile): cannot save the preset (\(Self.reason(error))); nothing was imported"))
                }
            }
            if !unsaved.isEmpty {
                let text = try RejectFile.contents(header: rejectHeader, rejects: unsaved)
                do { try Data(text.utf8).write(to: URL(fileURLWithPath: rejectPath), options: .atomic) } catch {
                    throw CLIError(SafeText.sanitize("\(rejectPath): cannot write the reject file (\(Self.reason(error))); nothing was imported"))
                }
            }
            let writeStart = Date()
            progress.status("saving \(ProgressReport.grouped(events.eventCount)) journal entries…")
            if !batch.isEmpty {
                do {
                    try session.checkBeforeWriting(.rep(session.rep))
                    let saving = SavingProgress.start(on: session.store, entries: batch.count)
                    defer { saving?.stop() }
                    // A Beback export's history is written at its own times (ordered after the journal's last entry).
                    if events.carriesHistory {
                        try session.store.appendHistory(batch, to: .rep(session.rep))
                    } else {
                        ProcessLifetime.keepUntilExit(value: try session.store.append(batch, to: .rep(session.rep)))
                    }
                    ProcessLifetime.keepUntilExit(value: batch)
                    summary.saved.append((session.rep, batch.count))
                } catch {
                    progress.finish()
                    summary.print()
                    throw CLIError("saving the import failed, nothing was saved: \(error)")
                }
            }
            progress.finish()
            summary.writeSeconds = Date().timeIntervalSince(writeStart)
            summary.print()
            // A large import's drafts and entries are let go by the exit, not one by one.
            ProcessLifetime.keepUntilExit(value: (summary, events, validator))
        }
    }

    /// Whose calendars this import may write into: on a desk whose desk.conf lists the team, a rep
    /// their own and the pool's, a manager (--manager) anyone listed and the pool; on an open desk, anyone.
    static func owners(_ session: DeskSession) -> ImportOwners? {
        let viewer = session.viewer
        guard !viewer.open else { return nil }
        let pool = DeskConfig.poolOwner
        if viewer.isManager {
            let team = session.config.members.map(\.name)
            return ImportOwners(
                allowed: Set(team + [pool]),
                explanation: "not on desk.conf's team (\(team.map(\.rawValue).joined(separator: ", "))) nor the pool")
        }
        return ImportOwners(
            allowed: [viewer.viewer, pool],
            explanation: "a rep imports only into their own calendar (\(viewer.viewer)) or the pool; a manager imports for anyone (--manager)")
    }

    /// The file's bytes, or one line saying why not.
    static func read(_ path: String) throws -> Data {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { throw CLIError("\(SafeText.sanitize(path)): no such file") }
        guard !isDirectory.boolValue else { throw CLIError("\(SafeText.sanitize(path)): is a folder, not a file") }
        guard let data = FileManager.default.contents(atPath: path) else { throw CLIError("\(SafeText.sanitize(path)): cannot read (permission denied?)") }
        return data
    }

    /// Refuses an output path whose folder does not exist, before anything is written.
    static func checkFolder(of path: String, what: String) throws {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            throw CLIError(SafeText.sanitize("\(path): cannot write \(what): it is a folder; give a file name in it"))
        }
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent().path
        guard FileManager.default.fileExists(atPath: folder, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw CLIError(SafeText.sanitize("\(path): cannot write \(what): the folder \(folder) does not exist"))
        }
    }

    /// The system's words for why a file operation failed ("No such file or directory").
    static func reason(_ error: any Error) -> String {
        let error = error as NSError
        let posix = [error, error.userInfo[NSUnderlyingErrorKey] as? NSError].compactMap { $0 }.first { $0.domain == NSPOSIXErrorDomain }
        return posix.map { String(cString: strerror(Int32($0.code))) } ?? error.localizedDescription
    }
}
