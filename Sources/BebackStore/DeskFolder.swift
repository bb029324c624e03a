import BebackDomain
import Foundation

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

    /// The journals present, sorted.
    public func journals() throws -> [JournalName] {
        let names: [String]
        do { names = try FileManager.default.contentsOfDirectory(atPath: journalsDirectory.path) } catch {
            throw StoreError.noDesk(root.path)
        }
        return names.compactMap(JournalName.init(fileName:)).sorted()
    }

    /// The mode of a desk's folders: the owner and the desk's Unix group read and write, new files
    /// take the folder's group (setgid), others get nothing, so each rep can create their own journal;
    /// sticky, so only a file's owner (or the folder's) can rename or delete it: ben cannot put his
    /// file in place of ann's journal or of desk.conf.
    public static let folderMode: mode_t = 0o3770
    /// The mode of a journal: its rep writes it, the desk's group only reads it (so on a shared host
    /// ann's desk reads ben's calendar but can never write it), others get nothing.
    public static let journalMode: mode_t = 0o640
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
