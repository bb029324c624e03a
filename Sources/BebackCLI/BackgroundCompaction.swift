#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif
import BebackStore
import Foundation

/// Writes a desk's snapshot after the desk has quit, in a process of its own: `beback compact
/// --background` at low priority, in its own session (a closed terminal does not stop it), with
/// nothing on the terminal. After an indexed open the leads were never all read, so building the
/// snapshot in the desk would hold the rep's terminal for seconds at quit.
enum BackgroundCompaction {
    /// Starts the compaction; says why it could not start, or nil.
    static func start(desk folder: DeskFolder) -> String? {
        guard let executable = executablePath() else { return "cannot find the beback program to write the snapshot" }
        let argv = [executable, "compact", "--background", "--data", folder.root.path]
        switch QuietSpawn.start(argv, searchPath: false, detach: .session) {
        case .success: return nil
        case .failure(let error): return "cannot start the snapshot writer (\(error))"
        }
    }

    /// This program's own path.
    private static func executablePath() -> String? {
        var buffer = [CChar](repeating: 0, count: Int(PATH_MAX) + 1)
        let length = readlink("/proc/self/exe", &buffer, buffer.count - 1)
        if length > 0 { return String(decoding: buffer[..<length].map { UInt8(bitPattern: $0) }, as: UTF8.self) }
        return CommandLine.arguments.first.flatMap { $0.contains("/") ? $0 : nil }
    }
}
