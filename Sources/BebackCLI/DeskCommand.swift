import ArgumentParser
import BebackDesk
import BebackDomain
import BebackStore
import BebackCells
import BebackTerminal
import Foundation

/// `beback` with no command: opens the full-screen desk.
struct DeskCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desk",
        abstract: "Open the full-screen desk (the default command).",
        discussion: """
            Keys: ? shows them all. Set NO_COLOR for a desk without colours. \
            With --manager (desk.conf must list you as manager) the desk opens on the team screen: the board, \
            compliance, objections and charts, the shared pool; Enter opens a rep's calendar read-only.
            """)

    @OptionGroup var desk: DeskOptions

    @Option(
        help: ArgumentHelp(
            "Append each key's time from read to redrawn screen to this file, in microseconds, and each save's append (written and synced) as an 'append' line (or $BEBACK_TRACE).",
            valueName: "file"))
    var trace: String?

    @Flag(
        name: .long,
        help: "Open in power dialling mode (P at the desk): each outcome moves to the next lead and dials it after desk.conf's [session] countdown.")
    var session = false

    @Flag(name: .long, help: "With --at (or $BEBACK_NOW): the clock starts at that instant and runs on, to rehearse reminders coming due.")
    var clockRuns = false

    func run() throws {
        var counters: String?
        let startedAt = DispatchTime.now().uptimeNanoseconds
        try reportingErrors {
            let session = try desk.openSession(ownSections: true, clockRuns: clockRuns)
            // Nothing on stderr under the full-screen desk: a lock held past lock_wait_seconds fails the save with its holder named.
            (session.store as? FileEventStore)?.onLockWait = nil
            var library = ScriptLibrary(deskPath: desk.deskPath)
            library.storedScripts = session.storedScripts
            session.scripts = library.load()
            let noColor = !(ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
            let screen: TerminalScreen
            do { screen = try TerminalScreen(colorEnabled: !noColor) } catch let error as TerminalError {
                throw CLIError("\(error.description); 'beback due' prints the due list instead")
            }
            if session.viewer.isManager {
                let manager: ManagerApp
                do { manager = try ManagerApp(session: session) } catch { screen.end(); throw error }
                manager.run(on: screen, trace: try traceFile(), startedAt: startedAt)
                screen.end()
                return
            }
            let app = DeskApp(session: session)
            app.templates = TemplateLibrary.of(session, deskPath: desk.deskPath)
            app.sessionOnOpen = self.session
            let traceHandle = try traceFile()
            let result = app.run(on: screen, trace: traceHandle, startedAt: startedAt)
            screen.end()
            counters = result.summary
            if let record = app.sessionRecord() {
                counters = SessionCounters.quitSummary(record)
                if let failure = app.journalSession() { FileHandle.standardError.write(Data("beback: \(failure)\n".utf8)) }
            }
            if session.wantsSnapshotAfterIndexedOpen, session.readOnlyReason == nil {
                // Reading every lead back to build it here would hold the terminal for seconds.
                let failure = BackgroundCompaction.start(desk: desk.folder)
                FileHandle.standardError.write(Data("beback: \(failure ?? "writing the desk's snapshot in the background, so the next open is fast")\n".utf8))
            } else {
                session.writeSnapshotAtQuit()
            }
        }
        // Written with write(2): ncurses owned stdio's stdout buffer while the desk was open.
        if let counters { FileHandle.standardOutput.write(Data("Session summary: \(counters)\n".utf8)) }
    }

    private func traceFile() throws -> FileHandle? {
        guard let path = trace ?? ProcessInfo.processInfo.environment["BEBACK_TRACE"].flatMap({ $0.isEmpty ? nil : $0 }) else { return nil }
        if !FileManager.default.fileExists(atPath: path) { _ = FileManager.default.createFile(atPath: path, contents: nil) }
        guard let handle = FileHandle(forWritingAtPath: path) else { throw CLIError("--trace: cannot write \(path)") }
        handle.seekToEndOfFile()
        return handle
    }
}
