import BebackDomain
import Foundation

/// The call scripts as the package ships them (`Resources/scripts`), read from the source tree so that
/// domain and desk tests fill the real templates without the resources bundle.
public enum ScriptFixtures {
    /// `Resources/scripts` in this package.
    public static let folder = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().appendingPathComponent("Resources/scripts", isDirectory: true)

    /// Every bundled template file, by name.
    public static func bundledSources() -> [ScriptSource] {
        let names = ((try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []).filter { $0.hasSuffix(".script") }.sorted()
        return names.map { name in
            let text = (try? String(contentsOf: folder.appendingPathComponent(name), encoding: .utf8)) ?? ""
            return ScriptSource(name: name, path: "Resources/scripts/\(name)", text: text, origin: .bundled)
        }
    }

    /// The bundled templates, parsed.
    public static func bundled() -> ScriptTemplateSet { ScriptTemplateSet(bundled: bundledSources()) }
}
