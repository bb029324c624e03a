#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Unix accounts by name and number, and who owns a file: what a shared-host desk checks its files
/// and its writer against.
public enum UnixAccounts {
    /// The account name of a user id, or the number as text when the system knows no name for it.
    public static func name(of uid: uid_t) -> String {
        var entry = passwd()
        var result: UnsafeMutablePointer<passwd>?
        var buffer = [CChar](repeating: 0, count: 4096)
        guard getpwuid_r(uid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.pw_name else {
            return String(uid)
        }
        return String(cString: name)
    }

    /// The account this process acts as (its effective user), and whether it is root.
    public static var current: (name: String, isRoot: Bool) {
        let uid = geteuid()
        return (name(of: uid), uid == 0)
    }

    /// The owner's account of a file (not following a symbolic link), or nil when it cannot be read.
    public static func owner(of path: String) -> (uid: uid_t, name: String, mode: mode_t)? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return (info.st_uid, name(of: info.st_uid), info.st_mode)
    }
}
