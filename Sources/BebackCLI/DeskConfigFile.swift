import BebackDomain
import BebackExchange
import BebackStore
import Foundation

/// Reads and writes `DESK/desk.conf`. A desk without the file is an open desk (see `DeskConfig`).
enum DeskConfigFile {
    /// The desk's configuration; a malformed line fails as `PATH/desk.conf:LINE: reason`.
    static func load(_ folder: DeskFolder) throws -> DeskConfig {
        let path = folder.configFile.path
        guard UnixAccounts.owner(of: path) != nil else {
            try refuseMissingOnSharedDesk(folder)
            return DeskConfig()
        }
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
        if let problem = DeskFileTrust(root: folder.root.path, managers: config.managerAccounts).problem(path) {
            throw CLIError("\(path) \(problem): it steers every rep's desk, so it is refused")
        }
        if let template = config.dialCommand {
            do { _ = try DialCommand(template: template) } catch {
                throw CLIError("\(path):\(config.dialCommandLine): \(error.description)")
            }
        }
        if let template = config.reminders.command {
            do { _ = try ReminderNotifier(template: template) } catch { throw CLIError("\(path):\(config.reminders.commandLine): \(error)") }
        }
        return config
    }

    /// desk.conf as a store keeps it (PostgreSQL): `label` names it in messages; trust is the store's
    /// (only the managers' role writes it there).
    static func parse(_ bytes: [UInt8], label: String) throws -> DeskConfig {
        guard let text = String(validating: bytes, as: UTF8.self) else { throw CLIError("\(label):1: not UTF-8 text") }
        let config: DeskConfig
        do { config = try DeskConfigParser.parse(text, file: label) } catch { throw CLIError(error.description) }
        if let template = config.dialCommand {
            do { _ = try DialCommand(template: template) } catch {
                throw CLIError("\(label):\(config.dialCommandLine): \(error.description)")
            }
        }
        return config
    }

    /// A desk whose journals belong to several accounts is shared: without its desk.conf (deleted or
    /// never written) it would be open to anyone acting as anyone, so it is refused.
    static func refuseMissingOnSharedDesk(_ folder: DeskFolder) throws {
        guard let journals = try? folder.journals() else { return }
        let owners = Set(journals.compactMap { UnixAccounts.owner(of: folder.journalPath($0))?.name })
        guard owners.count > 1 else { return }
        throw CLIError(
            "\(folder.configFile.path) is missing, but the journals belong to several accounts (\(owners.sorted().joined(separator: ", "))): a shared desk needs its desk.conf (ask the manager)"
        )
    }

    /// Writes a new desk.conf (never over an existing one), readable by the desk's group, writable by its owner only.
    static func create(_ folder: DeskFolder, members: [TeamMember], fixedClock: Bool = false) throws {
        let path = folder.configFile.path
        guard !FileManager.default.fileExists(atPath: path) else { throw CLIError("\(path) exists; it was left untouched") }
        let text = DeskConfigParser.template(members: members, fixedClock: fixedClock)
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
