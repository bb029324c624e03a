import BebackText
import Foundation

/// A saved import mapping (`import --preset NAME`): the `--map` and `--owner-map` entries of an
/// import, kept as `DESK/presets/NAME.import` (one `map COLUMN=FIELD` or `owner NAME=rep` a line)
/// and applied before those typed on the next import with the same preset.
struct ImportPreset: Equatable {
    var maps: [String]
    var owners: [String]

    /// The preset's file in the desk folder; refuses a name that is not a plain word.
    static func path(desk: String, name: String) throws -> String {
        let usable =
            !name.isEmpty && name.count <= 64 && !name.hasPrefix(".")
            && name.unicodeScalars.allSatisfy { ($0.isASCII && CharacterSet.alphanumerics.contains($0)) || "-_.".unicodeScalars.contains($0) }
        guard usable else { throw CLIError(SafeText.sanitize("--preset '\(name)': use letters, digits, '-', '_' or '.' (e.g. --preset hubspot)")) }
        return URL(fileURLWithPath: desk).appendingPathComponent("presets").appendingPathComponent(name + ".import").path
    }

    /// The saved preset, or nil when there is none yet.
    static func read(_ path: String) throws -> ImportPreset? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { throw CLIError(SafeText.sanitize("\(path): cannot read the preset")) }
        return try parse(text, file: path)
    }

    static func parse(_ text: String, file: String) throws -> ImportPreset {
        var preset = ImportPreset(maps: [], owners: [])
        for (offset, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if trimmed.isEmpty || trimmed.hasPrefix("#") { continue }
            if trimmed.hasPrefix("map ") {
                preset.maps.append(String(trimmed.dropFirst(4)))
            } else if trimmed.hasPrefix("owner ") {
                preset.owners.append(String(trimmed.dropFirst(6)))
            } else {
                throw CLIError(SafeText.sanitize("\(file):\(offset + 1): expected 'map COLUMN=FIELD' or 'owner NAME=rep'"))
            }
        }
        return preset
    }

    /// The file's text: later entries for the same column or owner replace earlier ones.
    var text: String {
        func latest(_ entries: [String]) -> [String] {
            var seen: Set<String> = []
            return entries.reversed().filter { entry in
                seen.insert(String(entry.split(separator: "=", maxSplits: 1).first ?? "").lowercased()).inserted
            }.reversed()
        }
        let lines = ["# beback import preset: map COLUMN=FIELD, owner CRM NAME=rep"] + latest(maps).map { "map \($0)" } + latest(owners).map { "owner \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }

    static func write(_ preset: ImportPreset, to path: String) throws {
        let folder = URL(fileURLWithPath: path).deletingLastPathComponent()
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try Data(preset.text.utf8).write(to: URL(fileURLWithPath: path), options: .atomic)
    }
}
