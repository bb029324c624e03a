import BebackDomain
import BebackResources
import BebackStore
import Foundation

/// Reads the email and text templates a desk uses: the bundled ones (`templates/` in the bundled
/// resources) and the desk's own in `DESK/templates/`, where a file of the same name wins, exactly
/// as `ScriptLibrary` does for call scripts (the same trust rule for files on a shared host).
struct TemplateLibrary {
    let bundledFolder: URL?
    /// `DESK/templates`.
    let deskFolder: URL
    /// How messages name the desk folder (as the rep typed it).
    let deskLabel: String
    let trust: DeskFileTrust
    /// The desk's own templates as its store keeps them (PostgreSQL); when set, they are read instead of `DESK/templates`.
    var storedTemplates: [ScriptSource]?

    static let suffixes = [".email", ".text"]

    init(deskPath: String, bundledFolder: URL? = BundledResources.templatesFolder) {
        self.bundledFolder = bundledFolder
        deskFolder = URL(fileURLWithPath: deskPath).appendingPathComponent("templates", isDirectory: true)
        deskLabel = (deskPath as NSString).appendingPathComponent("templates")
        let config = (try? DeskConfigParser.parse(String(contentsOfFile: DeskFolder(path: deskPath).configFile.path, encoding: .utf8))) ?? DeskConfig()
        trust = DeskFileTrust.of(deskPath: deskPath, config: config)
    }

    /// Files in `DESK/templates` that are not read because they end in neither `.email` nor `.text`.
    var ignoredDeskFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: deskFolder.path)) ?? [])
            .filter { name in !Self.suffixes.contains { name.hasSuffix($0) } && !name.hasPrefix(".") }.sorted()
    }

    /// The templates of an open desk: its store's own when it keeps them, else its folder's.
    static func of(_ session: DeskSession, deskPath: String) -> MessageTemplateSet {
        var library = TemplateLibrary(deskPath: deskPath)
        library.storedTemplates = session.storedTemplates
        return library.load()
    }

    /// The bundled templates alone (no desk folder is read).
    static func bundledOnly(_ folder: URL? = BundledResources.templatesFolder) -> MessageTemplateSet {
        var unreadable: [ScriptProblem] = []
        let bundled = folder.map { ScriptLibrary.sources(in: $0, label: $0.path, origin: .bundled, suffixes: suffixes, unreadable: &unreadable) } ?? []
        return MessageTemplateSet(bundled: bundled, unreadable: unreadable)
    }

    /// The bundled templates with the desk's files over them.
    func load() -> MessageTemplateSet {
        var unreadable: [ScriptProblem] = []
        var bundled: [ScriptSource] = []
        if let bundledFolder {
            bundled = ScriptLibrary.sources(in: bundledFolder, label: bundledFolder.path, origin: .bundled, suffixes: Self.suffixes, unreadable: &unreadable)
        } else {
            unreadable.append(
                ScriptProblem(
                    file: "templates", line: nil,
                    message: "the bundled templates were not found beside the beback binary or in PREFIX/share/beback (reinstall, or set BEBACK_RESOURCES)"))
        }
        var overrides: [ScriptSource] = []
        if let storedTemplates {
            overrides = storedTemplates
        } else if let problem = trust.problem(deskFolder.path) {
            unreadable.append(ScriptProblem(file: deskLabel, line: nil, message: "\(problem): the desk's own templates are not read"))
        } else {
            overrides = ScriptLibrary.sources(in: deskFolder, label: deskLabel, origin: .desk, suffixes: Self.suffixes, unreadable: &unreadable)
                .filter { source in
                    guard let problem = trust.problem(deskFolder.appendingPathComponent(source.name).path) else { return true }
                    unreadable.append(ScriptProblem(file: source.path, line: nil, message: "\(problem): not read"))
                    return false
                }
        }
        return MessageTemplateSet(bundled: bundled, overrides: overrides, unreadable: unreadable)
    }
}
