import BebackDomain
import BebackStore
import Foundation

/// Whether a file that steers every rep's desk (desk.conf, the desk's call scripts) can be trusted:
/// it must be owned by root, by the desk folder's owner (who made the desk), or, when the desk folder
/// is sticky (so nobody can have put it in place of another's file), by a manager's account; and
/// nobody but its owner may write it. Otherwise ben could make ann's desk run his dial command.
struct DeskFileTrust {
    /// The desk folder's owner.
    let folderOwner: String
    /// Whether the desk folder has the sticky bit (only a file's owner may rename or delete it).
    let sticky: Bool
    /// The accounts desk.conf lists as managers.
    let managers: [String]

    init(root: String, managers: [String]) {
        let owner = UnixAccounts.owner(of: root)
        folderOwner = owner?.name ?? "root"
        sticky = (owner?.mode ?? 0) & S_ISVTX != 0
        self.managers = managers
    }

    /// Why the file (or folder) at `path` is not to be trusted, or nil (also nil when it does not exist).
    func problem(_ path: String) -> String? {
        guard let owner = UnixAccounts.owner(of: path) else { return nil }
        if owner.mode & S_IFMT == S_IFLNK { return "is a symbolic link" }
        let allowed = ["root", folderOwner] + (sticky ? managers : [])
        if !allowed.contains(owner.name) {
            return
                "is owned by \(owner.name), not by root, the desk's owner (\(folderOwner))\(sticky && !managers.isEmpty ? " or a manager (\(managers.joined(separator: ", ")))" : "")"
        }
        if owner.mode & 0o022 != 0 { return "is writable by its group or others (chmod go-w it)" }
        return nil
    }
}

extension DeskFileTrust {
    /// The trust of a desk folder's steering files, by its desk.conf (without one: no manager).
    static func of(deskPath: String, config: DeskConfig) -> DeskFileTrust {
        DeskFileTrust(root: DeskFolder(path: deskPath).root.path, managers: config.managerAccounts)
    }
}
