import Foundation

/// Finds the files Beback ships in its top-level `Resources` folder (call scripts, demo names),
/// whether the binary runs from the build folder or from an installed prefix.
public enum BundledResources {
    /// The folder that holds the bundled resource folders (`demo`, `scripts`), if one is found.
    public static var root: URL? {
        let fileManager = FileManager.default
        if let override = ProcessInfo.processInfo.environment["BEBACK_RESOURCES"], !override.isEmpty {
            return URL(fileURLWithPath: override)
        }
        let executable = URL(fileURLWithPath: CommandLine.arguments.first ?? "").resolvingSymlinksInPath()
        let besideBinary = executable.deletingLastPathComponent()
        let candidates = [
            besideBinary.appendingPathComponent("Beback_BebackResources.resources"),
            besideBinary.deletingLastPathComponent().appendingPathComponent("share/beback")
        ]
        for candidate in candidates where fileManager.fileExists(atPath: candidate.appendingPathComponent("demo").path) {
            return candidate
        }
        return nil
    }

    /// The bundled call script templates (`scripts/*.script`), if the resources were found.
    public static var scriptsFolder: URL? { root?.appendingPathComponent("scripts", isDirectory: true) }

    /// The bundled email and text templates (`templates/*.email`, `*.text`), if the resources were found.
    public static var templatesFolder: URL? { root?.appendingPathComponent("templates", isDirectory: true) }

    /// The contents of one bundled text file, for example `demo/first-names.txt`.
    public static func text(_ relativePath: String) -> String? {
        guard let url = root?.appendingPathComponent(relativePath) else { return nil }
        return try? String(contentsOf: url, encoding: .utf8)
    }
}
