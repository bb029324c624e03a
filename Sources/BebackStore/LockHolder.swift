#if canImport(Glibc)
    import Glibc
#endif
import Foundation

/// Who holds a `flock` on a file, from the kernel's lock table (`/proc/locks`): "ben (pid 4242)".
public enum LockHolder {
    /// The holders of locks on the file at `path`, as "account (pid N)"; "someone" when the table says nothing.
    public static func describe(_ path: String) -> String {
        var info = stat()
        guard stat(path, &info) == 0, let table = try? String(contentsOfFile: "/proc/locks", encoding: .utf8) else { return "someone" }
        let holders = holders(inode: UInt64(info.st_ino), table: table)
        guard !holders.isEmpty else { return "someone" }
        return holders.map { "\(account(of: $0)) (pid \($0))" }.joined(separator: ", ")
    }

    /// The pids holding (not waiting for) a lock on `inode`, from `/proc/locks` lines such as
    /// `1: FLOCK  ADVISORY  READ 4242 08:01:1234 0 EOF`.
    public static func holders(inode: UInt64, table: String) -> [Int32] {
        var pids: [Int32] = []
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 6, fields[1] != "->", let pid = Int32(fields[4]) else { continue }
            let place = fields[5].split(separator: ":")
            guard place.count == 3, UInt64(place[2]) == inode, !pids.contains(pid) else { continue }
            pids.append(pid)
        }
        return pids
    }

    /// The account a process runs as (the owner of its `/proc` entry).
    static func account(of pid: Int32) -> String {
        guard let owner = UnixAccounts.owner(of: "/proc/\(pid)") else { return "a process" }
        return owner.name
    }
}
