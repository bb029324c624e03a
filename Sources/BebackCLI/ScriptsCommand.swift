import ArgumentParser
import BebackDomain
import Foundation

/// `beback scripts`: the call scripts the prompter fills (templates in DESK/scripts override the bundled ones).
struct ScriptsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scripts",
        abstract: "Check a desk's call scripts, or print one lead's filled script.",
        discussion: """
            The prompter's scripts are templates: follow-up, first-after-walkout, long-term, satisfaction and \
            voicemail (.script files). A file of the same name in DESK/scripts/ replaces the bundled one, with \
            no rebuild; a file with problems is set aside and the bundled one is used.
            """,
        subcommands: [ScriptsCheckCommand.self, ScriptsShowCommand.self])
}

/// `beback scripts check`: every template the desk would use, with each problem as FILE:LINE: message.
struct ScriptsCheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Validate the desk's call scripts (unknown placeholders, missing sections, malformed lines); exit 1 on problems.")

    @OptionGroup var desk: DeskOptions

    func run() throws {
        var failed = false
        try reportingErrors {
            guard FileManager.default.fileExists(atPath: desk.deskPath) else {
                throw CLIError("no desk folder at \(desk.deskPath) (--data names it)")
            }
            let library = ScriptLibrary(deskPath: desk.deskPath)
            let set = library.load()
            for variant in ScriptVariant.allCases {
                let origin = set.origins[variant].map { $0.origin == .desk ? "the desk's own, \($0.path)" : "bundled" } ?? "none"
                print("\(variant.rawValue.padding(toLength: 20, withPad: " ", startingAt: 0)) \(origin)")
            }
            if !library.deskHasScripts { print("no \(library.deskLabel) folder: the desk uses the bundled scripts") }
            for name in library.ignoredDeskFiles {
                print("note: \((library.deskLabel as NSString).appendingPathComponent(name)) is ignored (only *.script files are read)")
            }
            for problem in set.problems { print(problem.description) }
            let files = Set(set.problems.map(\.file)).count
            if set.problems.isEmpty {
                print("all \(ScriptVariant.allCases.count) call scripts are sound")
            } else {
                print(
                    "\(set.problems.count) problem\(set.problems.count == 1 ? "" : "s") in \(files) file\(files == 1 ? "" : "s"); a desk file with problems is set aside and the bundled one is used"
                )
                failed = true
            }
        }
        if failed { throw ExitCode.failure }
    }
}

/// `beback scripts show LEAD`: the script the prompter would show for one lead now, filled from its journal.
struct ScriptsShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "show",
        abstract: "Print one lead's call script, filled from its journal (every branch of the advance step included).")

    @OptionGroup var desk: DeskOptions
    @Argument(help: "The lead id (or an unambiguous prefix).") var lead: String
    @Option(help: ArgumentHelp("The variant (default: the one that fits the lead's next follow-up).", valueName: "variant"))
    var variant: String?
    @Option(help: ArgumentHelp("Show only the move for this answer to \"what happened since\".", valueName: "branch"))
    var branch: String?

    func run() throws {
        try reportingErrors {
            let chosenVariant = try variant.map { text in
                guard let found = ScriptVariant(rawValue: text) else {
                    throw CLIError("--variant: '\(text)' is not a script variant (\(ScriptVariant.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return found
            }
            let chosenBranch = try branch.map { text in
                guard let found = AdvanceBranch(rawValue: text) else {
                    throw CLIError("--branch: '\(text)' is not a branch (\(AdvanceBranch.allCases.map(\.rawValue).joined(separator: ", ")))")
                }
                return found
            }
            let session = try desk.openSession()
            let found = try session.state.findLead(lead)
            let set = ScriptLibrary(deskPath: desk.deskPath).load()
            let shown = chosenVariant ?? ScriptVariant.forLead(found)
            guard
                let script = CallScriptBuilder.script(
                    for: found, rep: session.rep, now: session.now, variant: shown,
                    policy: session.policy, templates: set)
            else {
                throw CLIError("no usable \(shown.rawValue) script: run 'beback scripts check' to see why")
            }
            if let chosenBranch, script.move(chosenBranch) == nil {
                throw CLIError("--branch: the \(shown.rawValue) script has no [advance:\(chosenBranch.rawValue)] section")
            }
            print(ScriptReport(script: script, lead: found, branch: chosenBranch).text, terminator: "")
        }
    }
}
