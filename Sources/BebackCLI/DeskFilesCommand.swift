import ArgumentParser
import BebackDomain
import BebackExchange
import BebackStore
import BebackText
import Foundation
#if Postgres
    import BebackPostgres
#endif

/// `beback desk-files list|show|history|save|remove`: desk.conf, the call scripts and the message
/// templates a PostgreSQL desk keeps in the database, so every host with the URL uses the same ones.
/// Each save is a new version (who, when, the bytes); nothing is overwritten. A desk folder keeps
/// them as files (`DESK/desk.conf`, `DESK/scripts/`, `DESK/templates/`) and needs none of this.
struct DeskFilesCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "desk-files",
        abstract: "List, show, save or remove desk.conf, call scripts and templates kept in a PostgreSQL desk.",
        discussion: """
            Names: desk.conf, scripts/NAME.script, templates/NAME.email, templates/NAME.text. Every save \
            is a new version with who saved it and when (history lists them); the database refuses any \
            change to a saved version. Saving and removing need --manager (on a desk that binds roles, \
            membership of the managers' role). A file is checked before it is saved: a desk.conf that \
            does not parse, or a script or template with problems, is refused with each problem's line.
            """,
        subcommands: [
            DeskFilesListCommand.self, DeskFilesShowCommand.self, DeskFilesHistoryCommand.self, DeskFilesSaveCommand.self, DeskFilesRemoveCommand.self
        ])
}

/// The PostgreSQL desk a `desk-files` subcommand works on: `--store`, `$BEBACK_STORE` or the desk
/// folder's `[store] url`.
struct DeskFilesStoreOptions: ParsableArguments {
    @Option(
        name: .long, help: ArgumentHelp("The PostgreSQL desk (default: $BEBACK_STORE, or desk.conf's [store] url under --data).", valueName: "postgres://..."))
    var store: String?

    @Option(name: .long, help: ArgumentHelp("The desk folder whose desk.conf names the store.", valueName: "folder"))
    var data: String?

    /// The store's URL, or a one-line error saying where desk files live instead.
    func url() throws -> String {
        let environment = ProcessInfo.processInfo.environment
        var named = store ?? environment["BEBACK_STORE"].flatMap { $0.isEmpty ? nil : $0 }
        if named == nil, let data {
            named = try DeskConfigFile.load(DeskFolder(path: data)).storeURL
        }
        guard let named, case .postgres(let url) = DeskStoreLocation(named) else {
            throw CLIError("desk-files: a desk folder keeps desk.conf, scripts/ and templates/ as files; --store names a PostgreSQL desk")
        }
        return url
    }

    #if Postgres
        /// The PostgreSQL desk, connected (the caller closes it).
        func open() throws -> PostgresEventStore { try PostgresEventStore(address: PostgresDeskAddress(url())) }
    #endif

    /// In a build without the driver: the same error for a folder, else says the driver is missing.
    func notBuilt() throws -> Never {
        _ = try url()
        throw CLIError(DeskStoreFactory.notBuilt)
    }
}

struct DeskFilesListCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "list", abstract: "The files the desk keeps, with their newest version.")
    @OptionGroup var where_: DeskFilesStoreOptions

    func run() throws {
        try reportingErrors {
            #if Postgres
                let desk = try where_.open()
                defer { desk.close() }
                let files = try desk.deskFiles()
                if files.isEmpty { print("desk \(SafeText.sanitize(desk.address.desk)) keeps no files: the bundled scripts and templates are used") }
                for name in files.keys.sorted() {
                    let newest = try desk.deskFileHistory(name).last
                    let saved = newest.map { "version \($0.version), \(LeadExportRow.timestamp($0.savedAt)) by \(SafeText.sanitize($0.savedBy))" } ?? ""
                    print("\(SafeText.sanitize(name))\t\(files[name]?.count ?? 0) bytes\t\(saved)")
                }
            #else
                try where_.notBuilt()
            #endif
        }
    }
}

struct DeskFilesShowCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "show", abstract: "Print the newest version of a file (sanitized on a terminal).")
    @OptionGroup var where_: DeskFilesStoreOptions
    @Argument(help: "desk.conf, scripts/NAME.script or templates/NAME.email|text.") var name: String

    func run() throws {
        try reportingErrors {
            #if Postgres
                let desk = try where_.open()
                defer { desk.close() }
                guard let bytes = try desk.deskFiles()[name] else {
                    throw CLIError("desk-files: desk \(desk.address.desk) keeps no \(name) (desk-files list names those it keeps)")
                }
                var text = String(decoding: bytes, as: UTF8.self)
                if text.hasSuffix("\n") { text.removeLast() }
                for line in SafeText.sanitizeLines(text) { print(line) }
            #else
                try where_.notBuilt()
            #endif
        }
    }
}

