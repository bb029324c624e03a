#if canImport(Glibc)
    import Glibc
#endif
import BebackDomain
import Foundation

/// A name in `journals/` that looks like a journal but is not a regular file (a symbolic link, a
/// folder, a device): never opened, never followed, reported by every command and by `verify`.
public struct RefusedJournalFile: Equatable, Sendable, CustomStringConvertible {
    public var journal: JournalName
    public var path: String
    /// What the file is ("a symbolic link to /etc/passwd", "a folder").
    public var what: String

    public var description: String { "\(path): \(what), not a journal file: skipped (beback never follows links in journals/)" }
}

/// The layout of a desk folder:
///
///     DESK/
///       desk.conf                 the desk's settings (optional)
///       journals/
///         rep-<name>.journal      one rep's lead calendar (only that rep's desk writes it)
///         rep-<name>.journal.lock the writers' lock
///         desk.journal            desk-level actions (pool, reassignment)
///         *.broken-<offset>-<t>   torn tails set aside, kept for inspection
///         *.damaged-<t>           a damaged journal as it was before `beback salvage` (never deleted)
///       snapshots/
///         desk.snapshot           the folded desk as of given journal positions (a cache: `beback compact`)
public struct DeskFolder: Sendable {
    public let root: URL

    public init(_ root: URL) { self.root = root.standardizedFileURL }
    public init(path: String) { self.init(URL(fileURLWithPath: path)) }

    public var journalsDirectory: URL { root.appendingPathComponent("journals", isDirectory: true) }
    public var configFile: URL { root.appendingPathComponent("desk.conf") }

    public func journalPath(_ journal: JournalName) -> String {
        journalsDirectory.appendingPathComponent(journal.fileName).path
    }

    /// Whether a desk exists here.
    public var exists: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: journalsDirectory.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The journals present, sorted: regular files only (see `refusedJournalFiles`).
    public func journals() throws -> [JournalName] {
        try journalListing().journals
    }

    /// Names in `journals/` that look like journals but are not regular files (symbolic links, dangling
    /// or not, folders...): `journals()` leaves them out, so no command reads or writes through them.
    public func refusedJournalFiles() -> [RefusedJournalFile] {
        (try? journalListing().refused) ?? []
    }

    /// The regular journal files and the refused names, each sorted; `lstat` decides, so a link is never followed.
    public func journalListing() throws -> (journals: [JournalName], refused: [RefusedJournalFile]) {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: journalsDirectory.path) } catch {
            throw StoreError.noDesk(root.path)
        }
        var journals: [JournalName] = []
        var refused: [RefusedJournalFile] = []
        for name in names {
            guard let journal = JournalName(fileName: name) else { continue }
            let path = journalPath(journal)
            var info = stat()
            // Gone since the listing: nothing to read.
            guard lstat(path, &info) == 0 else { continue }
            switch info.st_mode & S_IFMT {
            case S_IFREG: journals.append(journal)
            case S_IFLNK:
                let target = (try? FileManager.default.destinationOfSymbolicLink(atPath: path)).map { " to \($0)" } ?? ""
                refused.append(RefusedJournalFile(journal: journal, path: path, what: "a symbolic link\(target)"))
            case S_IFDIR: refused.append(RefusedJournalFile(journal: journal, path: path, what: "a folder"))
            default: refused.append(RefusedJournalFile(journal: journal, path: path, what: "a special file"))
            }
        }
        return (journals.sorted(), refused.sorted { $0.journal < $1.journal })
    }

    /// The mode of a desk's folders: the owner and the desk's Unix group read and write, new files
    /// take the folder's group (setgid), others get nothing, so each rep can create their own journal;
    /// sticky, so only a file's owner (or the folder's) can rename or delete it: ben cannot put his
    /// file in place of ann's journal or of desk.conf.
    public static let folderMode: mode_t = 0o3770
    /// The mode of a journal: its rep writes it, the desk's group only reads it (so on a shared host
    /// ann's desk reads ben's calendar but can never write it), others get nothing.
    public static let journalMode: mode_t = 0o640
    /// The mode of `snapshots/`: like `folderMode`, every member of the desk's group writes there,
    /// since any rep's compaction replaces the one `desk.snapshot` (a rename over it) and takes
    /// `compact.lock`. No sticky bit: with one, only the rep who wrote the snapshot first could ever
    /// replace it, and the others would be locked out of compaction again.
    public static let snapshotFolderMode: mode_t = 0o2770
    /// The mode of a journal's writers' lock: its rep's alone, so no other account can open it and
    /// hold it (an opening desk that cannot take it shared reads the journal instead of mapping it).
    public static let lockMode: mode_t = 0o600

    /// Creates an empty desk (refuses a folder that already holds one). The folders get `folderMode`
    /// whatever the umask (mkdir drops the setgid bit and the umask's bits, so they are set after).
    public static func create(at root: URL) throws -> DeskFolder {
        let folder = DeskFolder(root)
        if folder.exists { throw StoreError.readOnly("\(folder.root.path) already holds a desk; it was left untouched") }
        let rootExisted = FileManager.default.fileExists(atPath: folder.root.path)
        try Posix.makeDirectory(folder.root.path, mode: folderMode)
        if !rootExisted { try Posix.setMode(folder.root.path, folderMode) }
        try Posix.makeDirectory(folder.journalsDirectory.path, mode: folderMode)
        try Posix.setMode(folder.journalsDirectory.path, folderMode)
        try Posix.syncDirectory(folder.journalsDirectory.path)
        try Posix.syncDirectory(folder.root.path)
        return folder
    }
}
