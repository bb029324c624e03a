import ArgumentParser
import BebackDomain
import BebackStore
import Foundation

/// `beback verify`: checks every record of the desk and prints a summary; exit 1 on damage.
struct VerifyCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "verify",
        abstract: "Check every journal record (framing, checksums, sequence, hash chain, duplicates) and summarise the desk.")

    @OptionGroup var desk: DeskOptions

    func run() throws {
        var failed = false
        try reportingErrors {
            if case .postgres(let url) = DeskStoreFactory.location(for: desk, config: try DeskConfigFile.load(desk.folder)) {
                failed = try !PostgresVerify.run(url, timeZone: desk.deskTimeZone)
                return
            }
            guard desk.folder.exists else { throw StoreError.noDesk(desk.folder.root.path) }
            let report = try DeskVerifier.verify(desk.folder, appVersion: BebackVersion.current)
            let config = try DeskConfigFile.load(desk.folder)
            let ownership = try SharedHostRules(config: config).problems(desk.folder)
            if let warning = try FileEventStore(folder: desk.folder).fileSystemWarning { print(warning) }
            let time = HumanTime(timeZone: desk.deskTimeZone)
            for journal in report.journals {
                print("\(journal.journal.fileName): \(journal.records) records, \(journal.bytes) bytes")
            }
            let span = [report.firstEntry, report.lastEntry].compactMap { $0 }.map(time.iso)
            print(
                "\(report.records) records · \(report.leads) leads · \(report.reps.count) reps (\(report.reps.map(\.rawValue).joined(separator: ", ")))"
                    + (span.count == 2 ? " · first \(span[0]) · last \(span[1])" : ""))
            if report.unknownKinds > 0 {
                print(
                    "\(report.unknownKinds) entries of kinds this build does not know (a newer beback's, or salvage notes): kept as they are, ignored by the desk"
                )
            }
            print("snapshot: \(try snapshotStatus(report))")
            for torn in report.tornTails { print("note: \(torn)") }
            for problem in report.problems {
                FileHandle.standardError.write(Data("beback: \(problem)\n".utf8))
            }
            for refused in report.refusedFiles {
                FileHandle.standardError.write(Data("beback: \(refused)\n".utf8))
            }
            for duplicate in report.duplicates {
                FileHandle.standardError.write(Data("beback: entry \(duplicate) appears more than once\n".utf8))
            }
            for orphan in report.orphans {
                FileHandle.standardError.write(Data("beback: \(orphan)\n".utf8))
            }
            for missing in report.missing { FileHandle.standardError.write(Data("beback: \(missing)\n".utf8)) }
            for problem in ownership { FileHandle.standardError.write(Data("beback: \(problem)\n".utf8)) }
            // Reported, not (yet) fatal: `import` still writes other owners' leads into their journals as the importer.
            let claims = try JournalClaims.problems(in: desk.folder)
            for claim in claims { print("warning: \(claim)") }
            let passed = report.passed && ownership.isEmpty
            failed = !passed
            print(
                passed
                    ? "verify: ok"
                        + (claims.isEmpty ? "" : " (\(claims.count) entr\(claims.count == 1 ? "y" : "ies") in a journal not the writer's: see the warnings)")
                    : "verify: FAILED (\(report.problems.count + report.duplicates.count + report.refusedFiles.count + report.orphans.count + report.missing.count + ownership.count) problem(s))"
            )
        }
        if failed { throw ExitCode.failure }
    }

    /// Whether the snapshot is there, used, and equal to the full replay (it is only a cache: never a failure).
    private func snapshotStatus(_ report: VerifyReport) throws -> String {
        let file = SnapshotFile(desk.folder)
        guard try file.read() != nil else { return "none ('beback compact' writes one)" }
        guard report.problems.isEmpty else { return "not checked (the journals are damaged)" }
        let load = try FileEventStore(folder: desk.folder).loadDesk(appVersion: BebackVersion.current)
        guard load.usedSnapshot else { return load.notes.first ?? "not used" }
        guard load.state == report.state else {
            return "DOES NOT MATCH the journals; it is only a cache: run 'beback compact --full' to rebuild it"
        }
        return "ok, equals a full replay (\(load.replayedEntries) entries written after it)"
    }
}
