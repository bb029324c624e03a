/// Something wrong in a call script file, with the file and (when it is about one line) the line
/// number, written the way compilers do: `scripts/follow-up.script:12: unknown placeholder {frist_name}`.
public struct ScriptProblem: Equatable, Sendable, CustomStringConvertible {
    /// The file, as the rep would find it ("DESK/scripts/follow-up.script").
    public var file: String
    /// The line, counted from 1; nil for a problem with the whole file (a missing section).
    public var line: Int?
    public var message: String

    public init(file: String, line: Int?, message: String) {
        self.file = file
        self.line = line
        self.message = message
    }

    public var description: String {
        if let line { return "\(file):\(line): \(message)" }
        return "\(file): \(message)"
    }
}
