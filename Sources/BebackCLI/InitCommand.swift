import ArgumentParser
import BebackDomain
import BebackStore
import Foundation

/// `beback init`: creates an empty desk folder, and asks (on a terminal) the country of the desk's
/// phone numbers, kept as desk.conf's `[desk] country`.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init", abstract: "Create an empty desk folder.",
        discussion: """
            On a terminal, init asks the country of the desk's phone numbers (two letters, such as GB); \
            an import reads numbers written the national way (020 7946 0958) as that country's, so they \
            match the same numbers written with +44. --country gives it without asking; Enter skips it.
            """)

    @OptionGroup var desk: DeskOptions

    @Option(help: ArgumentHelp("The country of the desk's phone numbers, e.g. GB, US, DE (kept in desk.conf).", valueName: "code"))
    var country: String?

    func run() throws {
        try reportingErrors {
            // A PostgreSQL desk when --store says so (or $BEBACK_STORE, unless --data names a folder to create).
            let named = desk.store ?? (desk.data == nil ? desk.environment["BEBACK_STORE"].flatMap { $0.isEmpty ? nil : $0 } : nil)
            if let named, case .postgres(let url) = DeskStoreLocation(named) {
                try PostgresDeskCreation.create(url)
                return
            }
            var code = country
            if let given = code, CallingCountry(code: given) == nil {
                throw CLIError("--country '\(given)': not a country code Beback knows (such as GB, US, DE, FR)")
            }
            let folder = try DeskFolder.create(at: URL(fileURLWithPath: desk.deskPath))
            print("created an empty desk in \(folder.root.path)")
            if code == nil, isatty(STDIN_FILENO) == 1 { code = Self.askCountry() }
            guard let code, let known = CallingCountry(code: code) else { return }
            let path = folder.configFile.path
            guard !FileManager.default.fileExists(atPath: path) else {
                print("desk.conf exists: add '[desk] country = \(known.code)' to it yourself")
                return
            }
            let text = "[desk]\n# the country of phone numbers written without +\ncountry = \(known.code)\n"
            guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o644]) else {
                throw CLIError("\(path): cannot create it")
            }
            print("phone numbers without + are read as \(known.code) (+\(known.callingCode)); change it in \(path)")
        }
    }

    /// Asks for the country until it is a known code or empty (nil).
    static func askCountry() -> String? {
        while true {
            FileHandle.standardOutput.write(Data("Country of your phone numbers (two letters, e.g. GB, US, DE; Enter for none): ".utf8))
            guard let line = readLine()?.trimmingCharacters(in: .whitespaces), !line.isEmpty else { return nil }
            if CallingCountry(code: line) != nil { return line }
            print("'\(line)' is not a country code Beback knows; try again, or press Enter to skip")
        }
    }
}
