import BebackDomain
import BebackResources
import BebackStore
import Foundation

/// Reads the call scripts a desk uses from disk: the bundled templates (`scripts/` in the bundled
/// resources) and the desk's own in `DESK/scripts/`, where a file of the same name wins. Parsing and
/// the override rule are the domain's (`ScriptTemplateSet`); this only reads the files.
struct ScriptLibrary {
    /// The folder of the bundled templates (nil when the resources were not found).
    let bundledFolder: URL?
    /// `DESK/scripts`.
    let deskFolder: URL
    /// How messages name the desk folder (as the rep typed it).
    let deskLabel: String

    /// Who may own the desk's script files (see `DeskFileTrust`): a planted script is not read.
    let trust: DeskFileTrust

    init(deskPath: String, bundledFolder: URL? = BundledResources.scriptsFolder) {
        self.bundledFolder = bundledFolder
        deskFolder = URL(fileURLWithPath: deskPath).appendingPathComponent("scripts", isDirectory: true)
        deskLabel = (deskPath as NSString).appendingPathComponent("scripts")
        let config = (try? DeskConfigParser.parse(String(contentsOfFile: DeskFolder(path: deskPath).configFile.path, encoding: .utf8))) ?? DeskConfig()
        trust = DeskFileTrust.of(deskPath: deskPath, config: config)
    }

    /// Files in `DESK/scripts` that are not read because they do not end in `.script`.
    var ignoredDeskFiles: [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: deskFolder.path)) ?? [])
            .filter { !$0.hasSuffix(".script") && !$0.hasPrefix(".") }.sorted()
    }

    /// Whether the desk has a `scripts` folder.
    var deskHasScripts: Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: deskFolder.path, isDirectory: &isDirectory) && isDirectory.boolValue
    }

    /// The desk's own scripts as its store keeps them (PostgreSQL); when set, they are read instead of `DESK/scripts`.
    var storedScripts: [ScriptSource]?

    /// The bundled templates with the desk's files over them.
    func load() -> ScriptTemplateSet {
        var unreadable: [ScriptProblem] = []
        var bundled: [ScriptSource] = []
        if let bundledFolder {
            bundled = Self.sources(in: bundledFolder, label: bundledFolder.path, origin: .bundled, unreadable: &unreadable)
        } else {
            unreadable.append(
                ScriptProblem(
                    file: "scripts", line: nil,
                    message: "the bundled call scripts were not found beside the beback binary or in PREFIX/share/beback (reinstall, or set BEBACK_RESOURCES)"))
        }
        var overrides: [ScriptSource] = []
        if let storedScripts {
            overrides = storedScripts
        } else if let problem = trust.problem(deskFolder.path) {
            unreadable.append(ScriptProblem(file: deskLabel, line: nil, message: "\(problem): the desk's own scripts are not read"))
        } else {
            overrides = Self.sources(in: deskFolder, label: deskLabel, origin: .desk, unreadable: &unreadable)
                .filter { source in
                    guard let problem = trust.problem(deskFolder.appendingPathComponent(source.name).path) else { return true }
                    unreadable.append(ScriptProblem(file: source.path, line: nil, message: "\(problem): not read"))
                    return false
                }
        }
        return ScriptTemplateSet(bundled: bundled, overrides: overrides, unreadable: unreadable)
    }

    /// Every `*.script` file of a folder, sorted by name (none when the folder does not exist).
    static func sources(
        in folder: URL, label: String, origin: ScriptSource.Origin, suffixes: [String] = [".script"], unreadable: inout [ScriptProblem]
    ) -> [ScriptSource] {
        guard let names = try? FileManager.default.contentsOfDirectory(atPath: folder.path) else { return [] }
        var sources: [ScriptSource] = []
        for name in names.sorted() where suffixes.contains(where: { name.hasSuffix($0) }) {
            let path = (label as NSString).appendingPathComponent(name)
            guard let data = FileManager.default.contents(atPath: folder.appendingPathComponent(name).path) else {
                unreadable.append(ScriptProblem(file: path, line: nil, message: "cannot be read"))
                continue
            }
            guard let text = String(data: data, encoding: .utf8) else {
                unreadable.append(ScriptProblem(file: path, line: nil, message: "is not UTF-8 text"))
                continue
            }
            sources.append(ScriptSource(name: name, path: path, text: text, origin: origin))
        }
        return sources
    }
}
