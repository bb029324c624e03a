/// File systems where `flock` and appends are not reliable across machines: NFS, SMB/CIFS, FUSE
/// mounts such as sshfs, cluster file systems. Told apart by the mount table's type name.
public enum NetworkFileSystem {
    static let types: Set<String> = [
        "nfs", "nfs4", "cifs", "smb3", "smbfs", "ncpfs", "ceph", "9p", "afs", "coda", "gfs2", "ocfs2", "lustre",
        "glusterfs", "davfs", "fuse.sshfs", "fuse.rclone", "fuse.s3fs", "fuse.glusterfs", "fuse.gcsfuse",
        "fuse.davfs2", "fuse.curlftpfs", "fuse.cephfs", "fuse.juicefs", "fuse.goofys"
    ]

    /// Whether a mount type is a network file system.
    public static func isNetwork(_ type: String) -> Bool {
        types.contains(type) || (type.hasPrefix("nfs") && !type.hasPrefix("nfsd"))
    }

    /// The one-line warning for a desk folder on a network file system, or nil.
    public static func warning(for path: String, type: String?) -> String? {
        guard let type, isNetwork(type) else { return nil }
        return "warning: \(path) is on a network file system (\(type)): locks and appends may not hold between machines; keep the desk on a local disk"
    }
}

/// Reads `/proc/self/mounts`-style text: which mount holds a path.
public enum MountTable {
    /// The type of the longest mount point that is the path or one of its parents.
    public static func type(of path: String, in table: String) -> String? {
        var best: (point: String, type: String)?
        for line in table.split(separator: "\n") {
            let fields = line.split(separator: " ")
            guard fields.count >= 3 else { continue }
            let point = unescape(String(fields[1]))
            let holds = point == "/" || path == point || path.hasPrefix(point + "/")
            if holds, point.count >= (best?.point.count ?? -1) { best = (point, String(fields[2])) }
        }
        return best?.type
    }

    /// The mount table writes a space as \040, a tab as \011, a newline as \012, a backslash as \134.
    static func unescape(_ field: String) -> String {
        field.replacingOccurrences(of: "\\040", with: " ").replacingOccurrences(of: "\\011", with: "\t")
            .replacingOccurrences(of: "\\012", with: "\n").replacingOccurrences(of: "\\134", with: "\\")
    }
}
