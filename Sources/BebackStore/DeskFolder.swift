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

    /// Creates an empty desk (refuses a folder that already holds one).
    public static func create(at root: URL) throws -> DeskFolder {
        let folder = DeskFolder(root)
        if folder.exists { throw StoreError.readOnly("\(folder.root.path) already holds a desk; it was left untouched") }
        try Posix.makeDirectory(folder.root.path, mode: 0o2770)
        try Posix.makeDirectory(folder.journalsDirectory.path, mode: 0o2770)
        try Posix.syncDirectory(folder.journalsDirectory.path)
        try Posix.syncDirectory(folder.root.path)
        return folder
    }
}
