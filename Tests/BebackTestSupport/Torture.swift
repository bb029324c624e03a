import Foundation

/// The torture tests' sizes and figures. The normal suite runs the short forms; `make torture` sets
/// `BEBACK_TORTURE=full` for the long ones and `BEBACK_TORTURE_REPORT` to a file that collects each
/// test's figures as a row (printed as a table at the end).
public enum Torture {
    /// Whether the long forms were asked for.
    public static var full: Bool { ProcessInfo.processInfo.environment["BEBACK_TORTURE"] == "full" }

    /// `short` in the normal suite, `long` under `make torture`.
    public static func size(short: Int, full long: Int) -> Int { full ? long : short }

    /// Prints a test's figures as one line, and appends them to the report file when there is one.
    public static func report(_ test: String, _ figures: KeyValuePairs<String, Any>) {
        let text = figures.map { "\($0.key)=\($0.value)" }
        print("torture \(test): " + text.joined(separator: "  "))
        guard let path = ProcessInfo.processInfo.environment["BEBACK_TORTURE_REPORT"], !path.isEmpty else { return }
        let line = ([test, full ? "full" : "short"] + text).joined(separator: "\t") + "\n"
        if let handle = FileHandle(forWritingAtPath: path) {
            handle.seekToEndOfFile()
            handle.write(Data(line.utf8))
            try? handle.close()
        } else {
            _ = FileManager.default.createFile(atPath: path, contents: Data(line.utf8))
        }
    }

    /// Seconds since `start`, with one decimal.
    public static func seconds(since start: Date) -> String { String(format: "%.1fs", Date().timeIntervalSince(start)) }
}
