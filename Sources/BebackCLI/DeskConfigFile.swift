import BebackDomain
import BebackExchange
import BebackStore
import Foundation

/// Reads and writes `DESK/desk.conf`. A desk without the file is an open desk (see `DeskConfig`).
enum DeskConfigFile {
    /// The desk's configuration; a malformed line fails as `PATH/desk.conf:LINE: reason`.
    static func load(_ folder: DeskFolder) throws -> DeskConfig {
        let path = folder.configFile.path
        guard FileManager.default.fileExists(atPath: path) else { return DeskConfig() }
        let data: Data
        do { data = try Data(contentsOf: folder.configFile) } catch {
            throw CLIError("\(path): cannot read it (\(error.localizedDescription))")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw CLIError("\(path):1: not UTF-8 text") }
        let config: DeskConfig
        do {
            config = try DeskConfigParser.parse(text, file: path)
        } catch {
            throw CLIError(error.description)
        }
        if let template = config.dialCommand {
            do { _ = try DialCommand(template: template) } catch {
                throw CLIError("\(path):\(config.dialCommandLine): \(error.description)")
            }
        }
        return config
    }

    /// Writes a new desk.conf (never over an existing one), readable by the desk's group, writable by its owner only.
    static func create(_ folder: DeskFolder, members: [TeamMember]) throws {
        let path = folder.configFile.path
        guard !FileManager.default.fileExists(atPath: path) else { throw CLIError("\(path) exists; it was left untouched") }
        let text = DeskConfigParser.template(members: members)
        guard FileManager.default.createFile(atPath: path, contents: Data(text.utf8), attributes: [.posixPermissions: 0o644]) else {
            throw CLIError("\(path): cannot create it")
        }
    }
}

extension DeskSession {
    /// What the person at the keyboard may see and change (an open desk when `DeskOptions` did not say).
    var viewer: DeskAccess { access ?? DeskAccess(viewer: rep, open: true) }

    /// The team figures' period from `--since` text (default: this week so far).
    func period(since text: String?, options: DeskOptions) throws -> TeamPeriod {
        guard let text else { return TeamPeriod.thisWeek(now, timeZone: deskTimeZone) }
        let since = try options.instant(text, field: "--since", zone: deskTimeZone, now: now)
        guard since <= now else { throw CLIError("--since: \(text) is in the future") }
        return TeamPeriod(since: since, now: now, timeZone: deskTimeZone)
    }
}