struct DeskFilesHistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(commandName: "history", abstract: "Every version of a file: when, by whom, removed or not.")
    @OptionGroup var where_: DeskFilesStoreOptions
    @Argument(help: "desk.conf, scripts/NAME.script or templates/NAME.email|text.") var name: String

    func run() throws {
        try reportingErrors {
            #if Postgres
                let desk = try where_.open()
                defer { desk.close() }
                let versions = try desk.deskFileHistory(name)
                if versions.isEmpty { throw CLIError("desk-files: desk \(desk.address.desk) has never kept \(name)") }
                for version in versions {
                    print(
                        "\(version.version)\t\(LeadExportRow.timestamp(version.savedAt))\t\(SafeText.sanitize(version.savedBy))\t\(version.removed ? "removed" : "saved")"
                    )
                }
            #else
                try where_.notBuilt()
            #endif
        }
    }
}

struct DeskFilesSaveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "save", abstract: "Save a file from this host as the desk's next version of NAME (checked first; a manager's).")
    @OptionGroup var where_: DeskFilesStoreOptions
    @Argument(help: "desk.conf, scripts/NAME.script or templates/NAME.email|text.") var name: String
    @Argument(help: ArgumentHelp("The file to save (- for standard input).", valueName: "file")) var file: String
    @Flag(help: "Act as a manager (required: desk files steer every rep's desk).") var manager = false

    func run() throws {
        try reportingErrors {
            guard manager else { throw CLIError("desk-files save: only a manager changes desk files; add --manager") }
            let bytes: [UInt8]
            if file == "-" {
                bytes = Array(FileHandle.standardInput.readDataToEndOfFile())
            } else {
                guard let data = FileManager.default.contents(atPath: file) else { throw CLIError("\(file): cannot read it") }
                bytes = Array(data)
            }
            let problems = try DeskFileCheck.problems(name: name, bytes: bytes, label: file == "-" ? "standard input" : file)
            guard problems.isEmpty else {
                for problem in problems { FileHandle.standardError.write(Data("beback: \(SafeText.sanitize(problem))\n".utf8)) }
                throw CLIError("desk-files save: \(name) not saved (\(problems.count) problem\(problems.count == 1 ? "" : "s"))")
            }
            #if Postgres
                let desk = try where_.open()
                defer { desk.close() }
                try DeskFilesManagerCheck.require(desk)
                if try desk.saveDeskFile(name, bytes) {
                    let version = try desk.deskFileHistory(name).last?.version ?? 0
                    print("saved \(name) as version \(version) of desk \(SafeText.sanitize(desk.address.desk))")
                } else {
                    print("\(name) is unchanged: no version written")
                }
            #else
                try where_.notBuilt()
            #endif
        }
    }
}

struct DeskFilesRemoveCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "remove", abstract: "Remove NAME from the desk (a version saying so; the bundled one is used again).")
    @OptionGroup var where_: DeskFilesStoreOptions
    @Argument(help: "scripts/NAME.script or templates/NAME.email|text (desk.conf cannot be removed).") var name: String
    @Flag(help: "Act as a manager (required).") var manager = false

    func run() throws {
        try reportingErrors {
            guard manager else { throw CLIError("desk-files remove: only a manager changes desk files; add --manager") }
            guard name != "desk.conf" else { throw CLIError("desk-files remove: desk.conf cannot be removed (save a new version instead)") }
            #if Postgres
                let desk = try where_.open()
                defer { desk.close() }
                try DeskFilesManagerCheck.require(desk)
                print(try desk.saveDeskFile(name, nil) ? "removed \(name)" : "desk \(SafeText.sanitize(desk.address.desk)) keeps no \(name)")
            #else
                try where_.notBuilt()
            #endif
        }
    }
}

/// What a desk file must be before it is saved: a desk.conf that parses, a script or template
/// without problems, a name the desk keeps. One line per problem.
enum DeskFileCheck {
    static func problems(name: String, bytes: [UInt8], label: String) throws -> [String] {
        let text = String(decoding: bytes, as: UTF8.self)
        if name == "desk.conf" {
            do { _ = try DeskConfigFile.parse(bytes, label: label) } catch { return ["\(error)"] }
            return []
        }
        let parts = name.split(separator: "/", maxSplits: 1).map(String.init)
        guard parts.count == 2, KeptDeskFiles.isKept(name) else {
            throw CLIError("desk-files: '\(name)' is not a file a desk keeps (desk.conf, scripts/NAME.script, templates/NAME.email or .text)")
        }
        if parts[0] == "scripts" {
            return ScriptTemplateParser.parse(text, fileName: parts[1], source: label).1.map(\.description)
        }
        return MessageTemplateParser.parse(text, fileName: parts[1], source: label).1.map(\.description)
    }
}

#if Postgres
    /// `--manager` on a desk that binds roles needs membership of the managers' role (the database
    /// refuses the insert anyway; this says so in words first).
    enum DeskFilesManagerCheck {
        static func require(_ desk: PostgresEventStore) throws {
            if try !desk.connectedUserMayWrite(.desk) {
                let user = try desk.connectedUser()
                throw CLIError("--manager: database user \(user) is not a manager of desk \(desk.address.desk): desk files not changed")
            }
        }
    }
#endif
